import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledSet, shownFigure } from './compiled.js';
import { Decimal, decimalText } from './decimal.js';
import { Exact } from './exact.js';
import { sampleSet } from './test-support.js';

/** Decimal texts of every size: small scores, many places, values past the figure keys' bound and 2^53. */
const decimalTexts = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
    fc.integer({ min: 0, max: 15 }),
  )
  .map(([negative, digits, places]) => {
    const text = digits.toString().padStart(places + 1, '0');
    const whole = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
    return `${negative ? '-' : ''}${whole}`;
  });

describe('the figures a set shows', () => {
  it('give every value its own text and Decimal, whether found by its key or written anew', () => {
    const compiled = compiledSet(sampleSet());
    fc.assert(
      fc.property(fc.array(decimalTexts, { minLength: 1, maxLength: 40 }), (texts) => {
        for (const text of texts) {
          const value = Exact.fromDecimal(new Decimal(text));
          // The same value written with a trailing zero has another numerator and denominator, when a
          // document may hold it.
          const padded = Exact.parse(`${text}${text.includes('.') ? '' : '.'}0`);
          for (const each of padded ? [value, padded] : [value]) {
            const figure = shownFigure(compiled, each);
            expect(figure.text).toBe(value.toText());
            expect(figure.decimal.eq(new Decimal(text))).toBe(true);
            expect(decimalText(figure.decimal)).toBe(figure.text);
          }
        }
      }),
    );
  });
});

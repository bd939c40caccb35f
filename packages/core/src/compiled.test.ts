import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledSet, shownFigure } from './compiled.js';
import { Decimal, decimalText } from './decimal.js';
import { Exact } from './exact.js';
import { decimalTexts, sampleSet } from './test-support.js';

/** Decimal texts of every size: small scores, many places, values past the figure keys' bound and 2^53. */
const decimalTextsOfEverySize = decimalTexts(10n ** 20n, 15);

describe('the figures a set shows', () => {
  it('give every value its own text and Decimal, whether found by its key or written anew', () => {
    const compiled = compiledSet(sampleSet());
    fc.assert(
      fc.property(fc.array(decimalTextsOfEverySize, { minLength: 1, maxLength: 40 }), (texts) => {
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

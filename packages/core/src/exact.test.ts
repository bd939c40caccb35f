import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';
import { decimalProblem } from './decimal-input.js';
import { Exact } from './exact.js';
import { decimalTexts } from './test-support.js';

/** decimal.js with room for every digit these tests produce: the oracle. */
const Oracle = DecimalJs.clone({ precision: 200, toExpNeg: -300, toExpPos: 300 });

/** Any decimal text as an Exact, past the bounds of a document's decimals: the arithmetic is tested at every size. */
const exact = (text: string): Exact => Exact.fromDecimal(new Decimal(text));

/** Decimal texts of every size: small scores, many decimals, and values far past 2^53. */
const decimalText = decimalTexts(10n ** 30n, 20);

const oracleText = (value: DecimalJs): string => value.toFixed();

describe('Exact', () => {
  it('reads decimals as numbers, with a point or with the Vietnamese comma', () => {
    for (const input of [0.25, '0.25', '0,25', ' 0,25 ', '+0.25', '.25', '0,250']) {
      expect(Exact.parse(input)?.toText()).toBe('0.25');
    }
    expect(Exact.parse('-0')?.toText()).toBe('0');
    expect(Exact.parse(1e14)?.toText()).toBe('100000000000000');
    expect(Exact.parse(1e-7)?.toText()).toBe('0.0000001');
  });

  it('reads the decimals of documents within their bounds, and refuses past them at once, however long the text', () => {
    expect(Exact.parse('0.0000000001')?.toText()).toBe('0.0000000001');
    expect(Exact.parse('999999999999999')?.toText()).toBe('999999999999999');
    expect(Exact.parse('99999.9999999999')?.toText()).toBe('99999.9999999999');
    for (const input of ['0.00000000001', '1234567890123456', 1e21, '123456789012345678.25']) {
      expect(Exact.parse(input)).toBeUndefined();
    }
    expect(decimalProblem('0.00000000001')).toEqual({ reason: 'places', limit: 10 });
    expect(decimalProblem('1234567890123456')).toEqual({ reason: 'digits', limit: 15 });
    expect(decimalProblem('1e3')).toEqual({ reason: 'format' });
    const long = `0.${'0'.repeat(200_000)}1`;
    const started = performance.now();
    expect(Exact.parse(long)).toBeUndefined();
    expect(decimalProblem(long).reason).toBe('places');
    // A scan per digit would take minutes here; the bound leaves room for a busy machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('writes itself in JSON as its decimal text, as a Decimal does', () => {
    expect(JSON.stringify({ score: Exact.parse('0,50') })).toBe('{"score":"0.5"}');
    expect(JSON.stringify([Exact.quotient(1, 4), Exact.integer(-3)])).toBe('["0.25","-3"]');
  });

  it('refuses what is not a plain decimal', () => {
    for (const input of ['1.000,5', '1e3', 'NaN', '', ',', Number.NaN, Number.POSITIVE_INFINITY, null, {}]) {
      expect(Exact.parse(input)).toBeUndefined();
    }
  });

  it('adds, subtracts, multiplies and compares exactly, as decimal.js does with 200 digits', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const [x, y] = [exact(a), exact(b)];
        const [ox, oy] = [new Oracle(a), new Oracle(b)];
        expect(x.plus(y).toText()).toBe(oracleText(ox.plus(oy)));
        expect(x.minus(y).toText()).toBe(oracleText(ox.minus(oy)));
        expect(x.times(y).toText()).toBe(oracleText(ox.times(oy)));
        expect(x.compare(y)).toBe(ox.comparedTo(oy));
        expect(x.isNegative()).toBe(ox.isNegative() && !ox.isZero());
      }),
      { numRuns: 2000 },
    );
  });

  it('adds up many values exactly, skipping those given as undefined', () => {
    fc.assert(
      fc.property(fc.array(fc.option(decimalText, { nil: undefined }), { maxLength: 12 }), (texts) => {
        const expected = texts.reduce(
          (sum, text) => (text === undefined ? sum : sum.plus(text)),
          new Oracle(0),
        );
        const sum = Exact.sum(texts, (text) => (text === undefined ? undefined : exact(text)));
        expect(sum.toText()).toBe(oracleText(expected));
      }),
      { numRuns: 1000 },
    );
  });

  it('holds a decimal as an integer at enough places, and names it by the same figure key', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 10 }), (text, places) => {
        // Written as given, and with trailing zeros past the places (another numerator and denominator).
        const value = Exact.parse(`${text}${text.includes('.') ? '' : '.'}000`) ?? exact(text);
        const scaled = value.scaledTo(places);
        const fits = exact(text).places! <= places;
        if (scaled === undefined) {
          // Only a value with more decimals, or one too large, has no integer there.
          const magnitude = value.isNegative() ? value.negated() : value;
          if (fits) expect(magnitude.gte(Exact.integer(2 ** 47).dividedBy(10 ** places))).toBe(true);
          return;
        }
        expect(Number.isSafeInteger(scaled)).toBe(true);
        expect(Exact.quotient(scaled, 10 ** places).eq(value)).toBe(true);
        expect(Exact.fromFigureKey(Exact.keyOfScaled(scaled, places)).toText()).toBe(value.toText());
      }),
      { numRuns: 2000 },
    );
  });

  it('takes integers as operands exactly as their Exact values', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: -1_000_000, max: 1_000_000 }), (a, k) => {
        const x = exact(a);
        const K = Exact.integer(k);
        expect(x.plus(k).eq(x.plus(K))).toBe(true);
        expect(x.minus(k).eq(x.minus(K))).toBe(true);
        expect(x.times(k).eq(x.times(K))).toBe(true);
        expect(x.compare(k)).toBe(x.compare(K));
        if (k !== 0) expect(x.dividedBy(k).eq(x.dividedBy(K))).toBe(true);
        expect(x.plus(k).toText()).toBe(oracleText(new Oracle(a).plus(k)));
        if (k !== 0)
          expect(x.dividedBy(k).round(6, 'half-even').toText()).toBe(
            oracleText(new Oracle(a).div(k).toDecimalPlaces(6, Oracle.ROUND_HALF_EVEN)),
          );
      }),
      { numRuns: 1000 },
    );
  });

  it('rounds quotients exactly, half-up and half-even, at any size', () => {
    fc.assert(
      fc.property(
        decimalText,
        // Small divisors make ties (x.xx5) frequent.
        fc.oneof(
          decimalText.filter((text) => !new Oracle(text).isZero()),
          fc.constantFrom('2', '4', '8', '-8', '0.4', '3', '7', '1'),
        ),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (a, b, places, mode) => {
          const quotient = exact(a).dividedBy(exact(b));
          const oracle = new Oracle(a)
            .div(b)
            .toDecimalPlaces(places, mode === 'half-up' ? Oracle.ROUND_HALF_UP : Oracle.ROUND_HALF_EVEN);
          expect(quotient.round(places, mode).toText()).toBe(oracleText(oracle));
          expect(quotient.times(exact(b)).eq(exact(a))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['0.125', 2, 'half-up', '0.13'],
    ['0.125', 2, 'half-even', '0.12'],
    ['0.135', 2, 'half-even', '0.14'],
    ['-0.125', 2, 'half-up', '-0.13'],
    ['-0.125', 2, 'half-even', '-0.12'],
    ['-0.004', 2, 'half-up', '0'],
    ['0', 2, 'half-up', '0'],
    ['2.5', 0, 'half-even', '2'],
    ['123456789012345678.125', 2, 'half-even', '123456789012345678.12'],
    ['-123456789012345678.125', 2, 'half-up', '-123456789012345678.13'],
  ] as const)('rounds the tie %s to %i places %s as %s', (value, places, mode, expected) => {
    expect(exact(value).round(places, mode).toText()).toBe(expected);
  });

  it('keeps its value across the boundary with decimal.js', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const value = exact(text);
        expect(value.toDecimal().eq(new Decimal(text))).toBe(true);
        expect(Exact.fromDecimal(new Decimal(text)).eq(value)).toBe(true);
      }),
    );
    expect(Exact.integer(1).dividedBy(3).toDecimal().toFixed(5)).toBe('0.33333');
    expect(Exact.integer(1).dividedBy(4).toText()).toBe('0.25');
  });

  it('refuses to divide by zero', () => {
    expect(() => Exact.integer(1).dividedBy(0)).toThrow(RangeError);
  });
});

describe('Exact with plain numbers', () => {
  it('takes safe integers in every operation, and refuses a float in every one alike', () => {
    const quarter = Exact.parse('0.25')!;
    expect(quarter.plus(1).toText()).toBe('1.25');
    expect(quarter.compare(1)).toBe(-1);
    for (const operation of [
      () => quarter.plus(0.1),
      () => quarter.minus(0.1),
      () => quarter.times(0.5),
      () => quarter.dividedBy(0.5),
      () => quarter.compare(0.3),
      () => quarter.gt(0.3),
    ]) {
      expect(operation).toThrow(/is not a safe integer/);
    }
  });
});

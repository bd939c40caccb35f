import { describe, expect, it } from 'vitest';
import { Decimal, decimalText } from './decimal.js';
import { parseDecimal, roundTo } from './exact.js';

describe('parseDecimal', () => {
  it.each([
    [0.25, '0.25'],
    ['0.25', '0.25'],
    ['0,25', '0.25'],
    [' 81,45 ', '81.45'],
    [7, '7'],
    ['-1.5', '-1.5'],
    [',5', '0.5'],
    ['0.10', '0.1'],
  ])('reads %j as %s', (input, expected) => {
    expect(decimalText(parseDecimal(input)!)).toBe(expected);
  });

  it.each([
    ['1.000,5'],
    ['1e3'],
    ['abc'],
    [''],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [true],
    ['1,2,3'],
  ])('refuses %j', (input) => {
    expect(parseDecimal(input)).toBeUndefined();
  });

  it('adds 0.1 and 0.2 exactly', () => {
    expect(decimalText(parseDecimal(0.1)!.plus(parseDecimal('0,2')!))).toBe('0.3');
  });
});

describe('roundTo', () => {
  it.each([
    ['1.9138', 2, 'half-up', '1.91'],
    ['0.825', 2, 'half-up', '0.83'],
    ['0.835', 2, 'half-even', '0.84'],
    ['0.825', 2, 'half-even', '0.82'],
    ['-0.825', 2, 'half-up', '-0.83'],
    ['-0.825', 2, 'half-even', '-0.82'],
    ['0', 2, 'half-up', '0'],
    ['97.6845', 3, 'half-up', '97.685'],
    ['85.73684210526', 2, 'half-up', '85.74'],
  ] as const)('rounds %s to %i places %s as %s', (value, places, mode, expected) => {
    expect(decimalText(roundTo(new Decimal(value), places, mode))).toBe(expected);
  });

  it('is not affected by the global decimal.js settings of an embedding application', async () => {
    const Global = (await import('decimal.js')).default;
    const before = Global.rounding;
    Global.set({ rounding: Global.ROUND_DOWN });
    try {
      expect(decimalText(new Decimal(2).div(3).toDecimalPlaces(2))).toBe('0.67');
    } finally {
      Global.set({ rounding: before });
    }
  });
});

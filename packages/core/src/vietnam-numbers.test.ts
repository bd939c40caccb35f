import { describe, expect, it } from 'vitest';
import { formatCount, formatMoney, formatNumber, formatScore } from './vietnam.js';

describe('formatNumber', () => {
  it.each([
    ['81.45', '81,45'],
    ['83.80', '83,8'],
    [7, '7'],
    ['0.25', '0,25'],
    ['101666000', '101.666.000'],
    ['1234.5', '1.234,5'],
    ['-0.5', '-0,5'],
    ['0', '0'],
  ])('writes %j as %s', (input, expected) => {
    expect(formatNumber(input)).toBe(expected);
  });
});

describe('formatCount', () => {
  it.each([
    [5, '05'],
    [1, '01'],
    [0, '00'],
    [11, '11'],
    [1250, '1.250'],
  ])('writes %i as %s', (input, expected) => {
    expect(formatCount(input)).toBe(expected);
  });

  it('refuses a fraction', () => {
    expect(() => formatCount(1.5)).toThrow(RangeError);
  });
});

describe('formatMoney and formatScore', () => {
  it('writes money with dots between thousands', () => {
    expect(formatMoney(101666000)).toBe('101.666.000 đồng');
    expect(formatMoney('419400000')).toBe('419.400.000 đồng');
  });
  it('writes a score without trailing zeros or leading zeros', () => {
    expect(formatScore('7.00', 8)).toBe('7/8');
    expect(formatScore('0', '0.25')).toBe('0/0,25');
    expect(formatScore('81.45', 95)).toBe('81,45/95');
  });
});

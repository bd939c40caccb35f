import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber } from './number.js';

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

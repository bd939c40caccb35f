import { describe, expect, it } from 'vitest';
import { formatPlaceDate, formatShortDate, parseIsoDate } from './vietnam.js';

describe('dates as official text writes them', () => {
  it.each([
    ['2021-07-12', '12/7/2021'],
    ['2021-05-03', '03/5/2021'],
    ['2022-01-05', '05/01/2022'],
    ['2021-12-20', '20/12/2021'],
  ])('writes %s in a sentence as %s', (iso, expected) => {
    expect(formatShortDate(parseIsoDate(iso)!)).toBe(expected);
  });

  it('writes the place-date line with words, and blanks when the day is not set', () => {
    expect(formatPlaceDate('Kon Rẫy', parseIsoDate('2022-07-12')!)).toBe('Kon Rẫy, ngày 12 tháng 7 năm 2022');
    expect(formatPlaceDate('Kon Rẫy', parseIsoDate('2022-02-05')!)).toBe(
      'Kon Rẫy, ngày 05 tháng 02 năm 2022',
    );
    expect(formatPlaceDate('Kon Rẫy', { year: 2022 })).toBe('Kon Rẫy, ngày      tháng      năm 2022');
  });

  it('refuses dates that do not exist', () => {
    expect(parseIsoDate('2021-02-30')).toBeUndefined();
    expect(parseIsoDate('12/7/2021')).toBeUndefined();
  });
});

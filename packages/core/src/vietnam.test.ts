import { describe, expect, it } from 'vitest';
import { deadlineInstant } from './deadline.js';
import { vietnamClock, vietnamDate } from './vietnam.js';

describe('Vietnam’s day and clock', () => {
  it('are those of UTC+7 all year, across midnight and the year’s end', () => {
    expect([
      vietnamDate(new Date('2021-12-31T16:59:59Z')),
      vietnamClock(new Date('2021-12-31T16:59:59Z')),
    ]).toEqual([{ year: 2021, month: 12, day: 31 }, '23:59']);
    expect([
      vietnamDate(new Date('2021-12-31T17:00:00Z')),
      vietnamClock(new Date('2021-12-31T17:00:00Z')),
    ]).toEqual([{ year: 2022, month: 1, day: 1 }, '00:00']);
    // A deadline's date is the end of that day there.
    const end = deadlineInstant('2022-08-12');
    expect([vietnamDate(end), vietnamClock(end)]).toEqual([{ year: 2022, month: 8, day: 12 }, '23:59']);
  });
});

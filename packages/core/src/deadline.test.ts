import { describe, expect, it } from 'vitest';
import { deadlineInstant, isDeadline, isPast } from './deadline.js';

describe('deadlines', () => {
  it('are a date-time with its offset, or a date alone: the end of that day in Asia/Ho_Chi_Minh', () => {
    expect(deadlineInstant('2022-08-12').toISOString()).toBe('2022-08-12T16:59:59.999Z');
    expect(deadlineInstant('2022-08-12T08:00:00+07:00').toISOString()).toBe('2022-08-12T01:00:00.000Z');
    expect(deadlineInstant('2022-08-12T08:00Z').toISOString()).toBe('2022-08-12T08:00:00.000Z');
  });

  it('have passed from the first instant after them', () => {
    expect(isPast('2022-08-12', new Date('2022-08-12T23:59:59.999+07:00'))).toBe(false);
    expect(isPast('2022-08-12', new Date('2022-08-13T00:00:00.000+07:00'))).toBe(true);
    expect(isPast('2022-08-12T08:00:00+07:00', new Date('2022-08-12T08:00:00.000+07:00'))).toBe(false);
    expect(isPast('2022-08-12T08:00:00+07:00', new Date('2022-08-12T08:00:00.001+07:00'))).toBe(true);
  });

  it('are read only when they are real dates with an offset', () => {
    for (const good of ['2022-08-12', '2022-08-12T08:00+07:00', '2022-08-12T08:00:00.5Z']) {
      expect(isDeadline(good)).toBe(true);
    }
    for (const bad of ['2022-13-01', '12/8/2022', '2022-08-12T08:00', '', 'remediation']) {
      expect(isDeadline(bad)).toBe(false);
    }
  });
});

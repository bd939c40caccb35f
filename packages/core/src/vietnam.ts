/**
 * Vietnam's time, written once: Asia/Ho_Chi_Minh keeps UTC+7 all year (no daylight saving), so a day and a
 * clock there are plain arithmetic on the instant. Deadlines, reports and pages all read it from here.
 */
export const VIETNAM_OFFSET = '+07:00';
const OFFSET_MS = 7 * 3_600_000;

/** A calendar date as documents carry it: `YYYY-MM-DD`. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The calendar day in Vietnam of an instant. */
export function vietnamDate(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** `17:05`: the hour and minute of an instant in Vietnam. */
export function vietnamClock(instant: Date): string {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(shifted.getUTCHours())}:${two(shifted.getUTCMinutes())}`;
}

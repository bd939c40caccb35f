import { type CalendarDate, vietnamDate } from '@cchc/core';

// Vietnam's day is the core's; the report re-exports it for those who write documents with it.
export { type CalendarDate, vietnamDate };

export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? { year, month, day } : undefined;
}

/** The day a deadline falls on in Vietnam: a date alone is that day; a date-time, its day there. */
export function deadlineDate(deadline: string): CalendarDate | undefined {
  const instant = new Date(deadline);
  return parseIsoDate(deadline) ?? (Number.isNaN(instant.getTime()) ? undefined : vietnamDate(instant));
}

// Nghị định 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero.
const day = (date: CalendarDate) => String(date.day).padStart(2, '0');
const month = (date: CalendarDate) => (date.month <= 2 ? `0${date.month}` : String(date.month));

/** A date as official text writes it in a sentence: `12/7/2021`, `03/5/2021`, `05/01/2022`. */
export function formatShortDate(date: CalendarDate): string {
  return `${day(date)}/${month(date)}/${date.year}`;
}

/** The place-date line of a document: `Kon Rẫy, ngày 12 tháng 7 năm 2022`; blanks where the date is not yet set. */
export function formatPlaceDate(place: string, date: CalendarDate | { readonly year: number }): string {
  if (!('day' in date)) return `${place}, ngày      tháng      năm ${date.year}`;
  return `${place}, ngày ${day(date)} tháng ${month(date)} năm ${date.year}`;
}

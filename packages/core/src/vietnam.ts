/**
 * Vietnamese time, dates and numbers, written once. Asia/Ho_Chi_Minh keeps UTC+7 all year (no daylight
 * saving), so a day and a clock there are plain arithmetic on the instant; dates and numbers are written as
 * official documents write them. Deadlines, reports, workbooks and pages all read them from here.
 */
import { Decimal } from './decimal.js';

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

type DecimalInput = Decimal | string | number;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * A number as Vietnamese official text writes it: decimal comma, dot between thousands, no
 * trailing zeros (`81,45`, `83,8`, `7`, `101.666.000`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatNumber } from '@cchc/core';
 * assert.equal(formatNumber('85.74'), '85,74');
 * ```
 */
export function formatNumber(value: DecimalInput): string {
  const text = new Decimal(value).toFixed();
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const body = groupThousands(whole) + (fraction ? `,${fraction}` : '');
  return negative ? `-${body}` : body;
}

/**
 * A decimal as a person types it into a field: with the decimal comma and no dots between thousands, which
 * the readers of documents refuse (`1000.5` → `1000,5`). Text that is no decimal stays as it is.
 */
export function decimalComma(text: string): string {
  return text.replace(/^(-?\d+)\.(\d+)$/, '$1,$2');
}

/** A count as official text writes it: under ten with a leading zero (`05`, `01`), else grouped (`11`, `1.250`). */
export function formatCount(count: number): string {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`a count must be a whole number ≥ 0, got ${count}`);
  return count < 10 ? `0${count}` : groupThousands(String(count));
}

/** An amount of money: `101.666.000 đồng`. */
export function formatMoney(amount: DecimalInput): string {
  return `${formatNumber(amount)} đồng`;
}

/** A score out of a maximum: `0/0,25`, `7/8`, `81,45/95`. */
export function formatScore(achieved: DecimalInput, max: DecimalInput): string {
  return `${formatNumber(achieved)}/${formatNumber(max)}`;
}

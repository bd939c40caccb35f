import { VIETNAM_OFFSET } from './vietnam.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a deadline names: an ISO 8601 date-time with its offset, or a date alone, which is the end
 * of that day in Vietnam (`2022-08-12` is 2022-08-12T23:59:59.999+07:00), as offices mean "trước ngày".
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { deadlineInstant } from '@cchc/core';
 * // A date alone is the end of that day in Vietnam (UTC+7).
 * assert.equal(deadlineInstant('2024-12-31').toISOString(), '2024-12-31T16:59:59.999Z');
 * ```
 */
export function deadlineInstant(text: string): Date {
  return new Date(DATE.test(text) ? `${text}T23:59:59.999${VIETNAM_OFFSET}` : text);
}

/** Is `text` a deadline `deadlineInstant` reads: a real date, or a date-time with its offset? */
export function isDeadline(text: string): boolean {
  return (DATE.test(text) || DATE_TIME.test(text)) && !Number.isNaN(deadlineInstant(text).getTime());
}

/**
 * Has the deadline passed at `at`? The deadline's own instant is still within it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isPast } from '@cchc/core';
 * assert.equal(isPast('2024-12-31', new Date('2024-12-31T16:00:00Z')), false); // 23:00 in Vietnam
 * assert.equal(isPast('2024-12-31', new Date('2024-12-31T17:00:00Z')), true);
 * ```
 */
export function isPast(deadline: string, at: Date): boolean {
  return at.getTime() > deadlineInstant(deadline).getTime();
}

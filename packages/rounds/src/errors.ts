import type { Issue } from '@cchc/core';
import { fromZodIssues, parseFast } from '@cchc/core/internal';
import type { z } from 'zod';

/**
 * Why the rounds refused a request. The kinds are the contract's (rounds.md); the HTTP status of each is
 * decided in @cchc/http. Messages come in English and Vietnamese.
 */
export type RoundsErrorKind =
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'locked'
  | 'invalid-document'
  | 'unavailable';

export class RoundsError extends Error {
  readonly kind: RoundsErrorKind;
  readonly vi: string;
  /** For `invalid-document`: every issue, with its path; for `conflict`, what conflicts. */
  readonly issues: readonly Issue[];
  /** Facts a client can act on (the deadline passed, the current revision, the units missing…). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    kind: RoundsErrorKind,
    message: { en: string; vi: string },
    extra: { issues?: readonly Issue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message.en);
    this.name = 'RoundsError';
    this.kind = kind;
    this.vi = message.vi;
    this.issues = extra.issues ?? [];
    this.details = extra.details ?? {};
  }
}

/** The input as `schema` reads it, or a refusal (`invalid-document`) with every issue and its path. */
export function parsedOrRefused<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: { en: string; vi: string },
): T {
  const parsed = parseFast(schema, input);
  if (!parsed.success)
    throw new RoundsError('invalid-document', what, { issues: fromZodIssues(parsed.error.issues) });
  return parsed.data;
}

export const notFound = (what: string, vi: string) =>
  new RoundsError('not-found', { en: `${what} does not exist`, vi: `${vi} không tồn tại` });
export const forbidden = (why: string, vi: string) => new RoundsError('forbidden', { en: why, vi });

/** A write's precondition: the revision it was made from, or `*`, any revision there is. */
export type IfMatch = number | '*';

/**
 * A write's If-Match against its record's current revision: refused (`precondition-failed`, saying the
 * current revision) when the write did not start from it. `what` names the record ("the self layer").
 */
export function requireRevision(
  ifMatch: IfMatch | undefined,
  current: number,
  what: { en: string; vi: string },
): void {
  // `*` matches any current revision (RFC 9110), so it fails only where there is none yet.
  if (ifMatch === '*' ? current === 0 : ifMatch !== undefined && ifMatch !== current)
    throw new RoundsError(
      'precondition-failed',
      ifMatch === '*'
        ? { en: `${what.en} has no revision yet`, vi: `${what.vi} chưa có phiên bản nào` }
        : {
            en: `${what.en} is at revision ${current}, not ${ifMatch}`,
            vi: `${what.vi} đang ở phiên bản ${current}, không phải ${ifMatch}`,
          },
      { details: { revision: current } },
    );
}

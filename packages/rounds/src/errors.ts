import type { Issue } from '@cchc/core';

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

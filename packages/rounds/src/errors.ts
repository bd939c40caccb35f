import type { Issue } from '@cchc/core';
import { fromZodIssues, parseFast } from '@cchc/core/internal';
import type { z } from 'zod';
import {
  REFUSALS,
  type RefusalCode,
  type RefusalParams,
  type RevisionSubject,
  type RoundsErrorKind,
} from './messages.js';

export type { RefusalCode, RefusalParams, RoundsErrorKind } from './messages.js';

/**
 * A refusal of the rounds: its `code` (what was refused, with the `params` its words are made from), its
 * `kind` (the contract's class, which decides the HTTP status), the message in English (`message`) and
 * Vietnamese (`vi`), from the one table of refusals (messages.ts).
 */
export class RoundsError<C extends RefusalCode = RefusalCode> extends Error {
  readonly code: C;
  readonly params: RefusalParams<C>;
  readonly kind: RoundsErrorKind;
  readonly vi: string;
  /** For `invalid-document`: every issue, with its path; for `conflict`, what conflicts. */
  readonly issues: readonly Issue[];
  /** Facts a client can act on (the deadline passed, the current revision, the units missing…). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: C,
    params: RefusalParams<C>,
    extra: { issues?: readonly Issue[]; details?: Record<string, unknown> } = {},
  ) {
    const words = REFUSALS[code] as unknown as {
      kind: RoundsErrorKind;
      en: (p: RefusalParams<C>) => string;
      vi: (p: RefusalParams<C>) => string;
    };
    super(words.en(params));
    this.name = 'RoundsError';
    this.code = code;
    this.params = params;
    this.kind = words.kind;
    this.vi = words.vi(params);
    this.issues = extra.issues ?? [];
    this.details = extra.details ?? {};
  }
}

/** The input as `schema` reads it, or the refusal `code` (an invalid document) with every issue and its path. */
export function parsedOrRefused<T>(
  schema: z.ZodType<T>,
  input: unknown,
  code:
    | 'round-errors'
    | 'explanation-errors'
    | 'task-errors'
    | 'plan-errors'
    | 'task-report-errors'
    | 'not-an-export'
    | 'account-errors'
    | 'unit-errors'
    | 'notice-errors'
    | 'survey-errors'
    | 'survey-respondents-errors',
): T {
  const parsed = parseFast(schema, input);
  if (!parsed.success) throw new RoundsError(code, {}, { issues: fromZodIssues(parsed.error.issues) });
  return parsed.data;
}

/** A write's precondition: the revision it was made from, or `*`, any revision there is. */
export type IfMatch = number | '*';

/**
 * A write's If-Match against its record's current revision: refused (`precondition-failed`, saying the
 * current revision) when the write did not start from it. `subject` names the record (a layer, or it).
 */
export function requireRevision(
  ifMatch: IfMatch | undefined,
  current: number,
  subject: RevisionSubject,
): void {
  // `*` matches any current revision (RFC 9110), so it fails only where there is none yet.
  if (ifMatch === '*' ? current === 0 : ifMatch !== undefined && ifMatch !== current)
    throw ifMatch === '*'
      ? new RoundsError('revision-none', { subject }, { details: { revision: current } })
      : new RoundsError(
          'revision-moved',
          { subject, current, given: ifMatch as number },
          { details: { revision: current } },
        );
}

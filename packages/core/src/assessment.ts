import { type CriteriaSet, type ParseOptions, parseCriteriaSet } from './criteria-set.js';
import { fail, type Issue, type Outcome, succeed } from './issues.js';
import type { Layer } from './layers.js';
import type { UnitRef } from './result.js';
import {
  assessmentSchema,
  type EntryDocument,
  entryFields,
  entrySchema,
  envelope,
  type StatedDocument,
} from './schema/assessment.js';
import { fromZodIssues, parseFast } from './schema/common.js';

export type Entry = EntryDocument;
export type Stated = StatedDocument;

/** A validated assessment: one unit, one period, one score layer. */
export interface Assessment {
  /** The id of the criteria set, or a set given inline. */
  readonly criteriaSet: string | CriteriaSet;
  readonly unit: UnitRef;
  readonly period: string;
  readonly layer: Layer;
  /** `error`: every leaf must be covered by an entry; `full`: uncovered leaves score their max. */
  readonly unscored: 'error' | 'full';
  readonly entries: ReadonlyMap<string, Entry>;
  readonly stated: Stated | undefined;
}

/**
 * Parses an assessment document's structure. Its entries are checked against the set when it is scored.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseAssessment } from '@cchc/core';
 * const read = parseAssessment({ criteriaSet: 'xa-2024', unit: { id: 'a', name: 'Xã A' }, period: 2024, entries: { '1.1': { score: '0,25' } } });
 * assert.ok(read.success);
 * assert.equal(read.data.entries.get('1.1')?.score?.toText(), '0.25');
 * ```
 */
export function parseAssessment(input: unknown, options: ParseOptions = {}): Outcome<Assessment> {
  let document = envelope.read(input);
  if (document === undefined) {
    const parsed = envelope.schema.safeParse(input);
    if (!parsed.success) {
      // The whole schema reports every issue, those of the entries included, in document order.
      const full = parseFast(assessmentSchema, input);
      return fail(full.success ? fromZodIssues(parsed.error.issues) : fromZodIssues(full.error.issues));
    }
    document = parsed.data;
  }
  const entries = new Map<string, Entry>();
  const entryIssues: Issue[] = [];
  const given = document.entries;
  for (const code of Object.keys(given)) {
    const raw = given[code];
    const fast = entryFields.read(raw);
    if (fast) {
      entries.set(code, fast);
      continue;
    }
    const entry = parseFast(entrySchema, raw);
    if (entry.success) entries.set(code, entryFields.shaped(entry.data));
    else entryIssues.push(...fromZodIssues(entry.error.issues, ['entries', code]));
  }
  if (entryIssues.length > 0) return fail(entryIssues);
  let criteriaSet: string | CriteriaSet;
  if (typeof document.criteriaSet === 'string') {
    criteriaSet = document.criteriaSet;
  } else {
    const inline = parseCriteriaSet(document.criteriaSet, options);
    if (!inline.success) return fail(prefixIssues(inline.issues, 'criteriaSet'));
    criteriaSet = inline.data;
  }
  return succeed({
    criteriaSet,
    unit: document.unit,
    period: document.period,
    layer: document.layer,
    unscored: document.unscored,
    entries,
    stated: document.stated,
  });
}

/** The same issues, found inside a larger document at `prefix`. */
export function prefixIssues(issues: readonly Issue[], ...prefix: (string | number)[]): Issue[] {
  return issues.map((found) => ({ ...found, path: [...prefix, ...found.path] }));
}

import { nodesByCode, parseDecimal, type UnitResult } from '@cchc/core';
import { canonicalJson } from '@cchc/core/internal';

/**
 * What a write changes, judged by values, not by how they were typed: `0.25`, `"0.25"` and `"0,25"` are
 * one score, `{ percent: 85 }` and `{ percent: "85" }` one fact. A write that changes nothing is not a new
 * revision, and an appraiser limited to some criteria is judged by what its write changes.
 */

/** An entry as a value: its decimals (scores, maxima, facts) in canonical text, its keys sorted. */
function entryValue(entry: unknown): string {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return canonicalJson(entry);
  const record = entry as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (key === 'score' || key === 'max') value[key] = decimalValue(field);
    else if (key === 'facts' && field !== null && typeof field === 'object' && !Array.isArray(field))
      value[key] = Object.fromEntries(
        Object.entries(field as Record<string, unknown>).map(([name, fact]) => [name, decimalValue(fact)]),
      );
    else if (typeof field === 'string') value[key] = field.trim().normalize('NFC');
    else value[key] = field;
  }
  return canonicalJson(value);
}

/** A decimal as its canonical text (`"0,25"` → `"0.25"`); anything else as it is. */
function decimalValue(value: unknown): unknown {
  if (typeof value !== 'number' && typeof value !== 'string') return value;
  const decimal = parseDecimal(value);
  return decimal === undefined ? value : decimal.toFixed();
}

const entriesIn = (document: Readonly<Record<string, unknown>> | undefined) =>
  (document?.['entries'] ?? {}) as Readonly<Record<string, unknown>>;

/** The codes of the entries that differ in value between two documents, sorted. */
export function changedEntries(
  previous: Readonly<Record<string, unknown>> | undefined,
  next: Readonly<Record<string, unknown>>,
): string[] {
  const before = entriesIn(previous);
  const after = entriesIn(next);
  const codes = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...codes].filter((code) => entryValue(before[code]) !== entryValue(after[code])).sort();
}

/** Whether two assessment documents say the same: the same entries in value, the same envelope. */
export function sameAssessment(
  previous: Readonly<Record<string, unknown>>,
  next: Readonly<Record<string, unknown>>,
): boolean {
  if (changedEntries(previous, next).length > 0) return false;
  const { entries: _before, ...restBefore } = previous;
  const { entries: _after, ...restAfter } = next;
  // `unscored` left out is the default, `error`.
  const envelope = (rest: Record<string, unknown>) =>
    canonicalJson({ ...rest, unscored: rest['unscored'] ?? 'error' });
  return envelope(restBefore) === envelope(restAfter);
}

/** The codes of the criteria and adjustments whose figures (achieved, max, status) differ between two results. */
export function changedFigures(previous: UnitResult | undefined, next: UnitResult): string[] {
  const before = previous ? nodesByCode(previous.nodes) : new Map();
  const changed: string[] = [];
  for (const [code, node] of nodesByCode(next.nodes)) {
    const old = before.get(code);
    const same =
      old !== undefined &&
      old.status === node.status &&
      old.max.eq(node.max) &&
      (old.achieved === null
        ? node.achieved === null
        : node.achieved !== null && old.achieved.eq(node.achieved));
    if (!same) changed.push(code);
  }
  const oldAdjustments = new Map((previous?.adjustments ?? []).map((found) => [found.code, found]));
  const newAdjustments = new Map(next.adjustments.map((found) => [found.code, found]));
  for (const code of new Set([...oldAdjustments.keys(), ...newAdjustments.keys()])) {
    const old = oldAdjustments.get(code);
    const now = newAdjustments.get(code);
    if (!old || !now || !old.points.eq(now.points)) changed.push(code);
  }
  return changed.sort();
}

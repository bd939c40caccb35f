import type { CriteriaSet, Criterion } from './criteria-set.js';
import { Exact } from './exact.js';
import { factsOfRule } from './rules/rule.js';

/**
 * An assessment's entry as a row of a score sheet shows it, field by field: the web form of the pages and
 * the Excel workbook both render an entry through `rowOf` and take a row back through `withRow`, so that a
 * value typed in either becomes the same entry. Values are as typed: a number or decimal text (`"0,25"`),
 * yes/no words for a yes/no fact.
 */
export interface EntryRow {
  readonly score?: string | number | undefined;
  /** The unit's applicable maximum, where part of the item does not apply to it. */
  readonly max?: string | number | undefined;
  readonly notApplicable?: boolean | undefined;
  readonly facts?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly cause?: string | undefined;
  readonly note?: string | undefined;
  readonly responsibility?: string | undefined;
  readonly responsible?: readonly string[] | undefined;
  readonly evidence?: readonly string[] | undefined;
}

/** The fields of an entry a row can show. */
export type RowField = keyof EntryRow;
export const ROW_FIELDS: readonly RowField[] = [
  'score',
  'max',
  'notApplicable',
  'facts',
  'cause',
  'note',
  'responsibility',
  'responsible',
  'evidence',
];

/** The criteria that have a row to fill in: leaves, and parents with a part the set does not list. */
export function rowCriteria(set: CriteriaSet): Criterion[] {
  const rows: Criterion[] = [];
  const visit = (criteria: readonly Criterion[]) => {
    for (const criterion of criteria) {
      if (criterion.children.length === 0 || !criterion.unlisted.isZero()) rows.push(criterion);
      visit(criterion.children);
    }
  };
  visit(set.criteria);
  return rows;
}

const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);
const figureOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? value : undefined;
const listOf = (value: unknown) =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** An entry of an assessment document (as stored, or as typed in a file) as its row. */
export function rowOf(entry: Readonly<Record<string, unknown>> | undefined): EntryRow {
  if (entry === undefined) return {};
  const facts = entry['facts'];
  return {
    score: figureOf(entry['score']),
    max: figureOf(entry['max']),
    notApplicable: entry['notApplicable'] === true ? true : undefined,
    facts:
      facts !== null && typeof facts === 'object'
        ? Object.fromEntries(
            Object.entries(facts).filter(
              (pair): pair is [string, string | number | boolean] =>
                typeof pair[1] === 'string' || typeof pair[1] === 'number' || typeof pair[1] === 'boolean',
            ),
          )
        : undefined,
    cause: textOf(entry['cause']),
    note: textOf(entry['note']),
    responsibility: textOf(entry['responsibility']),
    responsible: listOf(entry['responsible']),
    evidence: listOf(entry['evidence']),
  };
}

const YES = new Set(['x', 'có', 'co', 'yes', 'true', '1', 'đạt', 'không áp dụng']);
const NO = new Set(['không', 'khong', 'no', 'false', '0', 'không đạt']);

/** Yes or no as officials write it (x, Có, Không, a checkbox's TRUE…); undefined for anything else. */
export function yesNo(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const said = String(value).trim().toLowerCase();
  return YES.has(said) ? true : NO.has(said) ? false : undefined;
}

/**
 * A figure as typed, for an entry: the stored value where it is the same number (`"0,25"` typed over a
 * stored `0.25`), so that a save that changes nothing stores nothing new; otherwise as typed. Text that
 * is no decimal goes as typed too, for the scorer to name the error where it was typed.
 */
function typedFigure(typed: string | number, stored: unknown): string | number {
  const before = typeof stored === 'number' || typeof stored === 'string' ? Exact.parse(stored) : undefined;
  const now = Exact.parse(typed);
  return before !== undefined && now !== undefined && before.eq(now) ? (stored as string | number) : typed;
}

/** A fact as typed, as its rule reads it: yes/no words as a boolean, a whole count as a number. */
function typedFact(
  typed: string | number | boolean,
  type: string | undefined,
  stored: unknown,
): string | number | boolean {
  if (typeof typed === 'boolean') return typed;
  // Without its criterion, a fact's words that say yes or no are taken as such (a workbook's Có, x).
  if (type === 'boolean' || (type === undefined && typeof typed === 'string')) return yesNo(typed) ?? typed;
  if (type === 'integer' && typeof typed === 'string' && /^\d{1,15}$/.test(typed)) return Number(typed);
  return typedFigure(typed, stored);
}

export interface WithRowOptions {
  /** The criterion of the row: its rule's facts are read as their types (yes/no, whole counts). */
  readonly criterion?: Criterion | undefined;
  /** The fields the row shows (default: all): the others are kept from the stored entry. */
  readonly shown?: readonly RowField[] | undefined;
}

/**
 * The entry a row says, over the `stored` one: each field the row shows is the row's (left blank, it is
 * removed), each other field is kept. A figure typed otherwise than stored (`0,25` for `0.25`) keeps the
 * stored value; not applicable leaves no score, max or facts; a score leaves no facts. The entry has its
 * keys in no prototype's reach (a code `__proto__` is only a key).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rowOf, withRow } from '@cchc/core';
 * const stored = { score: 0.25, responsible: ['Văn phòng'] };
 * // What a form sends back unchanged (0,25 for 0.25) keeps what was stored: a save that changes nothing.
 * assert.deepEqual(withRow(stored, { ...rowOf(stored), score: '0,25' }), stored);
 * ```
 */
export function withRow(
  stored: Readonly<Record<string, unknown>> | undefined,
  row: EntryRow,
  options: WithRowOptions = {},
): Record<string, unknown> {
  const shown = new Set(options.shown ?? ROW_FIELDS);
  // The fields kept, from pairs: a stored key `__proto__` stays a key (the others are set by their names).
  const entry: Record<string, unknown> = Object.fromEntries(
    Object.entries(stored ?? {}).filter(([field]) => !shown.has(field as RowField)),
  );
  const blank = (text: string | undefined) => text === undefined || text.trim() === '';
  const kept = (text: string | undefined) => (blank(text) ? undefined : text!.trim());
  const factTypes = new Map(
    (options.criterion?.rule ? factsOfRule(options.criterion.rule.definition) : []).map((fact) => [
      fact.name,
      fact.type,
    ]),
  );
  const storedFacts = (stored?.['facts'] ?? {}) as Record<string, unknown>;
  // Built from pairs: a fact's name read from a workbook (`__proto__`) is only a key.
  const facts: Record<string, unknown> = Object.fromEntries(
    Object.entries(row.facts ?? {})
      .filter(([, typed]) => !(typeof typed === 'string' && blank(typed)))
      .map(([name, typed]) => [
        name,
        typedFact(
          typeof typed === 'string' ? typed.trim() : typed,
          factTypes.get(name),
          Object.hasOwn(storedFacts, name) ? storedFacts[name] : undefined,
        ),
      ]),
  );
  const figure = (typed: string | number | undefined, before: unknown) =>
    typed === undefined || (typeof typed === 'string' && blank(typed))
      ? undefined
      : typedFigure(typeof typed === 'string' ? typed.trim() : typed, before);

  if (shown.has('notApplicable') && row.notApplicable) entry['notApplicable'] = true;
  const applies = entry['notApplicable'] !== true;
  const score = applies && shown.has('score') ? figure(row.score, stored?.['score']) : undefined;
  if (score !== undefined) entry['score'] = score;
  const max = applies && shown.has('max') ? figure(row.max, stored?.['max']) : undefined;
  if (max !== undefined) entry['max'] = max;
  if (applies && shown.has('facts') && score === undefined && Object.keys(facts).length > 0)
    entry['facts'] = facts;
  for (const field of ['cause', 'note', 'responsibility'] as const) {
    const text = shown.has(field) ? kept(row[field]) : undefined;
    if (text !== undefined) entry[field] = text;
  }
  for (const field of ['responsible', 'evidence'] as const) {
    const list = (row[field] ?? []).map((item) => item.trim()).filter((item) => item !== '');
    if (shown.has(field) && list.length > 0) entry[field] = list;
  }
  return entry;
}

import { type CriteriaSet, type Criterion, parseDecimal } from '@cchc/core';
import { factsOfRule } from '@cchc/core/rules';
import type { Layer } from '@cchc/rounds';

/**
 * A score sheet's rows as the pages' form shows and takes them, and the entries of an assessment they
 * become. A save changes only what the form shows; every other field of an entry (responsible agencies, a
 * cause the sheet does not show…) is kept, and a value typed otherwise than stored (`0,25` for `0.25`)
 * stays as stored, so that a save that changes nothing says so.
 */

/** What a row of the sheet shows and takes, as typed. */
export interface RowValues {
  readonly score: string;
  /** The unit's applicable maximum here, where part of the item does not apply to it; empty for the set's. */
  readonly max: string;
  readonly notApplicable: boolean;
  readonly facts: Readonly<Record<string, string>>;
  readonly evidence: string;
  readonly note: string;
}

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

/** Where a layer keeps the sheet's last column: the unit's note, or the appraiser's comment (the cause). */
export const commentField = (layer: Layer) => (layer === 'self' ? 'note' : 'cause');

/** A decimal as the sheet shows it: with a decimal comma. */
const typed = (value: unknown) => (value === undefined ? '' : String(value).replace('.', ','));

/** A stored entry as the sheet's row shows it: numbers with a decimal comma, yes/no facts as Có/Không. */
export function rowOfEntry(entry: Readonly<Record<string, unknown>>, layer: Layer): RowValues {
  const facts = (entry['facts'] ?? {}) as Record<string, unknown>;
  const comment = entry[commentField(layer)];
  return {
    score: typed(entry['score']),
    max: typed(entry['max']),
    notApplicable: entry['notApplicable'] === true,
    facts: Object.fromEntries(
      Object.entries(facts).map(([name, value]) => [
        name,
        typeof value === 'boolean' ? (value ? 'co' : 'khong') : typed(value),
      ]),
    ),
    evidence: Array.isArray(entry['evidence']) ? entry['evidence'].join('\n') : '',
    note: typeof comment === 'string' ? comment : '',
  };
}

/** The sheet's values as the form sent them, by code. */
export function valuesOfForm(set: CriteriaSet, form: URLSearchParams): Map<string, RowValues> {
  const values = new Map<string, RowValues>();
  for (const criterion of rowCriteria(set)) {
    const { code } = criterion;
    const facts: Record<string, string> = {};
    for (const fact of criterion.rule ? factsOfRule(criterion.rule.definition) : []) {
      const value = form.get(`f:${code}:${fact.name}`)?.trim() ?? '';
      if (value !== '') facts[fact.name] = value;
    }
    values.set(code, {
      score: form.get(`s:${code}`)?.trim() ?? '',
      max: form.get(`m:${code}`)?.trim() ?? '',
      notApplicable: form.get(`na:${code}`) !== null,
      facts,
      evidence: form.get(`ev:${code}`) ?? '',
      note: form.get(`no:${code}`)?.trim() ?? '',
    });
  }
  return values;
}

/**
 * A number as typed, for an entry: the stored value where it is the same number (so an unchanged save
 * stores nothing new), else the decimal's canonical text; text that is no decimal goes as typed, for the
 * scorer to name the error at its row.
 */
function decimalOf(text: string, stored: unknown): unknown {
  const value = parseDecimal(text);
  if (value === undefined) return text;
  const before = typeof stored === 'number' || typeof stored === 'string' ? parseDecimal(stored) : undefined;
  return before?.eq(value) ? stored : value.toFixed();
}

/**
 * The entries the form says, over `base` (the stored entries, or the self-assessment being copied): what
 * the sheet shows (score, applicable max, facts, not applicable, evidence, comment) is taken from the form;
 * what it does not show is kept.
 */
export function entriesOf(
  set: CriteriaSet,
  values: ReadonlyMap<string, RowValues>,
  base: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  layer: Layer,
): Record<string, Record<string, unknown>> {
  const entries: Record<string, Record<string, unknown>> = Object.create(null);
  for (const [code, entry] of Object.entries(base)) entries[code] = { ...entry };
  for (const [code, value] of values) {
    const stored = entries[code] ?? {};
    const kept = { ...stored };
    for (const field of ['score', 'max', 'facts', 'notApplicable', 'evidence', commentField(layer)])
      delete kept[field];
    const criterion = set.byCode.get(code);
    const factTypes = new Map(
      (criterion?.rule ? factsOfRule(criterion.rule.definition) : []).map((fact) => [fact.name, fact.type]),
    );
    const storedFacts = (stored['facts'] ?? {}) as Record<string, unknown>;
    const facts = Object.fromEntries(
      Object.entries(value.facts).map(([name, text]) => [
        name,
        factTypes.get(name) === 'boolean'
          ? text === 'co'
          : factTypes.get(name) === 'integer' && /^\d+$/.test(text)
            ? Number(text)
            : decimalOf(text, storedFacts[name]),
      ]),
    );
    const evidence = value.evidence
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const entry: Record<string, unknown> = {
      ...kept,
      ...(value.notApplicable ? { notApplicable: true } : {}),
      ...(!value.notApplicable && value.score !== ''
        ? { score: decimalOf(value.score, stored['score']) }
        : {}),
      ...(!value.notApplicable && value.max !== '' ? { max: decimalOf(value.max, stored['max']) } : {}),
      ...(!value.notApplicable && value.score === '' && Object.keys(facts).length > 0 ? { facts } : {}),
      ...(evidence.length > 0 ? { evidence } : {}),
      ...(value.note !== '' ? { [commentField(layer)]: value.note } : {}),
    };
    if ('notApplicable' in entry || 'score' in entry || 'facts' in entry) entries[code] = entry;
    else delete entries[code];
  }
  return { ...entries };
}

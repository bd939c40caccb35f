import { type CriteriaSet, decimalComma, rowCriteria, rowOf, withRow } from '@cchc/core';
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
  /** The agencies responsible for points lost, one a line (the appraisal's: the report names them). */
  readonly responsible: string;
}

/** Where a layer keeps the sheet's last column: the unit's note, or the appraiser's comment (the cause). */
export const commentField = (layer: Layer) => (layer === 'self' ? 'note' : 'cause');

/** A decimal as the sheet shows it: with a decimal comma. */
const typed = (value: unknown) => (value === undefined ? '' : decimalComma(String(value)));

/** A stored entry as the sheet's row shows it: numbers with a decimal comma, yes/no facts as Có/Không. */
export function rowOfEntry(entry: Readonly<Record<string, unknown>>, layer: Layer): RowValues {
  const row = rowOf(entry);
  return {
    score: typed(row.score),
    max: typed(row.max),
    notApplicable: row.notApplicable === true,
    facts: Object.fromEntries(
      Object.entries(row.facts ?? {}).map(([name, value]) => [
        name,
        typeof value === 'boolean' ? (value ? 'co' : 'khong') : typed(value),
      ]),
    ),
    evidence: (row.evidence ?? []).join('\n'),
    note: row[commentField(layer)] ?? '',
    responsible: (row.responsible ?? []).join('\n'),
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
      responsible: form.get(`tn:${code}`) ?? '',
    });
  }
  // A bonus or penalty claim: its points, its evidence and its comment, as an item's.
  for (const { code } of set.adjustments)
    values.set(code, {
      score: form.get(`s:${code}`)?.trim() ?? '',
      max: '',
      notApplicable: false,
      facts: {},
      evidence: form.get(`ev:${code}`) ?? '',
      note: form.get(`no:${code}`)?.trim() ?? '',
      responsible: form.get(`tn:${code}`) ?? '',
    });
  return values;
}

/**
 * The entries the form says, over `base` (the stored entries, or the self-assessment being copied): what
 * the sheet shows (score, applicable max, facts, not applicable, evidence, comment) is taken from the form,
 * through the core's one entry-row model (`withRow`); what it does not show is kept.
 */
export function entriesOf(
  set: CriteriaSet,
  values: ReadonlyMap<string, RowValues>,
  base: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  layer: Layer,
): Record<string, Record<string, unknown>> {
  const entries: Record<string, Record<string, unknown>> = Object.create(null);
  for (const [code, entry] of Object.entries(base)) entries[code] = { ...entry };
  // The appraisal names who is responsible for what was lost; a unit's own sheet does not.
  const shown = [
    'score',
    'max',
    'facts',
    'notApplicable',
    'evidence',
    commentField(layer),
    ...(layer !== 'self' ? (['responsible'] as const) : []),
  ] as const;
  for (const [code, value] of values) {
    const entry = withRow(
      entries[code],
      {
        score: value.score,
        max: value.max,
        notApplicable: value.notApplicable,
        facts: value.facts,
        evidence: value.evidence.split('\n'),
        [commentField(layer)]: value.note,
        ...(layer !== 'self'
          ? {
              responsible: value.responsible
                .split('\n')
                .map((line) => line.trim())
                .filter((line) => line !== ''),
            }
          : {}),
      },
      { criterion: set.byCode.get(code), shown },
    );
    // An entry says something of its score, or there is none (a comment alone is no entry).
    if ('notApplicable' in entry || 'score' in entry || 'facts' in entry) entries[code] = entry;
    else delete entries[code];
  }
  return { ...entries };
}

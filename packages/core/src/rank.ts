import type { UnitResult } from './result.js';
import { rankedCopy } from './result-nodes.js';

/** What ranking reads of a result: its rounded index, and its unit (for `within: 'group'`). */
export type Rankable = Pick<UnitResult, 'index' | 'unit'>;

export interface RankOptions<T extends Rankable = UnitResult> {
  /**
   * `competition` (default): ties share a rank and the next rank skips (1, 2, 2, 4);
   * `dense`: ties share a rank and the next follows on (1, 2, 2, 3).
   */
  readonly method?: 'competition' | 'dense';
  /**
   * Rank within groups: by the unit's `group`, by the result's criteria set (`criteriaSet`: units scored
   * against different sets are not compared, as rounds publish them), or by a key of your own. Ungrouped
   * units form one group.
   */
  readonly within?: 'group' | 'criteriaSet' | ((result: T) => string);
}

/**
 * Orders results by their rounded index, best first, and gives each its rank: what is published is
 * what is ranked. Ties keep their input order. Returns new objects; the input is not changed. Anything
 * with an index and a unit can be ranked (a CLI keeps only a summary of each result, for instance).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { rankResults, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const communes = unwrap(scoreDocuments(konRay2021)).filter((result) => result.criteriaSet.id === 'kon-ray-2021-xa');
 * const ranked = rankResults(communes, { method: 'dense' });
 * assert.equal(ranked.at(-1)?.unit.name, 'UBND thị trấn Đắk Rve');
 * ```
 */
export function rankResults<T extends Rankable>(
  results: readonly T[],
  options: RankOptions<T> = {},
): (T & { readonly rank: number })[] {
  const { within } = options;
  const keyOf =
    within === 'group'
      ? (result: T) => result.unit.group ?? ''
      : within === 'criteriaSet'
        ? (result: T) => (result as { readonly criteriaSet?: { readonly id: string } }).criteriaSet?.id ?? ''
        : (within ?? (() => ''));
  const ordered = results
    .map((result, position) => ({ result, position }))
    .sort((a, b) => b.result.index.comparedTo(a.result.index) || a.position - b.position);
  const state = new Map<string, { seen: number; rank: number; last: T | undefined }>();
  return ordered.map(({ result }) => {
    const key = keyOf(result);
    const group = state.get(key) ?? { seen: 0, rank: 0, last: undefined };
    group.seen += 1;
    if (!group.last?.index.eq(result.index)) {
      group.rank = options.method === 'dense' ? group.rank + 1 : group.seen;
    }
    group.last = result;
    state.set(key, group);
    return rankedCopy(result, group.rank) ?? { ...result, rank: group.rank };
  });
}

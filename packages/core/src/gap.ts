import { compileBands } from './compiled.js';
import { type Decimal, ZERO } from './decimal.js';
import { Exact } from './exact.js';
import { lostItems } from './items.js';
import { classOf, indexOf, type ResultNode, type UnitResult } from './result.js';

export interface ClassGap {
  /** The class above the result's, or null when it is already in the best one. */
  readonly nextClass: string | null;
  /** The lower bound of that class. */
  readonly nextMin: Decimal | null;
  /**
   * The fewest points (in steps of the set's score precision) that would lift the published, rounded
   * index into the next class; null when there is no next class or it cannot be reached.
   */
  readonly pointsNeeded: Decimal | null;
  /** Items that lost points, most recoverable first. */
  readonly recoverable: readonly ResultNode[];
}

/**
 * How far a result is from the next class, and where the points could come from.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { gapToNextClass, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * const gap = gapToNextClass(district!);
 * assert.deepEqual([gap.nextClass, gap.pointsNeeded?.toFixed()], ['Xuất sắc', '4.05']);
 * ```
 */
export function gapToNextClass(result: UnitResult): ClassGap {
  const set = result.criteriaSet;
  const classes = set.classes;
  const current = classes.findIndex((band) => band.label === result.classification);
  const next = current === -1 ? classes[classes.length - 1] : classes[current - 1];
  const recoverable = lostItems(result.nodes).sort((a, b) => b.lost.comparedTo(a.lost));
  if (!next) return { nextClass: null, nextMin: null, pointsNeeded: null, recoverable };

  // The lowest raw index that can round into the band is half a published unit below its min. Start at
  // the points for that index and step up by the score precision until the rounded index is in the band.
  const { rounding } = set;
  const step = Exact.quotient(1, 10 ** rounding.score);
  const halfUnit = Exact.quotient(5, 10 ** (rounding.index + 1));
  const max = Exact.fromDecimal(result.max);
  const now = Exact.fromDecimal(result.achieved);
  const lowest = Exact.fromDecimal(next.min).minus(halfUnit).times(max).dividedBy(100);
  const rounded = lowest.round(rounding.score, 'half-up');
  const floor = rounded.gt(lowest) ? rounded.minus(step) : rounded;
  const bands = compileBands(classes);
  for (let achieved = floor.gt(now) ? floor : now; achieved.lte(max); achieved = achieved.plus(step)) {
    if (classOf(indexOf(achieved, max, rounding), bands) === next.label) {
      const needed = achieved.minus(now);
      return {
        nextClass: next.label,
        nextMin: next.min,
        pointsNeeded: needed.isNegative() ? ZERO : needed.toDecimal(),
        recoverable,
      };
    }
  }
  return { nextClass: next.label, nextMin: next.min, pointsNeeded: null, recoverable };
}

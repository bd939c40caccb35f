import { compileBands } from './compiled.js';
import { Decimal, ZERO } from './decimal.js';
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

/** How far a result is from the next class, and where the points could come from. */
export function gapToNextClass(result: UnitResult): ClassGap {
  const set = result.criteriaSet;
  const classes = set.classes;
  const current = classes.findIndex((band) => band.label === result.classification);
  const next = current === -1 ? classes[classes.length - 1] : classes[current - 1];
  const recoverable = lostItems(result.nodes).sort((a, b) => b.lost.comparedTo(a.lost));
  if (!next) return { nextClass: null, nextMin: null, pointsNeeded: null, recoverable };

  // The lowest raw index that can round into the band is half a published unit below its min. Start at
  // the points for that index and step up by the score precision until the rounded index is in the band.
  const step = new Decimal(1).div(new Decimal(10).pow(set.rounding.score));
  const halfUnit = new Decimal('0.5').div(new Decimal(10).pow(set.rounding.index));
  const lowest = next.min.minus(halfUnit).mul(result.max).div(100);
  let achieved = Decimal.max(
    lowest.toDecimalPlaces(set.rounding.score, Decimal.ROUND_FLOOR),
    result.achieved,
  );
  const bands = compileBands(classes);
  const max = Exact.fromDecimal(result.max);
  while (achieved.lte(result.max)) {
    if (classOf(indexOf(Exact.fromDecimal(achieved), max, set.rounding), bands) === next.label) {
      const needed = achieved.minus(result.achieved);
      return {
        nextClass: next.label,
        nextMin: next.min,
        pointsNeeded: needed.isNegative() ? ZERO : needed,
        recoverable,
      };
    }
    achieved = achieved.plus(step);
  }
  return { nextClass: next.label, nextMin: next.min, pointsNeeded: null, recoverable };
}

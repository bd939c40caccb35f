import { EXACT_HUNDRED, Exact } from '../exact.js';
import {
  booleanField,
  countField,
  type FactsProblem,
  factsObject,
  optional,
  percentField,
  positiveCountField,
} from '../schema/fields.js';

const ratioShape = {
  percent: optional(percentField),
  count: optional(countField),
  total: optional(positiveCountField),
};

type RatioShape = { percent?: Exact | undefined; count?: number | undefined; total?: number | undefined };

/** Checks that exactly one form of ratio is given; returns the problem, or undefined. */
function ratioProblem({ percent, count, total }: RatioShape): FactsProblem | undefined {
  const asPercent = percent !== undefined && count === undefined && total === undefined;
  const asCount = percent === undefined && count !== undefined && total !== undefined;
  if (!asPercent && !asCount) return { message: 'give { percent } or { count, total }' };
  if (asCount && count > total) return { message: 'count must not exceed total', path: ['count'] };
  return undefined;
}

/**
 * A ratio given as a percentage, or as a count out of a total (`68` of `69`). Shared by the ratio rules.
 * One object with a check rather than a union: facts are parsed on the hot path of every unit.
 */
export const ratioFacts = factsObject(ratioShape, ratioProblem);

/** A requirement given as met / not met, or as a ratio (the `met` rule). */
export const metOrRatioFacts = factsObject(
  { met: optional(booleanField), ...ratioShape },
  // Read field by field, with no copy of the facts: this runs for every unit's every such item.
  (facts) => {
    if (facts.met === undefined) return ratioProblem(facts);
    return facts.percent !== undefined || facts.count !== undefined || facts.total !== undefined
      ? { message: 'give { met }, { percent } or { count, total }' }
      : undefined;
  },
);

/** The ratio as an exact percentage: the one given, or count × 100 ÷ total. */
export function ratioPercent({ percent, count = 0, total = 1 }: RatioShape): Exact {
  if (percent !== undefined) return percent;
  return Number.isSafeInteger(count * 100)
    ? Exact.quotient(count * 100, total)
    : Exact.integer(count).times(100).dividedBy(total);
}

/** How the ratio reads in a trace: `85%`, `68/69 = 98.55%`. */
export function ratioText(facts: RatioShape, percent: Exact): string {
  if (facts.percent !== undefined) return `${facts.percent.toText()}%`;
  return `${facts.count}/${facts.total} = ${percent.round(2, 'half-up').toText()}%`;
}

/** `share` percent of `max`, exactly. */
export function percentOf(max: Exact, share: Exact): Exact {
  return max.times(share).dividedBy(EXACT_HUNDRED);
}

import { z } from 'zod';
import { EXACT_HUNDRED, Exact } from '../exact.js';
import { countInput, percentInput } from '../schema/common.js';

const ratioShape = {
  percent: percentInput.optional(),
  count: countInput.optional(),
  total: countInput.positive().optional(),
};

type RatioShape = { percent?: Exact | undefined; count?: number | undefined; total?: number | undefined };

/** Checks that exactly one form of ratio is given; returns the problem, or undefined. */
function ratioProblem({
  percent,
  count,
  total,
}: RatioShape): { message: string; path?: string[] } | undefined {
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
export const ratioFacts = z.strictObject(ratioShape).check((payload) => {
  const problem = ratioProblem(payload.value);
  if (problem) payload.issues.push({ code: 'custom', input: payload.value, ...problem });
});
export type RatioFacts = z.output<typeof ratioFacts>;

/** A requirement given as met / not met, or as a ratio (the `met` rule). */
export const metOrRatioFacts = z
  .strictObject({ met: z.boolean().optional(), ...ratioShape })
  .check((payload) => {
    const { met, ...ratio } = payload.value;
    if (met !== undefined && Object.values(ratio).some((value) => value !== undefined)) {
      payload.issues.push({
        code: 'custom',
        input: payload.value,
        message: 'give { met }, { percent } or { count, total }',
      });
      return;
    }
    const problem = met === undefined ? ratioProblem(ratio) : undefined;
    if (problem) payload.issues.push({ code: 'custom', input: payload.value, ...problem });
  });

export interface Ratio {
  /** The ratio as an exact percentage. */
  readonly percent: Exact;
  /** How the ratio reads in a trace: `85%`, `68/69 = 98.55%`. */
  readonly text: () => string;
}

export function readRatio(facts: RatioShape): Ratio {
  const { percent: given, count = 0, total = 1 } = facts;
  if (given !== undefined) return { percent: given, text: () => `${given.toText()}%` };
  const percent = Exact.integer(count).times(100).dividedBy(total);
  return { percent, text: () => `${count}/${total} = ${percent.round(2, 'half-up').toText()}%` };
}

/** `share` percent of `max`, exactly. */
export function percentOf(max: Exact, share: Exact): Exact {
  return max.times(share).dividedBy(EXACT_HUNDRED);
}

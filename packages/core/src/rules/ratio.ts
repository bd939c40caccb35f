import { z } from 'zod';
import { Decimal, decimalText } from '../decimal.js';
import { countInput, percentInput } from '../schema/common.js';

/** A ratio given as a percentage, or as a count out of a total (`68` of `69`). Shared by the ratio rules. */
export const ratioFacts = z.union(
  [
    z.strictObject({ percent: percentInput }),
    z
      .strictObject({ count: countInput, total: countInput.positive() })
      .refine((facts) => facts.count <= facts.total, { message: 'count must not exceed total' }),
  ],
  { error: () => 'give { percent } or { count, total }' },
);
export type RatioFacts = z.output<typeof ratioFacts>;

export interface Ratio {
  /** The ratio as an exact percentage. */
  readonly percent: Decimal;
  /** How the ratio reads in a trace: `85%`, `68/69 = 98.55%`. */
  readonly text: () => string;
}

export function readRatio(facts: RatioFacts): Ratio {
  if ('percent' in facts) return { percent: facts.percent, text: () => `${decimalText(facts.percent)}%` };
  const percent = new Decimal(facts.count).mul(100).div(facts.total);
  return {
    percent,
    text: () => `${facts.count}/${facts.total} = ${decimalText(percent.toDecimalPlaces(2))}%`,
  };
}

/** `share` percent of `max`, exactly. */
export function percentOf(max: Decimal, share: Decimal): Decimal {
  return max.mul(share).div(100);
}

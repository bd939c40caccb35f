import { z } from 'zod';
import { type Decimal, decimalText } from '../decimal.js';
import { decimalInput, nonNegativeDecimal } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

/**
 * Converts a score from outside the set (e.g. a provincial IT ranking, 7.2) into points through breakpoints
 * `{ from, points }` in ascending `from`. Between two breakpoints the points are interpolated linearly, or,
 * with `interpolation: step`, are those of the last breakpoint reached. Outside the range the nearest end holds.
 * The decision that issues a set fixes its breakpoints; none are assumed here.
 */
export const conversionRule = defineRule({
  kind: 'conversion',
  description: 'An external score converted through breakpoints { from, points }, linear or step.',
  params: z.strictObject({
    breakpoints: z.array(z.strictObject({ from: decimalInput, points: nonNegativeDecimal })).min(1),
    interpolation: z.enum(['linear', 'step']).optional(),
  }),
  facts: z.strictObject({ value: decimalInput }),
  checkParams: (params, max) => {
    for (const [position, point] of params.breakpoints.entries()) {
      if (point.points.gt(max))
        return `breakpoint ${position} gives ${decimalText(point.points)}, above the max`;
      const previous = params.breakpoints[position - 1];
      if (previous && !point.from.gt(previous.from)) return 'breakpoints must be in ascending order of from';
    }
    return undefined;
  },
  compute: (facts, params) => {
    const points = params.breakpoints;
    const value = facts.value;
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (value.lte(first.from)) return atBreakpoint(value, first);
    if (value.gte(last.from)) return atBreakpoint(value, last);
    const upperIndex = points.findIndex((point) => point.from.gt(value));
    const lower = points[upperIndex - 1]!;
    const upper = points[upperIndex]!;
    if (params.interpolation === 'step') return atBreakpoint(value, lower);
    const score = upper.points
      .minus(lower.points)
      .mul(value.minus(lower.from))
      .div(upper.from.minus(lower.from))
      .plus(lower.points);
    const [lp, v, lf, up, uf] = [lower.points, value, lower.from, upper.points, upper.from].map(decimalText);
    return {
      score,
      explain: () => formula(`${lp} + (${v} − ${lf}) × (${up} − ${lp}) / (${uf} − ${lf})`, score),
    };
  },
});

function atBreakpoint(value: Decimal, point: { readonly from: Decimal; readonly points: Decimal }) {
  return {
    score: point.points,
    explain: () =>
      `${decimalText(value)} → breakpoint ${decimalText(point.from)} → ${decimalText(point.points)}`,
  };
}

import { z } from 'zod';
import type { Exact } from '../exact.js';
import { exactInput, nonNegativeExact } from '../schema/common.js';
import { decimalField, factsObject } from '../schema/fields.js';
import { defineExactRule, type Explain, formula } from './rule.js';

/**
 * Converts a score from outside the set (e.g. a provincial IT ranking, 7.2) into points through breakpoints
 * `{ from, points }` in ascending `from`. Between two breakpoints the points are interpolated linearly, or,
 * with `interpolation: step`, are those of the last breakpoint reached. Outside the range the nearest end holds.
 * The decision that issues a set fixes its breakpoints; none are assumed here.
 */
export const conversionRule = defineExactRule({
  kind: 'conversion',
  description: 'An external score converted through breakpoints { from, points }, linear or step.',
  vi: {
    name: 'Quy đổi theo mốc',
    params: {
      breakpoints: 'Các mốc (mỗi dòng: giá trị từ, dấu hai chấm, số điểm)',
      interpolation: 'Giữa hai mốc',
    },
    description: 'Quy đổi một điểm số (chỉ số) bên ngoài theo các mốc của bộ tiêu chí.',
    facts: { value: 'Điểm (chỉ số) cần quy đổi' },
  },
  params: z.strictObject({
    breakpoints: z.array(z.strictObject({ from: exactInput, points: nonNegativeExact })).min(1),
    interpolation: z.enum(['linear', 'step']).optional(),
  }),
  ...factsObject({ value: decimalField }),
  checkParams: (params, max) => {
    for (const [position, point] of params.breakpoints.entries()) {
      if (point.points.gt(max)) return `breakpoint ${position} gives ${point.points.toText()}, above the max`;
      const previous = params.breakpoints[position - 1];
      if (previous && !point.from.gt(previous.from)) return 'breakpoints must be in ascending order of from';
    }
    return undefined;
  },
  compute: (facts, params, _max, explain) => {
    const points = params.breakpoints;
    const value = facts.value;
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (value.lte(first.from)) return atBreakpoint(value, first, explain);
    if (value.gte(last.from)) return atBreakpoint(value, last, explain);
    const upperIndex = points.findIndex((point) => point.from.gt(value));
    const lower = points[upperIndex - 1]!;
    const upper = points[upperIndex]!;
    if (params.interpolation === 'step') return atBreakpoint(value, lower, explain);
    const score = upper.points
      .minus(lower.points)
      .times(value.minus(lower.from))
      .dividedBy(upper.from.minus(lower.from))
      .plus(lower.points);
    if (explain) {
      const [lp, v, lf, up, uf] = [lower.points, value, lower.from, upper.points, upper.from].map((figure) =>
        figure.toText(),
      );
      explain(formula(`${lp} + (${v} − ${lf}) × (${up} − ${lp}) / (${uf} − ${lf})`, score));
    }
    return score;
  },
});

function atBreakpoint(
  value: Exact,
  point: { readonly from: Exact; readonly points: Exact },
  explain: Explain | undefined,
): Exact {
  explain?.(`${value.toText()} → breakpoint ${point.from.toText()} → ${point.points.toText()}`);
  return point.points;
}

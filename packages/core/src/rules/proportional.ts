import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { percentInput } from '../schema/common.js';
import { percentOf, ratioFacts, ratioPercent, ratioText } from './ratio.js';
import { defineExactRule, formula } from './rule.js';

/** The max times a ratio (7.1: 2 × 85 % = 1.7); below an optional threshold the score is 0. */
export const proportionalRule = defineExactRule({
  kind: 'proportional',
  description: 'The max times a ratio; 0 below an optional threshold %.',
  vi: {
    name: 'Theo tỷ lệ đạt',
    params: { threshold: 'Ngưỡng tối thiểu (%), để trống nếu không có' },
    description:
      'Điểm tối đa nhân với tỷ lệ đạt; dưới ngưỡng (nếu có): 0 điểm. Nhập tỷ lệ %, hoặc số đạt và tổng số.',
    facts: { percent: 'Tỷ lệ (%)', count: 'Số đạt', total: 'Tổng số' },
  },
  params: z.strictObject({ threshold: percentInput.optional() }),
  ...ratioFacts,
  compute: (facts, params, max, explain) => {
    const percent = ratioPercent(facts);
    if (params.threshold !== undefined && percent.lt(params.threshold)) {
      explain?.(`${ratioText(facts, percent)} < ${params.threshold.toText()}% → 0`);
      return EXACT_ZERO;
    }
    const score = percentOf(max, percent);
    explain?.(formula(`${max.toText()} × ${ratioText(facts, percent)}`, score));
    return score;
  },
});

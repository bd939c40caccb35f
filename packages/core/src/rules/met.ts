import { z } from 'zod';
import { EXACT_HUNDRED, EXACT_ZERO } from '../exact.js';
import { percentInput } from '../schema/common.js';
import { metOrRatioFacts, ratioPercent, ratioText } from './ratio.js';
import { defineExactRule } from './rule.js';

/** All or nothing: the max when the requirement is met (a ratio at or above `threshold`, default 100 %), else 0. */
export const metRule = defineExactRule({
  kind: 'met',
  description: 'The max when met (or when a ratio reaches threshold %, default 100), otherwise 0.',
  vi: {
    name: 'Đạt thì đủ điểm',
    params: { threshold: 'Ngưỡng đạt (%), để trống là 100' },
    description:
      'Đạt yêu cầu (hoặc tỷ lệ đạt ngưỡng, mặc định 100 %) được điểm tối đa; không đạt: 0 điểm. Nhập Đạt, hoặc tỷ lệ %, hoặc số đạt và tổng số.',
    facts: { met: 'Đạt yêu cầu', percent: 'Tỷ lệ (%)', count: 'Số đạt', total: 'Tổng số' },
  },
  params: z.strictObject({ threshold: percentInput.optional() }),
  ...metOrRatioFacts,
  compute: (facts, params, max, explain) => {
    if (facts.met !== undefined) {
      explain?.(facts.met ? `met → ${max.toText()}` : 'not met → 0');
      return facts.met ? max : EXACT_ZERO;
    }
    const percent = ratioPercent(facts);
    const threshold = params.threshold ?? EXACT_HUNDRED;
    const met = percent.gte(threshold);
    explain?.(
      `${ratioText(facts, percent)} ${met ? '≥' : '<'} ${threshold.toText()}% → ${met ? max.toText() : '0'}`,
    );
    return met ? max : EXACT_ZERO;
  },
});

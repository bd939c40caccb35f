import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { nonNegativeExact, percentInput } from '../schema/common.js';
import { ratioFacts, ratioPercent, ratioText } from './ratio.js';
import { defineExactRule } from './rule.js';

/** Bands on a ratio, best first: the first band whose `min` % the ratio reaches gives its points; below all, 0. */
export const tiersRule = defineExactRule({
  kind: 'tiers',
  description:
    'Bands on a ratio, best first: the first band whose min % is reached gives its points; else 0.',
  vi: {
    name: 'Theo bậc tỷ lệ',
    params: { tiers: 'Các bậc, từ cao xuống (mỗi dòng: tỷ lệ % từ, dấu hai chấm, số điểm)' },
    description:
      'Theo các mức tỷ lệ, từ cao xuống: mức đầu tiên đạt được cho số điểm của mức đó; không đạt mức nào: 0 điểm. Nhập tỷ lệ %, hoặc số đạt và tổng số.',
    facts: { percent: 'Tỷ lệ (%)', count: 'Số đạt', total: 'Tổng số' },
  },
  params: z.strictObject({
    tiers: z.array(z.strictObject({ min: percentInput, points: nonNegativeExact })).min(1),
  }),
  ...ratioFacts,
  checkParams: (params, max) => {
    for (const [position, tier] of params.tiers.entries()) {
      if (tier.points.gt(max)) return `tier ${position} gives ${tier.points.toText()}, above the max`;
      const previous = params.tiers[position - 1];
      if (previous && !tier.min.lt(previous.min)) return 'tiers must be ordered by min, highest first';
    }
    return undefined;
  },
  compute: (facts, params, _max, explain) => {
    const percent = ratioPercent(facts);
    for (const tier of params.tiers) {
      if (percent.gte(tier.min)) {
        explain?.(`${ratioText(facts, percent)} ≥ ${tier.min.toText()}% → ${tier.points.toText()}`);
        return tier.points;
      }
    }
    explain?.(`${ratioText(facts, percent)}: below every tier → 0`);
    return EXACT_ZERO;
  },
});

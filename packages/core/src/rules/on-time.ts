import { z } from 'zod';
import { decimalText, ZERO } from '../decimal.js';
import { percentInput } from '../schema/common.js';
import { percentOf } from './ratio.js';
import { defineRule, formula } from './rule.js';

/** A report or plan sent on time earns the max; a late one earns `lateShare` % of it (0 unless the set says). */
export const onTimeRule = defineRule({
  kind: 'on-time',
  description: 'On time earns the max; late earns lateShare % of it (default 0).',
  params: z.strictObject({ lateShare: percentInput.optional() }),
  facts: z.strictObject({ onTime: z.boolean() }),
  compute: (facts, params, max) => {
    if (facts.onTime) return { score: max, explain: () => `on time → ${decimalText(max)}` };
    const share = params.lateShare;
    if (share === undefined || share.isZero()) return { score: ZERO, explain: () => 'late → 0' };
    const score = percentOf(max, share);
    return { score, explain: () => formula(`late: ${decimalText(share)}% × ${decimalText(max)}`, score) };
  },
});

import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { percentInput } from '../schema/common.js';
import { booleanField, factsObject } from '../schema/fields.js';
import { percentOf } from './ratio.js';
import { defineExactRule, formula } from './rule.js';

/** A report or plan sent on time earns the max; a late one earns `lateShare` % of it (0 unless the set says). */
export const onTimeRule = defineExactRule({
  kind: 'on-time',
  description: 'On time earns the max; late earns lateShare % of it (default 0).',
  vi: {
    name: 'Đúng hạn thì đủ điểm',
    params: { lateShare: 'Phần điểm khi trễ hạn (%), để trống là 0' },
    description: 'Đúng hạn được điểm tối đa; trễ hạn được một phần theo bộ tiêu chí (mặc định 0).',
    facts: { onTime: 'Đúng hạn' },
  },
  params: z.strictObject({ lateShare: percentInput.optional() }),
  ...factsObject({ onTime: booleanField }),
  compute: (facts, params, max, explain) => {
    if (facts.onTime) {
      explain?.(`on time → ${max.toText()}`);
      return max;
    }
    const share = params.lateShare;
    if (share === undefined || share.isZero()) {
      explain?.('late → 0');
      return EXACT_ZERO;
    }
    const score = percentOf(max, share);
    explain?.(formula(`late: ${share.toText()}% × ${max.toText()}`, score));
    return score;
  },
});

import { z } from 'zod';
import { decimalText, ZERO } from '../decimal.js';
import { countInput } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

/** The share of tasks completed (1.6.2): max × completed ÷ total. With no task assigned, the max (or 0 by `whenNone`). */
export const shareCompletedRule = defineRule({
  kind: 'share-completed',
  description: 'max × completed ÷ total.',
  params: z.strictObject({ whenNone: z.enum(['full', 'zero']).optional() }),
  facts: z
    .strictObject({ completed: countInput, total: countInput })
    .refine((facts) => facts.completed <= facts.total, { message: 'completed must not exceed total' }),
  compute: (facts, params, max) => {
    if (facts.total === 0) {
      const score = params.whenNone === 'zero' ? ZERO : max;
      return { score, explain: () => `no task assigned → ${decimalText(score)}` };
    }
    const score = max.mul(facts.completed).div(facts.total);
    return {
      score,
      explain: () => formula(`${decimalText(max)} × ${facts.completed} / ${facts.total}`, score),
    };
  },
});

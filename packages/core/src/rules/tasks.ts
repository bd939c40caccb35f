import { z } from 'zod';
import { Decimal, decimalText, ZERO } from '../decimal.js';
import { countInput, decimalInput } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

const DEFAULT_LATE_WEIGHT = new Decimal('0.5');

/**
 * Assigned tasks with credit for late completion (1.6.1): max × (onTime + lateWeight × late) ÷ all tasks.
 * With no task assigned the unit loses nothing, unless the set says `whenNone: zero`.
 */
export const tasksRule = defineRule({
  kind: 'tasks',
  description: 'max × (onTime + lateWeight × late) ÷ (onTime + late + unfinished).',
  params: z.strictObject({
    lateWeight: decimalInput
      .refine((weight) => weight.gte(0) && weight.lte(1), { message: 'lateWeight is between 0 and 1' })
      .optional(),
    whenNone: z.enum(['full', 'zero']).optional(),
  }),
  facts: z.strictObject({ onTime: countInput, late: countInput, unfinished: countInput }),
  compute: (facts, params, max) => {
    const total = facts.onTime + facts.late + facts.unfinished;
    if (total === 0) {
      const score = params.whenNone === 'zero' ? ZERO : max;
      return { score, explain: () => `no task assigned → ${decimalText(score)}` };
    }
    const weight = params.lateWeight ?? DEFAULT_LATE_WEIGHT;
    const score = weight.mul(facts.late).plus(facts.onTime).mul(max).div(total);
    return {
      score,
      explain: () =>
        formula(
          `${decimalText(max)} × (${facts.onTime} + ${decimalText(weight)} × ${facts.late}) / ${total}`,
          score,
        ),
    };
  },
});

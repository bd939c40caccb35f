import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { countField, factsObject } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

/** The share of tasks completed (1.6.2): max × completed ÷ total. With no task assigned, the max (or 0 by `whenNone`). */
export const shareCompletedRule = defineExactRule({
  kind: 'share-completed',
  description: 'max × completed ÷ total.',
  vi: {
    name: 'Theo tỷ lệ hoàn thành',
    params: { whenNone: 'Khi không có việc nào' },
    description: 'Điểm tối đa nhân với số đã hoàn thành, chia cho tổng số.',
    facts: { completed: 'Số đã hoàn thành', total: 'Tổng số' },
  },
  params: z.strictObject({ whenNone: z.enum(['full', 'zero']).optional() }),
  ...factsObject({ completed: countField, total: countField }, (facts) =>
    facts.completed > facts.total ? { message: 'completed must not exceed total' } : undefined,
  ),
  compute: (facts, params, max, explain) => {
    if (facts.total === 0) {
      const score = params.whenNone === 'zero' ? EXACT_ZERO : max;
      explain?.(`no task assigned → ${score.toText()}`);
      return score;
    }
    const score = max.times(facts.completed).dividedBy(facts.total);
    explain?.(formula(`${max.toText()} × ${facts.completed} / ${facts.total}`, score));
    return score;
  },
});

import { z } from 'zod';
import { EXACT_ZERO, Exact } from '../exact.js';
import { exactInput } from '../schema/common.js';
import { countField, factsObject } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

const DEFAULT_LATE_WEIGHT = Exact.parse('0.5')!;

/**
 * Assigned tasks with credit for late completion (1.6.1): max × (onTime + lateWeight × late) ÷ all tasks.
 * With no task assigned the unit loses nothing, unless the set says `whenNone: zero`.
 */
export const tasksRule = defineExactRule({
  kind: 'tasks',
  description: 'max × (onTime + lateWeight × late) ÷ (onTime + late + unfinished).',
  vi: {
    name: 'Theo nhiệm vụ đúng hạn, quá hạn',
    params: {
      lateWeight: 'Hệ số nhiệm vụ quá hạn (từ 0 đến 1), để trống là 0,5',
      whenNone: 'Khi không có nhiệm vụ nào',
    },
    description: 'Điểm tối đa nhân với (số đúng hạn + hệ số × số quá hạn), chia cho tổng số nhiệm vụ.',
    facts: {
      onTime: 'Số nhiệm vụ hoàn thành đúng hạn',
      late: 'Số nhiệm vụ hoàn thành quá hạn',
      unfinished: 'Số nhiệm vụ chưa hoàn thành',
    },
  },
  params: z.strictObject({
    lateWeight: exactInput
      .refine((weight) => weight.gte(0) && weight.lte(1), { message: 'lateWeight is between 0 and 1' })
      .optional(),
    whenNone: z.enum(['full', 'zero']).optional(),
  }),
  ...factsObject({ onTime: countField, late: countField, unfinished: countField }),
  compute: (facts, params, max, explain) => {
    const total = facts.onTime + facts.late + facts.unfinished;
    if (total === 0) {
      const score = params.whenNone === 'zero' ? EXACT_ZERO : max;
      explain?.(`no task assigned → ${score.toText()}`);
      return score;
    }
    const weight = params.lateWeight ?? DEFAULT_LATE_WEIGHT;
    const score = weight.times(facts.late).plus(facts.onTime).times(max).dividedBy(total);
    explain?.(
      formula(`${max.toText()} × (${facts.onTime} + ${weight.toText()} × ${facts.late}) / ${total}`, score),
    );
    return score;
  },
});

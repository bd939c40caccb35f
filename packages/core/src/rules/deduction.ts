import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { nonNegativeExact } from '../schema/common.js';
import { countField, factsObject } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

/** Discipline items: the max less `perViolation` for each violation, never below 0. */
export const deductionRule = defineExactRule({
  kind: 'deduction',
  description: 'max − perViolation × violations, floored at 0.',
  vi: {
    name: 'Trừ điểm theo vi phạm',
    params: { perViolation: 'Số điểm trừ mỗi vi phạm' },
    description: 'Điểm tối đa trừ số điểm mỗi vi phạm nhân với số vi phạm, không dưới 0.',
    facts: { violations: 'Số vi phạm' },
  },
  params: z.strictObject({ perViolation: nonNegativeExact }),
  ...factsObject({ violations: countField }),
  compute: (facts, params, max, explain) => {
    const left = max.minus(params.perViolation.times(facts.violations));
    const score = left.isNegative() ? EXACT_ZERO : left;
    explain?.(
      formula(`max(${max.toText()} − ${params.perViolation.toText()} × ${facts.violations}, 0)`, score),
    );
    return score;
  },
});

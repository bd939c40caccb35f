import { z } from 'zod';
import { decimalText, ZERO } from '../decimal.js';
import { countInput, nonNegativeDecimal } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

/** Discipline items: the max less `perViolation` for each violation, never below 0. */
export const deductionRule = defineRule({
  kind: 'deduction',
  description: 'max − perViolation × violations, floored at 0.',
  params: z.strictObject({ perViolation: nonNegativeDecimal }),
  facts: z.strictObject({ violations: countInput }),
  compute: (facts, params, max) => {
    const left = max.minus(params.perViolation.mul(facts.violations));
    const score = left.isNegative() ? ZERO : left;
    return {
      score,
      explain: () =>
        formula(
          `max(${decimalText(max)} − ${decimalText(params.perViolation)} × ${facts.violations}, 0)`,
          score,
        ),
    };
  },
});

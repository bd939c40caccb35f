import { z } from 'zod';
import { decimalText } from '../decimal.js';
import { countInput, nonNegativeDecimal } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

/** Points for each thing done (e.g. each form of communication used, 1.4.2), capped at the max. */
export const countRule = defineRule({
  kind: 'count',
  description: 'pointsEach × count, capped at the max.',
  params: z.strictObject({ pointsEach: nonNegativeDecimal }),
  facts: z.strictObject({ count: countInput }),
  compute: (facts, params, max) => {
    const uncapped = params.pointsEach.mul(facts.count);
    const score = uncapped.gt(max) ? max : uncapped;
    return {
      score,
      explain: () =>
        formula(`min(${facts.count} × ${decimalText(params.pointsEach)}, ${decimalText(max)})`, score),
    };
  },
});

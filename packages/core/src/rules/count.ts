import { z } from 'zod';

import { nonNegativeExact } from '../schema/common.js';
import { countField, factsObject } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

/** Points for each thing done (e.g. each form of communication used, 1.4.2), capped at the max. */
export const countRule = defineExactRule({
  kind: 'count',
  description: 'pointsEach × count, capped at the max.',
  vi: {
    name: 'Điểm theo số lượng',
    params: { pointsEach: 'Số điểm mỗi lần' },
    description: 'Số điểm mỗi lần nhân với số lượng, không vượt điểm tối đa.',
    facts: { count: 'Số lượng' },
  },
  params: z.strictObject({ pointsEach: nonNegativeExact }),
  ...factsObject({ count: countField }),
  compute: (facts, params, max, explain) => {
    const uncapped = params.pointsEach.times(facts.count);
    const score = uncapped.gt(max) ? max : uncapped;
    explain?.(formula(`min(${facts.count} × ${params.pointsEach.toText()}, ${max.toText()})`, score));
    return score;
  },
});

import { z } from 'zod';
import { decimalText, ZERO } from '../decimal.js';
import { decimalInput } from '../schema/common.js';
import { defineRule } from './rule.js';

/** The appraised score is entered directly; an optional step (e.g. 0.25) says which scores are allowed. */
export const directRule = defineRule({
  kind: 'direct',
  description: 'The score is entered directly, optionally in steps (e.g. 0.25).',
  params: z.strictObject({
    step: decimalInput.refine((step) => step.gt(0), { message: 'the step must be positive' }).optional(),
  }),
  facts: z.custom<never>(() => false, { message: 'this rule takes a score, not facts' }),
  checkEnteredScore: (score, params) =>
    params.step !== undefined && !score.mod(params.step).isZero()
      ? `score ${decimalText(score)} is not a multiple of the step ${decimalText(params.step)}`
      : undefined,
  compute: () => ({ score: ZERO, explain: () => 'no facts' }),
});

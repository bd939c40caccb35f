import { z } from 'zod';
import { EXACT_ZERO } from '../exact.js';
import { exactInput } from '../schema/common.js';
import { defineExactRule } from './rule.js';

/** The appraised score is entered directly; an optional step (e.g. 0.25) says which scores are allowed. */
export const directRule = defineExactRule({
  kind: 'direct',
  description: 'The score is entered directly, optionally in steps (e.g. 0.25).',
  vi: {
    name: 'Nhập điểm theo bước điểm',
    params: { step: 'Bước điểm (để trống nếu không quy định)' },
    description: 'Nhập điểm trực tiếp (theo bước điểm, nếu bộ tiêu chí quy định).',
  },
  params: z.strictObject({
    step: exactInput.refine((step) => step.gt(0), { message: 'the step must be positive' }).optional(),
  }),
  facts: z.custom<never>(() => false, { message: 'this rule takes a score, not facts' }),
  checkEnteredScore: (score, params) =>
    params.step !== undefined && !score.dividedBy(params.step).isInteger()
      ? `score ${score.toText()} is not a multiple of the step ${params.step.toText()}`
      : undefined,
  compute: (_facts, _params, _max, explain) => {
    explain?.('no facts');
    return EXACT_ZERO;
  },
});

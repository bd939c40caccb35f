import { z } from 'zod';
import { EXACT_HUNDRED, EXACT_ZERO } from '../exact.js';
import { percentInput } from '../schema/common.js';
import { metOrRatioFacts, ratioPercent, ratioText } from './ratio.js';
import { defineExactRule } from './rule.js';

/** All or nothing: the max when the requirement is met (a ratio at or above `threshold`, default 100 %), else 0. */
export const metRule = defineExactRule({
  kind: 'met',
  description: 'The max when met (or when a ratio reaches threshold %, default 100), otherwise 0.',
  params: z.strictObject({ threshold: percentInput.optional() }),
  ...metOrRatioFacts,
  compute: (facts, params, max) => {
    if (facts.met !== undefined) {
      return facts.met
        ? { score: max, explain: () => `met → ${max.toText()}` }
        : { score: EXACT_ZERO, explain: () => 'not met → 0' };
    }
    const percent = ratioPercent(facts);
    const threshold = params.threshold ?? EXACT_HUNDRED;
    const met = percent.gte(threshold);
    return {
      score: met ? max : EXACT_ZERO,
      explain: () =>
        `${ratioText(facts, percent)} ${met ? '≥' : '<'} ${threshold.toText()}% → ${met ? max.toText() : '0'}`,
    };
  },
});

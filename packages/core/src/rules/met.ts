import { z } from 'zod';
import { EXACT_ZERO, Exact } from '../exact.js';
import { percentInput } from '../schema/common.js';
import { metOrRatioFacts, readRatio } from './ratio.js';
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
    const ratio = readRatio(facts);
    const threshold = params.threshold ?? Exact.integer(100);
    const met = ratio.percent.gte(threshold);
    return {
      score: met ? max : EXACT_ZERO,
      explain: () =>
        `${ratio.text()} ${met ? '≥' : '<'} ${threshold.toText()}% → ${met ? max.toText() : '0'}`,
    };
  },
});

import { z } from 'zod';
import { Decimal, decimalText, ZERO } from '../decimal.js';
import { percentInput } from '../schema/common.js';
import { metOrRatioFacts, readRatio } from './ratio.js';
import { defineRule } from './rule.js';

/** All or nothing: the max when the requirement is met (a ratio at or above `threshold`, default 100 %), else 0. */
export const metRule = defineRule({
  kind: 'met',
  description: 'The max when met (or when a ratio reaches threshold %, default 100), otherwise 0.',
  params: z.strictObject({ threshold: percentInput.optional() }),
  facts: metOrRatioFacts,
  compute: (facts, params, max) => {
    if (facts.met !== undefined) {
      return facts.met
        ? { score: max, explain: () => `met → ${decimalText(max)}` }
        : { score: ZERO, explain: () => 'not met → 0' };
    }
    const ratio = readRatio(facts);
    const threshold = params.threshold ?? new Decimal(100);
    const met = ratio.percent.gte(threshold);
    return {
      score: met ? max : ZERO,
      explain: () =>
        `${ratio.text()} ${met ? '≥' : '<'} ${decimalText(threshold)}% → ${met ? decimalText(max) : '0'}`,
    };
  },
});

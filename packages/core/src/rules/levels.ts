import { z } from 'zod';
import { Decimal, decimalText } from '../decimal.js';
import { percentInput, textInput } from '../schema/common.js';
import { percentOf } from './ratio.js';
import { defineRule, formula } from './rule.js';

const DEFAULT_LEVELS: Readonly<Record<string, Decimal>> = {
  excellent: new Decimal(100),
  good: new Decimal(75),
  completed: new Decimal(50),
  notCompleted: new Decimal(0),
};

/** A level of completion credits a share of the max (default excellent 100 %, good 75 %, completed 50 %, notCompleted 0). */
export const levelsRule = defineRule({
  kind: 'levels',
  description:
    'A named level credits a share of the max (default excellent 100, good 75, completed 50, notCompleted 0 %).',
  params: z.strictObject({ levels: z.record(textInput, percentInput).optional() }),
  facts: z.strictObject({ level: textInput }),
  checkFacts: (facts, params) => {
    const levels = params.levels ?? DEFAULT_LEVELS;
    return Object.hasOwn(levels, facts.level)
      ? undefined
      : `unknown level '${facts.level}' (levels: ${Object.keys(levels).join(', ')})`;
  },
  compute: (facts, params, max) => {
    const share = (params.levels ?? DEFAULT_LEVELS)[facts.level]!;
    const score = percentOf(max, share);
    return {
      score,
      explain: () => formula(`${facts.level}: ${decimalText(share)}% × ${decimalText(max)}`, score),
    };
  },
});

import { z } from 'zod';
import { Decimal, decimalText } from '../decimal.js';
import { countInput, percentInput, textInput } from '../schema/common.js';
import { defineRule, formula } from './rule.js';

const DEFAULT_CREDITS: Readonly<Record<string, Decimal>> = {
  A: new Decimal(100),
  B: new Decimal(60),
  C: new Decimal(20),
  D: new Decimal(0),
};

/**
 * A survey question: each answer credits a share of the question's points (default A/B/C/D = 100/60/20/0 %),
 * averaged over respondents: max × Σ(count × credit) ÷ (100 × respondents).
 */
export const surveyRule = defineRule({
  kind: 'survey',
  description:
    'Each answer credits a share of the points (default A/B/C/D = 100/60/20/0 %), averaged over respondents.',
  params: z.strictObject({ credits: z.record(textInput, percentInput).optional() }),
  facts: z.strictObject({
    answers: z
      .record(textInput, countInput)
      .refine((answers) => Object.values(answers).some((count) => count > 0), { message: 'no respondent' }),
  }),
  checkFacts: (facts, params) => {
    const credits = params.credits ?? DEFAULT_CREDITS;
    const unknown = Object.keys(facts.answers).find((answer) => !Object.hasOwn(credits, answer));
    return unknown === undefined
      ? undefined
      : `unknown answer '${unknown}' (answers: ${Object.keys(credits).join(', ')})`;
  },
  compute: (facts, params, max) => {
    const credits = params.credits ?? DEFAULT_CREDITS;
    const answered = Object.entries(facts.answers).filter(([, count]) => count > 0);
    let respondents = 0;
    let credited = new Decimal(0);
    for (const [answer, count] of answered) {
      respondents += count;
      credited = credited.plus(credits[answer]!.mul(count));
    }
    const score = max.mul(credited).div(respondents * 100);
    return {
      score,
      explain: () => {
        const terms = answered.map(([answer, count]) => `${count} × ${decimalText(credits[answer]!)}%`);
        return formula(`${decimalText(max)} × (${terms.join(' + ')}) / ${respondents}`, score);
      },
    };
  },
});

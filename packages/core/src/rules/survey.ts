import { z } from 'zod';
import { EXACT_ZERO, Exact } from '../exact.js';
import { percentInput, textInput } from '../schema/common.js';
import { countsByTextField, factsObject } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

const DEFAULT_CREDITS: Readonly<Record<string, Exact>> = {
  A: Exact.integer(100),
  B: Exact.integer(60),
  C: Exact.integer(20),
  D: Exact.integer(0),
};

/**
 * A survey question: each answer credits a share of the question's points (default A/B/C/D = 100/60/20/0 %),
 * averaged over respondents: max × Σ(count × credit) ÷ (100 × respondents).
 */
export const surveyRule = defineExactRule({
  kind: 'survey',
  description:
    'Each answer credits a share of the points (default A/B/C/D = 100/60/20/0 %), averaged over respondents.',
  vi: {
    name: 'Theo phiếu khảo sát',
    params: { credits: 'Các phương án (mỗi dòng: phương án, dấu hai chấm, phần trăm điểm)' },
    description:
      'Mỗi phương án trả lời được một phần điểm (mặc định A/B/C/D = 100/60/20/0 %), bình quân theo số người trả lời.',
    facts: { answers: 'Số phiếu theo từng phương án' },
  },
  params: z.strictObject({ credits: z.record(textInput, percentInput).optional() }),
  ...factsObject({ answers: countsByTextField('no respondent') }),
  checkFacts: (facts, params) => {
    const credits = params.credits ?? DEFAULT_CREDITS;
    for (const answer in facts.answers) {
      if (Object.hasOwn(facts.answers, answer) && !Object.hasOwn(credits, answer))
        return `unknown answer '${answer}' (answers: ${Object.keys(credits).join(', ')})`;
    }
    return undefined;
  },
  compute: (facts, params, max, explain) => {
    const credits = params.credits ?? DEFAULT_CREDITS;
    let respondents = 0;
    let credited = EXACT_ZERO;
    for (const answer in facts.answers) {
      if (!Object.hasOwn(facts.answers, answer)) continue;
      const count = facts.answers[answer]!;
      respondents += count;
      if (count > 0) credited = credited.plus(credits[answer]!.times(count));
    }
    const score = max.times(credited).dividedBy(respondents * 100);
    explain?.(
      formula(
        `${max.toText()} × (${Object.entries(facts.answers)
          .filter(([, count]) => count > 0)
          .map(([answer, count]) => `${count} × ${credits[answer]!.toText()}%`)
          .join(' + ')}) / ${respondents}`,
        score,
      ),
    );
    return score;
  },
});

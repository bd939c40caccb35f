import { z } from 'zod';
import { EXACT_ZERO, Exact } from '../exact.js';
import { percentInput, textInput } from '../schema/common.js';
import { countsByGroupField, countsByTextField, factsObject, optional } from '../schema/fields.js';
import { defineExactRule, formula } from './rule.js';

/** At most this many answer options a survey question offers. */
export const MAX_SURVEY_OPTIONS = 10;

const DEFAULT_CREDITS: Readonly<Record<string, Exact | null>> = {
  A: Exact.integer(100),
  B: Exact.integer(60),
  C: Exact.integer(20),
  D: Exact.integer(0),
};

type Counts = Readonly<Record<string, number>>;
type Credits = Readonly<Record<string, Exact | null>>;

/** The options a survey criterion offers and what each credits (null: not counted), from its rule's params. */
export function surveyCredits(params: unknown): Credits {
  return (params as { credits?: Credits | undefined }).credits ?? DEFAULT_CREDITS;
}

/** What counts of answers credit: the respondents counted (options with a credit) and Σ(count × credit). */
function credited(counts: Counts, credits: Credits): { respondents: number; credit: Exact } {
  let respondents = 0;
  // Whole percentages (the default A/B/C/D) credit an integer, added up as a number; others, exactly.
  let whole = 0;
  let credit = EXACT_ZERO;
  for (const answer in counts) {
    if (!Object.hasOwn(counts, answer)) continue;
    const count = counts[answer]!;
    const share = credits[answer];
    // An option without a credit ("không biết") is left out of the count, not counted as 0.
    if (share === null || share === undefined || count === 0) continue;
    respondents += count;
    const percent = share.scaledTo(0);
    if (percent !== undefined && Number.isSafeInteger(whole + percent * count)) whole += percent * count;
    else credit = credit.plus(share.times(count));
  }
  return { respondents, credit: credit.plus(whole) };
}

/** The respondents counted (those of options with a credit), without adding up what they credit. */
function respondentsCounted(counts: Counts, credits: Credits): number {
  let respondents = 0;
  for (const answer in counts) {
    if (!Object.hasOwn(counts, answer)) continue;
    const share = credits[answer];
    if (share !== null && share !== undefined) respondents += counts[answer]!;
  }
  return respondents;
}

/** The first answer that is not one of the options, if any. */
function unknownAnswer(counts: Counts, credits: Credits): string | undefined {
  for (const answer in counts)
    if (Object.hasOwn(counts, answer) && !Object.hasOwn(credits, answer)) return answer;
  return undefined;
}

/** `6 × 100% + 3 × 60%`: the counts that credit something, as the trace shows them. */
function termsOf(counts: Counts, credits: Credits): string {
  return Object.entries(counts)
    .filter(([answer, count]) => count > 0 && credits[answer] != null)
    .map(([answer, count]) => `${count} × ${credits[answer]!.toText()}%`)
    .join(' + ');
}

/**
 * A survey question: each answer credits a share of the question's points (default A/B/C/D = 100/60/20/0 %),
 * averaged over the respondents counted: max × Σ(count × credit) ÷ (100 × respondents). An option whose
 * credit is `null` ("không biết") is left out of the count. Counts may be given by respondent group
 * (`groups`): the question's points are then the mean of the groups' shares, each group that counts anyone
 * weighing the same. Whether too few respondents make the criterion not applicable is the survey's to
 * decide (a tally writes `notApplicable` then); the rule never divides by zero: facts that count nobody
 * are refused.
 */
export const surveyRule = defineExactRule({
  kind: 'survey',
  description:
    'Each answer credits a share of the points (default A/B/C/D = 100/60/20/0 %; null: not counted), averaged over respondents, or over groups.',
  vi: {
    name: 'Theo phiếu khảo sát',
    params: {
      credits:
        'Các phương án (mỗi dòng: phương án, dấu hai chấm, phần trăm điểm; "không tính" cho phương án không đưa vào số người trả lời)',
    },
    description:
      'Mỗi phương án trả lời được một phần điểm (mặc định A/B/C/D = 100/60/20/0 %), bình quân theo số người trả lời được tính, hoặc bình quân theo nhóm.',
    facts: { answers: 'Số phiếu theo từng phương án', groups: 'Số phiếu theo từng nhóm và phương án' },
  },
  params: z.strictObject({
    credits: z
      .record(textInput, percentInput.nullable())
      .refine((credits) => Object.keys(credits).length <= MAX_SURVEY_OPTIONS, {
        message: `at most ${MAX_SURVEY_OPTIONS} options`,
      })
      .refine((credits) => Object.values(credits).some((credit) => credit !== null), {
        message: 'at least one option must credit points',
      })
      .optional(),
  }),
  ...factsObject(
    { answers: optional(countsByTextField('no respondent')), groups: optional(countsByGroupField) },
    ({ answers, groups }) =>
      (answers === undefined) === (groups === undefined)
        ? { message: 'give { answers } or { groups }' }
        : undefined,
  ),
  checkFacts: (facts, params) => {
    const credits = surveyCredits(params);
    // Written only for a problem: the check runs for every unit's every survey item.
    const known = () => Object.keys(credits).join(', ');
    if (facts.answers !== undefined) {
      const unknown = unknownAnswer(facts.answers, credits);
      if (unknown !== undefined) return `unknown answer '${unknown}' (answers: ${known()})`;
      if (respondentsCounted(facts.answers, credits) === 0)
        return 'no respondent counted: every answer is of an option not counted';
      return undefined;
    }
    let countingGroups = 0;
    for (const [group, counts] of Object.entries(facts.groups ?? {})) {
      const unknown = unknownAnswer(counts, credits);
      if (unknown !== undefined)
        return `unknown answer '${unknown}' in group '${group}' (answers: ${known()})`;
      if (respondentsCounted(counts, credits) > 0) countingGroups++;
    }
    return countingGroups === 0 ? 'no respondent counted in any group' : undefined;
  },
  compute: (facts, params, max, explain) => {
    const credits = surveyCredits(params);
    if (facts.answers !== undefined) {
      const { respondents, credit } = credited(facts.answers, credits);
      const score = max.times(credit).dividedBy(respondents * 100);
      explain?.(formula(`${max.toText()} × (${termsOf(facts.answers, credits)}) / ${respondents}`, score));
      return score;
    }
    // The mean of the groups' shares: max × Σ_g (credit_g ÷ respondents_g) ÷ (100 × groups).
    let shares = EXACT_ZERO;
    let groups = 0;
    const terms: string[] = [];
    for (const [group, counts] of Object.entries(facts.groups!)) {
      const { respondents, credit } = credited(counts, credits);
      if (respondents === 0) continue;
      shares = shares.plus(credit.dividedBy(respondents));
      groups++;
      terms.push(`${group}: (${termsOf(counts, credits)}) / ${respondents}`);
    }
    const score = max.times(shares).dividedBy(groups * 100);
    explain?.(formula(`${max.toText()} × mean of ${groups} groups [${terms.join('; ')}]`, score));
    return score;
  },
});

import { z } from 'zod';
import type { CriteriaSet } from './criteria-set.js';
import { fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { MAX_SURVEY_OPTIONS, surveyCredits } from './rules/survey.js';
import { codeInput, countInput, fromZodIssues, parseFast, textInput } from './schema/common.js';
import { MAX_GROUPS } from './schema/fields.js';
import type { SurveyProblem } from './survey-problems.js';

/**
 * The survey part of a set (điều tra xã hội học): respondent groups rate units on forms whose questions
 * each ask about one survey criterion (a leaf scored by the `survey` rule), once per unit rated. The
 * survey never scores by itself: `tallySurvey` counts the answers per unit and criterion and writes the
 * entries that the `survey` rule scores, or, where fewer than the plan's minimum were counted, marks the
 * criterion not applicable (it leaves the unit's maximum, as Thanh Hóa and Hà Nội do), never 0.
 */

/** The bounds of a survey plan, of one response, and of the respondents one count of answers counts. */
export const SURVEY_LIMITS = {
  groups: MAX_GROUPS,
  unitsPerGroup: 200,
  questionsPerForm: 200,
  options: MAX_SURVEY_OPTIONS,
  answersPerResponse: 5_000,
  respondentsPerCount: 1_000_000,
} as const;

export interface SurveyQuestion {
  /** The survey criterion the question is about. */
  readonly code: string;
  /** The question as the form asks it. */
  readonly text: string;
}

export interface SurveyGroup {
  readonly id: string;
  readonly name: string;
  /** The units this group rates (ids of the round's units): a group rates units it does not belong to. */
  readonly units: readonly string[];
  /** Its form: every respondent answers each question for every unit the group rates. */
  readonly questions: readonly SurveyQuestion[];
  /** Respondents wanted per unit rated, for the response rate; none when not set. */
  readonly quota: number | undefined;
}

export interface SurveyPlan {
  readonly groups: readonly SurveyGroup[];
  /** Fewer respondents counted than this for a unit and criterion: the criterion is not applicable there. */
  readonly minimumRespondents: number;
  /** `pooled`: every group's answers counted together; `by-group`: the mean of the groups' shares. */
  readonly pooling: 'pooled' | 'by-group';
}

/** One respondent's answers: by unit rated, by criterion code, the option chosen or null when left blank. */
export interface SurveyResponse {
  readonly group: string;
  readonly answers: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
}

/**
 * Answers counted elsewhere (a tally sheet from paper forms counted by hand, or another survey tool): for one
 * group and one unit it rates, how many respondents, and per question how many chose each option. The
 * respondents who chose none of a question's options left it blank.
 */
export interface SurveyCounts {
  readonly group: string;
  readonly unit: string;
  readonly respondents: number;
  /** By criterion code, by option: how many chose it (an option left out: none). */
  readonly answers: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * A survey criterion's points for one unit in each place they are written (exact decimal text): what the
 * survey's counts score (`null` where too few were counted: not applicable), and, where the unit has them, its
 * self-assessment's and its appraisal's, so that they can be set against each other.
 */
export interface SurveyPoints {
  readonly survey: string | null;
  readonly self?: string | null;
  readonly appraised?: string | null;
}

/**
 * Where a unit's self-assessment or appraisal gives a survey criterion other points than its survey does:
 * `self`, `appraised`, both or neither (a place not written differs from nothing).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { surveyPointsDiffering } from '@cchc/core';
 * assert.deepEqual(surveyPointsDiffering({ survey: '1.62', self: '2', appraised: '1.62' }), ['self']);
 * ```
 */
export function surveyPointsDiffering(points: SurveyPoints): ('self' | 'appraised')[] {
  return (['self', 'appraised'] as const).filter(
    (place) => points[place] !== undefined && points[place] !== points.survey,
  );
}

/** What the answers of one group (or of all) say of one unit and criterion. */
export interface SurveyCount {
  /** Respondents who chose an option (blanks are not respondents of the question). */
  readonly answered: number;
  /** Of them, those whose option credits points: the divisor of the `survey` rule. */
  readonly counted: number;
  /** Respondents of the group who left the question blank for this unit. */
  readonly blank: number;
  /** By option, how many chose it (every option of the criterion, 0 included). */
  readonly options: Readonly<Record<string, number>>;
}

export interface CriterionSurveyTally extends SurveyCount {
  /** By group id, the same counts for the groups that ask about this criterion. */
  readonly groups: Readonly<Record<string, SurveyCount>>;
  /** False when too few were counted: the entry makes the criterion not applicable. */
  readonly applicable: boolean;
}

export interface UnitSurveyTally {
  /** The entries for the unit's survey criteria, to go into its assessment (see `SurveyPlan`). */
  readonly entries: Readonly<Record<string, SurveyEntry>>;
  readonly criteria: Readonly<Record<string, CriterionSurveyTally>>;
  /** Respondents who answered about this unit, by group id (a response that rates the unit counts once). */
  readonly respondents: Readonly<Record<string, number>>;
}

/** An entry the tally writes: the counts the `survey` rule scores, or not applicable with the reason. */
export type SurveyEntry =
  | {
      readonly facts:
        | { readonly answers: Readonly<Record<string, number>> }
        | { readonly groups: Readonly<Record<string, Readonly<Record<string, number>>>> };
      readonly note: string;
    }
  | { readonly notApplicable: true; readonly note: string };

export interface SurveyTally {
  /** By unit id, for every unit some group rates. */
  readonly units: Readonly<Record<string, UnitSurveyTally>>;
}

const questionSchema = z.strictObject({ code: codeInput, text: textInput });
const groupSchema = z.strictObject({
  id: codeInput,
  name: textInput,
  units: z.array(textInput).min(1).max(SURVEY_LIMITS.unitsPerGroup),
  questions: z.array(questionSchema).min(1).max(SURVEY_LIMITS.questionsPerForm),
  quota: countInput.positive().optional(),
});
const planSchema = z.strictObject({
  groups: z.array(groupSchema).min(1).max(SURVEY_LIMITS.groups),
  minimumRespondents: countInput.positive().optional(),
  pooling: z.enum(['pooled', 'by-group']).optional(),
});

/** A survey plan as its input document is written (JSON). */
export type SurveyPlanInput = z.input<typeof planSchema>;

const surveyIssue = (
  problem: SurveyProblem,
  path: Issue['path'],
  params: Record<string, string | number> = {},
) => issue('invalid_survey', path, { problem, ...params });

/**
 * Reads a survey plan against the set its questions ask about: every question tied to a leaf scored by
 * the `survey` rule, ids, units and questions once each, within `SURVEY_LIMITS`. Units are the caller's
 * to check against its round.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet, parseSurveyPlan, unwrap } from '@cchc/core';
 * const set = unwrap(parseCriteriaSet({
 *   id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }],
 *   criteria: [{ code: '1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
 * }));
 * const plan = parseSurveyPlan(set, {
 *   groups: [{ id: 'dan', name: 'Người dân', units: ['xa-a'], questions: [{ code: '1', text: 'Ông/bà có hài lòng?' }] }],
 * });
 * assert.ok(plan.success);
 * assert.equal(plan.data.minimumRespondents, 1);
 * ```
 */
export function parseSurveyPlan(set: CriteriaSet, input: unknown): Outcome<SurveyPlan> {
  const parsed = parseFast(planSchema, input);
  if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));
  const issues: Issue[] = [];
  const groupIds = new Set<string>();
  const groupNames = new Set<string>();
  for (const [at, group] of parsed.data.groups.entries()) {
    if (groupIds.has(group.id))
      issues.push(surveyIssue('group_twice', ['groups', at, 'id'], { group: group.id }));
    // Names too: counts by group are written under the group's name (see tallySurvey).
    if (groupNames.has(group.name))
      issues.push(surveyIssue('group_twice', ['groups', at, 'name'], { group: group.name }));
    groupIds.add(group.id);
    groupNames.add(group.name);
    const units = new Set<string>();
    for (const [position, unit] of group.units.entries()) {
      if (units.has(unit))
        issues.push(surveyIssue('unit_twice', ['groups', at, 'units', position], { unit }));
      units.add(unit);
    }
    // Every respondent answers each question for each unit: a form past what one response may hold
    // could never be sent.
    if (group.units.length * group.questions.length > SURVEY_LIMITS.answersPerResponse)
      issues.push(
        surveyIssue('too_many', ['groups', at], { what: 'answers', max: SURVEY_LIMITS.answersPerResponse }),
      );
    const codes = new Set<string>();
    for (const [position, question] of group.questions.entries()) {
      const path = ['groups', at, 'questions', position, 'code'];
      if (codes.has(question.code)) issues.push(surveyIssue('question_twice', path, { code: question.code }));
      codes.add(question.code);
      const criterion = set.byCode.get(question.code);
      if (criterion === undefined) issues.push(issue('unknown_code', path, { code: question.code }));
      else if (criterion.children.length > 0 || criterion.rule?.definition.kind !== 'survey')
        issues.push(
          surveyIssue('not_survey_criterion', path, {
            code: question.code,
            kind: criterion.rule?.definition.kind ?? '',
          }),
        );
    }
  }
  if (issues.length > 0) return fail(issues);
  return succeed({
    groups: parsed.data.groups.map((group) => ({ ...group, quota: group.quota })),
    minimumRespondents: parsed.data.minimumRespondents ?? 1,
    pooling: parsed.data.pooling ?? 'pooled',
  });
}

/** A group as the tally reads it: its units and, by criterion code, the criterion's options in order. */
interface ReadyGroup {
  readonly group: SurveyGroup;
  readonly units: ReadonlySet<string>;
  readonly options: ReadonlyMap<string, readonly string[]>;
}

function readyGroups(set: CriteriaSet, plan: SurveyPlan): Map<string, ReadyGroup> {
  return new Map(
    plan.groups.map((group) => [
      group.id,
      {
        group,
        units: new Set(group.units),
        options: new Map(
          group.questions.map((question) => [
            question.code,
            Object.keys(surveyCredits(set.byCode.get(question.code)!.rule!.params)),
          ]),
        ),
      },
    ]),
  );
}

/**
 * What is wrong with one response, as issues under `path` (the response's place in its document): its
 * group, the units it rates, the questions and options it answers, and its size. Empty when it is right.
 */
export function surveyResponseIssues(
  set: CriteriaSet,
  plan: SurveyPlan,
  response: SurveyResponse,
  path: Issue['path'] = [],
): Issue[] {
  return checkResponse(readyGroups(set, plan), response, path);
}

function checkResponse(
  groups: ReadonlyMap<string, ReadyGroup>,
  response: SurveyResponse,
  path: Issue['path'],
): Issue[] {
  const ready = groups.get(response.group);
  if (ready === undefined)
    return [surveyIssue('unknown_group', [...path, 'group'], { group: response.group })];
  // Counted first: a response past the bound is refused as such, whatever else is wrong in it.
  let answers = 0;
  for (const unit in response.answers) answers += Object.keys(response.answers[unit] ?? {}).length;
  if (answers > SURVEY_LIMITS.answersPerResponse)
    return [
      surveyIssue('too_many', [...path, 'answers'], {
        what: 'answers',
        max: SURVEY_LIMITS.answersPerResponse,
      }),
    ];
  const issues: Issue[] = [];
  for (const [unit, byCode] of Object.entries(response.answers)) {
    if (!ready.units.has(unit)) {
      issues.push(surveyIssue('unit_not_rated', [...path, 'answers', unit], { unit, group: ready.group.id }));
      continue;
    }
    for (const [code, option] of Object.entries(byCode)) {
      const options = ready.options.get(code);
      if (options === undefined)
        issues.push(
          surveyIssue('question_not_asked', [...path, 'answers', unit, code], {
            code,
            group: ready.group.id,
          }),
        );
      else if (option !== null && !options.includes(option))
        issues.push(
          surveyIssue('unknown_option', [...path, 'answers', unit, code], {
            code,
            option: String(option),
            options: options.join(', '),
          }),
        );
      // The first twenty say enough; the rest of a broken response is not read.
      if (issues.length >= 20) return issues;
    }
  }
  return issues;
}

/**
 * What is wrong with answers counted elsewhere, as issues under `path`: its group, the unit (one the group
 * rates), the respondents and every count (whole numbers within `SURVEY_LIMITS.respondentsPerCount`), the
 * questions (its form's) and options (theirs), and no question counted more often than there were respondents.
 * Empty when it is right.
 */
export function surveyCountsIssues(
  set: CriteriaSet,
  plan: SurveyPlan,
  counts: SurveyCounts,
  path: Issue['path'] = [],
): Issue[] {
  return checkCounts(readyGroups(set, plan), counts, path);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isSafeInteger(value) &&
  value >= 0 &&
  value <= SURVEY_LIMITS.respondentsPerCount;
const notACount = (value: unknown, path: Issue['path']) =>
  surveyIssue('not_a_count', path, { value: String(value), max: SURVEY_LIMITS.respondentsPerCount });

function checkCounts(
  groups: ReadonlyMap<string, ReadyGroup>,
  counts: SurveyCounts,
  path: Issue['path'],
): Issue[] {
  const ready = groups.get(counts.group);
  if (ready === undefined) return [surveyIssue('unknown_group', [...path, 'group'], { group: counts.group })];
  if (!ready.units.has(counts.unit))
    return [surveyIssue('unit_not_rated', [...path, 'unit'], { unit: counts.unit, group: ready.group.id })];
  if (!isCount(counts.respondents)) return [notACount(counts.respondents, [...path, 'respondents'])];
  const issues: Issue[] = [];
  for (const [code, byOption] of Object.entries(counts.answers)) {
    const options = ready.options.get(code);
    if (options === undefined) {
      issues.push(
        surveyIssue('question_not_asked', [...path, 'answers', code], { code, group: ready.group.id }),
      );
      continue;
    }
    let answered = 0;
    for (const [option, count] of Object.entries(byOption)) {
      if (!options.includes(option))
        issues.push(
          surveyIssue('unknown_option', [...path, 'answers', code, option], {
            code,
            option,
            options: options.join(', '),
          }),
        );
      else if (!isCount(count)) issues.push(notACount(count, [...path, 'answers', code, option]));
      else answered += count;
    }
    if (answered > counts.respondents)
      issues.push(
        surveyIssue('counts_exceed', [...path, 'answers', code], {
          code,
          answered,
          respondents: counts.respondents,
        }),
      );
    if (issues.length >= 20) return issues;
  }
  return issues;
}

/** Counts being made for one unit and criterion: per group, per option (in the criterion's order), and blanks. */
interface Counting {
  readonly options: readonly string[];
  /** By group id: counts per option, then the blanks in the last place. */
  readonly byGroup: Map<string, number[]>;
}

/**
 * Counts the responses per unit and criterion, with the answers `counted` elsewhere added to them (a tally
 * sheet: `SurveyCounts`), and writes each survey criterion's entry: the counts the `survey` rule scores
 * (pooled, or by group as the plan says), or not applicable where fewer than the plan's minimum were counted. Every unit the plan rates gets every criterion its groups ask about, those
 * nobody answered not applicable. A response that does not fit the plan refuses the tally, with its path.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet, parseSurveyPlan, tallySurvey, unwrap } from '@cchc/core';
 * const set = unwrap(parseCriteriaSet({
 *   id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }],
 *   criteria: [{ code: '1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
 * }));
 * const plan = unwrap(parseSurveyPlan(set, {
 *   groups: [{ id: 'dan', name: 'Người dân', units: ['xa-a'], questions: [{ code: '1', text: 'Ông/bà có hài lòng?' }] }],
 * }));
 * const tally = unwrap(tallySurvey(set, plan, [
 *   { group: 'dan', answers: { 'xa-a': { '1': 'A' } } },
 *   { group: 'dan', answers: { 'xa-a': { '1': 'B' } } },
 * ]));
 * assert.deepEqual(tally.units['xa-a']!.entries['1'], {
 *   facts: { answers: { A: 1, B: 1, C: 0, D: 0 } },
 *   note: 'Khảo sát: 2 người trả lời được tính',
 * });
 * ```
 */
export function tallySurvey(
  set: CriteriaSet,
  plan: SurveyPlan,
  responses: Iterable<SurveyResponse>,
  counted: Iterable<SurveyCounts> = [],
): Outcome<SurveyTally> {
  const groups = readyGroups(set, plan);
  // By unit, by criterion code.
  const counts = new Map<string, Map<string, Counting>>();
  const respondents = new Map<string, Map<string, number>>();
  for (const { group, units, options } of groups.values()) {
    for (const unit of units) {
      const byCode = counts.get(unit) ?? new Map<string, Counting>();
      counts.set(unit, byCode);
      for (const [code, codeOptions] of options) {
        const counting = byCode.get(code) ?? { options: codeOptions, byGroup: new Map() };
        counting.byGroup.set(group.id, new Array<number>(codeOptions.length + 1).fill(0));
        byCode.set(code, counting);
      }
    }
  }
  let position = 0;
  for (const response of responses) {
    const problems = checkResponse(groups, response, ['responses', position]);
    if (problems.length > 0) return fail(problems);
    const { options } = groups.get(response.group)!;
    for (const unit in response.answers) {
      const answered = response.answers[unit]!;
      const byCode = counts.get(unit)!;
      let any = false;
      for (const code of options.keys()) {
        const slots = byCode.get(code)!.byGroup.get(response.group)!;
        const option = answered[code];
        // A question the response leaves out, or answers null, is blank for that unit.
        if (option === undefined || option === null) slots[slots.length - 1]!++;
        else {
          slots[options.get(code)!.indexOf(option)]!++;
          any = true;
        }
      }
      if (any) {
        const byGroup = respondents.get(unit) ?? new Map<string, number>();
        byGroup.set(response.group, (byGroup.get(response.group) ?? 0) + 1);
        respondents.set(unit, byGroup);
      }
    }
    position++;
  }
  position = 0;
  for (const sheet of counted) {
    const problems = checkCounts(groups, sheet, ['counts', position]);
    if (problems.length > 0) return fail(problems);
    const { options } = groups.get(sheet.group)!;
    const byCode = counts.get(sheet.unit)!;
    for (const [code, codeOptions] of options) {
      const slots = byCode.get(code)!.byGroup.get(sheet.group)!;
      let answered = 0;
      for (const [option, count] of Object.entries(sheet.answers[code] ?? {})) {
        slots[codeOptions.indexOf(option)]! += count;
        answered += count;
      }
      slots[slots.length - 1]! += sheet.respondents - answered;
    }
    if (sheet.respondents > 0) {
      const byGroup = respondents.get(sheet.unit) ?? new Map<string, number>();
      byGroup.set(sheet.group, (byGroup.get(sheet.group) ?? 0) + sheet.respondents);
      respondents.set(sheet.unit, byGroup);
    }
    position++;
  }
  const units: Record<string, UnitSurveyTally> = {};
  for (const [unit, byCode] of counts) {
    const entries: Record<string, SurveyEntry> = {};
    const criteria: Record<string, CriterionSurveyTally> = {};
    for (const [code, counting] of byCode) {
      const tallied = tallyCriterion(set, plan, code, counting);
      entries[code] = tallied.entry;
      criteria[code] = tallied.tally;
    }
    units[unit] = { entries, criteria, respondents: Object.fromEntries(respondents.get(unit) ?? []) };
  }
  return succeed({ units });
}

function countOf(
  options: readonly string[],
  slots: readonly number[],
  credited: ReadonlySet<string>,
): SurveyCount {
  let answered = 0;
  let counted = 0;
  const byOption: Record<string, number> = {};
  for (const [at, option] of options.entries()) {
    const count = slots[at]!;
    byOption[option] = count;
    answered += count;
    if (credited.has(option)) counted += count;
  }
  return { answered, counted, blank: slots[options.length]!, options: byOption };
}

function tallyCriterion(
  set: CriteriaSet,
  plan: SurveyPlan,
  code: string,
  counting: Counting,
): { entry: SurveyEntry; tally: CriterionSurveyTally } {
  const credits = surveyCredits(set.byCode.get(code)!.rule!.params);
  const credited = new Set(Object.keys(credits).filter((option) => credits[option] !== null));
  const { options } = counting;
  const groups: Record<string, SurveyCount> = {};
  const pooledSlots = new Array<number>(options.length + 1).fill(0);
  for (const [group, slots] of counting.byGroup) {
    groups[group] = countOf(options, slots, credited);
    for (const [at, count] of slots.entries()) pooledSlots[at]! += count;
  }
  const pooled = countOf(options, pooledSlots, credited);
  const minimum = plan.minimumRespondents;
  const tooFew = (counted: number) =>
    `Khảo sát: ${counted} người trả lời được tính, dưới mức tối thiểu ${minimum}: tiêu chí không tính vào điểm tối đa`;
  if (plan.pooling === 'pooled') {
    const applicable = pooled.counted >= minimum;
    return {
      entry: applicable
        ? { facts: { answers: pooled.options }, note: `Khảo sát: ${pooled.counted} người trả lời được tính` }
        : { notApplicable: true, note: tooFew(pooled.counted) },
      tally: { ...pooled, groups, applicable },
    };
  }
  // By group: a group with too few counted is left out of the mean; with none left, not applicable.
  const names = new Map(plan.groups.map((group) => [group.id, group.name]));
  const kept = Object.entries(groups).filter(([, count]) => count.counted >= minimum);
  const applicable = kept.length > 0;
  return {
    entry: applicable
      ? {
          facts: {
            groups: Object.fromEntries(kept.map(([group, count]) => [names.get(group)!, count.options])),
          },
          note: `Khảo sát: bình quân ${kept.length} nhóm, ${kept.map(([group, count]) => `${names.get(group)} ${count.counted} người`).join(', ')}`,
        }
      : {
          notApplicable: true,
          note: `Khảo sát: không nhóm nào có đủ ${minimum} người trả lời được tính: tiêu chí không tính vào điểm tối đa`,
        },
    tally: { ...pooled, groups, applicable },
  };
}

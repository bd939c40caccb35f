import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAssessment } from './assessment.js';
import { parseCriteriaSet } from './criteria-set.js';
import { issueMessage, unwrap } from './issues.js';
import type { AssessmentInput } from './schema/assessment.js';
import type { CriteriaSetInput } from './schema/criteria-set.js';
import { scoreAssessment } from './score.js';
import {
  type CriterionSurveyTally,
  parseSurveyPlan,
  type SurveyCounts,
  type SurveyPlanInput,
  type SurveyResponse,
  tallySurvey,
} from './survey.js';

const CLASSES = [
  { label: 'Xuất sắc', min: 90 },
  { label: 'Tốt', min: 80 },
  { label: 'Khá', min: 65 },
  { label: 'Trung bình', min: 50 },
  { label: 'Yếu', min: 0 },
];
/** Yên Bái's survey app: A 100 / B 60 / C 20 / D 0 %, "không biết" left out of the count. */
const YEN_BAI_CREDITS = { A: 100, B: 60, C: 20, D: 0, 'không biết': null };

/**
 * A set of `appraised` points scored directly and survey criteria of `surveyMax` points each: the shape of
 * a provincial set whose "impact" part is surveyed.
 */
function setWithSurvey(appraised: number, surveyMaxes: readonly number[]): CriteriaSetInput {
  return {
    id: 'khao-sat',
    title: 'Bộ tiêu chí có phần khảo sát',
    classes: CLASSES,
    criteria: [
      {
        code: '1',
        name: 'Kết quả thực hiện',
        children: [{ code: '1.1', name: 'Các nhiệm vụ', max: appraised }],
      },
      {
        code: '2',
        name: 'Khảo sát sự hài lòng',
        children: surveyMaxes.map((max, at) => ({
          code: `2.${at + 1}`,
          name: `Câu hỏi ${at + 1}`,
          max,
          rule: { kind: 'survey', credits: YEN_BAI_CREDITS },
        })),
      },
    ],
  } as CriteriaSetInput;
}

/** `count` responses of `group` for `unit`, each giving `option` to criterion `code`. */
function responses(
  group: string,
  unit: string,
  code: string,
  counts: Record<string, number>,
): SurveyResponse[] {
  return Object.entries(counts).flatMap(([option, count]) =>
    Array.from({ length: count }, () => ({ group, answers: { [unit]: { [code]: option } } })),
  );
}

function scoreWith(set: CriteriaSetInput, unit: string, entries: NonNullable<AssessmentInput['entries']>) {
  const parsedSet = unwrap(parseCriteriaSet(set));
  return unwrap(
    scoreAssessment(
      parsedSet,
      unwrap(parseAssessment({ criteriaSet: set.id, unit: { id: unit, name: unit }, period: 2023, entries })),
    ),
  );
}

describe('tallySurvey', () => {
  const set = unwrap(parseCriteriaSet(setWithSurvey(98, [2])));
  const plan = (extra: Partial<SurveyPlanInput> = {}) =>
    unwrap(
      parseSurveyPlan(set, {
        groups: [
          {
            id: 'lanh-dao',
            name: 'Lãnh đạo',
            units: ['so-a'],
            questions: [{ code: '2.1', text: 'Mức độ hài lòng?' }],
          },
        ],
        ...extra,
      }),
    );
  const yenBai = responses('lanh-dao', 'so-a', '2.1', { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 });

  it('counts Yên Bái answers into the entry the survey rule scores: 1,50 of 2, "không biết" out of the count', () => {
    const tally = unwrap(tallySurvey(set, plan(), yenBai)).units['so-a']!;
    expect(tally.entries['2.1']).toEqual({
      facts: { answers: { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 } },
      note: 'Khảo sát: 20 người trả lời được tính',
    });
    expect(tally.criteria['2.1']).toMatchObject({ answered: 23, counted: 20, blank: 0, applicable: true });
    expect(tally.respondents).toEqual({ 'lanh-dao': 23 });
    const result = scoreWith(setWithSurvey(98, [2]), 'so-a', { '1.1': { score: 98 }, ...tally.entries });
    const node = result.nodes[1]!.children[0]!;
    expect(node.achieved?.toFixed()).toBe('1.5');
    expect(node.trace).toBe('survey: 2 × (11 × 100% + 6 × 60% + 2 × 20% + 1 × 0%) / 20 = 1.5');
  });

  it('makes the criterion not applicable, never 0, when fewer than the minimum were counted (Yên Bái, 25)', () => {
    const tally = unwrap(tallySurvey(set, plan({ minimumRespondents: 25 }), yenBai)).units['so-a']!;
    expect(tally.entries['2.1']).toEqual({
      notApplicable: true,
      note: 'Khảo sát: 20 người trả lời được tính, dưới mức tối thiểu 25: tiêu chí không tính vào điểm tối đa',
    });
    const result = scoreWith(setWithSurvey(98, [2]), 'so-a', { '1.1': { score: 98 }, ...tally.entries });
    // 98 of 98: the 2 survey points left the maximum.
    expect([result.achieved.toFixed(), result.max.toFixed(), result.index.toFixed()]).toEqual([
      '98',
      '98',
      '100',
    ]);
  });

  it("gives Thanh Hóa's Ban Dân tộc 68,32 of 84 → 81,33 % when its 16 survey points are not applicable", () => {
    // QĐ 600/QĐ-UBND: six departments with too few respondents had the 16 survey points removed.
    const thanhHoa = setWithSurvey(84, [8, 8]);
    const parsed = unwrap(parseCriteriaSet(thanhHoa));
    const surveyPlan = unwrap(
      parseSurveyPlan(parsed, {
        minimumRespondents: 10,
        groups: [
          {
            id: 'doanh-nghiep',
            name: 'Doanh nghiệp',
            units: ['ban-dan-toc'],
            questions: [
              { code: '2.1', text: 'Câu 1' },
              { code: '2.2', text: 'Câu 2' },
            ],
          },
        ],
      }),
    );
    const few = [
      ...responses('doanh-nghiep', 'ban-dan-toc', '2.1', { A: 4, B: 2 }),
      ...responses('doanh-nghiep', 'ban-dan-toc', '2.2', { A: 3 }),
    ];
    const tally = unwrap(tallySurvey(parsed, surveyPlan, few)).units['ban-dan-toc']!;
    const result = scoreWith(thanhHoa, 'ban-dan-toc', { '1.1': { score: '68,32' }, ...tally.entries });
    expect([result.achieved.toFixed(), result.max.toFixed(), result.index.toFixed(2)]).toEqual([
      '68.32',
      '84',
      '81.33',
    ]);
    expect(result.classification).toBe('Tốt');
  });

  it("rescales Hà Nội's optional 30-point survey when none is held: nobody answered, every survey criterion out", () => {
    const haNoi = setWithSurvey(70, [10, 10, 10]);
    const parsed = unwrap(parseCriteriaSet(haNoi));
    const surveyPlan = unwrap(
      parseSurveyPlan(parsed, {
        groups: [
          {
            id: 'nguoi-dan',
            name: 'Người dân',
            units: ['phuong-a'],
            questions: ['2.1', '2.2', '2.3'].map((code) => ({ code, text: `Câu ${code}` })),
          },
        ],
      }),
    );
    const tally = unwrap(tallySurvey(parsed, surveyPlan, [])).units['phuong-a']!;
    expect(Object.values(tally.entries).every((entry) => 'notApplicable' in entry)).toBe(true);
    // 63 of the 70 appraised points: 90 on the scale of 100, not 63.
    const result = scoreWith(haNoi, 'phuong-a', { '1.1': { score: 63 }, ...tally.entries });
    expect([result.max.toFixed(), result.index.toFixed()]).toEqual(['70', '90']);
  });

  it('averages by group when the plan says so, a group under the minimum left out', () => {
    const twoGroups = unwrap(
      parseSurveyPlan(set, {
        pooling: 'by-group',
        minimumRespondents: 2,
        groups: [
          { id: 'lanh-dao', name: 'Lãnh đạo', units: ['so-a'], questions: [{ code: '2.1', text: 'Câu 1' }] },
          { id: 'dan', name: 'Người dân', units: ['so-a'], questions: [{ code: '2.1', text: 'Câu 1' }] },
          {
            id: 'doanh-nghiep',
            name: 'Doanh nghiệp',
            units: ['so-a'],
            questions: [{ code: '2.1', text: 'Câu 1' }],
          },
        ],
      }),
    );
    const answers = [
      ...responses('lanh-dao', 'so-a', '2.1', { A: 3, B: 1 }),
      ...responses('dan', 'so-a', '2.1', { C: 4, D: 4 }),
      ...responses('doanh-nghiep', 'so-a', '2.1', { A: 1, 'không biết': 6 }),
    ];
    const tally = unwrap(tallySurvey(set, twoGroups, answers)).units['so-a']!;
    expect(tally.entries['2.1']).toEqual({
      facts: {
        groups: {
          'Lãnh đạo': { A: 3, B: 1, C: 0, D: 0, 'không biết': 0 },
          'Người dân': { A: 0, B: 0, C: 4, D: 4, 'không biết': 0 },
        },
      },
      note: 'Khảo sát: bình quân 2 nhóm, Lãnh đạo 4 người, Người dân 8 người',
    });
    // Leaders 90 %, citizens 10 %: 2 × (90 + 10) / 200 = 1; the businesses' 1 counted is under the minimum.
    const result = scoreWith(setWithSurvey(98, [2]), 'so-a', { '1.1': { score: 98 }, ...tally.entries });
    expect(result.nodes[1]!.children[0]!.achieved?.toFixed()).toBe('1');
    expect(tally.criteria['2.1']!.groups['doanh-nghiep']).toMatchObject({ answered: 7, counted: 1 });
  });

  it('counts a blank as no answer, and a unit nobody rated as not applicable', () => {
    const planned = unwrap(
      parseSurveyPlan(set, {
        groups: [
          {
            id: 'dan',
            name: 'Người dân',
            units: ['xa-a', 'xa-b'],
            questions: [{ code: '2.1', text: 'Câu 1' }],
          },
        ],
      }),
    );
    const tally = unwrap(
      tallySurvey(set, planned, [
        { group: 'dan', answers: { 'xa-a': { '2.1': 'A' } } },
        { group: 'dan', answers: { 'xa-a': { '2.1': null } } },
      ]),
    );
    expect(tally.units['xa-a']!.criteria['2.1']).toMatchObject({ answered: 1, counted: 1, blank: 1 });
    expect(tally.units['xa-a']!.respondents).toEqual({ dan: 1 });
    expect(tally.units['xa-b']!.entries['2.1']).toMatchObject({ notApplicable: true });
  });

  it('refuses a response that does not fit the plan, naming where', () => {
    const planned = plan();
    const refused = (response: unknown) => {
      const outcome = tallySurvey(set, planned, [yenBai[0]!, response as SurveyResponse]);
      if (outcome.success) throw new Error('accepted');
      return outcome.issues.map((found) => [found.path.join('/'), found.params?.['problem']]);
    };
    expect(refused({ group: 'khac', answers: {} })).toEqual([['responses/1/group', 'unknown_group']]);
    expect(refused({ group: 'lanh-dao', answers: { 'so-b': { '2.1': 'A' } } })).toEqual([
      ['responses/1/answers/so-b', 'unit_not_rated'],
    ]);
    expect(refused({ group: 'lanh-dao', answers: { 'so-a': { '1.1': 'A' } } })).toEqual([
      ['responses/1/answers/so-a/1.1', 'question_not_asked'],
    ]);
    expect(refused({ group: 'lanh-dao', answers: { 'so-a': { '2.1': 'E' } } })).toEqual([
      ['responses/1/answers/so-a/2.1', 'unknown_option'],
    ]);
    const tooMany = Object.fromEntries(Array.from({ length: 5001 }, (_, at) => [`9.${at}`, 'A']));
    expect(refused({ group: 'lanh-dao', answers: { 'so-a': tooMany } })).toEqual([
      ['responses/1/answers', 'too_many'],
    ]);
    const outcome = tallySurvey(set, planned, [{ group: 'lanh-dao', answers: { 'so-a': { '2.1': 'E' } } }]);
    expect(outcome.success ? '' : issueMessage(outcome.issues[0]!, 'vi')).toBe(
      "'E' không phải là phương án của tiêu chí '2.1' (các phương án: A, B, C, D, không biết)",
    );
  });
});

describe('answers counted elsewhere (a tally sheet)', () => {
  const set = unwrap(parseCriteriaSet(setWithSurvey(98, [2, 1])));
  const plan = unwrap(
    parseSurveyPlan(set, {
      groups: [
        {
          id: 'lanh-dao',
          name: 'Lãnh đạo',
          units: ['so-a', 'so-b'],
          questions: [
            { code: '2.1', text: 'Mức độ hài lòng?' },
            { code: '2.2', text: 'Thái độ phục vụ?' },
          ],
        },
      ],
    }),
  );

  it('scores Yên Bái’s 23 leaders counted on a sheet as it scores their 23 forms: 1,50 of 2', () => {
    const sheet = {
      group: 'lanh-dao',
      unit: 'so-a',
      respondents: 25,
      answers: { '2.1': { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 } },
    };
    const counted = unwrap(tallySurvey(set, plan, [], [sheet])).units['so-a']!;
    expect(counted.entries['2.1']).toEqual({
      facts: { answers: { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 } },
      note: 'Khảo sát: 20 người trả lời được tính',
    });
    // The two respondents who chose nothing for 2.1, and all 25 for 2.2, left those questions blank.
    expect(counted.criteria['2.1']).toMatchObject({ answered: 23, counted: 20, blank: 2 });
    expect(counted.criteria['2.2']).toMatchObject({ answered: 0, blank: 25, applicable: false });
    expect(counted.respondents).toEqual({ 'lanh-dao': 25 });
    const result = scoreWith(setWithSurvey(98, [2, 1]), 'so-a', { '1.1': { score: 98 }, ...counted.entries });
    expect(result.nodes[1]!.children[0]!.achieved?.toFixed()).toBe('1.5');
  });

  it('adds a sheet to the forms answered online', () => {
    const online = responses('lanh-dao', 'so-a', '2.1', { A: 5, B: 1 });
    const sheet = {
      group: 'lanh-dao',
      unit: 'so-a',
      respondents: 17,
      answers: { '2.1': { A: 6, B: 5, C: 2, D: 1 } },
    };
    const tally = unwrap(tallySurvey(set, plan, online, [sheet])).units['so-a']!;
    expect(tally.criteria['2.1']!.options).toEqual({ A: 11, B: 6, C: 2, D: 1, 'không biết': 0 });
    expect(tally.respondents).toEqual({ 'lanh-dao': 23 });
  });

  it('refuses a sheet that does not fit the plan or does not add up, naming where', () => {
    const refused = (sheet: unknown) => {
      const outcome = tallySurvey(set, plan, [], [sheet as SurveyCounts]);
      if (outcome.success) throw new Error('accepted');
      return outcome.issues.map((found) => [found.path.join('/'), found.params?.['problem']]);
    };
    const sheet = { group: 'lanh-dao', unit: 'so-a', respondents: 10, answers: { '2.1': { A: 4 } } };
    expect(refused({ ...sheet, group: 'dan' })).toEqual([['counts/0/group', 'unknown_group']]);
    expect(refused({ ...sheet, unit: 'so-c' })).toEqual([['counts/0/unit', 'unit_not_rated']]);
    expect(refused({ ...sheet, respondents: -1 })).toEqual([['counts/0/respondents', 'not_a_count']]);
    expect(refused({ ...sheet, respondents: 2.5 })).toEqual([['counts/0/respondents', 'not_a_count']]);
    expect(refused({ ...sheet, answers: { '1.1': { A: 1 } } })).toEqual([
      ['counts/0/answers/1.1', 'question_not_asked'],
    ]);
    expect(refused({ ...sheet, answers: { '2.1': { E: 1, A: -2 } } })).toEqual([
      ['counts/0/answers/2.1/E', 'unknown_option'],
      ['counts/0/answers/2.1/A', 'not_a_count'],
    ]);
    expect(refused({ ...sheet, answers: { '2.1': { A: 8, B: 3 } } })).toEqual([
      ['counts/0/answers/2.1', 'counts_exceed'],
    ]);
    const outcome = tallySurvey(set, plan, [], [{ ...sheet, answers: { '2.1': { A: 8, B: 3 } } }]);
    expect(outcome.success ? '' : issueMessage(outcome.issues[0]!, 'vi')).toBe(
      "tổng số lượt chọn các phương án của tiêu chí '2.1' là 11, nhiều hơn 10 người trả lời",
    );
  });

  it('counts a sheet exactly as the forms it counts, whatever they chose', () => {
    const options = ['A', 'B', 'C', 'D', 'không biết', null] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...options), fc.constantFrom(...options)), { maxLength: 60 }),
        (chosen) => {
          const forms: SurveyResponse[] = chosen.map(([first, second]) => ({
            group: 'lanh-dao',
            answers: { 'so-b': { '2.1': first, '2.2': second } },
          }));
          const byOption = (at: 0 | 1) => {
            const counts: Record<string, number> = {};
            for (const pair of chosen)
              if (pair[at] !== null) counts[pair[at]!] = (counts[pair[at]!] ?? 0) + 1;
            return counts;
          };
          // A form that left both questions blank rated nobody: it is no respondent of the sheet either.
          const respondents = chosen.filter(([first, second]) => first !== null || second !== null).length;
          const sheet = {
            group: 'lanh-dao',
            unit: 'so-b',
            respondents,
            answers: { '2.1': byOption(0), '2.2': byOption(1) },
          };
          const fromForms = unwrap(tallySurvey(set, plan, forms)).units['so-b']!;
          const fromSheet = unwrap(tallySurvey(set, plan, [], [sheet])).units['so-b']!;
          expect(fromSheet.entries).toEqual(fromForms.entries);
          expect(fromSheet.respondents).toEqual(fromForms.respondents);
          // The same counts but for the blanks: a form left all blank is a blank of the forms, no one's on the sheet.
          const allBlank = chosen.length - respondents;
          const withoutBlanks = (criterion: CriterionSurveyTally) => ({
            ...criterion,
            blank: 0,
            groups: { 'lanh-dao': { ...criterion.groups['lanh-dao']!, blank: 0 } },
          });
          for (const code of ['2.1', '2.2']) {
            const [sheetCounts, formCounts] = [fromSheet.criteria[code]!, fromForms.criteria[code]!];
            expect(withoutBlanks(sheetCounts)).toEqual(withoutBlanks(formCounts));
            expect(sheetCounts.blank + allBlank).toBe(formCounts.blank);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the national SIPAS percentage', () => {
  /** A set whose 10 SIPAS points convert the published percentage through breakpoints the set writes. */
  const sipasSet = (rule: Record<string, unknown>): CriteriaSetInput =>
    ({
      id: 'sipas',
      title: 'Chỉ số hài lòng',
      classes: CLASSES,
      criteria: [
        { code: '1', name: 'Kết quả thực hiện', max: 90 },
        { code: '2', name: 'Chỉ số SIPAS', children: [{ code: '2.1', name: 'SIPAS', max: 10, rule }] },
      ],
    }) as CriteriaSetInput;
  const sipasPoints = (rule: Record<string, unknown>, percent: string) =>
    scoreWith(sipasSet(rule), 'tinh', {
      '1': { score: 80 },
      '2.1': { facts: { value: percent } },
    }).nodes[1]!.children[0]!.achieved!.toFixed();

  it('enters through conversion with the breakpoints of the set, not a built-in formula', () => {
    // Breakpoints 0 → 0 and 100 → 10, linear: the percentage ÷ 10, as published pairs of some provinces fit.
    const tenth = {
      kind: 'conversion',
      breakpoints: [
        { from: 0, points: 0 },
        { from: 100, points: 10 },
      ],
    };
    expect(sipasPoints(tenth, '84,56')).toBe('8.46');
    // Another set's steps give other points for the same percentage: the table is data.
    const steps = {
      kind: 'conversion',
      interpolation: 'step',
      breakpoints: [
        { from: 0, points: 0 },
        { from: 70, points: 6 },
        { from: 80, points: 8 },
        { from: 90, points: 10 },
      ],
    };
    expect(sipasPoints(steps, '84,56')).toBe('8');
  });
});

describe('parseSurveyPlan', () => {
  const set = unwrap(parseCriteriaSet(setWithSurvey(98, [2])));
  const group = {
    id: 'dan',
    name: 'Người dân',
    units: ['xa-a'],
    questions: [{ code: '2.1', text: 'Câu 1' }],
  };
  const problems = (input: unknown) => {
    const outcome = parseSurveyPlan(set, input);
    return outcome.success
      ? []
      : outcome.issues.map((found) => [found.path.join('/'), found.params?.['problem'] ?? found.code]);
  };

  it('refuses a question tied to a criterion whose rule is not survey, or to none', () => {
    expect(problems({ groups: [{ ...group, questions: [{ code: '1.1', text: 'Câu' }] }] })).toEqual([
      ['groups/0/questions/0/code', 'not_survey_criterion'],
    ]);
    expect(problems({ groups: [{ ...group, questions: [{ code: '9', text: 'Câu' }] }] })).toEqual([
      ['groups/0/questions/0/code', 'unknown_code'],
    ]);
  });

  it('refuses a group, unit or question twice, and plans past the limits', () => {
    expect(problems({ groups: [group, group] })).toEqual([
      ['groups/1/id', 'group_twice'],
      ['groups/1/name', 'group_twice'],
    ]);
    expect(problems({ groups: [{ ...group, units: ['xa-a', 'xa-a'] }] })).toEqual([
      ['groups/0/units/1', 'unit_twice'],
    ]);
    const manyUnits = Array.from({ length: 201 }, (_, at) => `xa-${at}`);
    expect(problems({ groups: [{ ...group, units: manyUnits }] })[0]?.[0]).toBe('groups/0/units');
    expect(problems({ groups: [] })[0]?.[0]).toBe('groups');
    // 200 units × 26 questions asks 5,200 answers of each respondent: more than a response may hold.
    const many = unwrap(
      parseCriteriaSet(
        setWithSurvey(
          2,
          Array.from({ length: 26 }, () => 1),
        ),
      ),
    );
    const wide = parseSurveyPlan(many, {
      groups: [
        {
          ...group,
          units: Array.from({ length: 200 }, (_, at) => `xa-${at}`),
          questions: Array.from({ length: 26 }, (_, at) => ({ code: `2.${at + 1}`, text: 'Câu' })),
        },
      ],
    });
    expect(
      wide.success ? [] : wide.issues.map((found) => [found.path.join('/'), found.params?.['problem']]),
    ).toEqual([['groups/0', 'too_many']]);
    expect(problems({ groups: [group], minimumRespondents: 0 })[0]?.[0]).toBe('minimumRespondents');
  });
});

describe('survey invariants', () => {
  const set = unwrap(parseCriteriaSet(setWithSurvey(8, [2])));
  const options = ['A', 'B', 'C', 'D', 'không biết', null] as const;
  it('scores within [0, max], and a criterion under the minimum scores as if it were removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...options), { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        (chosen, minimum) => {
          const plan = unwrap(
            parseSurveyPlan(set, {
              minimumRespondents: minimum,
              groups: [
                { id: 'dan', name: 'Người dân', units: ['xa'], questions: [{ code: '2.1', text: 'Câu' }] },
              ],
            }),
          );
          const tally = unwrap(
            tallySurvey(
              set,
              plan,
              chosen.map((option) => ({ group: 'dan', answers: { xa: { '2.1': option } } })),
            ),
          ).units['xa']!;
          const counted = chosen.filter((option) => option !== null && option !== 'không biết').length;
          expect(tally.criteria['2.1']!.counted).toBe(counted);
          expect(tally.criteria['2.1']!.applicable).toBe(counted >= minimum);
          const result = scoreWith(setWithSurvey(8, [2]), 'xa', { '1.1': { score: 6 }, ...tally.entries });
          const survey = result.nodes[1]!.children[0]!;
          if (counted >= minimum) {
            expect(survey.achieved!.gte(0) && survey.achieved!.lte(2)).toBe(true);
          } else {
            // The same unit scored on a set without the survey criterion.
            expect(result.index.toFixed()).toBe('75');
            expect(result.max.toFixed()).toBe('8');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Survey benchmark: 5,000 respondents in two groups rating 30 units on 20 questions (3 million answers),
 * counted by `tallySurvey` into the entries the `survey` rule scores, against a baseline run in the same
 * process that adds the same answers into a flat array of counts with no checks. Run: npm run bench.
 */
import {
  type CriteriaSetInput,
  parseCriteriaSet,
  parseSurveyPlan,
  type SurveyResponse,
  tallySurvey,
  unwrap,
} from '../src/index.js';

const RESPONDENTS = Number(process.env['BENCH_RESPONDENTS'] ?? 5_000);
const UNITS = 30;
const QUESTIONS = 20;
const OPTIONS = ['A', 'B', 'C', 'D', 'không biết'] as const;

const setDocument = {
  id: 'khao-sat',
  title: 'Khảo sát',
  classes: [{ label: 'Đạt', min: 0 }],
  criteria: [
    {
      code: '1',
      name: 'Sự hài lòng',
      children: Array.from({ length: QUESTIONS }, (_, at) => ({
        code: `1.${at + 1}`,
        name: `Câu ${at + 1}`,
        max: 1,
        rule: { kind: 'survey', credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } },
      })),
    },
  ],
} as CriteriaSetInput;
const set = unwrap(parseCriteriaSet(setDocument));
const units = Array.from({ length: UNITS }, (_, at) => `don-vi-${at + 1}`);
const codes = Array.from({ length: QUESTIONS }, (_, at) => `1.${at + 1}`);
const questions = codes.map((code) => ({ code, text: `Câu hỏi ${code}` }));
const plan = unwrap(
  parseSurveyPlan(set, {
    minimumRespondents: 25,
    groups: [
      { id: 'lanh-dao', name: 'Lãnh đạo', units, questions },
      { id: 'nguoi-dan', name: 'Người dân', units, questions },
    ],
  }),
);

let seed = 2023;
const next = () => {
  seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};
const responses: SurveyResponse[] = Array.from({ length: RESPONDENTS }, (_, at) => ({
  group: at % 2 === 0 ? 'lanh-dao' : 'nguoi-dan',
  answers: Object.fromEntries(
    units.map((unit) => [
      unit,
      Object.fromEntries(
        codes.map((code) => [code, next() < 0.02 ? null : OPTIONS[Math.floor(next() * 5)]!]),
      ),
    ]),
  ),
}));
const answers = RESPONDENTS * UNITS * QUESTIONS;

function timed<T>(run: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = run();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
}

// Baseline: the same answers added into one flat array of counts, nothing checked or written.
const baseline = () => {
  const counts = new Int32Array(UNITS * QUESTIONS * (OPTIONS.length + 1));
  const unitAt = new Map(units.map((unit, at) => [unit, at]));
  const codeAt = new Map(codes.map((code, at) => [code, at]));
  const optionAt = new Map<string | null, number>([
    ...OPTIONS.map((option, at) => [option, at] as const),
    [null, 5],
  ]);
  for (const response of responses)
    for (const unit in response.answers) {
      const byCode = response.answers[unit]!;
      const base = unitAt.get(unit)! * QUESTIONS;
      for (const code in byCode)
        counts[(base + codeAt.get(code)!) * 6 + optionAt.get(byCode[code] ?? null)!]!++;
    }
  return counts;
};
baseline();
unwrap(tallySurvey(set, plan, responses.slice(0, 200)));
const [, baselineSeconds] = timed(baseline);
const [tally, tallySeconds] = timed(() => unwrap(tallySurvey(set, plan, responses)));
const first = tally.units[units[0]!]!;

const rate = (seconds: number) => Math.round(answers / seconds).toLocaleString('en');
console.log(
  `@cchc/core survey benchmark (${RESPONDENTS} respondents × ${UNITS} units × ${QUESTIONS} questions)`,
);
console.log(`  tallySurvey: ${(tallySeconds * 1000).toFixed(0)} ms, ${rate(tallySeconds)} answers/s`);
console.log(
  `  baseline (flat counts, no checks): ${(baselineSeconds * 1000).toFixed(0)} ms, ${rate(baselineSeconds)} answers/s`,
);
console.log(`  tallySurvey / baseline: ${(tallySeconds / baselineSeconds).toFixed(1)}×`);
console.log(
  `  first unit, criterion 1.1: ${first.criteria['1.1']!.counted} counted, ${first.criteria['1.1']!.blank} blank; ${first.entries['1.1']!.note}`,
);

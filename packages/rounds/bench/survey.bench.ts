/**
 * Survey benchmark, on the embedded store (in memory): a round of 30 units, a survey of two groups asking
 * 20 questions about each unit; 500 responses sent through their links (sendings per second), 1,000 forms
 * imported at once as an entry officer's workbook brings them (forms per second), then the rest
 * of BENCH_RESPONDENTS (default 5,000: 3 million answers) stored as rows beside them; then the time to read
 * the counts while open (`surveyResults`), to close the survey (count it, keep the counts and write each
 * unit's appraisal), to read the counts once closed and set them against the assessments (what the survey
 * page shows then). The baseline, in the same process on the same store, is reading the same responses'
 * rows alone, nothing counted. Run: npm run bench (in packages/rounds).
 */
import { randomUUID } from 'node:crypto';
import type { CriteriaSetInput } from '@cchc/core';
import { type Caller, openEmbedded, openRounds } from '../src/index.js';

const RESPONDENTS = Number(process.env['BENCH_RESPONDENTS'] ?? 5_000);
const SENT = Math.min(500, RESPONDENTS);
const UNITS = 30;
const QUESTIONS = 20;
const OPTIONS = ['A', 'B', 'C', 'D', 'không biết'];
const admin: Caller = { name: 'admin', role: { kind: 'admin' } };

const codes = Array.from({ length: QUESTIONS }, (_, at) => `1.${at + 1}`);
const set = {
  id: 'khao-sat',
  title: 'Khảo sát',
  classes: [{ label: 'Đạt', min: 0 }],
  criteria: [
    {
      code: '1',
      name: 'Sự hài lòng',
      children: codes.map((code) => ({
        code,
        name: `Câu ${code}`,
        max: 1,
        rule: { kind: 'survey', credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } },
      })),
    },
  ],
} as CriteriaSetInput;
const units = Array.from({ length: UNITS }, (_, at) => ({
  id: `don-vi-${at + 1}`,
  name: `Đơn vị ${at + 1}`,
}));

let seed = 2023;
const next = () => {
  seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};
const answers = () =>
  Object.fromEntries(
    units.map((unit) => [
      unit.id,
      Object.fromEntries(
        codes.map((code) => [code, next() < 0.02 ? null : OPTIONS[Math.floor(next() * 5)]!]),
      ),
    ]),
  );

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

const sql = await openEmbedded();
const rounds = await openRounds({ sql, now: () => new Date('2026-03-01T01:00:00Z') });
await rounds.putCriteriaSet(admin, 'khao-sat', set);
await rounds.putRound(admin, 'dot', {
  title: 'Đợt',
  period: 2026,
  authority: { name: 'Sở Nội vụ' },
  units: units.map((unit) => ({ ...unit, criteriaSet: 'khao-sat' })),
  deadlines: { self: '2026-03-20', appraisal: '2026-03-31' },
});
for (const unit of units)
  await rounds.putLayer(admin, 'dot', unit.id, 'self', { entries: {}, unscored: 'full' });
const questions = codes.map((code) => ({ code, text: `Câu hỏi ${code}` }));
await rounds.putSurvey(admin, 'dot', {
  criteriaSet: 'khao-sat',
  title: 'Khảo sát',
  closes: '2026-03-25',
  minimumRespondents: 25,
  groups: [
    { id: 'lanh-dao', name: 'Lãnh đạo', units: units.map((unit) => unit.id), questions },
    { id: 'dan', name: 'Người dân', units: units.map((unit) => unit.id), questions },
  ],
});
const { links } = await rounds.issueSurveyLinks(admin, 'dot', { group: 'dan', count: SENT });
const [, sentMs] = await timed(async () => {
  for (const link of links) await rounds.submitSurveyResponse(link.token, answers());
});
// Forms typed elsewhere, imported at once as an entry officer's workbook brings them (all or none).
const IMPORTED = Math.min(1_000, RESPONDENTS - SENT);
const [, importMs] = await timed(() =>
  rounds.importSurveyResponses(admin, 'dot', {
    responses: Array.from({ length: IMPORTED }, () => ({ group: 'lanh-dao', answers: answers() })),
  }),
);
// The rest as rows, as sendings would have stored them (the bench measures reading and counting them).
for (let start = SENT + IMPORTED; start < RESPONDENTS; start += 500) {
  const batch = Array.from({ length: Math.min(500, RESPONDENTS - start) }, () => JSON.stringify(answers()));
  await sql.query(
    `insert into cchc_survey_responses (id, round_id, group_id, answers, source, day)
       select id, 'dot', 'lanh-dao', answers::jsonb, 'link', '2026-03-02'
         from unnest($1::text[], $2::text[]) as rows(id, answers)`,
    [batch.map(() => randomUUID()), batch],
  );
}
const [rows, baselineMs] = await timed(() =>
  sql.query<{ group_id: string; answers: unknown }>(
    'select group_id, answers from cchc_survey_responses where round_id = $1',
    ['dot'],
  ),
);
const [shown, resultsMs] = await timed(() => rounds.surveyResults(admin, 'dot'));
const [closed, closeMs] = await timed(() => rounds.closeSurvey(admin, 'dot'));
const [, keptMs] = await timed(() => rounds.surveyResults(admin, 'dot'));
// The page once closed also sets each unit's points against its self-assessment and appraisal.
const [compared, comparisonMs] = await timed(() => rounds.surveyComparison(admin, 'dot'));
const answered = RESPONDENTS * UNITS * QUESTIONS;

console.log(
  `@cchc/rounds survey benchmark (${RESPONDENTS} respondents × ${UNITS} units × ${QUESTIONS} questions, embedded store)`,
);
console.log(
  `  sending through links: ${Math.round((SENT / sentMs) * 1000)} responses/s (${SENT} responses, ${UNITS * QUESTIONS} answers each)`,
);
console.log(
  `  forms imported at once (importSurveyResponses): ${IMPORTED} forms in ${importMs.toFixed(0)} ms (${Math.round((IMPORTED / importMs) * 1000)} forms/s)`,
);
console.log(
  `  counts read (surveyResults): ${resultsMs.toFixed(0)} ms for ${answered.toLocaleString('en')} answers`,
);
console.log(
  `  baseline (the same ${rows.length} rows read, nothing counted): ${baselineMs.toFixed(0)} ms; counts / baseline: ${(resultsMs / baselineMs).toFixed(1)}×`,
);
console.log(`  closing (count and write ${closed.written.length} appraisals): ${closeMs.toFixed(0)} ms`);
console.log(
  `  counts read once closed (kept at the close, what the survey page shows then): ${keptMs.toFixed(0)} ms`,
);
console.log(
  `  survey against the assessments (surveyComparison, ${Object.keys(compared.units).length} units, each scored three ways): ${comparisonMs.toFixed(0)} ms`,
);
console.log(`  first unit, 1.1: ${shown.units['don-vi-1']!.criteria['1.1']!.counted} counted`);
await rounds.close();

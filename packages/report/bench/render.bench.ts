/**
 * Report benchmark: renders the Kon Rẫy 2021 example report in all four formats after warm-up, and a
 * synthetic report of 500 units; prints milliseconds per format, peak memory, and, as a baseline run in
 * the same process, the time to build the report model alone. Run: npm run bench (here, or at the root).
 */
import { parseCriteriaSet, scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { createReportModel, REPORT_FORMATS, type ReportModel, renderReport } from '../src/index.js';

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function time(run: () => Promise<unknown> | unknown, rounds: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await run();
  return (performance.now() - start) / rounds;
}

let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const results = unwrap(scoreDocuments(konRay2021));
const buildModel = () => unwrap(createReportModel({ results, input: konRay2021.report }));
const model = buildModel();
for (let i = 0; i < 20; i++) for (const format of REPORT_FORMATS) await renderReport(model, format);

console.log('@cchc/report benchmark');
const modelMs = await time(buildModel, 50);
console.log(`  baseline: report model of the example      ${modelMs.toFixed(2)} ms`);
let total = 0;
for (const format of REPORT_FORMATS) {
  const ms = await time(() => renderReport(model, format), 30);
  total += ms;
  sample();
  console.log(
    `  example report, ${format.padEnd(4)}                      ${ms.toFixed(2)} ms  (${(ms / modelMs).toFixed(1)}× the model)`,
  );
}
console.log(`  example report, all four formats           ${total.toFixed(2)} ms`);

// 500 communes with the commune set's areas, each with its own scores.
const communeSet = unwrap(parseCriteriaSet(konRay2021.criteriaSets[1]));
const template = konRay2021.communes[0]!;
const assessments = Array.from({ length: 500 }, (_, i) => ({
  ...template,
  unit: { id: `xa-${i}`, name: `UBND xã Số ${i + 1}` },
  stated: undefined,
  entries: Object.fromEntries(
    communeSet.criteria.map((area, position) => [
      area.code,
      {
        score: area.max
          .mul((60 + ((i * 7 + position * 13) % 40)) / 100)
          .toDecimalPlaces(2)
          .toFixed(),
      },
    ]),
  ),
}));
const many = unwrap(scoreDocuments({ assessments }, { knownSets: [communeSet] }));
const big: ReportModel = unwrap(
  createReportModel({
    results: many,
    input: {
      issuer: ['ỦY BAN NHÂN DÂN', 'TỈNH X'],
      number: '/BC-UBND',
      place: 'X',
      year: 2022,
      title: 'Kết quả Chỉ số CCHC của 500 xã',
    },
  }),
);
await renderReport(big, 'docx');
const docxMs = await time(() => renderReport(big, 'docx'), 3);
sample();
console.log(`  500-unit report, docx                      ${docxMs.toFixed(0)} ms`);
console.log(`  peak RSS ${mib(peakRss)}`);

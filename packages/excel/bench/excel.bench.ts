/**
 * Excel benchmark: the results workbook of a 1,000-unit round (the Kon Rẫy communes' scores, repeated
 * under other ids), and 1,000 filled score sheets read back and scored. Prints the time, the rate and the
 * peak resident memory of each, and, as the baseline in the same process, the same results written as
 * JSON text and the same assessments parsed and scored from plain objects.
 * Run: npm run bench (in packages/excel, or at the root).
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  formatIssue,
  parseAssessment,
  parseCriteriaSet,
  rankResults,
  resultToJson,
  scoreAssessment,
  type UnitResult,
  unwrap,
} from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { readScoreSheet, resultsWorkbook, scoreSheet } from '../src/index.js';

const UNITS = Number(process.env['BENCH_UNITS'] ?? 1_000);
const set = unwrap(parseCriteriaSet(konRay2021.criteriaSets[1]));
const documents = Array.from({ length: UNITS }, (_, position) => {
  const commune = konRay2021.communes[position % konRay2021.communes.length]!;
  return { ...commune, unit: { id: `xa-${position + 1}`, name: `UBND xã số ${position + 1}` } };
});

/** Runs `work`, sampling the resident memory as it goes; the time and the peak above the start. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; peakMb: number; loopMaxMs: number; value: T }> {
  global.gc?.();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  loop.disable();
  return { ms, peakMb: (peak - start) / 1024 / 1024, loopMaxMs: loop.max / 1e6, value };
}

const scoreAll = () =>
  rankResults(documents.map((document) => unwrap(scoreAssessment(set, unwrap(parseAssessment(document))))));

const line = (name: string, figures: { ms: number; peakMb: number; loopMaxMs: number }, count: number) =>
  console.log(
    `  ${name.padEnd(44)} ${(figures.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(
      (count / figures.ms) * 1000,
    )
      .toLocaleString('en')
      .padStart(
        7,
      )} units/s  peak +${Math.round(figures.peakMb)} MB RSS  event loop held ≤ ${Math.round(figures.loopMaxMs)} ms`,
  );

console.log(`cchc Excel benchmark: ${UNITS.toLocaleString('en')} units of the Kon Rẫy commune set`);
const results: UnitResult[] = scoreAll();
const json = await measured(async () => JSON.stringify(results.map((result) => resultToJson(result))).length);
const workbook = await measured(() => resultsWorkbook(results));
line('baseline: the results as JSON text', json, UNITS);
line('results workbook (.xlsx)', workbook, UNITS);
console.log(
  `  workbook: ${(workbook.value.byteLength / 1024 / 1024).toFixed(1)} MB; ${(workbook.ms / json.ms).toFixed(0)}× the JSON baseline`,
);

// One filled sheet per unit, made beforehand: what comes back from the communes.
const template = await scoreSheet(set, { period: 2021 });
const sheets: Uint8Array[] = [];
for (const document of documents) {
  const filled = new ExcelJS.Workbook();
  await filled.xlsx.load(template as unknown as ArrayBuffer);
  filled.getWorksheet('Tự chấm')!.eachRow((row) => {
    const key = String(row.getCell(1).value);
    const entry = (document.entries as Record<string, { score: string; max?: string }>)[key.slice(2)];
    if (!key.startsWith('c:') || !entry) return;
    row.getCell(5).value = entry.score;
    if (entry.max !== undefined) row.getCell(13).value = entry.max;
  });
  sheets.push(new Uint8Array(await filled.xlsx.writeBuffer()));
}
const baseline = await measured(async () => scoreAll().length);
const read = await measured(async () => {
  let scored = 0;
  for (const [position, sheet] of sheets.entries()) {
    const document = await readScoreSheet(sheet, { set, unit: documents[position]!.unit });
    if (!document.success) throw new Error(formatIssue(document.issues[0]!));
    if (unwrap(scoreAssessment(set, unwrap(parseAssessment(document.data))))) scored++;
  }
  return scored;
});
line('baseline: the assessments parsed and scored', baseline, UNITS);
line('filled sheets read back, parsed and scored', read, UNITS);
console.log(`  reading: ${(read.ms / baseline.ms).toFixed(0)}× the baseline`);

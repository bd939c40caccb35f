import { parseArgs } from 'node:util';
import {
  createScorer,
  formatNumber,
  formatScore,
  type Issue,
  rankResults,
  resultToJson,
  resultToJsonText,
  type ScoreOptions,
  scoreDocuments,
  type UnitResult,
} from '@cchc/core';
import { eachDocument, type FileIssue, type LoadedDocument, loadAll, printIssues } from '../files.js';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, paint, UsageError } from '../io.js';

export const SCORE_HELP = `Usage: cchc score --criteria <set-file>... <assessment-file>... [--format table|json|ndjson]

Scores every assessment against its criteria set and ranks the units of each set.

Options:
  -c, --criteria <file>   a criteria set (JSON or YAML); repeat for several
  -f, --format <format>   table (default): one line per unit, then the reconciliation findings
                          json: the results as one JSON document (decimals as strings), ranked
                          ndjson: one result a line, written as each is scored (unranked), so
                          memory stays flat however many units there are
      --indent <n>        indent JSON by n spaces (default: compact)
  -h, --help              show this help

Files may be JSON or YAML; "-" reads standard input. Errors are listed at the end, by file.
`;

/** Reads the criteria sets and assessments named on the command line; issues name their file. */
export async function loadScoreInputs(
  io: CliIo,
  setPaths: readonly string[],
  assessmentPaths: readonly string[],
): Promise<{ sets: LoadedDocument[]; assessments: LoadedDocument[]; issues: FileIssue[] }> {
  const issues: FileIssue[] = [];
  const sets = await loadAll(io, setPaths, issues);
  return { sets, assessments: await loadAll(io, assessmentPaths, issues), issues };
}

/** Issues of a batch, with `criteriaSets[i]` and `assessments[i]` turned back into the files they came from. */
export function issuesByFile(
  issues: readonly Issue[],
  sets: readonly LoadedDocument[],
  assessments: readonly LoadedDocument[],
): FileIssue[] {
  return issues.map((issue) => {
    const [list, position, ...rest] = issue.path;
    const source = list === 'criteriaSets' ? sets : list === 'assessments' ? assessments : undefined;
    const document = typeof position === 'number' ? source?.[position] : undefined;
    return document ? { file: document.name, issue: { ...issue, path: rest } } : { file: '(input)', issue };
  });
}

/** Scores documents read from files, printing issues by file; undefined when there were any. */
export async function scoreFiles(io: CliIo, setPaths: readonly string[], assessmentPaths: readonly string[]) {
  const { sets, assessments, issues } = await loadScoreInputs(io, setPaths, assessmentPaths);
  if (issues.length > 0) {
    printIssues(io, issues);
    return undefined;
  }
  return scoreLoaded(io, sets, assessments);
}

/** Scores and ranks loaded documents, printing issues by the file they came from; undefined when there were any. */
export function scoreLoaded(
  io: CliIo,
  sets: readonly LoadedDocument[],
  assessments: readonly LoadedDocument[],
): UnitResult[] | undefined {
  const scored = scoreDocuments({
    criteriaSets: sets.map((set) => set.data),
    assessments: assessments.map((a) => a.data),
  });
  if (!scored.success) {
    printIssues(io, issuesByFile(scored.issues, sets, assessments));
    return undefined;
  }
  return scored.data;
}

/**
 * What the table shows of a result: a summary, kept instead of the result itself, so that memory stays
 * small however many units are scored (10,000 results with their trees would be hundreds of MiB).
 */
interface TableRow
  extends Pick<UnitResult, 'unit' | 'achieved' | 'max' | 'index' | 'classification' | 'discrepancies'> {
  readonly criteriaSet: { readonly id: string; readonly title: string };
}

function tableRow(result: UnitResult): TableRow {
  return {
    unit: result.unit,
    criteriaSet: { id: result.criteriaSet.id, title: result.criteriaSet.title },
    achieved: result.achieved,
    max: result.max,
    index: result.index,
    classification: result.classification,
    discrepancies: result.discrepancies,
  };
}

/** One table, the units of each criteria set under its own heading (ranks are within a set). */
function table(io: CliIo, results: readonly (TableRow & { readonly rank: number })[]): string {
  const row = (result: TableRow & { readonly rank: number }) => [
    String(result.rank),
    result.unit.name,
    formatScore(result.achieved, result.max),
    formatNumber(result.index),
    result.classification ?? '—',
  ];
  const header = ['Hạng', 'Đơn vị', 'Điểm', 'Chỉ số', 'Xếp loại'];
  const rows = results.map(row);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 2 || column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const lines = [paint(io, 'bold', line(header))];
  const sets = [...new Map(results.map((result) => [result.criteriaSet.id, result.criteriaSet])).values()];
  for (const set of sets) {
    if (sets.length > 1) lines.push(paint(io, 'dim', `${set.id}: ${set.title}`));
    lines.push(
      ...results.filter((result) => result.criteriaSet.id === set.id).map((result) => line(row(result))),
    );
  }
  const findings = results.flatMap((result) =>
    result.discrepancies.map((found) => `${paint(io, 'yellow', '!')} ${result.unit.name}: ${found.message}`),
  );
  if (findings.length > 0)
    lines.push('', paint(io, 'bold', 'Published figures that do not match:'), ...findings);
  return `${lines.join('\n')}\n`;
}

const SCORE_FORMATS = ['table', 'json', 'ndjson'] as const;

/**
 * Scores assessment files one by one as they are read (several read ahead), against the sets given:
 * `each` receives every result in the order of the files. The issues of every file, by file, at the end.
 */
async function scoreEachFile(
  io: CliIo,
  setPaths: readonly string[],
  assessmentPaths: readonly string[],
  each: (result: UnitResult, path: string) => Promise<void> | void,
  options: ScoreOptions = {},
): Promise<FileIssue[]> {
  const issues: FileIssue[] = [];
  const setDocuments = await loadAll(io, setPaths, issues);
  // The sets parsed once and checked together (one id names one set), then held for every assessment.
  const scorer = createScorer(options);
  for (const [position, set] of setDocuments.entries())
    issues.push(...issuesByFile(scorer.addSet(set.data, ['criteriaSets', position]), setDocuments, []));
  if (issues.length > 0) return issues;
  await eachDocument(io, assessmentPaths, async (outcome) => {
    if (!outcome.success)
      return void issues.push(...outcome.issues.map((found) => ({ file: outcome.file, issue: found })));
    const scored = scorer.score(outcome.data.data);
    if (scored.success) await each(scored.data, outcome.data.path);
    else issues.push(...scored.issues.map((found) => ({ file: outcome.data.name, issue: found })));
  });
  return issues;
}

export async function scoreCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      criteria: { type: 'string', short: 'c', multiple: true, default: [] },
      format: { type: 'string', short: 'f', default: 'table' },
      indent: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format as (typeof SCORE_FORMATS)[number];
  if (!SCORE_FORMATS.includes(format))
    throw new UsageError(`unknown format '${values.format}' (${SCORE_FORMATS.join(', ')})`);
  const indent = values.indent === undefined ? undefined : Number(values.indent);
  if (indent !== undefined && !(Number.isInteger(indent) && indent >= 0 && indent <= 10))
    throw new UsageError(`--indent takes a number of spaces from 0 to 10, not '${values.indent}'`);
  if (positionals.length === 0) throw new UsageError('give at least one assessment file');
  if (format === 'json' && !positionals.includes('-')) {
    return scoreToJson(io, values.criteria, positionals, indent);
  }
  const results: UnitResult[] = [];
  const rows: TableRow[] = [];
  // The table shows totals only: its results need no traces.
  const scoring = { trace: format !== 'table' };
  const issues = await scoreEachFile(
    io,
    values.criteria,
    positionals,
    async (result) => {
      if (format === 'table') return void rows.push(tableRow(result));
      if (format === 'json') return void results.push(result);
      // Written as it is scored, and let go: without ranks, which need every unit.
      await write(io, `${resultText(result, indent)}\n`);
    },
    scoring,
  );
  if (issues.length > 0) {
    printIssues(io, issues);
    return EXIT_INVALID_INPUT;
  }
  if (format === 'ndjson') return EXIT_OK;
  const bySet = { within: 'criteriaSet' } as const;
  if (format === 'table') {
    io.stdout(table(io, rankResults(rows, bySet)));
    return EXIT_OK;
  }
  // JSON from standard input: its one document is held until it is ranked.
  const out = resultsWriter(io, indent);
  for (const result of rankResults(results, bySet)) await out.add(result);
  await out.close();
  return EXIT_OK;
}

/**
 * `--format json` from files, in two passes so that memory stays flat however many units there are: the
 * first scores every file for its totals alone and ranks them; the second reads the files again in the
 * order of the ranking, scores each with its traces, and writes it with its rank as it is scored.
 */
async function scoreToJson(
  io: CliIo,
  setPaths: readonly string[],
  assessmentPaths: readonly string[],
  indent: number | undefined,
): Promise<number> {
  const totals: RankedFile[] = [];
  const issues = await scoreEachFile(
    io,
    setPaths,
    assessmentPaths,
    (result, path) => {
      totals.push({
        path,
        unit: result.unit,
        index: result.index,
        criteriaSet: { id: result.criteriaSet.id },
      });
    },
    { trace: false },
  );
  if (issues.length > 0) {
    printIssues(io, issues);
    return EXIT_INVALID_INPUT;
  }
  const ranked = rankResults(totals, { within: 'criteriaSet' });
  const out = resultsWriter(io, indent);
  const again = await scoreEachFile(
    io,
    setPaths,
    ranked.map((file) => file.path),
    // Files come back in the order asked: the ranking's.
    (result) => out.add({ ...result, rank: ranked[out.written]!.rank }),
  );
  if (again.length > 0) {
    // A file changed or went away between the passes: what was written is not a whole answer.
    if (out.written > 0) io.stdout('\n');
    printIssues(io, again);
    return EXIT_INVALID_INPUT;
  }
  await out.close();
  return EXIT_OK;
}

/** A file scored for its totals: what ranking needs of it. */
interface RankedFile {
  readonly path: string;
  readonly unit: UnitResult['unit'];
  readonly index: UnitResult['index'];
  readonly criteriaSet: { readonly id: string };
}

/**
 * `{ "results": [...] }`, written a result at a time: the same text as JSON.stringify of the whole
 * document with the same indent, without ever holding it. Each result's JSON is made and let go.
 */
function resultsWriter(io: CliIo, indent: number | undefined) {
  const pad = indent ? ' '.repeat(indent) : '';
  // Inside the array a result's lines are indented twice more; its strings hold no raw line breaks.
  const inside = indent ? `\n${pad}${pad}` : '';
  let written = 0;
  return {
    get written() {
      return written;
    },
    async add(result: UnitResult): Promise<void> {
      const text = resultText(result, indent);
      const start = written === 0 ? (indent ? `{\n${pad}"results": [` : '{"results":[') : ',';
      written++;
      await write(io, `${start}${inside}${indent ? text.replaceAll('\n', inside) : text}`);
    },
    async close(): Promise<void> {
      if (written === 0) await write(io, `${JSON.stringify({ results: [] }, null, indent)}\n`);
      else await write(io, indent ? `\n${pad}]\n}\n` : ']}\n');
    },
  };
}

/** A result's JSON text, indented as asked; `resultToJsonText` writes it without making its nodes. */
function resultText(result: UnitResult, indent: number | undefined): string {
  return indent ? JSON.stringify(resultToJson(result), null, indent) : resultToJsonText(result);
}

/** Writes to standard output, waiting while its buffer is full. */
async function write(io: CliIo, text: string): Promise<void> {
  if (io.stdout(text) === false) await io.drain?.();
}

import { parseArgs } from 'node:util';
import { type Issue, resultToJson, scoreDocuments, type UnitResult } from '@cchc/core';
import { formatNumber, formatScore } from '@cchc/report';
import { type FileIssue, type LoadedDocument, loadDocument, printIssues } from '../files.js';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, paint, UsageError } from '../io.js';

export const SCORE_HELP = `Usage: cchc score --criteria <set-file>... <assessment-file>... [--format table|json]

Scores every assessment against its criteria set and ranks the units of each set.

Options:
  -c, --criteria <file>   a criteria set (JSON or YAML); repeat for several
  -f, --format <format>   table (default): one line per unit, then the reconciliation findings
                          json: the results as JSON (decimals as strings)
  -h, --help              show this help

Files may be JSON or YAML; "-" reads standard input.
`;

/** Reads the criteria sets and assessments named on the command line; issues name their file. */
export async function loadScoreInputs(
  io: CliIo,
  setPaths: readonly string[],
  assessmentPaths: readonly string[],
): Promise<{ sets: LoadedDocument[]; assessments: LoadedDocument[]; issues: FileIssue[] }> {
  const issues: FileIssue[] = [];
  const load = async (paths: readonly string[]) => {
    const loaded: LoadedDocument[] = [];
    for (const path of paths) {
      const outcome = await loadDocument(io, path);
      if (outcome.success) loaded.push(outcome.data);
      else issues.push(...outcome.issues.map((issue) => ({ file: outcome.file, issue })));
    }
    return loaded;
  };
  return { sets: await load(setPaths), assessments: await load(assessmentPaths), issues };
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

/** One table, the units of each criteria set under its own heading (ranks are within a set). */
function table(io: CliIo, results: readonly UnitResult[]): string {
  const row = (result: UnitResult) => [
    String(result.rank ?? ''),
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
  const sets = [...new Set(results.map((result) => result.criteriaSet))];
  for (const set of sets) {
    if (sets.length > 1) lines.push(paint(io, 'dim', `${set.id}: ${set.title}`));
    lines.push(...results.filter((result) => result.criteriaSet === set).map((result) => line(row(result))));
  }
  const findings = results.flatMap((result) =>
    result.discrepancies.map((found) => `${paint(io, 'yellow', '!')} ${result.unit.name}: ${found.message}`),
  );
  if (findings.length > 0)
    lines.push('', paint(io, 'bold', 'Published figures that do not match:'), ...findings);
  return `${lines.join('\n')}\n`;
}

export async function scoreCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      criteria: { type: 'string', short: 'c', multiple: true, default: [] },
      format: { type: 'string', short: 'f', default: 'table' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError(`unknown format '${values.format}' (table or json)`);
  if (positionals.length === 0) throw new UsageError('give at least one assessment file');
  const results = await scoreFiles(io, values.criteria, positionals);
  if (!results) return EXIT_INVALID_INPUT;
  io.stdout(
    values.format === 'json'
      ? `${JSON.stringify({ results: results.map((result) => resultToJson(result)) }, null, 2)}\n`
      : table(io, results),
  );
  return EXIT_OK;
}

import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { issue, prefixIssues } from '@cchc/core/internal';
import { resultsWorkbook } from '@cchc/excel';
import { createReportModel, REPORT_FORMATS, type ReportFormat, renderReport } from '@cchc/report';
import { type FileIssue, type LoadedDocument, loadDocument, printIssues, writeAtomically } from '../files.js';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, UsageError } from '../io.js';
import { scoreLoaded } from './score.js';

export const REPORT_HELP = `Usage: cchc report <report-file> --format md|txt|html|docx|xlsx [--out <file>]

Scores the report file's assessments and writes the Vietnamese report (xlsx: the results as an Excel
workbook: a summary, a sheet per unit, the lost items and the responsibility ledger).

The report file holds { criteriaSets, assessments, report }: the sets and assessments inline, or as
paths relative to the report file; "report" is the report input (see: cchc schema report).

Options:
  -f, --format <format>   md, txt, html, docx or xlsx
  -o, --out <file>        write to a file (required for docx and xlsx); text formats go to standard output otherwise
  -h, --help              show this help
`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves the documents a report file names by path, relative to the report file. */
async function resolveList(
  io: CliIo,
  report: LoadedDocument,
  key: 'criteriaSets' | 'assessments',
  issues: FileIssue[],
): Promise<LoadedDocument[]> {
  const raw = isObject(report.data) ? report.data[key] : undefined;
  if (raw === undefined && key === 'criteriaSets') return [];
  if (!Array.isArray(raw)) {
    issues.push({ file: report.name, issue: issue('required', [key]) });
    return [];
  }
  const loaded: LoadedDocument[] = [];
  for (const [position, item] of raw.entries()) {
    if (typeof item === 'string') {
      const outcome = await loadDocument(io, item, dirname(report.path));
      if (outcome.success) loaded.push(outcome.data);
      else issues.push(...outcome.issues.map((found) => ({ file: outcome.file, issue: found })));
    } else {
      loaded.push({ name: `${report.name}:${key}[${position}]`, path: report.path, data: item });
    }
  }
  return loaded;
}

export async function reportCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
    },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format as ReportFormat | 'xlsx' | undefined;
  if (format === undefined || !(format === 'xlsx' || REPORT_FORMATS.includes(format)))
    throw new UsageError('give --format md, txt, html, docx or xlsx');
  if ((format === 'docx' || format === 'xlsx') && values.out === undefined)
    throw new UsageError(`a ${format.toUpperCase()} file needs --out <file>`);
  if (positionals.length !== 1) throw new UsageError('give one report file');

  const loaded = await loadDocument(io, positionals[0]!);
  if (!loaded.success) {
    printIssues(
      io,
      loaded.issues.map((found) => ({ file: loaded.file, issue: found })),
    );
    return EXIT_INVALID_INPUT;
  }
  const file = loaded.data;
  const issues: FileIssue[] = [];
  const sets = await resolveList(io, file, 'criteriaSets', issues);
  const assessments = await resolveList(io, file, 'assessments', issues);
  const input = isObject(file.data) ? file.data['report'] : undefined;
  if (input === undefined) issues.push({ file: file.name, issue: issue('required', ['report']) });
  if (issues.length > 0) {
    printIssues(io, issues);
    return EXIT_INVALID_INPUT;
  }
  const results = scoreLoaded(io, sets, assessments);
  if (!results) return EXIT_INVALID_INPUT;
  const model = createReportModel({ results, input });
  if (!model.success) {
    printIssues(
      io,
      prefixIssues(model.issues, 'report').map((found) => ({ file: file.name, issue: found })),
    );
    return EXIT_INVALID_INPUT;
  }
  const output =
    format === 'xlsx'
      ? await resultsWorkbook(results, { title: model.data.title })
      : await renderReport(model.data, format);
  if (values.out === undefined) {
    io.stdout(output);
    return EXIT_OK;
  }
  await writeAtomically(io, values.out, output);
  return EXIT_OK;
}

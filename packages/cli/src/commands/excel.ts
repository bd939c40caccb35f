import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CriteriaSet, formatIssue, type Issue, parseCriteriaSet } from '@cchc/core';
import { readCriteriaSheet, readScoreSheet, scoreSheet } from '@cchc/excel';
import { stringify } from 'yaml';
import { loadDocument, printIssues, writeAtomically } from '../files.js';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, UsageError } from '../io.js';

export const EXCEL_HELP = `Usage: cchc excel template <criteria-set-file> --out <sheet.xlsx> [--unit-id <id> --unit-name <name>] [--period <year>] [--layer self|appraised]
       cchc excel import <file.xlsx> [--set <criteria-set-file>] [--format yaml|json] [--out <file>]
       cchc excel import <annex.xlsx> --id <id> --title <title> --classes "Xuất sắc:90,Tốt:80,…" [--sheet <name>]

template  writes a score sheet to fill in (phiếu chấm điểm) for a criteria set: validated input cells,
          subtotals as formulas, the structure protected.
import    reads a filled score sheet back into an assessment (with --set, also checks and scores it and
          names the cell of every error), or, with --id, a criteria set from the table of a decision
          annex (STT | Tiêu chí | Điểm tối đa | Quy tắc | Tham số); prints YAML (or JSON) or writes --out.

Options:
  -o, --out <file>       where to write (required for template)
      --format <format>  yaml (default) or json, for import
  -h, --help             show this help
`;

const printSheetIssues = (io: CliIo, issues: readonly Issue[]) => {
  for (const found of issues) io.stderr(`${formatIssue(found)}\n`);
};

/** A criteria set read from a file and parsed; undefined once its errors are printed. */
async function loadSet(io: CliIo, path: string): Promise<CriteriaSet | undefined> {
  const loaded = await loadDocument(io, path);
  const parsed = loaded.success ? parseCriteriaSet(loaded.data.data) : loaded;
  if (parsed.success) return parsed.data;
  printIssues(
    io,
    parsed.issues.map((found) => ({ file: loaded.file, issue: found })),
  );
  return undefined;
}

/** `Xuất sắc:90,Tốt:80` as class bands, best first. */
function classesOf(text: string): { label: string; min: string }[] {
  return text.split(',').map((part) => {
    const colon = part.lastIndexOf(':');
    if (colon <= 0) throw new UsageError(`--classes: '${part}' is not label:min`);
    return { label: part.slice(0, colon).trim(), min: part.slice(colon + 1).trim() };
  });
}

async function template(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string', short: 'o' },
      'unit-id': { type: 'string' },
      'unit-name': { type: 'string' },
      period: { type: 'string' },
      layer: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give one criteria set file');
  if (values.out === undefined) throw new UsageError('a score sheet needs --out <file.xlsx>');
  const layer = values.layer ?? 'self';
  if (layer !== 'self' && layer !== 'appraised') throw new UsageError('--layer is self or appraised');
  if ((values['unit-id'] === undefined) !== (values['unit-name'] === undefined))
    throw new UsageError('give --unit-id and --unit-name together');
  const set = await loadSet(io, positionals[0]!);
  if (!set) return EXIT_INVALID_INPUT;
  const bytes = await scoreSheet(set, {
    layer,
    ...(values.period === undefined ? {} : { period: values.period }),
    ...(values['unit-id'] === undefined
      ? {}
      : { unit: { id: values['unit-id'], name: values['unit-name']! } }),
  });
  await writeAtomically(io, values.out, bytes);
  return EXIT_OK;
}

async function importSheet(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      set: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      id: { type: 'string' },
      title: { type: 'string' },
      classes: { type: 'string' },
      sheet: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give one .xlsx file');
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError('--format is yaml or json');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(io.cwd, positionals[0]!));
  } catch (error) {
    io.stderr(
      `${positionals[0]}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`,
    );
    return EXIT_INVALID_INPUT;
  }
  let document: unknown;
  if (values.id !== undefined) {
    if (values.title === undefined || values.classes === undefined)
      throw new UsageError('a criteria set needs --id, --title and --classes');
    const read = await readCriteriaSheet(bytes, {
      set: { id: values.id, title: values.title, classes: classesOf(values.classes) },
      ...(values.sheet === undefined ? {} : { sheet: values.sheet }),
    });
    if (!read.success) {
      printSheetIssues(io, read.issues);
      return EXIT_INVALID_INPUT;
    }
    document = read.data.document;
  } else {
    const set = values.set === undefined ? undefined : await loadSet(io, values.set);
    if (values.set !== undefined && !set) return EXIT_INVALID_INPUT;
    const read = await readScoreSheet(bytes, { set });
    if (!read.success) {
      printSheetIssues(io, read.issues);
      return EXIT_INVALID_INPUT;
    }
    document = read.data;
  }
  const text = format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document);
  if (values.out === undefined) io.stdout(text);
  else await writeAtomically(io, values.out, text);
  return EXIT_OK;
}

export async function excelCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'template') return template(io, rest);
  if (action === 'import') return importSheet(io, rest);
  throw new UsageError(action === undefined ? 'give template or import' : `unknown action '${action}'`);
}

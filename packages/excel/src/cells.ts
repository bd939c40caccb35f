import {
  type Decimal,
  decimalText,
  type Issue,
  type IssueParams,
  type Outcome,
  type SheetProblem,
} from '@cchc/core';
import { issue } from '@cchc/core/internal';
import ExcelJS from 'exceljs';
import { Unzip, UnzipInflate } from 'fflate';

export type Workbook = ExcelJS.Workbook;
export type Worksheet = ExcelJS.Worksheet;

/** A new workbook with the project as its author. */
export function newWorkbook(): Workbook {
  return withAuthor(new ExcelJS.Workbook());
}

/** The project as a workbook's author, and fixed times: the same input gives the same bytes. */
export function withAuthor<W extends Workbook>(workbook: W): W {
  workbook.creator = 'cchc';
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  return workbook;
}

/** The workbook's bytes (.xlsx). */
export async function workbookBytes(workbook: Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Two decimals, as the report writes figures; Excel shows them with the decimal comma of a Vietnamese locale. */
export const FIGURE_FORMAT = '0.00';

/** A figure as an Excel number (figures have at most 15 significant digits: a double holds them exactly as text). */
export const figure = (value: Decimal): number => Number(decimalText(value));

/** Excel's limits on a sheet's name: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Trang';
  for (let attempt = 1; ; attempt++) {
    const suffix = attempt === 1 ? '' : ` (${attempt})`;
    const name = clean.slice(0, 31 - suffix.length).trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** A4, landscape, as wide as a page: what an office prints. */
export const A4_LANDSCAPE: Partial<ExcelJS.PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/** A header row: bold, wrapped, bordered, on a light fill. */
export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    };
  });
}

/**
 * What a cell holds, as a document value: a number as a number, text as text (rich text joined, a
 * formula's result, a hyperlink's text), a date as `YYYY-MM-DD`, a boolean as is, and an empty cell or an
 * error as undefined.
 */
export function cellValue(cell: ExcelJS.Cell): string | number | boolean | undefined {
  const value = cell.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === 'number' || typeof result === 'string' || typeof result === 'boolean'
      ? result
      : undefined;
  }
  if ('text' in value && typeof value.text === 'string') return value.text;
  return undefined;
}

/** Text as typed words compare: without accents or case (`Không biết` = `khong biet`), trimmed. */
export const wordsOf = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().trim();

/** Whether a cell holds a formula (its value then is the cached result its writer stored). */
export function isFormula(cell: ExcelJS.Cell): boolean {
  const value = cell.value;
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** `'Tự chấm'!E17`: a cell as Excel names it in a formula. */
export function cellName(sheet: string, address: string): string {
  return `'${sheet.replaceAll("'", "''")}'!${address}`;
}

/** An error found in a sheet: the cell it is at, and what is wrong, in English and Vietnamese. */
/**
 * An issue of a workbook: the core's issue with the cell it is at (`'Tự chấm'!E17`; the sheet alone,
 * `'Tự chấm'`, or `(workbook)` when no cell is to blame). Its message in either language:
 * `formatIssue(found, 'vi')` (`'Tự chấm'!E17: điểm 0,5 vượt điểm tối đa 0,25`).
 */
export type SheetIssue = Issue & { readonly cell: string };

/** A core issue placed at a cell. */
export function sheetIssue(cell: string, found: Issue): SheetIssue {
  return { ...found, cell };
}

/** A problem of the workbook itself (a moved column, a merged cell, a foreign file), at a cell. */
export function sheetProblem(cell: string, problem: SheetProblem, params: IssueParams = {}): SheetIssue {
  return sheetIssue(cell, issue('invalid_sheet', [], { problem, ...params }));
}

/** What reading a sheet gives: the core's outcome, its issues each at a cell. */
export type SheetOutcome<T> = Outcome<T>;

export const sheetFailure = (issues: readonly SheetIssue[]): Outcome<never> => ({
  success: false,
  issues,
});

/**
 * The most a workbook may expand to, and the most files it may hold: a zip bomb is refused before Excel's
 * reader sees it. A score sheet takes ~2 KB a criterion expanded: 8 MiB is four times a 1,000-criteria set.
 */
const MAX_EXPANDED_BYTES = 8 * 1024 * 1024;
const MAX_WORKBOOK_FILES = 2_000;
/** Fed to the inflater in slices this small, the expansion is counted before it can pass the bound by much. */
const SLICE = 16 * 1024;

/**
 * What is wrong with an .xlsx as a zip archive, before any of it is read as a workbook: not a zip, more
 * than `MAX_WORKBOOK_FILES` files, or more than `MAX_EXPANDED_BYTES` once inflated. Undefined when fine.
 */
function archiveProblem(bytes: Uint8Array): SheetIssue | undefined {
  let files = 0;
  let expanded = 0;
  let failure: SheetIssue | undefined;
  const tooLarge = () =>
    sheetProblem('(workbook)', 'workbook_too_large', {
      megabytes: MAX_EXPANDED_BYTES / 1024 / 1024,
      files: MAX_WORKBOOK_FILES,
    });
  const unzip = new Unzip((file) => {
    if (++files > MAX_WORKBOOK_FILES) {
      failure ??= tooLarge();
      return;
    }
    file.ondata = (error, chunk) => {
      if (error) failure ??= notXlsx();
      expanded += chunk?.length ?? 0;
      if (expanded > MAX_EXPANDED_BYTES) {
        failure ??= tooLarge();
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && failure === undefined; offset += SLICE)
      unzip.push(bytes.subarray(offset, offset + SLICE), offset + SLICE >= bytes.length);
  } catch {
    return failure ?? notXlsx();
  }
  return failure ?? (files === 0 ? notXlsx() : undefined);
}

const notXlsx = () => sheetProblem('(workbook)', 'not_xlsx');

/** Reads an .xlsx within the bounds; a foreign, broken or oversized file is an issue, never a throw. */
export async function loadWorkbook(data: Uint8Array): Promise<Workbook | SheetIssue> {
  const problem = archiveProblem(data);
  if (problem) return problem;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    return workbook;
  } catch {
    return notXlsx();
  }
}

import {
  type CriteriaSet,
  type Criterion,
  type IssueParams,
  parseAssessment,
  type SheetProblem,
  scoreAssessment,
} from '@cchc/core';
import ExcelJS from 'exceljs';
import {
  cellName,
  cellValue,
  isFormula,
  loadWorkbook,
  type SheetIssue,
  type SheetOutcome,
  sheetFailure,
  sheetIssue,
  sheetProblem,
  type Worksheet,
} from './cells.js';
import type { ScoreSheetOptions } from './score-sheet.js';
import { COLUMN, FIRST_ROW, FORMAT, HEADER, META_SHEET, SHEET_OF_LAYER } from './score-sheet-layout.js';

export interface ReadScoreSheetOptions {
  /** The criteria set the sheet was made from: with it, the read assessment is scored, and its errors placed in cells. */
  readonly set?: CriteriaSet | undefined;
  /** The unit, period and layer when the sheet does not say them (a stored round says them). */
  readonly unit?: ScoreSheetOptions['unit'];
  readonly period?: string | number | undefined;
}

/** Yes and no as officials write them in a cell: x, Có, Không… (a checkbox's TRUE and FALSE too). */
const YES = new Set(['x', 'có', 'co', 'yes', 'true', '1', 'đạt', 'không áp dụng']);
const NO = new Set(['không', 'khong', 'no', 'false', '0', 'không đạt']);
function yesNo(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const said = String(value).trim().toLowerCase();
  return YES.has(said) ? true : NO.has(said) ? false : undefined;
}

/**
 * Reads a filled score sheet into an assessment document, every cell as the person typed it: a number
 * or the text "0,25" is the same score (the core reads both). With the criteria set, the document is also
 * parsed and scored, and every error is placed at its cell, in English and Vietnamese.
 */
export async function readScoreSheet(
  data: Uint8Array,
  options: ReadScoreSheetOptions = {},
): Promise<SheetOutcome<Record<string, unknown>>> {
  const workbook = await loadWorkbook(data);
  const refuse = (cell: string, problem: SheetProblem, params: IssueParams = {}) =>
    sheetFailure([sheetProblem(cell, problem, params)]);
  if (!(workbook instanceof ExcelJS.Workbook)) return sheetFailure([workbook]);
  const meta = workbook.getWorksheet(META_SHEET);
  const metaOf = new Map<string, string>();
  meta?.eachRow((row) => {
    const key = cellValue(row.getCell(1));
    const value = cellValue(row.getCell(2));
    if (typeof key === 'string' && value !== undefined) metaOf.set(key, String(value));
  });
  if (metaOf.get('format') !== FORMAT) return refuse('(workbook)', 'not_score_sheet');
  const sheetTitle = metaOf.get('sheet') ?? SHEET_OF_LAYER.self;
  const sheet = workbook.getWorksheet(sheetTitle);
  if (!sheet) return refuse(`'${sheetTitle}'`, 'sheet_missing', { sheet: sheetTitle });
  const header = HEADER.map((_, position) => cellValue(sheet.getRow(FIRST_ROW - 1).getCell(position + 1)));
  const moved = HEADER.findIndex((name, position) => position > 0 && header[position] !== name);
  if (moved >= 0) {
    const address = sheet.getRow(FIRST_ROW - 1).getCell(moved + 1).address;
    return refuse(cellName(sheetTitle, address), 'column_moved', { column: HEADER[moved]! });
  }

  const issues: SheetIssue[] = [];
  // Keys come from the workbook: objects without a prototype, so that a code `__proto__` is only a key.
  const entries: Record<string, Record<string, unknown>> = Object.create(null);
  const rowOf = new Map<string, number>();
  const factRowOf = new Map<string, number>();
  const at = (row: number, column: number) => cellName(sheetTitle, sheet.getRow(row).getCell(column).address);
  const inputColumns = [
    COLUMN.score,
    COLUMN.unitMax,
    COLUMN.notApplicable,
    COLUMN.facts,
    COLUMN.cause,
    COLUMN.responsible,
    COLUMN.evidence,
    COLUMN.note,
  ];
  for (let number = FIRST_ROW; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const key = cellValue(row.getCell(COLUMN.key));
    if (typeof key !== 'string') continue;
    const [kind, code, fact] = key.split(':');
    for (const column of inputColumns) {
      const cell = row.getCell(column);
      if (cell.isMerged) issues.push(sheetProblem(at(number, column), 'merged_input'));
      // The value a workbook caches for a formula is whatever its writer put there, not what the formula
      // computes: an input cell holds the figure itself (a parent's score is the sheet's own sum).
      else if (isFormula(cell) && !(kind === 'p' && (column === COLUMN.score || column === COLUMN.unitMax)))
        issues.push(sheetProblem(at(number, column), 'formula_input'));
    }
    if (code === undefined) continue;
    // A code is read only against the set, where there is one: any other is a row someone wrote.
    if (options.set && !options.set.byCode.has(code)) {
      issues.push(sheetProblem(at(number, COLUMN.key), 'not_in_set', { code: code.slice(0, 40) }));
      continue;
    }
    const entry: Record<string, unknown> = entries[code] ?? Object.create(null);
    entries[code] = entry;
    if (kind === 'f' && fact !== undefined) {
      factRowOf.set(`${code}:${fact}`, number);
      const value = cellValue(row.getCell(COLUMN.facts));
      if (value !== undefined) {
        const facts = (entry['facts'] ?? Object.create(null)) as Record<string, unknown>;
        entry['facts'] = facts;
        // A yes/no fact (a report on time or not) reads as a boolean; numbers and decimal text as written.
        const flag = typeof value === 'number' ? undefined : yesNo(value);
        facts[fact] = flag ?? value;
      }
      continue;
    }
    rowOf.set(code, number);
    const score = cellValue(row.getCell(COLUMN.score));
    if (kind === 'c' && score !== undefined)
      entry['score'] = typeof score === 'boolean' ? String(score) : score;
    const unitMax = cellValue(row.getCell(COLUMN.unitMax));
    if (kind === 'c' && unitMax !== undefined)
      entry['max'] = typeof unitMax === 'boolean' ? String(unitMax) : unitMax;
    const na = cellValue(row.getCell(COLUMN.notApplicable));
    if (na !== undefined) {
      const said = yesNo(na);
      if (said === true) entry['notApplicable'] = true;
      else if (said === undefined)
        issues.push(sheetProblem(at(number, COLUMN.notApplicable), 'yes_no', { value: String(na) }));
    }
    const text = (column: number) => {
      const value = cellValue(row.getCell(column));
      return value === undefined ? undefined : String(value).trim() || undefined;
    };
    const list = (column: number) =>
      text(column)
        ?.split(/[;\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    const cause = text(COLUMN.cause);
    const note = text(COLUMN.note);
    const responsibility = text(COLUMN.responsibility);
    const responsible = list(COLUMN.responsible);
    const evidence = list(COLUMN.evidence);
    if (cause !== undefined) entry['cause'] = cause;
    if (note !== undefined) entry['note'] = note;
    if (responsibility !== undefined) entry['responsibility'] = responsibility;
    if (responsible?.length) entry['responsible'] = responsible;
    if (evidence?.length) entry['evidence'] = evidence;
  }
  // An entry of a parent row holds only what the person may say of a parent: not applicable, cause, note.
  for (const [code, entry] of Object.entries(entries))
    if (Object.keys(entry).length === 0) delete entries[code];

  const unitId = metaOf.get('unit.id') ?? options.unit?.id;
  const unitName = metaOf.get('unit.name') ?? options.unit?.name;
  const group = metaOf.get('unit.group') ?? options.unit?.group;
  const period = metaOf.get('period') ?? (options.period === undefined ? undefined : String(options.period));
  const unscored = metaOf.get('unscored');
  const document: Record<string, unknown> = {
    criteriaSet: metaOf.get('criteriaSet'),
    ...(unitId === undefined
      ? {}
      : { unit: { id: unitId, name: unitName ?? unitId, ...(group ? { group } : {}) } }),
    ...(period === undefined ? {} : { period }),
    layer: metaOf.get('layer') ?? 'self',
    ...(unscored === undefined ? {} : { unscored }),
    // As plain objects again (their keys own data, never a prototype).
    entries: Object.fromEntries(
      Object.entries(entries).map(([code, entry]) => [
        code,
        Object.fromEntries(
          Object.entries(entry).map(([field, value]) => [
            field,
            field === 'facts' ? Object.fromEntries(Object.entries(value as object)) : value,
          ]),
        ),
      ]),
    ),
  };

  if (options.set) {
    if (options.set.id !== document['criteriaSet'])
      issues.push(
        sheetProblem('(workbook)', 'set_mismatch', {
          named: String(document['criteriaSet']),
          given: options.set.id,
        }),
      );
    // A criterion whose row was deleted cannot be read: say which.
    const visit = (criteria: readonly Criterion[]) => {
      for (const criterion of criteria) {
        if (!rowOf.has(criterion.code))
          issues.push(sheetProblem(`'${sheetTitle}'`, 'row_deleted', { code: criterion.code }));
        visit(criterion.children);
      }
    };
    visit(options.set.criteria);
    if (issues.length === 0 && document['unit'] !== undefined && document['period'] !== undefined) {
      const parsed = parseAssessment(document);
      const scored = parsed.success ? scoreAssessment(options.set, parsed.data) : parsed;
      if (!scored.success)
        for (const found of scored.issues)
          issues.push(sheetIssue(cellOf(found.path, sheetTitle, rowOf, factRowOf, sheet), found));
    }
  }
  return issues.length > 0 ? sheetFailure(issues) : { success: true as const, data: document };
}

/** The cell an issue's path points at: `entries.<code>.score` → that row's score cell, and so on. */
function cellOf(
  path: readonly (string | number)[],
  sheetTitle: string,
  rowOf: ReadonlyMap<string, number>,
  factRowOf: ReadonlyMap<string, number>,
  sheet: Worksheet,
): string {
  const [root, code, field, fact] = path;
  if (root !== 'entries' || typeof code !== 'string') return `'${sheetTitle}'`;
  const at = (row: number | undefined, column: number) =>
    row === undefined ? `'${sheetTitle}'` : cellName(sheetTitle, sheet.getRow(row).getCell(column).address);
  if (field === 'facts' && typeof fact === 'string')
    return at(factRowOf.get(`${code}:${fact}`) ?? rowOf.get(code), COLUMN.facts);
  const column =
    field === 'notApplicable'
      ? COLUMN.notApplicable
      : field === 'cause'
        ? COLUMN.cause
        : field === 'responsible'
          ? COLUMN.responsible
          : field === 'evidence'
            ? COLUMN.evidence
            : field === 'note'
              ? COLUMN.note
              : field === 'responsibility'
                ? COLUMN.responsibility
                : field === 'max'
                  ? COLUMN.unitMax
                  : field === 'facts'
                    ? COLUMN.facts
                    : COLUMN.score;
  return at(rowOf.get(code), column);
}

import {
  type CriteriaSet,
  type Criterion,
  type EntryRow,
  type IssueParams,
  parseAssessment,
  type SheetProblem,
  scoreAssessment,
  withRow,
  yesNo,
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

/**
 * Reads a filled score sheet into an assessment document, every cell as the person typed it: a number
 * or the text "0,25" is the same score (the core reads both). With the criteria set, the document is also
 * parsed and scored, and every error is placed at its cell, in English and Vietnamese.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatIssue, parseCriteriaSet, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * import { readScoreSheet, scoreSheet } from '@cchc/excel';
 * const set = unwrap(parseCriteriaSet(konRay2021.criteriaSets[1]));
 * const commune = konRay2021.communes[0]!;
 * const sheet = await scoreSheet(set, { unit: commune.unit, period: 2021, entries: commune.entries });
 * const read = await readScoreSheet(sheet, { set }); // with its set: checked and scored, errors at their cells
 * assert.ok(read.success, read.success ? '' : formatIssue(read.issues[0]!, 'vi'));
 * ```
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
  // What each criterion's rows say, by code: a Map, so that a code `__proto__` is only a key.
  const rows = new Map<string, { -readonly [F in keyof EntryRow]: EntryRow[F] }>();
  const facts = new Map<string, [string, string | number | boolean][]>();
  const rowNumberOf = new Map<string, number>();
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
    const said = rows.get(code) ?? {};
    rows.set(code, said);
    if (kind === 'f' && fact !== undefined) {
      factRowOf.set(`${code}:${fact}`, number);
      const value = cellValue(row.getCell(COLUMN.facts));
      if (value !== undefined) facts.set(code, [...(facts.get(code) ?? []), [fact, value]]);
      continue;
    }
    rowNumberOf.set(code, number);
    const figure = (column: number) => {
      const value = kind === 'c' ? cellValue(row.getCell(column)) : undefined;
      return typeof value === 'boolean' ? String(value) : value;
    };
    said.score = figure(COLUMN.score);
    said.max = figure(COLUMN.unitMax);
    const na = cellValue(row.getCell(COLUMN.notApplicable));
    if (na !== undefined) {
      const yes = yesNo(na);
      if (yes === true) said.notApplicable = true;
      else if (yes === undefined)
        issues.push(sheetProblem(at(number, COLUMN.notApplicable), 'yes_no', { value: String(na) }));
    }
    const text = (column: number) => {
      const value = cellValue(row.getCell(column));
      return value === undefined ? undefined : String(value);
    };
    const list = (column: number) => text(column)?.split(/[;\n]/);
    said.cause = text(COLUMN.cause);
    said.note = text(COLUMN.note);
    said.responsibility = text(COLUMN.responsibility);
    said.responsible = list(COLUMN.responsible);
    said.evidence = list(COLUMN.evidence);
  }
  // Each row becomes its entry through the core's one entry-row model, as the pages' form does; a
  // parent's row says only what may be said of a parent (not applicable, cause, note), often nothing.
  const entries: [string, Record<string, unknown>][] = [];
  for (const [code, said] of rows) {
    const entry = withRow(
      undefined,
      { ...said, facts: Object.fromEntries(facts.get(code) ?? []) },
      { criterion: options.set?.byCode.get(code) },
    );
    if (Object.keys(entry).length > 0) entries.push([code, entry]);
  }

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
    // Own keys from pairs: a code `__proto__` is only a key.
    entries: Object.fromEntries(entries),
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
        if (!rowNumberOf.has(criterion.code))
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
          issues.push(sheetIssue(cellOf(found.path, sheetTitle, rowNumberOf, factRowOf, sheet), found));
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

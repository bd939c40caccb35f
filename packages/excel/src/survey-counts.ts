import type { Outcome } from '@cchc/core';
import { issue, succeed } from '@cchc/core/internal';
import {
  A4_LANDSCAPE,
  cellName,
  cellValue,
  newWorkbook,
  sheetFailure,
  sheetIssue,
  sheetProblem,
  styleHeader,
  wordsOf,
  workbookBytes,
} from './cells.js';
import { groupSheets, type SurveyFormSheet, sheetNames } from './survey-sheets.js';

/** One unit's tally sheet row read back, with the cells its figures came from. */
export interface ReadSurveyCounts {
  readonly group: string;
  readonly unit: string;
  readonly respondents: number;
  /** By criterion code, by option: how many chose it. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Where each figure was read, for an error found later (more chosen than respondents). */
  readonly cells: {
    readonly unit: string;
    readonly respondents: string;
    readonly answers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
}

const HEADER = ['Đơn vị được đánh giá', 'Số người trả lời'] as const;
/** Row 1: the title; row 2: the columns' names and each option column's question code; row 3: the options. */
const CODE_ROW = 2;
const OPTION_ROW = 3;
const FIRST_ROW = 4;
const FIRST_COUNT_COLUMN = HEADER.length + 1;
/** Rows read on a sheet: a unit a row, a group rating at most 200; the rest is not a tally sheet's. */
const MAX_ROWS = 1_000;
/** The largest count a cell takes: more respondents than any survey asks. */
const MAX_COUNT = 1_000_000;

/**
 * A workbook to type answers counted by hand (tally sheets), a sheet per group: a row per unit the group
 * rates, the respondents counted, then for each question a column per option with how many chose it (those
 * who chose none left it blank). Read back with `readSurveyCounts`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import ExcelJS from 'exceljs';
 * import { readSurveyCounts, surveyCountsWorkbook } from '@cchc/excel';
 * const forms = [{
 *   group: { id: 'dan', name: 'Người dân' },
 *   units: [{ id: 'xa-a', name: 'UBND xã A' }],
 *   questions: [{ code: '9.1', text: 'Ông/bà có hài lòng?', options: ['A', 'B'] }],
 * }];
 * const workbook = new ExcelJS.Workbook();
 * await workbook.xlsx.load((await surveyCountsWorkbook({ title: 'Khảo sát 2021', forms })).slice().buffer);
 * const sheet = workbook.getWorksheet('Người dân')!;
 * sheet.getCell('B4').value = 25; // respondents
 * sheet.getCell('C4').value = 20; // A
 * sheet.getCell('D4').value = 3; // B: the other 2 left 9.1 blank
 * const read = await readSurveyCounts(new Uint8Array(await workbook.xlsx.writeBuffer()), forms);
 * assert.ok(read.success);
 * assert.deepEqual(read.data[0]!.answers, { '9.1': { A: 20, B: 3 } });
 * ```
 */
export async function surveyCountsWorkbook(input: {
  readonly title: string;
  readonly forms: readonly SurveyFormSheet[];
}): Promise<Uint8Array> {
  const workbook = newWorkbook();
  for (const [name, form] of sheetNames(input.forms)) {
    const sheet = workbook.addWorksheet(name, {
      pageSetup: A4_LANDSCAPE,
      views: [{ state: 'frozen', xSplit: HEADER.length, ySplit: FIRST_ROW - 1 }],
    });
    sheet.getCell(1, 1).value = `${input.title}: số phiếu đã tổng hợp của nhóm ${form.group.name}`;
    sheet.getCell(1, 1).font = { bold: true, size: 13 };
    const codes = sheet.getRow(CODE_ROW);
    const options = sheet.getRow(OPTION_ROW);
    HEADER.forEach((title, at) => {
      codes.getCell(at + 1).value = title;
    });
    let column = FIRST_COUNT_COLUMN;
    for (const question of form.questions)
      for (const option of question.options) {
        codes.getCell(column).value = question.code;
        options.getCell(column).value = option;
        column++;
      }
    options.getCell(2).value = 'Người để trống một câu là số còn lại';
    styleHeader(codes);
    styleHeader(options);
    sheet.columns = [
      { width: 34 },
      { width: 14 },
      ...Array.from({ length: column - FIRST_COUNT_COLUMN }, () => ({ width: 10 })),
    ];
    form.units.forEach((unit, at) => {
      sheet.getCell(FIRST_ROW + at, 1).value = unit.name;
      for (let count = 2; count < column; count++)
        sheet.getCell(FIRST_ROW + at, count).dataValidation = {
          type: 'whole',
          operator: 'between',
          allowBlank: true,
          formulae: [0, MAX_COUNT],
          showErrorMessage: true,
          errorTitle: 'Số phiếu',
          error: 'Ghi một số nguyên không âm.',
        };
    });
  }
  return workbookBytes(workbook);
}

/**
 * Reads the tally sheets typed in a workbook made by `surveyCountsWorkbook` for the same `forms`: a row per
 * unit (by its id or its name) with its respondents and each option's count; a row left empty is not read.
 * Every error is placed at its cell; the sheets are answered only when all are good. Whether the counts add
 * up (no more chosen than respondents) is core's `surveyCountsIssues` to say, at the caller.
 */
export async function readSurveyCounts(
  data: Uint8Array,
  forms: readonly SurveyFormSheet[],
): Promise<Outcome<ReadSurveyCounts[]>> {
  const found = await groupSheets(data, forms, { header: HEADER, headerRow: CODE_ROW, maxRows: MAX_ROWS });
  if ('success' in found) return found;
  const issues = [...found.issues];
  const read: ReadSurveyCounts[] = [];
  for (const { name, form, sheet } of found.sheets) {
    const codeRow = sheet.getRow(CODE_ROW);
    const optionRow = sheet.getRow(OPTION_ROW);
    // Each count column by the question and option its header names.
    const columns: { column: number; code: string; option: string }[] = [];
    for (let column = FIRST_COUNT_COLUMN; column <= codeRow.cellCount; column++) {
      const code = String(cellValue(codeRow.getCell(column)) ?? '').trim();
      if (code === '') continue;
      const header = cellName(name, codeRow.getCell(column).address);
      const question = form.questions.find((asked) => asked.code === code);
      const typed = String(cellValue(optionRow.getCell(column)) ?? '').trim();
      const option = question?.options.find((offered) => wordsOf(offered) === wordsOf(typed));
      if (question === undefined) issues.push(sheetProblem(header, 'not_in_set', { code }));
      else if (option === undefined)
        issues.push(
          sheetIssue(
            cellName(name, optionRow.getCell(column).address),
            issue('invalid_survey', [], {
              problem: 'unknown_option',
              code,
              option: typed,
              options: question.options.join(', '),
            }),
          ),
        );
      else columns.push({ column, code, option });
    }
    const unitOf = new Map<string, string>();
    for (const unit of form.units) {
      unitOf.set(unit.id, unit.id);
      unitOf.set(wordsOf(unit.name), unit.id);
    }
    for (let number = FIRST_ROW; number <= sheet.rowCount; number++) {
      const row = sheet.getRow(number);
      const at = (column: number) => cellName(name, row.getCell(column).address);
      const raw = (column: number) => cellValue(row.getCell(column));
      const given = [2, ...columns.map((counted) => counted.column)].filter(
        (column) => raw(column) !== undefined && String(raw(column)).trim() !== '',
      );
      if (given.length === 0) continue;
      const unitText = String(raw(1) ?? '').trim();
      const unit = unitOf.get(unitText) ?? unitOf.get(wordsOf(unitText));
      if (unitText === '') issues.push(sheetProblem(at(1), 'cell_required', { column: HEADER[0] }));
      else if (unit === undefined) issues.push(sheetProblem(at(1), 'unit_unknown', { value: unitText }));
      const count = (column: number): number | undefined => {
        const value = raw(column);
        const number = typeof value === 'number' ? value : Number(String(value).trim());
        if (Number.isSafeInteger(number) && number >= 0 && number <= MAX_COUNT) return number;
        issues.push(
          sheetIssue(
            at(column),
            issue('invalid_survey', [], { problem: 'not_a_count', value: String(value), max: MAX_COUNT }),
          ),
        );
        return undefined;
      };
      const respondentsGiven = raw(2) !== undefined && String(raw(2)).trim() !== '';
      if (!respondentsGiven) issues.push(sheetProblem(at(2), 'cell_required', { column: HEADER[1] }));
      const respondents = respondentsGiven ? count(2) : undefined;
      const answers: Record<string, Record<string, number>> = {};
      const cells: Record<string, Record<string, string>> = {};
      for (const { column, code, option } of columns) {
        if (raw(column) === undefined || String(raw(column)).trim() === '') continue;
        const counted = count(column);
        if (counted === undefined) continue;
        answers[code] = { ...answers[code], [option]: counted };
        cells[code] = { ...cells[code], [option]: at(column) };
      }
      if (issues.length >= 100) return sheetFailure(issues);
      if (unit === undefined || respondents === undefined) continue;
      read.push({
        group: form.group.id,
        unit,
        respondents,
        answers,
        cells: { unit: at(1), respondents: at(2), answers: cells },
      });
    }
  }
  if (issues.length === 0 && read.length === 0) issues.push(sheetProblem('(workbook)', 'no_forms'));
  return issues.length > 0 ? sheetFailure(issues) : succeed(read);
}

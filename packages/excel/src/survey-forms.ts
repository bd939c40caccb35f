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

export interface SurveyFormsInput {
  /** The survey's name, over each sheet. */
  readonly title: string;
  /** A sheet per group, in this order. */
  readonly forms: readonly SurveyFormSheet[];
  /** Forms laid out ready to type on each sheet (rows numbered, units named): 20 unless said. */
  readonly formsPerSheet?: number;
}

/** One form read back: its group, its paper serial if the row gives one, and its answers by unit and code. */
export interface ReadSurveyForm {
  readonly group: string;
  readonly serial?: number;
  readonly answers: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
  /** Where it was read (its first row's form number, and its serial), for an error found later by the store. */
  readonly cells: { readonly form: string; readonly serial?: string };
}

/** The most forms one workbook brings: as many as one import stores. */
export const MAX_SURVEY_FORMS = 5_000;
/** The most rows one sheet is read to: forms × units rated, with room. */
const MAX_SHEET_ROWS = 200_000;
const HEADER = ['Phiếu số', 'Số phiếu giấy (nếu có)', 'Đơn vị được đánh giá'] as const;
/** Row 1: the title; row 2: the columns' names and the questions' codes; row 3: the questions; then forms. */
const CODE_ROW = 2;
const FIRST_ROW = 4;
const FIRST_QUESTION_COLUMN = HEADER.length + 1;

/** An option list Excel can offer in a cell: none when an option holds what its list cannot. */
const optionList = (options: readonly string[]) =>
  options.some((option) => /[",]/.test(option)) || options.join(',').length > 250
    ? undefined
    : `"${options.join(',')}"`;

/**
 * A workbook to type survey forms in (paper forms, or answers gathered elsewhere): a sheet per group, a row
 * per form and unit rated, a column per question, each answer chosen from the question's options; a form
 * left blank is not read. Read back with `readSurveyForms`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { readSurveyForms, surveyFormsWorkbook } from '@cchc/excel';
 * const forms = [{
 *   group: { id: 'dan', name: 'Người dân' },
 *   units: [{ id: 'xa-a', name: 'UBND xã A' }],
 *   questions: [{ code: '9.1', text: 'Ông/bà có hài lòng?', options: ['A', 'B', 'C', 'D'] }],
 * }];
 * const blank = await surveyFormsWorkbook({ title: 'Khảo sát 2021', forms, formsPerSheet: 2 });
 * const read = await readSurveyForms(blank, forms);
 * assert.equal(read.success, false); // nothing typed yet: no form to read
 * ```
 */
export async function surveyFormsWorkbook(input: SurveyFormsInput): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const perSheet = Math.max(0, Math.min(input.formsPerSheet ?? 20, MAX_SURVEY_FORMS));
  for (const [name, form] of sheetNames(input.forms)) {
    const sheet = workbook.addWorksheet(name, {
      pageSetup: A4_LANDSCAPE,
      views: [{ state: 'frozen', xSplit: HEADER.length, ySplit: FIRST_ROW - 1 }],
    });
    sheet.getCell(1, 1).value = `${input.title}: phiếu của nhóm ${form.group.name}`;
    sheet.getCell(1, 1).font = { bold: true, size: 13 };
    const codes = sheet.getRow(CODE_ROW);
    const texts = sheet.getRow(CODE_ROW + 1);
    HEADER.forEach((title, at) => {
      codes.getCell(at + 1).value = title;
    });
    form.questions.forEach((question, at) => {
      codes.getCell(FIRST_QUESTION_COLUMN + at).value = question.code;
      texts.getCell(FIRST_QUESTION_COLUMN + at).value = question.text;
    });
    texts.getCell(1).value = 'Các dòng cùng số phiếu là một phiếu';
    texts.getCell(3).value = 'Ghi mã hoặc tên đơn vị';
    styleHeader(codes);
    texts.alignment = { wrapText: true, vertical: 'top' };
    texts.font = { italic: true };
    sheet.columns = [
      { width: 10 },
      { width: 14 },
      { width: 34 },
      ...form.questions.map(() => ({ width: 18 })),
    ];
    let row = FIRST_ROW;
    for (let number = 1; number <= perSheet; number++)
      for (const unit of form.units) {
        const cells = sheet.getRow(row++);
        cells.getCell(1).value = number;
        cells.getCell(3).value = unit.name;
      }
    // Each answer offered from its question's options, on every row laid out and as many again below.
    const lastRow = Math.max(row, FIRST_ROW + 1) + Math.max(row - FIRST_ROW, 200);
    form.questions.forEach((question, at) => {
      const list = optionList(question.options);
      if (list === undefined) return;
      const column = FIRST_QUESTION_COLUMN + at;
      for (let number = FIRST_ROW; number < lastRow; number++)
        sheet.getCell(number, column).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [list],
          showErrorMessage: true,
          errorTitle: `Câu ${question.code}`,
          error: `Chọn một trong: ${question.options.join(', ')}; bỏ trống nếu không trả lời.`,
        };
    });
  }
  return workbookBytes(workbook);
}

/** A form as its rows are read: its serial, where it was read, its answers so far, and whether any is given. */
interface FormBeingRead {
  serial?: number;
  cells: { form: string; serial?: string };
  answers: Record<string, Record<string, string | null>>;
  answered: boolean;
}

/**
 * Reads the forms typed in a workbook made by `surveyFormsWorkbook` for the same `forms`: the rows of one
 * form number on a sheet are one form; a unit by its id or its name; an answer one of its question's options
 * (by its words, whatever their case or accents), a blank left out. Every error is placed at its cell; the
 * forms are answered only when all are good. What only the store can say (a serial already entered) is the
 * caller's to say.
 */
export async function readSurveyForms(
  data: Uint8Array,
  forms: readonly SurveyFormSheet[],
): Promise<Outcome<ReadSurveyForm[]>> {
  const found = await groupSheets(data, forms, {
    header: HEADER,
    headerRow: CODE_ROW,
    maxRows: MAX_SHEET_ROWS,
  });
  if ('success' in found) return found;
  const issues = [...found.issues];
  const read: ReadSurveyForm[] = [];
  for (const { name, form, sheet } of found.sheets) {
    const codeRow = sheet.getRow(CODE_ROW);
    // The questions by the column their code heads: columns may be left out, not renamed.
    const columns = new Map<number, SurveyFormSheet['questions'][number]>();
    for (let column = FIRST_QUESTION_COLUMN; column <= codeRow.cellCount; column++) {
      const code = cellValue(codeRow.getCell(column));
      if (code === undefined) continue;
      const question = form.questions.find((asked) => asked.code === String(code).trim());
      if (question === undefined)
        issues.push(
          sheetProblem(cellName(name, codeRow.getCell(column).address), 'not_in_set', { code: String(code) }),
        );
      else columns.set(column, question);
    }
    const unitOf = new Map<string, string>();
    for (const unit of form.units) {
      unitOf.set(unit.id, unit.id);
      unitOf.set(wordsOf(unit.name), unit.id);
    }
    const byNumber = new Map<string, FormBeingRead>();
    for (let number = FIRST_ROW; number <= sheet.rowCount; number++) {
      const row = sheet.getRow(number);
      const at = (column: number) => cellName(name, row.getCell(column).address);
      const text = (column: number) => {
        const value = cellValue(row.getCell(column));
        return value === undefined ? '' : String(value).trim();
      };
      const answers = [...columns].map(([column, question]) => ({ column, question, value: text(column) }));
      // A row with no answer is a form laid out and not used: not read.
      if (answers.every((answer) => answer.value === '')) continue;
      const formNumber = text(1);
      if (formNumber === '') {
        issues.push(sheetProblem(at(1), 'cell_required', { column: HEADER[0] }));
        continue;
      }
      const unitText = text(3);
      const unit = unitOf.get(unitText) ?? unitOf.get(wordsOf(unitText));
      if (unitText === '') issues.push(sheetProblem(at(3), 'cell_required', { column: HEADER[2] }));
      else if (unit === undefined) issues.push(sheetProblem(at(3), 'unit_unknown', { value: unitText }));
      const typed: FormBeingRead = byNumber.get(formNumber) ?? {
        cells: { form: at(1) },
        answers: {},
        answered: false,
      };
      byNumber.set(formNumber, typed);
      const serialText = text(2);
      if (serialText !== '') {
        const serial = Number(serialText);
        if (!Number.isSafeInteger(serial) || serial < 1)
          issues.push(sheetProblem(at(2), 'not_a_serial', { value: serialText }));
        else if (typed.serial !== undefined && typed.serial !== serial)
          issues.push(
            sheetProblem(at(2), 'serial_differs', { form: formNumber, first: typed.serial, second: serial }),
          );
        else {
          typed.serial = serial;
          typed.cells.serial = at(2);
        }
      }
      if (unit === undefined) continue;
      const unitAnswers = typed.answers[unit] ?? {};
      typed.answers[unit] = unitAnswers;
      for (const { column, question, value } of answers) {
        if (value === '') {
          unitAnswers[question.code] = null;
          continue;
        }
        const option = question.options.find((offered) => wordsOf(offered) === wordsOf(value));
        if (option === undefined)
          issues.push(
            sheetIssue(
              at(column),
              issue('invalid_survey', [], {
                problem: 'unknown_option',
                code: question.code,
                option: value,
                options: question.options.join(', '),
              }),
            ),
          );
        else {
          unitAnswers[question.code] = option;
          typed.answered = true;
        }
      }
      if (issues.length >= 100) return sheetFailure(issues);
    }
    for (const typed of byNumber.values()) {
      if (!typed.answered) continue;
      read.push({
        group: form.group.id,
        ...(typed.serial === undefined ? {} : { serial: typed.serial }),
        answers: typed.answers,
        cells: typed.cells,
      });
    }
  }
  if (read.length > MAX_SURVEY_FORMS)
    issues.push(sheetProblem('(workbook)', 'too_many_rows', { max: MAX_SURVEY_FORMS }));
  if (issues.length === 0 && read.length === 0) issues.push(sheetProblem('(workbook)', 'no_forms'));
  return issues.length > 0 ? sheetFailure(issues) : succeed(read);
}

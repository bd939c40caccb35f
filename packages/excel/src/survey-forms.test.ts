import { formatIssue } from '@cchc/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSurveyForms, surveyFormsWorkbook } from './survey-forms.js';

const FORMS = [
  {
    group: { id: 'hdnd', name: 'Đại biểu HĐND, lãnh đạo MTTQ' },
    units: [
      { id: 'dak-koi', name: 'UBND xã Đắk Kôi' },
      { id: 'tan-lap', name: 'UBND xã Tân Lập' },
    ],
    questions: [
      { code: '9.1', text: 'Thủ tục hành chính có thuận tiện?', options: ['A', 'B', 'C', 'D', 'không biết'] },
      { code: '9.2', text: 'Cán bộ có tận tình?', options: ['A', 'B', 'C', 'D'] },
    ],
  },
  {
    group: { id: 'dan', name: 'Người dân' },
    units: [{ id: 'dak-koi', name: 'UBND xã Đắk Kôi' }],
    questions: [
      { code: '9.1', text: 'Thủ tục hành chính có thuận tiện?', options: ['A', 'B', 'C', 'D', 'không biết'] },
    ],
  },
];

/** The template with `typed` written into it: by sheet, `[row, column, value]`. */
async function typedWorkbook(
  typed: Record<string, [number, number, string | number][]>,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    (await surveyFormsWorkbook({
      title: 'Khảo sát 2021',
      forms: FORMS,
      formsPerSheet: 3,
    })) as unknown as ArrayBuffer,
  );
  for (const [sheet, cells] of Object.entries(typed))
    for (const [row, column, value] of cells)
      workbook.getWorksheet(sheet)!.getCell(row, column).value = value;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the survey forms workbook', () => {
  it('lays out a sheet per group, each form’s units named, each answer offered from its options', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await surveyFormsWorkbook({
        title: 'Khảo sát 2021',
        forms: FORMS,
        formsPerSheet: 3,
      })) as unknown as ArrayBuffer,
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Đại biểu HĐND, lãnh đạo MTTQ',
      'Người dân',
    ]);
    const sheet = workbook.getWorksheet('Đại biểu HĐND, lãnh đạo MTTQ')!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Phiếu số',
      'Số phiếu giấy (nếu có)',
      'Đơn vị được đánh giá',
      '9.1',
      '9.2',
    ]);
    // Three forms of two units: rows 4 to 9.
    expect([4, 5, 9].map((row) => [sheet.getCell(row, 1).value, sheet.getCell(row, 3).value])).toEqual([
      [1, 'UBND xã Đắk Kôi'],
      [1, 'UBND xã Tân Lập'],
      [3, 'UBND xã Tân Lập'],
    ]);
    expect(sheet.getCell(4, 4).dataValidation.formulae).toEqual(['"A,B,C,D,không biết"']);
  });

  it('reads the rows of one form number as one form, blanks left out, forms not typed skipped', async () => {
    const read = await readSurveyForms(
      await typedWorkbook({
        'Đại biểu HĐND, lãnh đạo MTTQ': [
          [4, 2, 7],
          [4, 4, 'a'],
          [4, 5, 'B'],
          [5, 4, 'Không biết'],
          [6, 4, 'C'],
        ],
        'Người dân': [[5, 4, 'D']],
      }),
      FORMS,
    );
    expect(read).toEqual({
      success: true,
      data: [
        {
          group: 'hdnd',
          serial: 7,
          answers: { 'dak-koi': { '9.1': 'A', '9.2': 'B' }, 'tan-lap': { '9.1': 'không biết', '9.2': null } },
          cells: { form: "'Đại biểu HĐND, lãnh đạo MTTQ'!A4", serial: "'Đại biểu HĐND, lãnh đạo MTTQ'!B4" },
        },
        {
          group: 'hdnd',
          answers: { 'dak-koi': { '9.1': 'C', '9.2': null } },
          cells: { form: "'Đại biểu HĐND, lãnh đạo MTTQ'!A6" },
        },
        { group: 'dan', answers: { 'dak-koi': { '9.1': 'D' } }, cells: { form: "'Người dân'!A5" } },
      ],
    });
  });

  it('places every error at its cell, in Vietnamese, and reads nothing', async () => {
    const read = await readSurveyForms(
      await typedWorkbook({
        'Đại biểu HĐND, lãnh đạo MTTQ': [
          [4, 2, 7],
          [4, 4, 'E'],
          [5, 2, 8],
          [5, 4, 'A'],
          [6, 3, 'UBND xã Không Có'],
          [6, 4, 'A'],
        ],
        'Người dân': [
          [4, 2, 'số 3'],
          [4, 4, 'A'],
        ],
      }),
      FORMS,
    );
    expect(read.success).toBe(false);
    if (read.success) return;
    expect(read.issues.map((found) => formatIssue(found, 'vi'))).toEqual([
      "'Đại biểu HĐND, lãnh đạo MTTQ'!D4: 'E' không phải là phương án của tiêu chí '9.1' (các phương án: A, B, C, D, không biết)",
      "'Đại biểu HĐND, lãnh đạo MTTQ'!B5: phiếu 1 ghi hai số phiếu giấy khác nhau: 7 và 8",
      "'Đại biểu HĐND, lãnh đạo MTTQ'!C6: 'UBND xã Không Có' không phải đơn vị có trong danh sách (ghi mã hoặc tên đơn vị)",
      "'Người dân'!B4: 'số 3' không phải số thứ tự của phiếu giấy (1, 2, …)",
    ]);
  });

  it('refuses a workbook with no form typed, and a file that is not a workbook', async () => {
    const blank = await readSurveyForms(await typedWorkbook({}), FORMS);
    expect(blank.success ? [] : blank.issues.map((found) => found.params?.['problem'])).toEqual(['no_forms']);
    const foreign = await readSurveyForms(new TextEncoder().encode('Phiếu số;Đơn vị'), FORMS);
    expect(foreign.success ? [] : foreign.issues.map((found) => found.params?.['problem'])).toEqual([
      'not_xlsx',
    ]);
  });
});

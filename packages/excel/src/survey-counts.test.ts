import { formatIssue } from '@cchc/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSurveyCounts, surveyCountsWorkbook } from './survey-counts.js';

const FORMS = [
  {
    group: { id: 'lanh-dao', name: 'Lãnh đạo' },
    units: [
      { id: 'dak-koi', name: 'UBND xã Đắk Kôi' },
      { id: 'tan-lap', name: 'UBND xã Tân Lập' },
    ],
    questions: [
      { code: '9.1', text: 'Thủ tục hành chính có thuận tiện?', options: ['A', 'B', 'C', 'D', 'không biết'] },
      { code: '9.2', text: 'Cán bộ có tận tình?', options: ['A', 'B'] },
    ],
  },
];

async function typed(cells: Record<string, string | number>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    (await surveyCountsWorkbook({ title: 'Khảo sát 2021', forms: FORMS })) as unknown as ArrayBuffer,
  );
  const sheet = workbook.getWorksheet('Lãnh đạo')!;
  for (const [address, value] of Object.entries(cells)) sheet.getCell(address).value = value;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the tally sheets workbook', () => {
  it('lays out a row per unit and a column per question and option', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await surveyCountsWorkbook({ title: 'Khảo sát 2021', forms: FORMS })) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Lãnh đạo')!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Đơn vị được đánh giá',
      'Số người trả lời',
      ...Array(5).fill('9.1'),
      '9.2',
      '9.2',
    ]);
    expect((sheet.getRow(3).values as unknown[]).slice(3)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'không biết',
      'A',
      'B',
    ]);
    expect([sheet.getCell('A4').value, sheet.getCell('A5').value]).toEqual([
      'UBND xã Đắk Kôi',
      'UBND xã Tân Lập',
    ]);
  });

  it('reads Yên Bái’s leaders counted by hand, a row left empty not read', async () => {
    const read = await readSurveyCounts(
      await typed({ B4: 25, C4: 11, D4: 6, E4: 2, F4: 1, G4: 3, H4: 20 }),
      FORMS,
    );
    expect(read).toEqual({
      success: true,
      data: [
        {
          group: 'lanh-dao',
          unit: 'dak-koi',
          respondents: 25,
          answers: { '9.1': { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 }, '9.2': { A: 20 } },
          cells: {
            unit: "'Lãnh đạo'!A4",
            respondents: "'Lãnh đạo'!B4",
            answers: {
              '9.1': {
                A: "'Lãnh đạo'!C4",
                B: "'Lãnh đạo'!D4",
                C: "'Lãnh đạo'!E4",
                D: "'Lãnh đạo'!F4",
                'không biết': "'Lãnh đạo'!G4",
              },
              '9.2': { A: "'Lãnh đạo'!H4" },
            },
          },
        },
      ],
    });
  });

  it('places every error at its cell and reads nothing', async () => {
    const read = await readSurveyCounts(
      await typed({ B4: 'hai mươi', C4: 3, D5: -1, A6: 'UBND xã Không Có', B6: 2 }),
      FORMS,
    );
    expect(read.success ? [] : read.issues.map((found) => formatIssue(found, 'vi'))).toEqual([
      "'Lãnh đạo'!B4: 'hai mươi' không phải là số người trả lời (0, 1, 2, … đến 1000000)",
      "'Lãnh đạo'!B5: cột 'Số người trả lời' phải có giá trị ở đây",
      "'Lãnh đạo'!D5: '-1' không phải là số người trả lời (0, 1, 2, … đến 1000000)",
      "'Lãnh đạo'!A6: 'UBND xã Không Có' không phải đơn vị có trong danh sách (ghi mã hoặc tên đơn vị)",
    ]);
  });
});

import { parseCriteriaSet, parseSurveyPlan, tallySurvey, unwrap } from '@cchc/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SURVEY_SHEETS, surveyWorkbook } from './survey.js';

describe('the survey workbook', () => {
  it('lists each unit’s counts per criterion and per group, and whether each was scored', async () => {
    const set = unwrap(
      parseCriteriaSet({
        id: 'khao-sat',
        title: 'Khảo sát',
        classes: [{ label: 'Đạt', min: 0 }],
        criteria: [
          {
            code: '1',
            name: 'Sự hài lòng',
            max: 2,
            rule: { kind: 'survey', credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } },
          },
        ],
      }),
    );
    const question = [{ code: '1', text: 'Hài lòng?' }];
    const plan = unwrap(
      parseSurveyPlan(set, {
        minimumRespondents: 2,
        groups: [
          { id: 'dan', name: 'Người dân', units: ['xa-a', 'xa-b'], questions: question },
          { id: 'dn', name: 'Doanh nghiệp', units: ['xa-a'], questions: question },
        ],
      }),
    );
    const answer = (group: string, unit: string, option: string | null) => ({
      group,
      answers: { [unit]: { '1': option } },
    });
    const tally = unwrap(
      tallySurvey(set, plan, [
        answer('dan', 'xa-a', 'A'),
        answer('dan', 'xa-a', 'không biết'),
        answer('dn', 'xa-a', 'B'),
        answer('dan', 'xa-b', 'C'),
        answer('dan', 'xa-b', null),
      ]),
    );
    const options = {
      title: 'KẾT QUẢ KHẢO SÁT',
      tally,
      units: [
        { id: 'xa-a', name: 'UBND xã A' },
        { id: 'xa-b', name: 'UBND xã B' },
      ],
      criteria: new Map([['1', 'Sự hài lòng']]),
      groups: [
        { id: 'dan', name: 'Người dân' },
        { id: 'dn', name: 'Doanh nghiệp' },
      ],
      minimumRespondents: 2,
    };
    /** A written workbook, read back. */
    const loaded = async (bytes: unknown) => {
      const read = new ExcelJS.Workbook();
      await read.xlsx.load(bytes as never);
      return read;
    };
    /** A sheet's values from its `from`th row on (its title and header above), without the empty first cell. */
    const valuesOf = (book: ExcelJS.Workbook, name: string, from: number) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .slice(from)
        .map((row) => (row as unknown[]).slice(1));
    const workbook = await loaded(await surveyWorkbook(options));
    const rows = (name: string) => valuesOf(workbook, name, 2);
    expect(rows(SURVEY_SHEETS.counts)).toEqual([
      [
        'Đơn vị',
        'Mã tiêu chí',
        'Tiêu chí',
        'A',
        'B',
        'C',
        'D',
        'không biết',
        'Người trả lời được tính',
        'Bỏ trống',
        'Tính điểm',
      ],
      ['UBND xã A', '1', 'Sự hài lòng', 1, 1, 0, 0, 1, 2, 0, 'Có'],
      ['UBND xã B', '1', 'Sự hài lòng', 0, 0, 1, 0, 0, 1, 1, 'Không (dưới 2 người được tính)'],
    ]);
    expect(rows(SURVEY_SHEETS.groups).slice(1)).toEqual([
      ['UBND xã A', '1', 'Người dân', 1, 0, 0, 0, 1, 1, 0],
      ['UBND xã A', '1', 'Doanh nghiệp', 0, 1, 0, 0, 0, 1, 0],
      ['UBND xã B', '1', 'Người dân', 0, 0, 1, 0, 0, 1, 1],
    ]);
    expect(workbook.getWorksheet(SURVEY_SHEETS.comparison)).toBeUndefined();

    // With the points: the survey's in the counts, and set against the assessments on a sheet of their own.
    const withPoints = await loaded(
      await surveyWorkbook({
        ...options,
        points: {
          'xa-a': { '1': { survey: '1.6', self: '2', appraised: '1.6' } },
          'xa-b': { '1': { survey: null } },
        },
      }),
    );
    const sheet = (name: string) => valuesOf(withPoints, name, 3);
    expect(sheet(SURVEY_SHEETS.counts).map((row) => row.at(-1))).toEqual([1.6, 'Không áp dụng']);
    expect(sheet(SURVEY_SHEETS.comparison)).toEqual([
      ['UBND xã A', '1', 'Sự hài lòng', 1.6, 2, 1.6, 'Khác ở tự chấm'],
      ['UBND xã B', '1', 'Sự hài lòng', 'Không áp dụng', undefined, undefined, 'Chưa có điểm để đối chiếu'],
    ]);
  });
});

import type { UnitResult } from '@cchc/core';
import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportModel } from './build.js';
import { plain } from './model.js';

let results: UnitResult[];
beforeAll(() => {
  results = unwrap(scoreDocuments(konRay2021));
});

const issuesOf = (input: unknown) => {
  const outcome = createReportModel({ results, input });
  return outcome.success ? [] : outcome.issues.map(({ code, path }) => ({ code, path }));
};

describe('createReportModel', () => {
  it('names the missing or wrong field of a report input, and builds nothing', () => {
    const { title: _title, ...withoutTitle } = konRay2021.report;
    expect(issuesOf(withoutTitle)).toEqual([{ code: 'required', path: ['title'] }]);
    expect(issuesOf({ ...konRay2021.report, colour: 'red' })).toEqual([
      { code: 'unknown_key', path: ['colour'] },
    ]);
    expect(issuesOf({ ...konRay2021.report, year: undefined })).toEqual([
      { code: 'invalid_value', path: ['date'] },
    ]);
    expect(issuesOf({ ...konRay2021.report, date: '2022-02-30' })).toEqual([
      { code: 'invalid_value', path: ['date'] },
    ]);
    expect(
      issuesOf({ ...konRay2021.report, subject: { ...konRay2021.report.subject, unit: 'nowhere' } }),
    ).toEqual([{ code: 'invalid_value', path: ['subject', 'unit'] }]);
    expect(issuesOf({ ...konRay2021.report, units: { ids: ['dak-koi', 'nowhere'] } })).toEqual([
      { code: 'invalid_value', path: ['units', 'ids', 1] },
    ]);
  });

  it('takes the legal bases from the criteria sets’ decisions', () => {
    const model = unwrap(createReportModel({ results, input: konRay2021.report }));
    const texts = model.body.map((block) => ('text' in block ? plain(block.text) : ''));
    expect(texts[0]).toBe(
      'Căn cứ Quyết định số 609/QĐ-UBND ngày 12/7/2021 của UBND tỉnh Kon Tum về việc ban hành Bộ tiêu chí xác định Chỉ số Cải cách hành chính của các cơ quan chuyên môn thuộc UBND tỉnh, Ban Quản lý Khu kinh tế tỉnh, UBND các huyện, thành phố trên địa bàn tỉnh Kon Tum;',
    );
    expect(texts[1]).toMatch(
      /^Căn cứ Quyết định số 514\/QĐ-UBND ngày 12\/11\/2021 của UBND huyện Kon Rẫy về việc ban hành/,
    );
  });

  it('leaves out every section the input does not ask for, and each addition when switched off', () => {
    const minimal = unwrap(
      createReportModel({
        results,
        input: {
          issuer: ['UBND TỈNH X'],
          number: '1/BC-UBND',
          place: 'X',
          date: '2022-07-12',
          title: 'Kết quả Chỉ số CCHC',
          include: { summary: false, ledger: false, gap: false, reconciliation: false },
        },
      }),
    );
    expect(minimal.placeDate).toBe('X, ngày 12 tháng 7 năm 2022');
    expect(minimal.appendix).toEqual([]);
    expect(
      minimal.body
        .filter((block) => block.kind === 'heading')
        .map((block) => ('text' in block ? plain(block.text) : '')),
    ).toEqual(['I. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021 CỦA CÁC ĐƠN VỊ']);
  });

  it('adds the summary table, the ledger and the gap to the next class', () => {
    const model = unwrap(createReportModel({ results, input: konRay2021.report }));
    const [summary, ledger, gap] = model.appendix;
    expect(summary?.kind === 'table' && summary.rows[0]).toEqual([
      '1',
      'UBND huyện Kon Rẫy',
      '81,45',
      '95',
      '85,74',
      'Tốt',
      '1',
    ]);
    expect(ledger?.kind === 'table' && ledger.rows.find((row) => row[0] === 'Phòng Nội vụ huyện')).toEqual([
      'Phòng Nội vụ huyện',
      '2,25',
      '1.2.1, 1.2.8, 4.2.2, 5.6.2',
    ]);
    expect(gap?.kind === 'paragraph' && plain(gap.text)).toMatch(
      /^Để đạt loại Xuất sắc, UBND huyện Kon Rẫy cần thêm 4,05 điểm/,
    );
  });
});

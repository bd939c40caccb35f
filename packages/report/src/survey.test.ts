import { parseCriteriaSet, parseSurveyPlan, tallySurvey, unwrap } from '@cchc/core';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render/markdown.js';
import { createSurveyReportModel } from './survey.js';

/** What every report of these tests says of itself and of whom. */
const HEADING = {
  authority: 'UBND huyện Kon Rẫy',
  place: 'Kon Rẫy',
  date: { year: 2022, month: 1, day: 26 },
  title: 'Khảo sát sự hài lòng năm 2021',
  units: [
    { id: 'xa-a', name: 'UBND xã A' },
    { id: 'xa-b', name: 'UBND xã B' },
  ],
};

describe('the survey report', () => {
  it('says who answered, then each criterion’s answers per unit and whether it was scored', () => {
    const set = unwrap(
      parseCriteriaSet({
        id: 'khao-sat',
        title: 'Khảo sát',
        classes: [{ label: 'Đạt', min: 0 }],
        criteria: [
          { code: '1', name: 'Thủ tục hành chính', max: 2, rule: { kind: 'survey' } },
          { code: '2', name: 'Cán bộ', max: 1, rule: { kind: 'survey' } },
        ],
      }),
    );
    const questions = [
      { code: '1', text: 'Thủ tục?' },
      { code: '2', text: 'Cán bộ?' },
    ];
    const plan = unwrap(
      parseSurveyPlan(set, {
        minimumRespondents: 2,
        groups: [{ id: 'dan', name: 'Người dân', units: ['xa-a', 'xa-b'], questions }],
      }),
    );
    const response = (a: string | null, b: string | null) => ({
      group: 'dan',
      answers: { 'xa-a': { '1': a, '2': 'B' }, 'xa-b': { '1': b, '2': null } },
    });
    const tally = unwrap(tallySurvey(set, plan, [response('A', 'C'), response('A', null)]));
    const markdown = renderMarkdown(
      unwrap(
        createSurveyReportModel({
          ...HEADING,
          tally,
          criteria: new Map([
            ['1', 'Thủ tục hành chính'],
            ['2', 'Cán bộ'],
          ]),
          groups: [{ id: 'dan', name: 'Người dân', responses: 2 }],
          minimumRespondents: 2,
        }),
      ),
    );
    expect(markdown).toContain('Kon Rẫy, ngày 26 tháng 01 năm 2022');
    expect(markdown).toContain(
      'Khảo sát sự hài lòng năm 2021: 02 phiếu trả lời của 01 nhóm (Người dân: 02 phiếu)',
    );
    expect(markdown).toContain('| UBND xã A | 2 | 0 | 0 | 0 | 2 | Có |');
    // Xã B: one respondent counted on the procedures, nobody on the staff: neither scored.
    expect(markdown).toContain('| UBND xã B | 0 | 0 | 1 | 0 | 1 | Không |');
    expect(markdown).toContain('| UBND xã B | 0 | 0 | 0 | 0 | 0 | Không |');
  });

  it('gives each unit’s points, and sets them against the self-assessment and the appraisal', () => {
    const set = unwrap(
      parseCriteriaSet({
        id: 'khao-sat',
        title: 'Khảo sát',
        classes: [{ label: 'Đạt', min: 0 }],
        criteria: [{ code: '1', name: 'Thủ tục hành chính', max: 2, rule: { kind: 'survey' } }],
      }),
    );
    const plan = unwrap(
      parseSurveyPlan(set, {
        minimumRespondents: 2,
        groups: [
          {
            id: 'dan',
            name: 'Người dân',
            units: ['xa-a', 'xa-b'],
            questions: [{ code: '1', text: 'Thủ tục?' }],
          },
        ],
      }),
    );
    const tally = unwrap(
      tallySurvey(set, plan, [
        { group: 'dan', answers: { 'xa-a': { '1': 'A' }, 'xa-b': { '1': 'B' } } },
        { group: 'dan', answers: { 'xa-a': { '1': 'B' } } },
      ]),
    );
    const options = {
      ...HEADING,
      tally,
      criteria: new Map([['1', 'Thủ tục hành chính']]),
      groups: [{ id: 'dan', name: 'Người dân', responses: 2 }],
      minimumRespondents: 2,
    };
    const markdown = renderMarkdown(
      unwrap(
        createSurveyReportModel({
          ...options,
          points: {
            'xa-a': { '1': { survey: '1.6', self: '2', appraised: '1.6' } },
            'xa-b': { '1': { survey: null, self: '2' } },
          },
        }),
      ),
    );
    expect(markdown).toContain('| UBND xã A | 1 | 1 | 0 | 0 | 2 | Có | 1,6 |');
    expect(markdown).toContain('| UBND xã B | 0 | 1 | 0 | 0 | 1 | Không | Không áp dụng |');
    expect(markdown).toContain(
      '02 trường hợp điểm tự chấm hoặc điểm thẩm định khác điểm theo kết quả khảo sát:',
    );
    expect(markdown).toContain('| UBND xã A | 1\\. Thủ tục hành chính | 1,6 | 2 | 1,6 |');
    expect(markdown).toContain('| UBND xã B | 1\\. Thủ tục hành chính | Không áp dụng | 2 | — |');
    // Without points, the report is as before: no column, no part III.
    const plain = renderMarkdown(unwrap(createSurveyReportModel(options)));
    expect(plain).not.toContain('ĐỐI CHIẾU');
    expect(plain).toContain('| UBND xã A | 1 | 1 | 0 | 0 | 2 | Có |\n');
  });
});

import { type CalendarDate, formatCount, formatPlaceDate, type Outcome, type SurveyTally } from '@cchc/core';
import { succeed } from '@cchc/core/internal';
import type { Block, ReportModel } from './model.js';

export interface SurveyReportOptions {
  /** The authority that ran the survey ("UBND huyện Kon Rẫy"): the report's issuer. */
  readonly authority: string;
  /** Where it is issued ("Kon Rẫy"), for the place and date line. */
  readonly place: string;
  readonly date: CalendarDate;
  /** The survey's name ("Khảo sát sự hài lòng năm 2021"). */
  readonly title: string;
  /** The counts, as core's `tallySurvey` gives them. */
  readonly tally: SurveyTally;
  /** Units by id, in the order the tables list them. */
  readonly units: readonly { readonly id: string; readonly name: string }[];
  /** The criteria's names by code, in the order the report takes them. */
  readonly criteria: ReadonlyMap<string, string>;
  /** The respondent groups, with the responses each sent back. */
  readonly groups: readonly { readonly id: string; readonly name: string; readonly responses: number }[];
  readonly minimumRespondents: number;
}

/**
 * A survey's results as a report (Word, HTML, Markdown or text through `renderReport`): who was asked and how
 * many answered, then per survey criterion a table of each unit's answers option by option, the respondents
 * counted and whether the criterion was scored there.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet, parseSurveyPlan, tallySurvey, unwrap } from '@cchc/core';
 * import { createSurveyReportModel, renderMarkdown } from '@cchc/report';
 * const set = unwrap(parseCriteriaSet({
 *   id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }],
 *   criteria: [{ code: '1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
 * }));
 * const plan = unwrap(parseSurveyPlan(set, {
 *   groups: [{ id: 'dan', name: 'Người dân', units: ['xa-a'], questions: [{ code: '1', text: 'Hài lòng?' }] }],
 * }));
 * const tally = unwrap(tallySurvey(set, plan, [{ group: 'dan', answers: { 'xa-a': { '1': 'A' } } }]));
 * const model = unwrap(createSurveyReportModel({
 *   authority: 'UBND huyện Kon Rẫy', place: 'Kon Rẫy', date: { year: 2022, month: 1, day: 26 },
 *   title: 'Khảo sát sự hài lòng năm 2021', tally, units: [{ id: 'xa-a', name: 'UBND xã A' }],
 *   criteria: new Map([['1', 'Sự hài lòng']]), groups: [{ id: 'dan', name: 'Người dân', responses: 1 }],
 *   minimumRespondents: 1,
 * }));
 * assert.match(renderMarkdown(model), /\| UBND xã A \| 1 \| 0 \| 0 \| 0 \| 1 \| Có \|/);
 * ```
 */
export function createSurveyReportModel(options: SurveyReportOptions): Outcome<ReportModel> {
  const body: Block[] = [];
  const received = options.groups.reduce((sum, group) => sum + group.responses, 0);
  body.push({ kind: 'heading', text: [{ text: 'I. THÔNG TIN CHUNG' }] });
  body.push({
    kind: 'paragraph',
    text: [
      {
        text: `${options.title}: ${formatCount(received)} phiếu trả lời của ${formatCount(options.groups.length)} nhóm (${options.groups
          .map((group) => `${group.name}: ${formatCount(group.responses)} phiếu`)
          .join(
            '; ',
          )}), về ${formatCount(options.units.length)} cơ quan, đơn vị. Tiêu chí có dưới ${formatCount(options.minimumRespondents)} người trả lời được tính ở một đơn vị thì không tính vào điểm tối đa của đơn vị đó.`,
      },
    ],
  });
  body.push({ kind: 'heading', text: [{ text: 'II. KẾT QUẢ THEO TIÊU CHÍ' }] });
  for (const [code, name] of options.criteria) {
    const rows = options.units.flatMap((unit) => {
      const criterion = options.tally.units[unit.id]?.criteria[code];
      return criterion ? [{ unit, criterion }] : [];
    });
    if (rows.length === 0) continue;
    const choices = [...new Set(rows.flatMap((row) => Object.keys(row.criterion.options)))];
    body.push({
      kind: 'table',
      caption: `Tiêu chí ${code}. ${name}`,
      header: ['Cơ quan, đơn vị', ...choices, 'Được tính', 'Tính điểm'],
      rows: rows.map(({ unit, criterion }) => [
        unit.name,
        // Counts in a table as figures, not as a sentence's "02".
        ...choices.map((choice) => String(criterion.options[choice] ?? 0)),
        String(criterion.counted),
        criterion.applicable ? 'Có' : 'Không',
      ]),
    });
  }
  return succeed({
    issuer: [options.authority.toUpperCase()],
    number: 'Số:       /BC',
    placeDate: formatPlaceDate(options.place, options.date),
    kind: 'BÁO CÁO',
    title: `Kết quả ${options.title.charAt(0).toLowerCase()}${options.title.slice(1)}`,
    body,
    recipients: [],
    signature: undefined,
    appendix: [],
    issuedOn: `${options.date.year}-${String(options.date.month).padStart(2, '0')}-${String(options.date.day).padStart(2, '0')}`,
  });
}

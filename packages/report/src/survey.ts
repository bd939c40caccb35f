import {
  type CalendarDate,
  formatCount,
  formatNumber,
  formatPlaceDate,
  type Outcome,
  type SurveyPoints,
  type SurveyTally,
  surveyPointsDiffering,
} from '@cchc/core';
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
  /**
   * By unit id, by criterion code, the points (`@cchc/rounds`' `surveyComparison`): each criterion's table
   * then gives the points the survey scores, and a last part sets them against the self-assessment and the
   * appraisal.
   */
  readonly points?: Readonly<Record<string, Readonly<Record<string, SurveyPoints>>>>;
}

/** Points as a report writes them: `1,62`, or "Không áp dụng" where the criterion was left out; none: "—". */
const pointsText = (points: string | null | undefined) =>
  points === undefined ? '—' : points === null ? 'Không áp dụng' : formatNumber(points);

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
    const { points } = options;
    body.push({
      kind: 'table',
      caption: `Tiêu chí ${code}. ${name}`,
      header: ['Cơ quan, đơn vị', ...choices, 'Được tính', 'Tính điểm', ...(points ? ['Điểm'] : [])],
      rows: rows.map(({ unit, criterion }) => [
        unit.name,
        // Counts in a table as figures, not as a sentence's "02".
        ...choices.map((choice) => String(criterion.options[choice] ?? 0)),
        String(criterion.counted),
        criterion.applicable ? 'Có' : 'Không',
        ...(points ? [pointsText(points[unit.id]?.[code]?.survey)] : []),
      ]),
    });
  }
  if (options.points) body.push(...comparisonBlocks(options, options.points));
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

/** The survey's points set against the self-assessment's and the appraisal's: the rows that differ. */
function comparisonBlocks(
  options: SurveyReportOptions,
  points: NonNullable<SurveyReportOptions['points']>,
): Block[] {
  const rows = options.units.flatMap((unit) =>
    [...options.criteria].flatMap(([code, name]) => {
      const found = points[unit.id]?.[code];
      return found !== undefined && surveyPointsDiffering(found).length > 0
        ? [{ unit, code, name, found }]
        : [];
    }),
  );
  // The units with a self-assessment or an appraisal to set against their survey.
  const compared = options.units.filter((unit) =>
    Object.values(points[unit.id] ?? {}).some(
      (found) => found.self !== undefined || found.appraised !== undefined,
    ),
  ).length;
  return [
    { kind: 'heading', text: [{ text: 'III. ĐỐI CHIẾU VỚI ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH' }] },
    {
      kind: 'paragraph',
      text: [
        {
          text:
            rows.length === 0
              ? `Điểm tự chấm và điểm thẩm định các tiêu chí khảo sát của ${formatCount(compared)} cơ quan, đơn vị khớp với điểm theo kết quả khảo sát.`
              : `${formatCount(rows.length)} trường hợp điểm tự chấm hoặc điểm thẩm định khác điểm theo kết quả khảo sát:`,
        },
      ],
    },
    ...(rows.length === 0
      ? []
      : [
          {
            kind: 'table' as const,
            caption: 'Đối chiếu điểm các tiêu chí khảo sát',
            header: ['Cơ quan, đơn vị', 'Tiêu chí', 'Theo khảo sát', 'Tự chấm', 'Thẩm định'],
            rows: rows.map(({ unit, code, name, found }) => [
              unit.name,
              `${code}. ${name}`,
              pointsText(found.survey),
              pointsText(found.self),
              pointsText(found.appraised),
            ]),
          },
        ]),
  ];
}

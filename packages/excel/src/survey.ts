import { type SurveyPoints, type SurveyTally, surveyPointsDiffering } from '@cchc/core';
import ExcelJS from 'exceljs';
import { A4_LANDSCAPE, styleHeader, withAuthor, workbookBytes } from './cells.js';

/** The sheets of a survey's workbook, in Vietnamese. */
export const SURVEY_SHEETS = {
  counts: 'Tổng hợp phiếu',
  groups: 'Theo nhóm',
  comparison: 'Đối chiếu điểm',
} as const;

export interface SurveyWorkbookInput {
  /** The title over each sheet ("KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG NĂM 2021"). */
  readonly title: string;
  /** The counts, as core's `tallySurvey` gives them. */
  readonly tally: SurveyTally;
  /** Units by id, in the order the sheets list them (those the tally has). */
  readonly units: readonly { readonly id: string; readonly name: string }[];
  /** The criteria's names by code. */
  readonly criteria: ReadonlyMap<string, string>;
  /** The respondent groups by id, with their names. */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** Fewer counted than this: the criterion was not scored there. */
  readonly minimumRespondents: number;
  /**
   * By unit id, by criterion code, the points (`@cchc/rounds`' `surveyComparison`): "Tổng hợp phiếu" then
   * gives the points the survey scores, and "Đối chiếu điểm" sets them against the self-assessment and the
   * appraisal.
   */
  readonly points?: Readonly<Record<string, Readonly<Record<string, SurveyPoints>>>>;
}

/** The places a survey criterion's points are written, as the sheet names them. */
const PLACE_WORDS = { self: 'tự chấm', appraised: 'thẩm định' } as const;

/** Points as a cell holds them: a number, "Không áp dụng" where left out, empty where not written. */
const pointsCell = (points: string | null | undefined) =>
  points === undefined ? null : points === null ? 'Không áp dụng' : Number(points);

/**
 * A survey's counts as a workbook: per unit and criterion, each option's count, the respondents counted,
 * the blanks and whether it was scored ("Tổng hợp phiếu"); the same per group ("Theo nhóm").
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet, parseSurveyPlan, tallySurvey, unwrap } from '@cchc/core';
 * import { surveyWorkbook } from '@cchc/excel';
 * const set = unwrap(parseCriteriaSet({
 *   id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }],
 *   criteria: [{ code: '1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
 * }));
 * const plan = unwrap(parseSurveyPlan(set, {
 *   groups: [{ id: 'dan', name: 'Người dân', units: ['xa-a'], questions: [{ code: '1', text: 'Hài lòng?' }] }],
 * }));
 * const tally = unwrap(tallySurvey(set, plan, [{ group: 'dan', answers: { 'xa-a': { '1': 'A' } } }]));
 * const bytes = await surveyWorkbook({
 *   title: 'KẾT QUẢ KHẢO SÁT', tally, units: [{ id: 'xa-a', name: 'UBND xã A' }],
 *   criteria: new Map([['1', 'Sự hài lòng']]), groups: [{ id: 'dan', name: 'Người dân' }], minimumRespondents: 1,
 * });
 * assert.equal(new TextDecoder().decode(bytes.subarray(0, 2)), 'PK'); // an .xlsx is a zip
 * ```
 */
export async function surveyWorkbook(input: SurveyWorkbookInput): Promise<Uint8Array> {
  const workbook = withAuthor(new ExcelJS.Workbook());
  // The options of every criterion, in the order first met: their columns.
  const options: string[] = [];
  for (const unit of Object.values(input.tally.units))
    for (const criterion of Object.values(unit.criteria))
      for (const option of Object.keys(criterion.options))
        if (!options.includes(option)) options.push(option);
  const groupName = new Map(input.groups.map((group) => [group.id, group.name]));
  const scored = (applicable: boolean) =>
    applicable ? 'Có' : `Không (dưới ${input.minimumRespondents} người được tính)`;

  const sheetOf = (
    name: string,
    leading: { header: string; width: number }[],
    trailing: { header: string; width: number }[],
  ) => {
    const sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 2 }],
      pageSetup: { ...A4_LANDSCAPE, printTitlesRow: '2:2' },
    });
    const columns = [...leading, ...options.map((option) => ({ header: option, width: 10 })), ...trailing];
    sheet.columns = columns.map((column) => ({ width: column.width }));
    sheet.addRow([input.title]).font = { bold: true, size: 13 };
    styleHeader(sheet.addRow(columns.map((column) => column.header)));
    return sheet;
  };
  const counts = sheetOf(
    SURVEY_SHEETS.counts,
    [
      { header: 'Đơn vị', width: 32 },
      { header: 'Mã tiêu chí', width: 11 },
      { header: 'Tiêu chí', width: 40 },
    ],
    [
      { header: 'Người trả lời được tính', width: 14 },
      { header: 'Bỏ trống', width: 10 },
      { header: 'Tính điểm', width: 24 },
      ...(input.points ? [{ header: 'Điểm theo khảo sát', width: 14 }] : []),
    ],
  );
  const byGroup = sheetOf(
    SURVEY_SHEETS.groups,
    [
      { header: 'Đơn vị', width: 32 },
      { header: 'Mã tiêu chí', width: 11 },
      { header: 'Nhóm', width: 28 },
    ],
    [
      { header: 'Người trả lời được tính', width: 14 },
      { header: 'Bỏ trống', width: 10 },
    ],
  );
  for (const unit of input.units) {
    const unitTally = input.tally.units[unit.id];
    if (!unitTally) continue;
    for (const [code, criterion] of Object.entries(unitTally.criteria)) {
      counts.addRow([
        unit.name,
        code,
        input.criteria.get(code) ?? '',
        ...options.map((option) => criterion.options[option] ?? null),
        criterion.counted,
        criterion.blank,
        scored(criterion.applicable),
        ...(input.points ? [pointsCell(input.points[unit.id]?.[code]?.survey)] : []),
      ]);
      for (const [group, count] of Object.entries(criterion.groups))
        byGroup.addRow([
          unit.name,
          code,
          groupName.get(group) ?? group,
          ...options.map((option) => count.options[option] ?? null),
          count.counted,
          count.blank,
        ]);
    }
  }
  if (input.points) {
    const sheet = workbook.addWorksheet(SURVEY_SHEETS.comparison, {
      views: [{ state: 'frozen', ySplit: 2 }],
      pageSetup: { ...A4_LANDSCAPE, printTitlesRow: '2:2' },
    });
    sheet.columns = [32, 11, 40, 14, 12, 12, 26].map((width) => ({ width }));
    sheet.addRow([input.title]).font = { bold: true, size: 13 };
    styleHeader(
      sheet.addRow([
        'Đơn vị',
        'Mã tiêu chí',
        'Tiêu chí',
        'Theo khảo sát',
        'Tự chấm',
        'Thẩm định',
        'So với khảo sát',
      ]),
    );
    for (const unit of input.units)
      for (const [code, points] of Object.entries(input.points[unit.id] ?? {})) {
        const differing = surveyPointsDiffering(points).map((place) => PLACE_WORDS[place]);
        sheet.addRow([
          unit.name,
          code,
          input.criteria.get(code) ?? '',
          pointsCell(points.survey),
          pointsCell(points.self),
          pointsCell(points.appraised),
          points.self === undefined && points.appraised === undefined
            ? 'Chưa có điểm để đối chiếu'
            : differing.length === 0
              ? 'Khớp'
              : `Khác ở ${differing.join(' và ')}`,
        ]);
      }
  }
  return workbookBytes(workbook);
}

import type { Outcome } from '@cchc/core';
import ExcelJS from 'exceljs';
import {
  cellName,
  cellValue,
  loadWorkbook,
  type SheetIssue,
  sheetFailure,
  sheetName,
  sheetProblem,
} from './cells.js';

/** One group's form: the units its respondents rate and the questions they answer, each with its options. */
export interface SurveyFormSheet {
  readonly group: { readonly id: string; readonly name: string };
  readonly units: readonly { readonly id: string; readonly name: string }[];
  readonly questions: readonly {
    readonly code: string;
    readonly text: string;
    readonly options: readonly string[];
  }[];
}

/** The sheet names of the forms, a sheet per group, as the templates give them and the readers find them. */
export function sheetNames(forms: readonly SurveyFormSheet[]): Map<string, SurveyFormSheet> {
  const taken = new Set<string>();
  return new Map(forms.map((form) => [sheetName(form.group.name, taken), form]));
}

/** A group's sheet of a survey workbook, as a reader takes it. */
export interface GroupSheet {
  readonly name: string;
  readonly form: SurveyFormSheet;
  readonly sheet: ExcelJS.Worksheet;
}

/**
 * The group sheets of a survey workbook (forms or tally sheets) made for `forms`, each with its form: a sheet
 * of a group not in the workbook is left out, one whose first columns under `headerRow` are not `header` is
 * an issue at the moved column. A workbook that cannot be read, or a sheet past `maxRows`, fails the whole.
 */
export async function groupSheets(
  data: Uint8Array,
  forms: readonly SurveyFormSheet[],
  layout: { readonly header: readonly string[]; readonly headerRow: number; readonly maxRows: number },
): Promise<{ readonly sheets: GroupSheet[]; readonly issues: SheetIssue[] } | Outcome<never>> {
  const workbook = await loadWorkbook(data);
  if (!(workbook instanceof ExcelJS.Workbook)) return sheetFailure([workbook]);
  const sheets: GroupSheet[] = [];
  const issues: SheetIssue[] = [];
  for (const [name, form] of sheetNames(forms)) {
    const sheet = workbook.getWorksheet(name);
    if (!sheet) continue;
    if (sheet.rowCount > layout.maxRows)
      return sheetFailure([sheetProblem(`'${name}'`, 'too_many_rows', { max: layout.maxRows })]);
    const headerRow = sheet.getRow(layout.headerRow);
    const moved = layout.header.findIndex((title, at) => cellValue(headerRow.getCell(at + 1)) !== title);
    if (moved >= 0)
      issues.push(
        sheetProblem(cellName(name, headerRow.getCell(moved + 1).address), 'column_moved', {
          column: layout.header[moved]!,
        }),
      );
    else sheets.push({ name, form, sheet });
  }
  return { sheets, issues };
}

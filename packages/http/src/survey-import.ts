import type { Issue } from '@cchc/core';
import { readSurveyCounts, readSurveyForms } from '@cchc/excel';
import { type Caller, type Rounds, RoundsError } from '@cchc/rounds';

/**
 * Survey forms typed in a workbook (`surveyFormsWorkbook`'s) stored, all or none: how many, or every error
 * placed at its cell, those the store finds too (a paper form entered already, of another group). The API
 * and the pages import through it.
 */
export async function importSurveyWorkbook(
  rounds: Rounds,
  caller: Caller,
  round: string,
  bytes: Uint8Array,
): Promise<{ readonly stored: number } | { readonly issues: readonly Issue[] }> {
  const read = await readSurveyForms(bytes, await rounds.surveyForms(caller, round));
  if (!read.success) return { issues: read.issues };
  try {
    return await rounds.importSurveyResponses(caller, round, {
      responses: read.data.map(({ cells: _cells, ...form }) => form),
    });
  } catch (error) {
    if (!(error instanceof RoundsError) || error.issues.length === 0) throw error;
    return {
      issues: error.issues.map((found) => {
        const [, position, field] = found.path;
        const form = typeof position === 'number' ? read.data[position] : undefined;
        const cell = field === 'serial' ? form?.cells.serial : form?.cells.form;
        return { ...found, path: [], cell: cell ?? '(workbook)' };
      }),
    };
  }
}

/**
 * Tally sheets typed in a workbook (`surveyCountsWorkbook`'s) stored, all or none: how many, or every error
 * placed at its cell, those the store finds too (more chosen than respondents: at the respondents' cell).
 */
export async function importSurveyCountsWorkbook(
  rounds: Rounds,
  caller: Caller,
  round: string,
  bytes: Uint8Array,
): Promise<{ readonly stored: number } | { readonly issues: readonly Issue[] }> {
  const read = await readSurveyCounts(bytes, await rounds.surveyForms(caller, round));
  if (!read.success) return { issues: read.issues };
  try {
    return await rounds.importSurveyCounts(caller, round, {
      counts: read.data.map(({ cells: _cells, ...sheet }) => sheet),
    });
  } catch (error) {
    if (!(error instanceof RoundsError) || error.issues.length === 0) throw error;
    return {
      issues: error.issues.map((found) => {
        const [, position, field, code, option] = found.path;
        const sheet = typeof position === 'number' ? read.data[position] : undefined;
        const cell =
          field === 'answers' && typeof code === 'string'
            ? typeof option === 'string'
              ? sheet?.cells.answers[code]?.[option]
              : sheet?.cells.respondents
            : field === 'respondents'
              ? sheet?.cells.respondents
              : sheet?.cells.unit;
        return { ...found, path: [], cell: cell ?? '(workbook)' };
      }),
    };
  }
}

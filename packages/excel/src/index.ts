export {
  type AccountRow,
  type AccountsSheetOptions,
  accountsTemplate,
  MAX_ACCOUNT_ROWS,
  oneTimePasswordsWorkbook,
  readAccountsSheet,
} from './accounts-sheet.js';
export type { SheetIssue, SheetOutcome } from './cells.js';
export { type CriteriaSheetOptions, readCriteriaSheet } from './criteria-sheet.js';
export { type ReadScoreSheetOptions, readScoreSheet } from './read-score-sheet.js';
export { RESULT_SHEETS, type ResultsWorkbookOptions, resultsWorkbook } from './results.js';
export { type ScoreSheetOptions, type SheetLayer, scoreSheet } from './score-sheet.js';
export { SURVEY_SHEETS, type SurveyWorkbookInput, surveyWorkbook } from './survey.js';
export { type ReadSurveyCounts, readSurveyCounts, surveyCountsWorkbook } from './survey-counts.js';
export {
  MAX_SURVEY_FORMS,
  type ReadSurveyForm,
  readSurveyForms,
  type SurveyFormsInput,
  surveyFormsWorkbook,
} from './survey-forms.js';
export type { SurveyFormSheet } from './survey-sheets.js';

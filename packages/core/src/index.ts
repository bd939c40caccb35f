// The main entry: documents in, scoring, results, ranking and their words. More at subpaths:
// `@cchc/core/rules` (rules, custom rules), `@cchc/core/schema` (JSON Schemas), `@cchc/core/remediation`
// (remediation follow-up).
// Documents in: criteria sets and assessments.
export { type Assessment, type Entry, parseAssessment, type Stated } from './assessment.js';
// Scoring many documents at once, as the HTTP API and the CLI do.
export {
  type BatchLimits,
  checkAssessment,
  type ScoreDocuments,
  type ScoreDocumentsOptions,
  scoreDocuments,
  scoringSteps,
} from './batch.js';
// What changed between two results.
export {
  acrossLayers,
  type ClassChange,
  type Comparison,
  compareResults,
  type EarlierLayers,
  type ExplainedItem,
  type NodeAcross,
  type NodeDelta,
} from './compare.js';
export {
  type AdjustmentDefinition,
  type AttachedRule,
  type ClassBand,
  type CriteriaSet,
  type Criterion,
  DEFAULT_MAX_CRITERIA,
  type ParseOptions,
  parseCriteriaSet,
  type Rounding,
} from './criteria-set.js';
export { deadlineInstant, isDeadline, isPast } from './deadline.js';
// Exact numbers.
export { Decimal, decimalText, type RoundingMode } from './decimal.js';
// One entry as a row of a score sheet (the pages' form, the Excel workbook).
export {
  type EntryRow,
  ROW_FIELDS,
  type RowField,
  rowCriteria,
  rowOf,
  type WithRowOptions,
  withRow,
  yesNo,
} from './entry-rows.js';
export { type Exact, parseDecimal, roundTo } from './exact.js';
export { type ClassGap, gapToNextClass } from './gap.js';
// Errors as data.
export {
  CchcValidationError,
  type DocumentPath,
  formatIssue,
  formatIssues,
  formatPath,
  type Issue,
  type IssueCode,
  type IssueParams,
  issueMessage,
  type Locale,
  type Outcome,
  type SizeLimit,
  unwrap,
} from './issues.js';
export { decimalOf, type ItemNode, lostItems, nodesByCode } from './items.js';
export {
  type FullResultNodeJson,
  type FullUnitResultJson,
  RESULT_DETAILS,
  type ResultDetail,
  type ResultJsonOptions,
  type ResultNodeJson,
  resultNodeToJson,
  resultToJson,
  resultToJsonText,
  type UnitResultJson,
} from './json.js';
export { type DocumentKind, documentKind } from './kind.js';
export { LAYER_NAMES_VI, LAYERS, type Layer } from './layers.js';
export {
  type LedgerAccount,
  type LedgerItem,
  type LedgerNode,
  type LedgerSource,
  type ResponsibilityLedger,
  responsibilityLedger,
} from './ledger.js';
export { inSentence } from './names.js';
export { type Rankable, type RankOptions, rankResults } from './rank.js';
export { reconcile } from './reconcile.js';
export {
  type AdjustmentResult,
  classify,
  type Discrepancy,
  type NodeStatus,
  type ResultNode,
  type ScoreSource,
  type UnitRef,
  type UnitResult,
} from './result.js';
export type { AssessmentInput } from './schema/assessment.js';
export type { CriteriaSetInput, CriterionInput } from './schema/criteria-set.js';
export { type ScoreOptions, scoreAssessment } from './score.js';
export {
  createScorer,
  type PreparedAssessment,
  type ScoreOne,
  type Scorer,
  type ScorerOptions,
} from './scorer.js';
export type { SheetProblem } from './sheet-problems.js';
export {
  type CriterionSurveyTally,
  parseSurveyPlan,
  SURVEY_LIMITS,
  type SurveyCount,
  type SurveyCounts,
  type SurveyEntry,
  type SurveyGroup,
  type SurveyPlan,
  type SurveyPlanInput,
  type SurveyPoints,
  type SurveyQuestion,
  type SurveyResponse,
  type SurveyTally,
  surveyCountsIssues,
  surveyPointsDiffering,
  surveyResponseIssues,
  tallySurvey,
  type UnitSurveyTally,
} from './survey.js';
export type { SurveyProblem } from './survey-problems.js';
export { version } from './version.js';
export {
  type CalendarDate,
  deadlineDate,
  decimalComma,
  formatCount,
  formatMoney,
  formatNumber,
  formatPlaceDate,
  formatScore,
  formatShortDate,
  parseIsoDate,
  VIETNAM_OFFSET,
  vietnamClock,
  vietnamDate,
} from './vietnam.js';

export {
  type Action,
  authorityKey,
  may,
  requireMay,
  type Target,
  withinAuthority,
  withinCodes,
} from './access.js';
export type {
  AccountEvent,
  AccountMethods,
  AccountView,
  SignedIn,
} from './accounts.js';
export { type Assignment, type AssignmentMethods, assignmentsDocumentSchema } from './assignments.js';
export {
  DIRECTORY_FORMAT,
  type Directory,
  type DirectoryMethods,
  directoryDocumentSchema,
} from './directory.js';
export {
  type IfMatch,
  type RefusalCode,
  type RefusalParams,
  RoundsError,
  type RoundsErrorKind,
} from './errors.js';
export { FILE_KINDS, fileNameProblem } from './file-kinds.js';
export {
  DEFAULT_FILE_LIMITS,
  FILE_CHUNK_BYTES,
  FILE_CHUNK_WRITERS,
  type FileLimits,
  type FileMethods,
  type UnitFile,
} from './files.js';
export {
  type Caller,
  type KeyList,
  type KeyRing,
  keyListSchema,
  keyRing,
  parseRole,
  type Role,
  roleText,
} from './keys.js';
export { REFUSALS } from './messages.js';
export { MIGRATIONS, migrate } from './migrations.js';
export { MAX_NOTICES, type Notice, type NoticeMethods, noticeDocumentSchema } from './notices.js';
export {
  MAIL_ATTEMPTS,
  type MailMessage,
  type OutboxEntry,
  type OutboxMethods,
  retryDelayMs,
} from './outbox.js';
export { MIN_PASSWORD_LENGTH, PASSWORD_HASHING, passwordProblem } from './passwords.js';
export type { RegisteredUnit, RegisterMethods } from './register.js';
export type {
  FollowUpReportInput,
  RemediationMethods,
  RemediationWrite,
  StoredTask,
} from './remediation.js';
export type { RoundEvent, RoundEventMethods } from './round-events.js';
export {
  type Explanation,
  explanationClosure,
  explanationsClosed,
  type LayerClosure,
  type LayerState,
  layerClosure,
  layerDeadline,
  openRounds,
  PHASE_NAMES_VI,
  type Phase,
  type PhaseFacts,
  type PublicResults,
  phaseOf,
  type Revision,
  type RoundExport,
  type RoundResult,
  type Rounds,
  type RoundsOptions,
  type RoundView,
  roundExportSchema,
  roundsWhenOpen,
  type SheetView,
  type StoredLayer,
  unitPhaseFacts,
} from './rounds.js';
export {
  type AccountDocument,
  accountDocumentSchema,
  coreLayer,
  explanationSchema,
  LAYERS,
  type Layer,
  layerBefore,
  layerBodySchema,
  layerNamed,
  loginKey,
  loginSchema,
  type PlanDocument,
  passesOf,
  planDocumentSchema,
  type RoundDocument,
  type RoundInput,
  roundDocumentSchema,
  type TaskDocument,
  type TaskReportDocument,
  taskDocumentSchema,
  taskReportDocumentSchema,
  type UnitDocument,
  unitDocumentSchema,
} from './schema.js';
export {
  CHALLENGE_MINUTES,
  RECOVERY_CODES,
  type SecondFactorMethods,
  type SecondFactorNeeded,
} from './second-factor.js';
export { criteriaSetTag } from './setup.js';
export { type AccountEventKind, SIGN_IN_FAILURES } from './sign-in-throttle.js';
export {
  inSchema,
  openEmbedded,
  openEmbeddedInWorker,
  openServer,
  SERVER_TIMEOUTS,
  type SqlClient,
  StoreFolderError,
} from './sql.js';
export type { SurveyComparison, SurveyComparisonMethods } from './survey-comparison.js';
export {
  type PaperDifference,
  type PaperEntry,
  paperDifferences,
  type SurveyEntryMethods,
} from './survey-entry.js';
export type {
  StoredSurveyResponse,
  SurveyInvitation,
  SurveyMailWords,
  SurveyRespondent,
  SurveyRespondentList,
  SurveyRespondentMethods,
} from './survey-respondents.js';
export type { ClosedSurvey, SurveyResults } from './survey-results.js';
export {
  SURVEY_ANONYMITY,
  SURVEY_LINK_LIMITS,
  type SurveyAnonymity,
  type SurveyForm,
  type SurveySignature,
} from './survey-store.js';
export type { StoredSurvey, SurveyGroupCounts, SurveyMethods } from './surveys.js';
export { MAX_TOKENS, type TokenMethods, type TokenView } from './tokens.js';

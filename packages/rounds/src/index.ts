export { type Action, may, requireMay, type Target, withinCodes } from './access.js';
export {
  type IfMatch,
  type RefusalCode,
  type RefusalParams,
  RoundsError,
  type RoundsErrorKind,
} from './errors.js';
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
export type {
  FollowUpReportInput,
  RemediationMethods,
  RemediationWrite,
  StoredTask,
} from './remediation.js';
export {
  type Explanation,
  type LayerClosure,
  type LayerState,
  layerClosure,
  layerDeadline,
  openRounds,
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
} from './rounds.js';
export {
  explanationSchema,
  LAYERS,
  type Layer,
  layerBodySchema,
  type PlanDocument,
  planDocumentSchema,
  type RoundDocument,
  type RoundInput,
  roundDocumentSchema,
  type TaskDocument,
  type TaskReportDocument,
  taskDocumentSchema,
  taskReportDocumentSchema,
} from './schema.js';
export {
  inSchema,
  openEmbedded,
  openEmbeddedInWorker,
  openServer,
  SERVER_TIMEOUTS,
  type SqlClient,
  StoreFolderError,
} from './sql.js';

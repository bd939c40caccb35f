// `@cchc/core/remediation`: after publication, the tasks drawn from the points lost, the units' plans and
// the agencies' reports, and the follow-up of who fixed what.
export {
  type AgencyFollowUp,
  type DraftTaskOptions,
  draftTasks,
  type FollowUp,
  type FollowUpCounts,
  type FollowUpInput,
  type FollowUpItem,
  type FollowUpTask,
  followUp,
  lateOnly,
  type PlanState,
  REMEDIATION_STATUSES,
  type RemediationPlan,
  type RemediationStatus,
  type RemediationTask,
  type TaskDraft,
  type TaskReport,
  type TaskState,
  taskHeading,
  type UnitFollowUp,
} from '../remediation.js';

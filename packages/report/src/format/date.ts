// Dates as official text writes them are the core's (one home for Vietnamese time and dates); the report
// has always offered them, and re-exports them.
export {
  type CalendarDate,
  deadlineDate,
  formatPlaceDate,
  formatShortDate,
  parseIsoDate,
  vietnamDate,
} from '@cchc/core';

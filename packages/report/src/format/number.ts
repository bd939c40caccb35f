// Numbers as official text writes them are the core's (one home for Vietnamese number text); the report has
// always offered them, and re-exports them.
export { formatCount, formatMoney, formatNumber, formatScore } from '@cchc/core';

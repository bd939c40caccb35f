/**
 * Shared between the cchc packages, not public API: it may change in any release. Other packages
 * validate their own documents (report input, HTTP bodies) into the same issues as core's.
 */
export { prefixIssues } from './assessment.js';
export { fail, issue, succeed } from './issues.js';
export { surveyCredits } from './rules/survey.js';
export { fromZodIssues, isoDateInput, MAX_TEXT_LENGTH, parseFast, textInput } from './schema/common.js';
export { canonicalJson } from './scorer.js';

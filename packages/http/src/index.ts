export {
  type ApiLimits,
  type CchcAppOptions,
  type CchcEnv,
  createApp,
  DEFAULT_API_LIMITS,
  RenderBusyError,
  RenderTimeoutError,
  type ReportRenderer,
  type ResponseInfo,
} from './app.js';
export {
  type BodyReader,
  type BodyStreamer,
  bodyText,
  readRequestBody,
  streamRequestBody,
  XLSX_MEDIA_TYPE,
} from './body.js';
export { RESULT_FORMATS, type ResultFormat } from './formats.js';
export { nodeRequest } from './node-bindings.js';
export { openApiDocument } from './openapi.js';
export { plannedReminders, REMINDER_OFFSETS, type ReminderOptions } from './reminders.js';

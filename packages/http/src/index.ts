export {
  type ApiLimits,
  type CchcAppOptions,
  type CchcEnv,
  createApp,
  DEFAULT_LIMITS,
  RenderBusyError,
  RenderTimeoutError,
  type ReportRenderer,
  type ResponseInfo,
} from './app.js';
export { type BodyReader, readRequestBody } from './body.js';
export { openApiDocument } from './openapi.js';

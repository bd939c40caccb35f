export { type CchcAppOptions, type CchcEnv, createApp, type ReportRenderer } from './app.js';
export { type BodyReader, readRequestBody } from './body.js';
export { openApiDocument } from './openapi.js';

export { type CchcAppOptions, type CchcEnv, createApp, type ReportRenderer } from './app.js';
export { openApiDocument } from './openapi.js';

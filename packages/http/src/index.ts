export { type CchcAppOptions, type CchcEnv, createApp } from './app.js';
export { openApiDocument } from './openapi.js';

export { MAX_NUMBER_LENGTH } from './json.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export {
  type DocumentFormat,
  detectFormat,
  formatOfFileName,
  type ReadOptions,
  readDocument,
} from './read.js';

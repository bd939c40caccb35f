export { type DocumentFormat, detectFormat, type ReadOptions, readDocument } from './read.js';

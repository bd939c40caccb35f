export { type CliIo, EXIT_INTERNAL, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from './io.js';
export { run } from './run.js';

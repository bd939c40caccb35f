import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest leaves a core free by default: on a two-core machine that is one test file at a time.
  test: { projects: ['packages/*', 'apps/*'], maxWorkers: availableParallelism() },
});

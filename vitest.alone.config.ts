import { defineConfig } from 'vitest/config';

// The tests that measure time on a real process, one file at a time and nothing beside them.
process.env['CCHC_TESTS_ALONE'] = '1';

export default defineConfig({
  test: { projects: ['packages/*', 'apps/*'], fileParallelism: false, passWithNoTests: true },
});

import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** Workspace packages resolve each other's sources through this export condition, so tests need no build. */
const conditions = ['@cchc/source', 'import', 'module', 'node', 'default'];

/**
 * Tests that measure time on a real process (`*.alone.test.ts`) run after the others, on their own: on two
 * cores, other test files running beside them would be measured too. `npm test` runs them second.
 */
export const ALONE = 'src/**/*.alone.test.ts';

/** The vitest project of one workspace package: tests beside the code. */
export function workspaceProject(name: string): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      // A hook opens a store or starts the app: on two busy cores that takes more than vitest's 10 s at times.
      hookTimeout: 60_000,
      ...(process.env['CCHC_TESTS_ALONE']
        ? { name, include: [ALONE] }
        : { name, include: ['src/**/*.test.ts'], exclude: [ALONE] }),
    },
  });
}

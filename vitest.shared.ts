import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** Workspace packages resolve each other's sources through this export condition, so tests need no build. */
const conditions = ['@cchc/source', 'import', 'module', 'node', 'default'];

/** The vitest project of one workspace package: tests beside the code. */
export function workspaceProject(name: string): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: { name, include: ['src/**/*.test.ts'] },
  });
}

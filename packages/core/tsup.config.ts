import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

export default defineConfig(
  libraryBuild({
    index: 'src/index.ts',
    internal: 'src/internal.ts',
    remediation: 'src/subpaths/remediation.ts',
    rules: 'src/subpaths/rules.ts',
    schema: 'src/subpaths/schema.ts',
  }),
);

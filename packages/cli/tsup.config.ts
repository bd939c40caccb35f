import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// The library entry, and the `cchc` executable as one ESM file. The two builds run side by side,
// so neither cleans dist/ (one would delete what the other writes).
export default defineConfig([
  { ...libraryBuild(), clean: false },
  // Split: each command is a chunk of its own, loaded when it runs (see COMMANDS in run.ts).
  { entry: ['src/cli.ts'], format: ['esm'], sourcemap: true, target: 'node20', splitting: true },
]);

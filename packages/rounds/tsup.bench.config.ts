import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

// PGlite and pg load their own files at run time: they stay outside the bundle.
export default defineConfig(
  benchBuild(['bench/rounds.bench.ts', 'bench/survey.bench.ts'], ['@electric-sql/pglite', 'pg']),
);

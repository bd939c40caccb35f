import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

// PGlite loads its own files at run time: it stays outside the bundle.
export default defineConfig(benchBuild('bench/pages.bench.ts', ['@electric-sql/pglite', 'pg', 'exceljs']));

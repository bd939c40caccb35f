import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

// exceljs loads its own modules at run time: it stays outside the bundle.
export default defineConfig(benchBuild('bench/excel.bench.ts', ['exceljs']));

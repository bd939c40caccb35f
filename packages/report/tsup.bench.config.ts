import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

export default defineConfig(benchBuild('bench/render.bench.ts'));

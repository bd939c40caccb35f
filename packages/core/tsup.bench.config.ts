import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

export default defineConfig(benchBuild(['bench/score.bench.ts', 'bench/survey.bench.ts']));

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['bench/score.bench.ts'],
  format: ['esm'],
  outDir: '.bench',
  target: 'node20',
  silent: true,
});

import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['bench/render.bench.ts'],
  format: ['esm'],
  outDir: '.bench',
  target: 'node20',
  silent: true,
});

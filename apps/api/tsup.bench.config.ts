import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['bench/http.bench.ts'],
  format: ['esm'],
  outDir: '.bench',
  target: 'node20',
  silent: true,
  external: ['autocannon'],
});

import { defineConfig } from 'tsup';

// The server, and the worker that renders reports (loaded by URL beside main.js).
export default defineConfig({
  entry: ['src/main.ts', 'src/render-worker.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
});

import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

export default defineConfig(
  benchBuild(
    [
      'bench/http.bench.ts',
      'bench/floor-server.ts',
      'bench/rounds.bench.ts',
      'bench/uploads.bench.ts',
      'bench/upload-floor-server.ts',
    ],
    ['autocannon', '@electric-sql/pglite', 'pg'],
  ),
);

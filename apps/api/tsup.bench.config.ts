import { defineConfig } from 'tsup';
import { benchBuild } from '../../tsup.shared.js';

export default defineConfig(
  benchBuild(
    ['bench/http.bench.ts', 'bench/floor-server.ts', 'bench/rounds.bench.ts'],
    ['autocannon', '@electric-sql/pglite', 'pg'],
  ),
);

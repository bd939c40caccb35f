import type { Options } from 'tsup';

/** How every published package is built: ESM and CJS with their own type files, for Node 20. */
export function libraryBuild(entry: string[] = ['src/index.ts']): Options {
  return { entry, format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: true, target: 'node20' };
}

/** How a benchmark is bundled to run on plain Node: one ESM file in .bench/. */
export function benchBuild(entry: string | string[], external: string[] = []): Options {
  const entries = typeof entry === 'string' ? [entry] : entry;
  return { entry: entries, format: ['esm'], outDir: '.bench', target: 'node20', silent: true, external };
}

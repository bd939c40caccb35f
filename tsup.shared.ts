import type { Options } from 'tsup';

/**
 * How every published package is built: ESM and CJS with their own type files, for Node 20. No source maps:
 * they point into sources the tarballs do not ship (the JavaScript is readable as it is).
 */
/** `entry`: source files, or output names with their sources (a package with subpath entries). */
export function libraryBuild(entry: string[] | Record<string, string> = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    // Types of the other cchc packages come from their built declarations, not their sources: each
    // package's declaration build then checks its own sources only (the build runs in dependency order).
    // Members marked @internal (how the scorer calls a rule) are left out of the published types.
    dts: { compilerOptions: { customConditions: [], stripInternal: true } },
    clean: true,
    target: 'node20',
  };
}

/** How a benchmark is bundled to run on plain Node: one ESM file in .bench/. */
export function benchBuild(entry: string | string[], external: string[] = []): Options {
  const entries = typeof entry === 'string' ? [entry] : entry;
  return { entry: entries, format: ['esm'], outDir: '.bench', target: 'node20', silent: true, external };
}

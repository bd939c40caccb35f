import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_ENGINE_FLAGS, missingEngineFlags } from './engine-flags.js';

const startScript = (packageJson: URL) =>
  (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: { start: string } }).scripts.start;

describe('the engine flags the app runs with', () => {
  it('stand in both start scripts, before the entry: V8 obeys them only on the command line', () => {
    const flags = APP_ENGINE_FLAGS.join(' ');
    expect(startScript(new URL('../package.json', import.meta.url))).toBe(`node ${flags} dist/main.js`);
    expect(startScript(new URL('../../../package.json', import.meta.url))).toMatch(
      new RegExp(`&& exec node ${flags} apps/api/dist/main\\.js$`),
    );
  });

  it('are told missing by name when a process was started without them', () => {
    expect(missingEngineFlags([...APP_ENGINE_FLAGS, '--enable-source-maps'])).toEqual([]);
    expect(missingEngineFlags(['--enable-source-maps'])).toEqual([...APP_ENGINE_FLAGS]);
    expect(missingEngineFlags([])).toEqual([...APP_ENGINE_FLAGS]);
    // Another value is the operator's choice, not a missing flag.
    expect(missingEngineFlags(['--no-memory-reducer', '--min-semi-space-size=32'])).toEqual([]);
    expect(missingEngineFlags(['--min-semi-space-size=32'])).toEqual(['--no-memory-reducer']);
  });
});

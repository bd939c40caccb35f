import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { run } from './index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('cchc', () => {
  it('prints its version', async () => {
    const { io, out } = capture();
    expect(await run(['--version'], io)).toBe(0);
    expect(out.join('')).toBe(`${packageJson.version}\n`);
  });

  it('exits 2 on an unknown command and says which', async () => {
    const { io, err } = capture();
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(err.join('')).toContain("unknown command 'frobnicate'");
  });
});

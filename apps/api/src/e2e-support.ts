import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENGINE_FLAGS } from './engine-flags.js';

export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The app that `npm start` runs, as a real process on a free loopback port. */
export interface RunningApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every JSON line it logged so far. */
  readonly logs: Record<string, unknown>[];
  /** Its resident memory now, in MiB. */
  rssMb(): number;
  /** Sends SIGTERM and resolves to its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Each app its own store (one process at a time may open an embedded store), unless `env` names one; with
 * the engine flags that `npm start` passes, unless `engineFlags` says otherwise.
 */
export async function startApp(
  env: Record<string, string> = {},
  engineFlags: readonly string[] = APP_ENGINE_FLAGS,
): Promise<RunningApp> {
  if (!existsSync(MAIN)) throw new Error('build the app first: npm run build');
  const dataDir = mkdtempSync(join(tmpdir(), 'cchc-api-data-'));
  const child = spawn(process.execPath, [...engineFlags, MAIN], {
    // The embedded store unless `env` names a server: DATABASE_URL of the tests' own environment is theirs.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CCHC_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === 'cchc api listening') resolve(entry['address'] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`the app stopped with ${code}: ${JSON.stringify(logs)}`)));
  });
  return {
    url,
    child,
    logs,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * A file that is a PDF by its first bytes, `size` bytes in all, its content varied by `seed` so that files of
 * a test differ; and the SHA-256 by which the store names a file.
 */
export function pdfBytes(size: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let at = 9; at < size; at++) bytes[at] = (at * 17 + seed) % 253;
  return bytes;
}
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Waits until the app says its store is open (migrated and ready for requests). */
export async function storeReady(app: RunningApp): Promise<void> {
  while (!app.logs.some((entry) => entry['msg'] === 'store ready'))
    await new Promise((resolve) => setTimeout(resolve, 50));
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APP_ENGINE_FLAGS } from '../src/engine-flags.js';

/** When a benchmark's server counts as started, and how it runs. */
export interface BenchServerOptions {
  /** A line it must also have logged (the app's render workers ready): its start falls outside the measure. */
  readonly readyWhenLogged?: string;
  /** The command that runs it (`taskset -c 0`, to pin it to a core), before `node`. */
  readonly prefix?: readonly string[];
}

/**
 * Starts a server script of a benchmark on a free loopback port with `env` over this process's environment,
 * with the engine flags the app is started with (the floors too: each is compared under the same engine):
 * resolves once it has logged the address it listens on. Its log is read (the last of it kept, for the error
 * of a server that stops before listening) so that its pipe never fills.
 */
export async function startBenchServer(
  script: URL,
  env: Record<string, string> = {},
  options: BenchServerOptions = {},
): Promise<{ child: ChildProcess; url: string }> {
  const [command, ...args] = [
    ...(options.prefix ?? []),
    process.execPath,
    ...APP_ENGINE_FLAGS,
    fileURLToPath(script),
  ];
  const child = spawn(command!, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const match = /"address":"(http:\/\/[^"]+)"/.exec(buffered);
      const ready = options.readyWhenLogged === undefined || buffered.includes(options.readyWhenLogged);
      if (match && ready) resolve(match[1]!);
      if (buffered.length > 65_536) buffered = buffered.slice(-4096);
    });
    child.once('exit', (code) =>
      reject(new Error(`the server stopped (${code}) before listening: ${buffered}`)),
    );
  });
  return { child, url };
}

/** The app's line once its render workers are ready. */
export const RENDER_WORKERS_READY = '"msg":"render workers ready"';
/** The built app (`dist/main.js`), for a benchmark to load, once its render workers are ready. */
export const BUILT_APP = new URL('../dist/main.js', import.meta.url);

/** The built app with `env`, once its render workers are ready. */
export const startBuiltApp = (env: Record<string, string>) =>
  startBenchServer(BUILT_APP, env, { readyWhenLogged: RENDER_WORKERS_READY });

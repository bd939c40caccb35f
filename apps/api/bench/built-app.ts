import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a server script of a benchmark on a free loopback port with `env` over this process's environment:
 * resolves once it has logged the address it listens on (and `readyWhenLogged`, when given). Its log is read (and dropped) so that its pipe never fills.
 */
export async function startBenchServer(
  script: URL,
  env: Record<string, string> = {},
  readyWhenLogged?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fileURLToPath(script)], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const match = /"address":"(http:\/\/[^"]+)"/.exec(buffered);
      if (match && (readyWhenLogged === undefined || buffered.includes(readyWhenLogged))) resolve(match[1]!);
      if (buffered.length > 1_000_000) buffered = buffered.slice(-4096);
    });
    child.once('exit', (code) => reject(new Error(`the server stopped (${code})`)));
  });
  return { child, url };
}

/**
 * The built app (`dist/main.js`), for a benchmark to load, once its render workers are ready: their start
 * falls outside the measure.
 */
export const startBuiltApp = (env: Record<string, string>) =>
  startBenchServer(new URL('../dist/main.js', import.meta.url), env, '"msg":"render workers ready"');

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts the built app (`dist/main.js`) on a free loopback port with `env` over this process's environment,
 * for a benchmark to load: resolves once it listens, with its address. Its log is read (and dropped) so that
 * its pipe never fills.
 */
export async function startBuiltApp(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const match = /"msg":"cchc api listening","address":"([^"]+)"/.exec(buffered);
      if (match) resolve(match[1]!);
      if (buffered.length > 1_000_000) buffered = '';
    });
    child.once('exit', (code) => reject(new Error(`the app stopped (${code})`)));
  });
  return { child, url };
}

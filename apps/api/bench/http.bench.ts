/**
 * HTTP benchmark: starts the built API app in a child process on a free loopback port, then drives it
 * with autocannon for a fixed time: GET /health as the baseline, and POST /v1/score with the reference
 * district assessment, each at 50 connections. Prints requests/s, p50 and p99 latency, non-2xx answers
 * and the ratio of scoring to baseline throughput. Run: npm run bench (in apps/api, or at the root).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { konRay2021 } from '@cchc/examples';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = 50;

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server logs a JSON line per request: keep reading, so that its pipe never fills or breaks.
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (buffered === undefined) return;
      buffered += String(chunk);
      const match = /"address":"(http:\/\/[^"]+)"/.exec(buffered);
      if (match) resolve(match[1]!);
      if (buffered.length > 65_536) buffered = buffered.slice(-4096);
    });
    child.once('exit', (code) =>
      reject(new Error(`the server stopped (${code}) before listening: ${buffered}`)),
    );
  });
  return { child, url };
}

interface Figures {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function measure(name: string, options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const { child, url } = await startServer();
try {
  const body = JSON.stringify({ assessments: [konRay2021.district] });
  const score = {
    url: `${url}/v1/score`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
  };
  // Warm-up, then the measured runs, baseline first.
  await autocannon({ ...score, connections: 10, duration: 2 });
  const baseline = await measure('GET /health (baseline)', { url: `${url}/health` });
  const scoring = await measure('POST /v1/score (district)', score);
  console.log(`cchc API benchmark: ${SECONDS} s each, ${CONNECTIONS} connections, server in a child process`);
  for (const figures of [baseline, scoring]) {
    console.log(
      `  ${figures.name.padEnd(28)} ${Math.round(figures.requestsPerSecond).toLocaleString('en').padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  non-2xx ${figures.non2xx}  errors ${figures.errors}`,
    );
  }
  console.log(
    `  scoring / baseline throughput: ${((scoring.requestsPerSecond / baseline.requestsPerSecond) * 100).toFixed(1)} %`,
  );
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/**
 * HTTP benchmark: starts the built API app in a child process on a free loopback port, then drives it
 * with autocannon for a fixed time: GET /health as the baseline, and POST /v1/score with the reference
 * district assessment, each at 50 connections; then the same POST against a floor server that reads and
 * parses the body and writes the same response without scoring (floor-server.ts). Prints requests/s, p50
 * and p99 latency, non-2xx answers, the ratio of scoring to baseline throughput, and what the floor allows. Run: npm run bench (in apps/api, or at the root).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { konRay2021 } from '@cchc/examples';
import autocannon from 'autocannon';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = 50;

/** Starts a server script in a child process; resolves to its address once it logs it. */
async function startServer(
  script: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server logs a JSON line per request: keep reading, so that its pipe never fills or breaks.
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (buffered === undefined) return;
      buffered += String(chunk);
      const match = /"address":"(http:\/\/[^"]+)"/.exec(buffered);
      // The app is measured once its render workers have warmed up: they share the two cores until then.
      const ready = !script.endsWith('main.js') || buffered.includes('"msg":"render workers ready"');
      if (match && ready) resolve(match[1]!);
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

const body = JSON.stringify({ assessments: [konRay2021.district] });
const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
// The stateless API (CCHC_STORE=none): what POST /v1/score costs, with no store opening beside it.
const api = await startServer(fileURLToPath(new URL('../dist/main.js', import.meta.url)), {
  CCHC_STORE: 'none',
});
const servers = [api.child];
try {
  const score = { ...post, url: `${api.url}/v1/score` };
  // The floor answers with what the API answers for this body.
  const responseFile = join(mkdtempSync(join(tmpdir(), 'cchc-bench-')), 'response.json');
  writeFileSync(responseFile, await (await fetch(score.url, post)).text());
  const floorServer = await startServer(fileURLToPath(new URL('./floor-server.js', import.meta.url)), {
    FLOOR_RESPONSE_FILE: responseFile,
  });
  servers.push(floorServer.child);
  const floorScore = { ...post, url: `${floorServer.url}/v1/score` };

  // Warm-up, then the measured runs, baseline first.
  await autocannon({ ...score, connections: 10, duration: 2 });
  await autocannon({ ...floorScore, connections: 10, duration: 2 });
  const baseline = await measure('GET /health (baseline)', { url: `${api.url}/health` });
  const scoring = await measure('POST /v1/score (district)', score);
  const floor = await measure('floor: same I/O, no scoring', floorScore);
  console.log(
    `cchc API benchmark: ${SECONDS} s each, ${CONNECTIONS} connections, servers in child processes`,
  );
  for (const figures of [baseline, scoring, floor]) {
    console.log(
      `  ${figures.name.padEnd(28)} ${Math.round(figures.requestsPerSecond).toLocaleString('en').padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  non-2xx ${figures.non2xx}  errors ${figures.errors}`,
    );
  }
  const share = (part: Figures, whole: Figures) =>
    `${((part.requestsPerSecond / whole.requestsPerSecond) * 100).toFixed(1)} %`;
  console.log(`  scoring / baseline throughput: ${share(scoring, baseline)}`);
  console.log(
    `  floor / baseline: ${share(floor, baseline)} (the most any scoring could reach with this stack, body and response); scoring / floor: ${share(scoring, floor)}`,
  );
} finally {
  for (const server of servers) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

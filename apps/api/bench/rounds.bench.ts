/**
 * The stored rounds over HTTP: starts the built app (the embedded store in a temporary folder, or the
 * server of DATABASE_URL in a schema of its own) with a key for each of 8 units, and has 8 clients each
 * PUT its own unit's self layer for BENCH_SECONDS. Prints writes per second and p99 latency, and the same
 * 8 clients asking GET /health in the same run as the baseline (what HTTP costs here), with the ratio.
 * With DATABASE_URL, the two stores take turns three times each, and the embedded store's writes are
 * printed as a share of the server's, turn by turn and their median.
 * Run: npm run bench:rounds (at the root).
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { inSchema, openServer } from '@cchc/rounds';
import { startBuiltApp } from './built-app.js';
import { median } from './figures.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CLIENTS = 8;
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const units = Array.from({ length: CLIENTS }, (_, at) => `xa-${at + 1}`);
const keyOf = (who: string) => `bench-${who}-key-0123456789`;

/** The built app with this benchmark's keys. */
const startApp = (env: Record<string, string>) =>
  startBuiltApp({
    CCHC_API_KEYS: JSON.stringify([
      { name: 'admin', role: 'admin', key: keyOf('admin') },
      ...units.map((unit) => ({ name: unit, role: `unit:${unit}`, key: keyOf(unit) })),
    ]),
    ...env,
  });

/** Each of the clients runs `request` again and again for SECONDS: requests per second and p99 in ms. */
async function measure(request: (client: number) => Promise<Response>) {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < end) {
        const started = performance.now();
        const response = await request(client);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`answered ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / SECONDS,
    p99: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
  };
}

/** One turn on one store: its writes per second. */
async function bench(name: string, env: Record<string, string>): Promise<number> {
  const { child, url } = await startApp(env);
  try {
    const send = (method: string, path: string, who: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${keyOf(who)}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await send('PUT', `/v1/criteria-sets/${communeSet!.id}`, 'admin', communeSet);
    await send('PUT', '/v1/rounds/bench', 'admin', {
      title: 'Đo',
      period: 2021,
      authority: { name: 'UBND huyện' },
      units: units.map((id) => ({ id, name: `UBND ${id}`, criteriaSet: communeSet!.id })),
      deadlines: { self: '2099-01-01', appraisal: '2099-01-01' },
    });
    // Each write says something new (a note with its number): a write equal to the stored one adds no revision.
    let written = 0;
    const body = () => ({
      entries: { ...commune!.entries, '1': { ...commune!.entries!['1']!, note: `lần ${++written}` } },
    });
    const writes = await measure((client) =>
      send('PUT', `/v1/rounds/bench/units/${units[client]}/self`, units[client]!, body()),
    );
    const health = await measure(() => fetch(`${url}/health`));
    console.log(
      `  ${name}: PUT of a layer, ${CLIENTS} clients: ${Math.round(writes.perSecond)} writes/s, p99 ${writes.p99.toFixed(1)} ms; baseline GET /health: ${Math.round(health.perSecond)}/s, p99 ${health.p99.toFixed(1)} ms; ratio ${(health.perSecond / writes.perSecond).toFixed(1)}×`,
    );
    return writes.perSecond;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** The embedded store, in a new folder each turn. */
async function embeddedTurn(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-rounds-'));
  try {
    return await bench('embedded store', { CCHC_DATA_DIR: dataDir, DATABASE_URL: '' });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The server of DATABASE_URL, in a schema of its own each turn. */
async function serverTurn(server: string): Promise<number> {
  const schema = `cchc_bench_http_${process.pid}`;
  const setup = await openServer(server);
  await setup.exec(`create schema ${schema}`);
  try {
    return await bench('PostgreSQL server', { DATABASE_URL: inSchema(server, schema) });
  } finally {
    await setup.exec(`drop schema ${schema} cascade`);
    await setup.close();
  }
}

const server = process.env['DATABASE_URL'];
// With a server, the two stores take turns, three each, and the median of each turn's ratio is the figure
// (issue 29 asks the embedded store's writes ≥ 50 % of the server's): this machine's pace wanders between
// turns, and a turn of each side by side shares its pace.
const turns = server ? 3 : 1;
console.log(
  `cchc API, stored rounds: ${SECONDS} s each, ${CLIENTS} clients, the app in a child process, ${turns} turn${turns > 1 ? 's' : ''} a store`,
);
const shares: number[] = [];
for (let turn = 0; turn < turns; turn++) {
  const embedded = await embeddedTurn();
  if (server) shares.push(embedded / (await serverTurn(server)));
}
if (server)
  console.log(
    `  embedded writes / server writes, turn by turn: ${shares.map((share) => `${Math.round(share * 100)} %`).join(', ')}; median ${Math.round(median(shares) * 100)} % (goal ≥ 50 %)`,
  );
else console.log('  PostgreSQL server: skipped (DATABASE_URL is not set)');

/**
 * HTTP benchmark: starts the built API app in a child process on a free loopback port, beside two floor
 * servers (floor-server.ts): one reads and parses the same body and writes the same response without
 * scoring; the other scores it with the core's own calls and no app. autocannon drives them at 50
 * connections: GET /health as the baseline, then POST /v1/score with the reference district, the three in
 * nine turns, in an order reversed every other turn (the machine's noise falls on all alike), then the
 * floor, the core alone and the API at fixed offered loads, the goal's (1,000 req/s) in three turns: its
 * p99 is given as their median and as that of the quietest turn, the one where the floor's own tail was
 * shortest.
 * Where `taskset` exists the servers share one core and the load generator has the other, so that neither
 * steals the other's CPU; where /proc exists each server's CPU time per request is read from it, the
 * figure least moved by the machine's neighbours.
 * Run: npm run bench:http (at the root).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import autocannon from 'autocannon';
import { BUILT_APP, RENDER_WORKERS_READY, startBenchServer } from './built-app.js';
import { median } from './figures.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
/** Turns of the floor, the core alone and the API at full load, in an order that turns round each turn. */
const TURNS = 9;
const CONNECTIONS = 50;
const FIXED_RATES = [250, 500, 1_000];
/** The offered load the p99 goal is set at: measured in turns, the machine's quiet ones told from the rest. */
const GOAL_RATE = 1_000;
const GOAL_RATE_TURNS = 3;
/** Clients at a fixed offered load: enough to keep the rate, few enough that none waits behind a crowd. */
const FIXED_RATE_CONNECTIONS = 10;

/** The command that pins a process to one core, when this machine has it and more than one core. */
function pinning(): ((core: number) => string[]) | undefined {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return (core) => ['taskset', '-c', String(core)];
}
const pin = pinning();
// The load generator (this process, every thread) on the second core, the servers on the first.
if (pin) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });

/** A server script on the first core (when pinning), the app once its render workers have warmed up. */
const startServer = (script: URL, env: Record<string, string> = {}) =>
  startBenchServer(script, env, {
    ...(pin ? { prefix: pin(0) } : {}),
    // The app is measured once its render workers have warmed up: they share the core until then.
    ...(script.href === BUILT_APP.href ? { readyWhenLogged: RENDER_WORKERS_READY } : {}),
  });

/** CPU time (user + system) a process has used, in milliseconds; undefined without /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command name's closing parenthesis.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Figures {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Server CPU per answered request, in microseconds. */
  readonly cpuMicroseconds: number | undefined;
}

async function measure(server: ChildProcess, options: autocannon.Options): Promise<Figures> {
  const cpuBefore = cpuMs(server.pid);
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const cpuAfter = cpuMs(server.pid);
  const answered = result.requests.total;
  // A run with failed or refused requests measures the failure (a server that stopped answers in no time):
  // its figures are not printed as if they were the server's.
  if (result.errors + result.timeouts + result.non2xx > 0 || answered === 0)
    throw new Error(
      `${options.url}: ${answered} answered, ${result.non2xx} not 2xx, ${result.errors} errors and ${result.timeouts} timeouts: the run is void`,
    );
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicroseconds:
      cpuBefore === undefined || cpuAfter === undefined || answered === 0
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / answered,
  };
}

const show = (name: string, figures: Figures) =>
  console.log(
    `  ${name.padEnd(34)} ${Math.round(figures.requestsPerSecond).toLocaleString('en').padStart(7)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms  non-2xx ${figures.non2xx}  errors ${figures.errors}${figures.cpuMicroseconds === undefined ? '' : `  CPU ${Math.round(figures.cpuMicroseconds)} µs/request`}`,
  );

const body = JSON.stringify({ assessments: [konRay2021.district] });
const post = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body };
// The stateless API (CCHC_STORE=none): what POST /v1/score costs, with no store opening beside it.
const api = await startServer(BUILT_APP, {
  CCHC_STORE: 'none',
});
const servers = [api.child];
try {
  const score = { ...post, url: `${api.url}/v1/score` };
  // The floor answers with what the API answers for this body.
  const responseFile = join(mkdtempSync(join(tmpdir(), 'cchc-bench-')), 'response.json');
  writeFileSync(responseFile, await (await fetch(score.url, post)).text());
  const floorServer = await startServer(new URL('./floor-server.js', import.meta.url), {
    FLOOR_RESPONSE_FILE: responseFile,
  });
  servers.push(floorServer.child);
  const floorScore = { ...post, url: `${floorServer.url}/v1/score` };
  // The floor that also scores with the core's own calls: the most a server using this core answers.
  const coreServer = await startServer(new URL('./floor-server.js', import.meta.url), {
    FLOOR_SCORES: '1',
  });
  servers.push(coreServer.child);
  const coreScore = { ...post, url: `${coreServer.url}/v1/score` };
  if ((await (await fetch(coreScore.url, post)).text()) !== readFileSync(responseFile, 'utf8'))
    throw new Error('the core alone does not answer what the API answers: the comparison would be unfair');

  console.log(
    `cchc API benchmark: ${SECONDS} s a run, ${CONNECTIONS} connections, servers in child processes${pin ? ', servers on core 0 and load on core 1 (taskset)' : ' sharing the cores with the load (no taskset)'}`,
  );
  // Warm-up: the JIT compiles the paths before anything is measured.
  for (const target of [score, floorScore, coreScore])
    await autocannon({ ...target, connections: 10, duration: 3 });
  show('GET /health (baseline)', await measure(api.child, { url: `${api.url}/health` }));
  const ratios = {
    api: [] as number[],
    apiCpu: [] as number[],
    coreCpu: [] as number[],
    app: [] as number[],
  };
  for (let turn = 1; turn <= TURNS; turn++) {
    // Forwards in odd turns and backwards in even ones: a machine that slows down or speeds up over a turn
    // (the VM's neighbours) weighs on the floor and on the API alike, not on whichever runs last.
    const runs = [
      () => measure(floorServer.child, floorScore),
      () => measure(coreServer.child, coreScore),
      () => measure(api.child, score),
    ];
    const measured: Figures[] = [];
    for (const position of turn % 2 === 1 ? [0, 1, 2] : [2, 1, 0])
      measured[position] = await runs[position]!();
    const [floor, core, scoring] = measured as [Figures, Figures, Figures];
    show(`turn ${turn}: floor (same I/O, no scoring)`, floor);
    show(`turn ${turn}: floor + core's scoring, no app`, core);
    show(`turn ${turn}: POST /v1/score (district)`, scoring);
    ratios.api.push(scoring.requestsPerSecond / floor.requestsPerSecond);
    if (floor.cpuMicroseconds !== undefined && scoring.cpuMicroseconds !== undefined)
      ratios.apiCpu.push(floor.cpuMicroseconds / scoring.cpuMicroseconds);
    if (floor.cpuMicroseconds !== undefined && core.cpuMicroseconds !== undefined)
      ratios.coreCpu.push(floor.cpuMicroseconds / core.cpuMicroseconds);
    if (core.cpuMicroseconds !== undefined && scoring.cpuMicroseconds !== undefined)
      ratios.app.push(core.cpuMicroseconds / scoring.cpuMicroseconds);
  }
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
  const line = (name: string, values: readonly number[]) =>
    values.length > 0 &&
    console.log(`  ${name}: ${values.map(percent).join(', ')}; median ${percent(median(values))}`);
  line('API / floor throughput', ratios.api);
  line('floor CPU / API CPU per request', ratios.apiCpu);
  line('floor CPU / core-alone CPU per request (the most the API could reach)', ratios.coreCpu);
  line("core-alone CPU / API CPU per request (what the app's own work leaves)", ratios.app);
  for (const rate of FIXED_RATES) {
    // A fixed offered load: latency as clients see it when the server is not driven to its limit. The
    // floor at the same load first: its tail is the machine's (autocannon sends each second's requests in
    // a burst, and the VM's neighbours come and go), the part of the API's that is not cchc's.
    const offered = { connections: FIXED_RATE_CONNECTIONS, overallRate: rate, duration: SECONDS * 2 };
    const at = `at ${rate.toLocaleString('en')} req/s offered`;
    const turns = rate === GOAL_RATE ? GOAL_RATE_TURNS : 1;
    const p99s = { floor: [] as number[], core: [] as number[], api: [] as number[] };
    for (let turn = 1; turn <= turns; turn++) {
      const label = turns > 1 ? `turn ${turn}: ` : '';
      const floor = await measure(floorServer.child, { ...floorScore, ...offered });
      show(`${label}floor ${at}`, floor);
      // The core alone at the same load: the tail of any server that scores with this core here.
      const core = await measure(coreServer.child, { ...coreScore, ...offered });
      show(`${label}core alone ${at}`, core);
      const scoring = await measure(api.child, { ...score, ...offered });
      show(`${label}POST /v1/score ${at}`, scoring);
      p99s.floor.push(floor.p99);
      p99s.core.push(core.p99);
      p99s.api.push(scoring.p99);
    }
    if (turns > 1) {
      // The quietest turn is the one where the floor, which does no scoring, had its shortest tail.
      const quietest = p99s.floor.indexOf(Math.min(...p99s.floor));
      const names = { floor: 'floor', core: 'core alone', api: 'API' } as const;
      const of = (name: keyof typeof p99s) =>
        `${names[name]} ${median(p99s[name])} ms (${p99s[name][quietest]} ms)`;
      console.log(
        `  p99 ${at}, median of ${turns} turns (in the quietest, turn ${quietest + 1}): ${of('floor')}, ${of('core')}, ${of('api')}; goal: API ≤ 10 ms`,
      );
    }
  }
} finally {
  for (const server of servers) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

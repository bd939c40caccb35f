/**
 * Rounds benchmark, on the embedded store (in memory) and, when DATABASE_URL names one, a PostgreSQL
 * server (in a schema of its own, dropped after):
 * - writes: 8 writers at once, each writing a commune's self layer (its own unit) for BENCH_SECONDS;
 *   writes per second and p99 latency; the baseline, run in the same process on the same store, is a
 *   plain insert of the same document into a table of its own (no rules, no scoring);
 * - results: the time to score and rank a stored round of BENCH_ROUND_UNITS units (default 1,000; issue 29
 *   asks under 1 s for 10,000: BENCH_ROUND_UNITS=10000);
 * - sign-in: 8 people signing in at once (each their own account, the right password), sign-ins per
 *   second, p99, and the event loop's longest delay meanwhile (argon2id runs on the thread pool: the loop
 *   stays free); the baseline is the same account read by its login, with no password checked;
 * - import: 1,000 accounts made at once, all or none.
 * Run: npm run bench:rounds (or npm run bench in packages/rounds).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { konRay2021 } from '@cchc/examples';
import { type Caller, inSchema, openEmbedded, openRounds, openServer, type SqlClient } from '../src/index.js';
import { hashPassword } from '../src/passwords.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUND_UNITS = Number(process.env['BENCH_ROUND_UNITS'] ?? 1000);
const WRITERS = 8;
const admin: Caller = { name: 'admin', role: { kind: 'admin' } };
const appraiser: Caller = { name: 'appraiser', role: { kind: 'appraiser' } };
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const document = { entries: commune!.entries };

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** `write` from 8 writers at once for SECONDS: writes per second and p99 in ms. */
async function measure(write: (writer: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      while (performance.now() < end) {
        const started = performance.now();
        await write(writer);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p99: percentile(latencies, 0.99) };
}

async function bench(name: string, sql: SqlClient): Promise<void> {
  const rounds = await openRounds({ sql, now: () => new Date('2022-01-10T00:00:00Z') });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  const units = Array.from({ length: Math.max(ROUND_UNITS, WRITERS) }, (_, at) => ({
    id: `xa-${at + 1}`,
    name: `UBND xã ${at + 1}`,
    criteriaSet: communeSet!.id,
  }));
  await rounds.putRound(admin, 'bench', {
    title: 'Đo',
    period: 2021,
    authority: { name: 'UBND huyện' },
    units,
    deadlines: { self: '2099-01-01', appraisal: '2099-01-01' },
  });
  // Each write says something new (a note with its number): a write equal to the stored one adds no revision.
  let written = 0;
  const writes = await measure((writer) =>
    rounds.putLayer(
      { name: `xã ${writer}`, role: { kind: 'unit', unit: units[writer]!.id } },
      'bench',
      units[writer]!.id,
      'self',
      { entries: { ...document.entries, '1': { ...document.entries!['1']!, note: `lần ${++written}` } } },
    ),
  );
  await sql.exec('create table bench_plain (id serial primary key, document jsonb not null)');
  const text = JSON.stringify(document);
  const plain = await measure(() => sql.query('insert into bench_plain (document) values ($1)', [text]));
  console.log(
    `  ${name}: PUT of a layer, ${WRITERS} writers: ${Math.round(writes.perSecond)} writes/s, p99 ${writes.p99.toFixed(1)} ms; baseline (plain insert of the document): ${Math.round(plain.perSecond)}/s, p99 ${plain.p99.toFixed(1)} ms; ratio ${(plain.perSecond / writes.perSecond).toFixed(1)}×`,
  );
  for (const unit of units.slice(0, ROUND_UNITS))
    await rounds.putLayer(appraiser, 'bench', unit.id, 'appraised', document);
  const started = performance.now();
  const { results } = await rounds.results(admin, 'bench');
  const ms = performance.now() - started;
  console.log(
    `  ${name}: results of a stored round of ${results.length} units (read, score, rank): ${Math.round(ms)} ms, ${Math.round(results.length / (ms / 1000))} units/s (goal: 10,000 units in < 1,000 ms)`,
  );
  const passwords: string[] = [];
  for (let person = 0; person < WRITERS; person++) {
    const login = `nguoi.${person}`;
    const made = await rounds.putAccount(admin, login, { name: `Người ${person}`, role: 'appraiser' });
    passwords.push(`câu mật khẩu dài của người số ${person}`);
    await rounds.changePassword(login, made.oneTimePassword!, passwords[person]!);
  }
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const signIns = await measure((person) =>
    rounds.signIn(`nguoi.${person}`, passwords[person]!, `10.0.0.${person}`),
  );
  loop.disable();
  const read = await measure((person) => rounds.getAccount(admin, `nguoi.${person}`));
  console.log(
    `  ${name}: sign-in, ${WRITERS} at once: ${Math.round(signIns.perSecond)}/s, p99 ${signIns.p99.toFixed(1)} ms, event loop delayed at most ${(loop.max / 1e6).toFixed(1)} ms; baseline (the account read, no password): ${Math.round(read.perSecond)}/s, p99 ${read.p99.toFixed(1)} ms; ratio ${(read.perSecond / signIns.perSecond).toFixed(1)}×`,
  );
  const people = Array.from({ length: 1000 }, (_, at) => ({
    login: `nhap.${at}`,
    name: `Người được nhập ${at}`,
    role: `unit:${units[at % units.length]!.id}`,
  }));
  const importStarted = performance.now();
  await rounds.importAccounts(admin, people);
  const importSeconds = (performance.now() - importStarted) / 1000;
  // The baseline: the same 1,000 argon2id hashes alone, side by side on the thread pool, as the import makes them.
  const hashStarted = performance.now();
  await Promise.all(people.map((person) => hashPassword(person.login)));
  const hashSeconds = (performance.now() - hashStarted) / 1000;
  console.log(
    `  ${name}: 1,000 accounts imported (checked, each one-time password hashed, stored in one transaction): ${importSeconds.toFixed(2)} s; baseline (the 1,000 hashes alone): ${hashSeconds.toFixed(2)} s; ratio ${(importSeconds / hashSeconds).toFixed(2)}×`,
  );
  await rounds.close();
}

console.log(`@cchc/rounds benchmark (${SECONDS} s of writes, a round of ${ROUND_UNITS} units)`);
await bench('embedded (PGlite, in memory)', await openEmbedded());
const url = process.env['DATABASE_URL'];
if (url) {
  const schema = `cchc_bench_${process.pid}`;
  const setup = await openServer(url);
  await setup.exec(`create schema ${schema}`);
  try {
    await bench('PostgreSQL server', await openServer(inSchema(url, schema)));
  } finally {
    await setup.exec(`drop schema ${schema} cascade`);
    await setup.close();
  }
} else {
  console.log('  PostgreSQL server: skipped (DATABASE_URL is not set)');
}

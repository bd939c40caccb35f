/**
 * Evidence uploads over HTTP (issue 26): starts the built app (the embedded store in a temporary folder, and
 * the server of DATABASE_URL in a schema of its own when it is set), then sends BENCH_UPLOADS (20) files of
 * BENCH_FILE_MB (20) MB at once, each different and as incompressible as a real PDF or photo, into one round.
 * Prints the throughput and the app's resident memory before and at its highest during the uploads (sampled
 * from /proc every 20 ms). Three baselines in the same run, on the same disk:
 * - a plain copy of the same files, once as the page cache takes it, once written through to the disk
 *   (fsync), which is what a store that acknowledges only what is kept must do;
 * - the floor: a server that reads the same uploads with the app's streamer and hashes them, keeping nothing
 *   (upload-floor-server.ts): what HTTP and hashing alone cost here, in time and in memory;
 * - each store's own pace: the same bytes written straight into it, in the app's chunks, as many at once as
 *   the app writes, with no HTTP at all: the most the app could take in through that store.
 * Run: npm run bench:uploads -w @cchc/api.
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import {
  FILE_CHUNK_BYTES,
  FILE_CHUNK_WRITERS,
  inSchema,
  openEmbeddedInWorker,
  openServer,
  type SqlClient,
} from '@cchc/rounds';
import { startBenchServer, startBuiltApp } from './built-app.js';

const UPLOADS = Number(process.env['BENCH_UPLOADS'] ?? 20);
const FILE_MB = Number(process.env['BENCH_FILE_MB'] ?? 20);
const KEY = 'bench-admin-key-0123456789';
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;

/**
 * The files: each a PDF by its first bytes, each different (so that none is stored once for two), random
 * after that: a scanned decision or a photo is compressed already, and a store must not look faster on zeros.
 */
const files = Array.from({ length: UPLOADS }, () => {
  const bytes = randomFillSync(new Uint8Array(FILE_MB * 1024 * 1024));
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  return bytes;
});

/** The built app with this benchmark's keys. */
const startApp = (env: Record<string, string>) =>
  startBuiltApp({
    CCHC_API_KEYS: JSON.stringify([{ name: 'admin', role: 'admin', key: KEY }]),
    CCHC_UNIT_FILES_LIMIT_MB: String(UPLOADS * FILE_MB + 100),
    ...env,
  });

/** The resident memory of a process, in MiB (Linux). */
const residentMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
};

interface Figures {
  readonly throughput: number;
  readonly before: number;
  readonly rise: number;
}

/**
 * Sends every file at once to `url` (one small one first, so that first-use costs fall outside the measure)
 * while sampling the resident memory of the server's process `pid`; every answer must be 201 or 200 (stored
 * before: a client that sent the same bytes again, a retry, is told so).
 */
async function sendFiles(
  pid: number,
  url: (index: number | 'first') => string,
  headers: Record<string, string>,
): Promise<Figures> {
  const send = (index: number | 'first', bytes: Uint8Array) =>
    fetch(url(index), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/pdf' },
      body: bytes,
    });
  await send('first', files[0]!.slice(0, 4096));
  const before = residentMb(pid);
  let highest = before;
  const sampler = setInterval(() => {
    highest = Math.max(highest, residentMb(pid));
  }, 20);
  const started = performance.now();
  const answers = await Promise.all(files.map((bytes, index) => send(index, bytes)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  for (const answer of answers)
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`upload: ${answer.status} ${await answer.text()}`);
  return { throughput: (UPLOADS * FILE_MB) / seconds, before, rise: highest - before };
}

const show = (name: string, figures: Figures) =>
  console.log(
    `  ${name.padEnd(34)} ${figures.throughput.toFixed(1).padStart(6)} MB/s; resident memory ${figures.before.toFixed(0)} MiB before the uploads, +${figures.rise.toFixed(0)} MiB at most during`,
  );

/** The app on a store: a round of one commune, then the files into its library. */
async function appUploads(env: Record<string, string>): Promise<Figures> {
  const { child, url } = await startApp(env);
  try {
    const headers = { authorization: `Bearer ${KEY}` };
    const send = (method: string, path: string, body: string) =>
      fetch(`${url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body });
    // The store opens after the server listens: wait for it.
    for (let tries = 0; ; tries++) {
      const answer = await send('PUT', `/v1/criteria-sets/${communeSet!.id}`, JSON.stringify(communeSet));
      if (answer.ok) break;
      if (tries > 600) throw new Error(`the store did not open: ${answer.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const round = await send(
      'PUT',
      '/v1/rounds/tep',
      JSON.stringify({
        title: 'Đợt',
        period: 2021,
        authority: { name: 'UBND huyện' },
        units: [{ id: commune!.unit.id, name: commune!.unit.name, criteriaSet: communeSet!.id }],
        deadlines: { self: '2099-01-01', appraisal: '2099-01-31' },
      }),
    );
    if (!round.ok) throw new Error(`round: ${round.status} ${await round.text()}`);
    const path = `${url}/v1/rounds/tep/units/${commune!.unit.id}/files`;
    return await sendFiles(
      child.pid!,
      (index) => `${path}?name=${index === 'first' ? 'mo-dau' : `tai-lieu-${index}`}.pdf`,
      headers,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

/** The floor: the same uploads read and hashed by a server that keeps nothing. */
async function floorUploads(): Promise<Figures> {
  const { child, url } = await startBenchServer(new URL('./upload-floor-server.js', import.meta.url));
  try {
    return await sendFiles(child.pid!, () => `${url}/upload`, {});
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * A store's own pace: the files in the app's chunks written straight into a table like the app's, as many
 * chunks at once as the app writes, each its own statement as in the app; MB/s.
 */
async function storePace(sql: SqlClient): Promise<number> {
  await sql.exec(
    'create table bench_chunks (upload text not null, seq integer not null, bytes bytea not null, primary key (upload, seq))',
  );
  const chunks = files.flatMap((bytes, index) =>
    Array.from({ length: Math.ceil(bytes.length / FILE_CHUNK_BYTES) }, (_, seq) => ({
      upload: String(index),
      seq,
      bytes: Buffer.from(
        bytes.buffer,
        seq * FILE_CHUNK_BYTES,
        Math.min(FILE_CHUNK_BYTES, bytes.length - seq * FILE_CHUNK_BYTES),
      ),
    })),
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FILE_CHUNK_WRITERS }, async () => {
      for (let chunk = chunks[next++]; chunk; chunk = chunks[next++])
        await sql.query('insert into bench_chunks (upload, seq, bytes) values ($1, $2, $3)', [
          chunk.upload,
          chunk.seq,
          chunk.bytes,
        ]);
    }),
  );
  const throughput = (UPLOADS * FILE_MB) / ((performance.now() - started) / 1000);
  await sql.exec('drop table bench_chunks');
  return throughput;
}

/** A plain copy of the files into `folder`: MB/s as the page cache takes them, and written through (fsync). */
function plainCopy(folder: string): { cached: number; durable: number } {
  const write = (durable: boolean) => {
    const started = performance.now();
    files.forEach((bytes, index) => {
      const descriptor = openSync(join(folder, `${durable ? 'd' : 'c'}-${index}.pdf`), 'w');
      writeSync(descriptor, bytes);
      if (durable) fsyncSync(descriptor);
      closeSync(descriptor);
    });
    return (UPLOADS * FILE_MB) / ((performance.now() - started) / 1000);
  };
  return { cached: write(false), durable: write(true) };
}

const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)} %`;

const folder = mkdtempSync(join(tmpdir(), 'cchc-bench-uploads-'));
try {
  console.log(
    `cchc uploads benchmark: ${UPLOADS} files of ${FILE_MB} MB sent at once, over HTTP (${UPLOADS * FILE_MB} MB)`,
  );
  const copy = plainCopy(folder);
  console.log(
    `  baseline: a plain copy on the same disk: ${copy.cached.toFixed(0)} MB/s into the page cache, ${copy.durable.toFixed(0)} MB/s written through (fsync)`,
  );
  const floor = await floorUploads();
  show('floor (read and hash, keep nothing)', floor);
  const embeddedSql = openEmbeddedInWorker(join(folder, 'pace'));
  const embeddedPace = await storePace(embeddedSql).finally(() => embeddedSql.close());
  console.log(`  embedded store's own pace (no HTTP): ${embeddedPace.toFixed(1)} MB/s`);
  // DATABASE_URL emptied: the app would otherwise take this process's server for its store.
  const embedded = await appUploads({ CCHC_DATA_DIR: join(folder, 'data'), DATABASE_URL: '' });
  show('app, embedded store (PGlite)', embedded);
  const lines = [
    `embedded: ${percent(embedded.throughput, copy.durable)} of the copy written through, ${percent(embedded.throughput, embeddedPace)} of its store's own pace, memory +${embedded.rise.toFixed(0)} MiB (floor +${floor.rise.toFixed(0)})`,
  ];
  const serverUrl = process.env['DATABASE_URL'];
  if (serverUrl) {
    const schema = `cchc_bench_uploads_${process.pid}`;
    const admin = await openServer(serverUrl);
    await admin.exec(`create schema if not exists ${schema}`);
    try {
      const serverSql = await openServer(inSchema(serverUrl, schema));
      const serverPace = await storePace(serverSql).finally(() => serverSql.close());
      console.log(`  server's own pace (no HTTP): ${serverPace.toFixed(1)} MB/s`);
      const server = await appUploads({ DATABASE_URL: inSchema(serverUrl, schema) });
      show('app, PostgreSQL server', server);
      lines.push(
        `server: ${percent(server.throughput, copy.durable)} of the copy written through, ${percent(server.throughput, serverPace)} of its store's own pace, memory +${server.rise.toFixed(0)} MiB (floor +${floor.rise.toFixed(0)})`,
      );
    } finally {
      await admin.exec(`drop schema if exists ${schema} cascade`);
      await admin.close();
    }
  } else console.log('  (DATABASE_URL is not set: the PostgreSQL server was not measured)');
  for (const line of lines) console.log(`  ${line}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.exit(0);

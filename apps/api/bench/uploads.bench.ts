/**
 * Evidence uploads over HTTP (issue 26): starts the built app (the embedded store in a temporary folder, and
 * the server of DATABASE_URL in a schema of its own when it is set), then sends BENCH_UPLOADS (20) files of
 * BENCH_FILE_MB (20) MB at once, each different, into one round. Prints the throughput, the app's resident
 * memory before and at its highest during the uploads (sampled from /proc every 20 ms), and, as the baseline
 * in the same run on the same disk, a plain copy of the same files: once as the page cache takes it, once
 * written through to the disk (fsync), which is what a store that acknowledges only what is kept must do.
 * Run: npm run bench:uploads -w @cchc/api.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { inSchema, openServer } from '@cchc/rounds';
import { startBuiltApp } from './built-app.js';

const UPLOADS = Number(process.env['BENCH_UPLOADS'] ?? 20);
const FILE_MB = Number(process.env['BENCH_FILE_MB'] ?? 20);
const KEY = 'bench-admin-key-0123456789';
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;

/** The files: each a PDF by its first bytes, each different (so that none is stored once for two). */
const files = Array.from({ length: UPLOADS }, (_, index) => {
  const bytes = new Uint8Array(FILE_MB * 1024 * 1024);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let at = 9; at < bytes.length; at += 4096) bytes[at] = (at / 4096 + index) % 251;
  bytes[bytes.length - 1] = index;
  return bytes;
});
const totalMb = (UPLOADS * FILE_MB).toFixed(0);

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

async function bench(name: string, env: Record<string, string>): Promise<number> {
  const { child, url } = await startApp(env);
  try {
    const send = (method: string, path: string, body?: Uint8Array | string, type = 'application/json') =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': type },
        ...(body === undefined ? {} : { body }),
      });
    const atStart = residentMb(child.pid!);
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
    const path = `/v1/rounds/tep/units/${commune!.unit.id}/files`;
    // One small upload first, so that the app's first-use costs fall outside the measure.
    await send('POST', `${path}?name=mo-dau.pdf`, files[0]!.slice(0, 4096), 'application/pdf');
    const before = residentMb(child.pid!);
    let highest = before;
    const sampler = setInterval(() => {
      highest = Math.max(highest, residentMb(child.pid!));
    }, 20);
    const started = performance.now();
    const answers = await Promise.all(
      files.map((bytes, index) =>
        send('POST', `${path}?name=tai-lieu-${index}.pdf`, bytes, 'application/pdf'),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    // 201 stored, 200 stored before: a client that sent the same bytes again (a retry) is told so.
    for (const answer of answers)
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(`upload: ${answer.status} ${await answer.text()}`);
    const throughput = (UPLOADS * FILE_MB) / seconds;
    console.log(
      `  ${name.padEnd(30)} ${totalMb} MB in ${seconds.toFixed(2)} s: ${throughput.toFixed(1)} MB/s; resident memory ${atStart.toFixed(0)} MiB at start, ${before.toFixed(0)} before the uploads, at most ${highest.toFixed(0)} during (+${(highest - before).toFixed(0)} MiB)`,
    );
    return throughput;
  } finally {
    child.kill('SIGTERM');
  }
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

const folder = mkdtempSync(join(tmpdir(), 'cchc-bench-uploads-'));
try {
  console.log(
    `cchc uploads benchmark: ${UPLOADS} files of ${FILE_MB} MB sent at once, over HTTP, to the built app`,
  );
  const copy = plainCopy(folder);
  console.log(
    `  baseline: a plain copy on the same disk: ${copy.cached.toFixed(0)} MB/s into the page cache, ${copy.durable.toFixed(0)} MB/s written through (fsync)`,
  );
  const embedded = await bench('embedded store (PGlite)', { CCHC_DATA_DIR: join(folder, 'data') });
  const ratios = [`embedded ${((embedded / copy.durable) * 100).toFixed(0)} %`];
  const serverUrl = process.env['DATABASE_URL'];
  if (serverUrl) {
    const schema = `cchc_bench_uploads_${process.pid}`;
    const admin = await openServer(serverUrl);
    await admin.exec(`create schema if not exists ${schema}`);
    try {
      const server = await bench('PostgreSQL server', { DATABASE_URL: inSchema(serverUrl, schema) });
      ratios.push(`server ${((server / copy.durable) * 100).toFixed(0)} %`);
    } finally {
      await admin.exec(`drop schema if exists ${schema} cascade`);
      await admin.close();
    }
  } else console.log('  (DATABASE_URL is not set: the PostgreSQL server was not measured)');
  console.log(`  uploads / copy written through: ${ratios.join(', ')}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.exit(0);

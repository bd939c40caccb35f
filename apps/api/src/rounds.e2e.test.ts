import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { inSchema, openServer } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './e2e-support.js';

const ADMIN = 'admin-key-for-the-e2e-test';
const UNIT = 'unit-key-for-the-e2e-test';
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const keysEnv = {
  CCHC_API_KEYS: JSON.stringify([
    { name: 'Sở Nội vụ', role: 'admin', key: ADMIN },
    { name: 'UBND xã', role: `unit:${commune!.unit.id}`, key: UNIT },
  ]),
};
/** A round of one commune whose deadlines are far ahead. */
const ROUND = {
  title: 'Đánh giá CCHC năm 2021',
  period: 2021,
  authority: { name: 'UBND huyện Kon Rẫy' },
  units: [{ id: commune!.unit.id, name: commune!.unit.name, criteriaSet: communeSet!.id }],
  deadlines: { self: '2099-12-31', appraisal: '2099-12-31' },
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const dataDir = mkdtempSync(join(tmpdir(), 'cchc-rounds-e2e-'));
const serverUrl = process.env['DATABASE_URL'];
const schema = `cchc_e2e_${process.pid}_${Date.now()}`;
/** The stores the app runs on here: its embedded one always, the machine's server when DATABASE_URL names it. */
const STORES = [
  { name: 'the embedded store', env: { ...keysEnv, CCHC_DATA_DIR: dataDir } },
  ...(serverUrl
    ? [
        {
          name: 'a PostgreSQL server',
          env: {
            ...keysEnv,
            DATABASE_URL: inSchema(serverUrl, schema),
          },
        },
      ]
    : []),
];
beforeAll(async () => {
  if (!serverUrl) return;
  const setup = await openServer(serverUrl);
  await setup.exec(`create schema ${schema}`);
  await setup.close();
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (!serverUrl) return;
  const setup = await openServer(serverUrl);
  await setup.exec(`drop schema if exists ${schema} cascade`);
  await setup.close();
});

let written = 0;
/** The commune's scores, with a note that makes each write say something new (an unchanged one is no revision). */
const nextWrite = () => ({
  entries: { ...commune!.entries, '1': { ...commune!.entries!['1']!, note: `Lần ghi ${++written}` } },
});

const send = (url: string, method: string, key: string, body?: unknown) =>
  fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

// Each start creates or opens an embedded store (seconds on two cores, beside the other tests).
describe('apps/api with the embedded store, as a real process', { timeout: 60_000 }, () => {
  it.each(STORES)(
    'keeps every acknowledged write on $name when the process is killed (SIGKILL) amid writes and started again',
    async (store) => {
      const first = await startApp(store.env);
      try {
        expect(
          (await send(`${first.url}/v1/criteria-sets/${communeSet!.id}`, 'PUT', ADMIN, communeSet)).status,
        ).toBe(201);
        expect((await send(`${first.url}/v1/rounds/r2021`, 'PUT', ADMIN, ROUND)).status).toBe(201);
        const layer = `/v1/rounds/r2021/units/${commune!.unit.id}/self`;
        for (let write = 1; write <= 3; write++) {
          const answer = await send(`${first.url}${layer}`, 'PUT', UNIT, nextWrite());
          expect([answer.status, answer.headers.get('etag')]).toEqual([200, `"${write}"`]);
        }
        // Then 4 writers at once, killed in the middle of their stream of writes: once they have had
        // KILL_AFTER answers (a fixed delay left too few on a loaded machine), or after 10 s whatever came.
        const KILL_AFTER = 6;
        const acknowledged: number[] = [3];
        const exited = once(first.child, 'exit');
        const kill = () => first.child.kill('SIGKILL');
        const deadline = setTimeout(kill, 10_000);
        const writers = Array.from({ length: 4 }, async () => {
          for (;;) {
            const answer = await send(`${first.url}${layer}`, 'PUT', UNIT, nextWrite()).catch(
              () => undefined,
            );
            if (answer?.status !== 200) return;
            acknowledged.push(Number(answer.headers.get('etag')!.replaceAll('"', '')));
            if (acknowledged.length === 1 + KILL_AFTER) kill();
          }
        });
        await Promise.all([exited, ...writers]);
        clearTimeout(deadline);

        const second = await startApp(store.env);
        try {
          const history = (await (
            await send(`${second.url}/v1/rounds/r2021/units/${commune!.unit.id}/history`, 'GET', ADMIN)
          ).json()) as { revisions: { revision: number }[] };
          const revisions = history.revisions.map((entry) => entry.revision);
          const last = Math.max(...acknowledged);
          expect(acknowledged.length).toBeGreaterThan(4); // the kill came amid a stream of answered writes
          // Every acknowledged write is there, numbered without gaps; at most the 4 in flight were kept unanswered.
          expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, at) => at + 1));
          expect(revisions.length).toBeGreaterThanOrEqual(last);
          expect(revisions.length).toBeLessThanOrEqual(last + 4);
          const read = await send(`${second.url}${layer}`, 'GET', UNIT);
          expect([read.status, read.headers.get('etag')]).toEqual([200, `"${revisions.length}"`]);
          expect(((await read.json()) as { result: { achieved: string } }).result.achieved).toBe('79.3');
          expect((await send(`${second.url}/v1/rounds`, 'GET', 'not-a-key')).status).toBe(401);
        } finally {
          await second.stop();
        }
      } finally {
        if (first.child.exitCode === null && first.child.signalCode === null) await first.stop();
      }
    },
  );

  it('lets one process at a time open a data folder: a second says so and answers 503, the first keeps every write', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cchc-one-folder-'));
    const env = { ...keysEnv, CCHC_DATA_DIR: folder };
    const first = await startApp(env);
    try {
      await send(`${first.url}/v1/criteria-sets/${communeSet!.id}`, 'PUT', ADMIN, communeSet);
      expect((await send(`${first.url}/v1/rounds/one-folder`, 'PUT', ADMIN, ROUND)).status).toBe(201);
      const second = await startApp(env);
      try {
        const refused = await send(`${second.url}/v1/rounds/two-folders`, 'PUT', ADMIN, ROUND);
        const problem = (await refused.json()) as { detail: string };
        expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
        // The reason is logged, not sent: a client never reads the server's folders.
        expect(problem.detail).not.toContain(folder);
        // The log reaches the test through a pipe: it may come a moment after the answer.
        for (
          let wait = 0;
          wait < 40 && !second.logs.some((entry) => entry['msg'] === 'store unavailable');
          wait++
        )
          await new Promise((resolve) => setTimeout(resolve, 50));
        const logged = second.logs.find((entry) => entry['msg'] === 'store unavailable');
        expect(String(logged?.['error'])).toMatch(/is open in another process/);
      } finally {
        await second.stop();
      }
      const layer = `/v1/rounds/one-folder/units/${commune!.unit.id}/self`;
      expect((await send(`${first.url}${layer}`, 'PUT', UNIT, nextWrite())).status).toBe(200);
    } finally {
      await first.stop();
    }
    const again = await startApp(env);
    try {
      const rounds = (await (await send(`${again.url}/v1/rounds`, 'GET', ADMIN)).json()) as {
        rounds: { id: string }[];
      };
      expect(rounds.rounds.map((round) => round.id)).toEqual(['one-folder']);
    } finally {
      await again.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads a hostile score sheet in a worker that is not used again: the next sheets and reports are answered', async () => {
    const app = await startApp(keysEnv);
    try {
      await send(`${app.url}/v1/criteria-sets/${communeSet!.id}`, 'PUT', ADMIN, communeSet);
      await send(`${app.url}/v1/rounds/sheets`, 'PUT', ADMIN, ROUND);
      const layer = `${app.url}/v1/rounds/sheets/units/${commune!.unit.id}/self`;
      expect((await send(layer, 'PUT', UNIT, nextWrite())).status).toBe(200);
      const sheet = new Uint8Array(
        await (
          await send(`${app.url}/v1/rounds/sheets/units/${commune!.unit.id}/sheet.xlsx`, 'GET', UNIT)
        ).arrayBuffer(),
      );
      const upload = (bytes: Uint8Array) =>
        fetch(layer, {
          method: 'PUT',
          headers: { authorization: `Bearer ${UNIT}`, 'content-type': XLSX },
          body: bytes,
        });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(sheet.buffer as ArrayBuffer);
      workbook.getWorksheet('Tự chấm')!.getCell('A6').value = 'c:__proto__';
      workbook.getWorksheet('Tự chấm')!.getCell('G6').value = 'bị chèn';
      const poisoned = new Uint8Array(await workbook.xlsx.writeBuffer());
      for (let attempt = 0; attempt < 3; attempt++) expect((await upload(poisoned)).status).toBe(422);
      // The sheet as stored, sent back: every worker still reads it (unchanged, no new revision).
      for (let attempt = 0; attempt < 4; attempt++) {
        const answer = await upload(sheet);
        expect([answer.status, ((await answer.json()) as { unchanged?: boolean }).unchanged]).toEqual([
          200,
          true,
        ]);
      }
      const report = await fetch(`${app.url}/v1/report?format=docx`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          criteriaSets: konRay2021.criteriaSets,
          assessments: konRay2021.assessments,
          report: konRay2021.report,
        }),
      });
      expect(report.status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('refuses a folder that holds files but no store, and never starts an empty store over them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cchc-damaged-'));
    writeFileSync(join(folder, 'postgresql.conf'), '# left from a store whose PG_VERSION was lost\n');
    const app = await startApp({ ...keysEnv, CCHC_DATA_DIR: folder });
    try {
      const answer = await send(`${app.url}/v1/rounds`, 'GET', ADMIN);
      expect(answer.status).toBe(503);
      expect(app.logs.some((entry) => entry['msg'] === 'store ready')).toBe(false);
      expect(readdirSync(folder).sort()).toEqual(['postgresql.conf']);
    } finally {
      await app.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers 401 on the stored routes with no keys configured, saying how to configure them', async () => {
    const app = await startApp();
    try {
      const answer = await send(`${app.url}/v1/rounds`, 'GET', ADMIN);
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { detail: string }).detail).toContain('CCHC_API_KEYS');
    } finally {
      await app.stop();
    }
  });
});

describe.skipIf(!serverUrl)('two app processes on one PostgreSQL server', { timeout: 60_000 }, () => {
  it('take writes through both at once: every acknowledged write kept, numbered without gaps', async () => {
    const serverStore = STORES[1]!.env;
    const [one, two] = await Promise.all([startApp(serverStore), startApp(serverStore)]);
    try {
      await send(`${one.url}/v1/criteria-sets/${communeSet!.id}`, 'PUT', ADMIN, communeSet);
      expect((await send(`${two.url}/v1/rounds/scale-out`, 'PUT', ADMIN, ROUND)).status).toBe(201);
      const layer = `/v1/rounds/scale-out/units/${commune!.unit.id}/self`;
      // 8 writers, half through each process, each writing with the revision it last saw.
      const acknowledged: number[] = [];
      let stale = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          const app = writer % 2 === 0 ? one : two;
          let seen = 0;
          for (let write = 0; write < 10; write++) {
            const answer = await fetch(`${app.url}${layer}`, {
              method: 'PUT',
              headers: {
                authorization: `Bearer ${UNIT}`,
                'content-type': 'application/json',
                'if-match': `"${seen}"`,
              },
              body: JSON.stringify(nextWrite()),
            });
            seen = Number(answer.headers.get('etag')?.replaceAll('"', ''));
            if (answer.status === 200) acknowledged.push(seen);
            else if (answer.status === 412) stale++;
            else throw new Error(`answered ${answer.status}: ${await answer.text()}`);
          }
        }),
      );
      const history = (await (
        await send(`${one.url}/v1/rounds/scale-out/units/${commune!.unit.id}/history`, 'GET', ADMIN)
      ).json()) as {
        revisions: { revision: number }[];
      };
      const revisions = history.revisions.map((entry) => entry.revision);
      expect(revisions).toEqual([...acknowledged].sort((a, b) => a - b));
      expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, at) => at + 1));
      expect(acknowledged.length + stale).toBe(80);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });
});

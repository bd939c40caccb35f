import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { inSchema, openServer } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes, type RunningApp, sha256, startApp } from './e2e-support.js';

/**
 * Evidence uploads against the real process (issue 26): a client that goes away half-way, a process killed
 * (SIGKILL) in the middle of an upload and after one was acknowledged, and bad files and names, on the
 * embedded store and, where DATABASE_URL names one, a PostgreSQL server.
 */
const ADMIN = 'admin-key-for-the-files-e2e-test';
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const UNIT = commune!.unit.id;
const FILES = `/v1/rounds/tep/units/${UNIT}/files`;
const keysEnv = { CCHC_API_KEYS: JSON.stringify([{ name: 'Sở Nội vụ', role: 'admin', key: ADMIN }]) };
const dataDir = mkdtempSync(join(tmpdir(), 'cchc-files-e2e-'));
const serverUrl = process.env['DATABASE_URL'];
const schema = `cchc_files_e2e_${process.pid}_${Date.now()}`;
const STORES = [
  { name: 'the embedded store', env: { ...keysEnv, CCHC_DATA_DIR: dataDir } },
  ...(serverUrl
    ? [{ name: 'a PostgreSQL server', env: { ...keysEnv, DATABASE_URL: inSchema(serverUrl, schema) } }]
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

const send = (
  url: string,
  method: string,
  path: string,
  body?: Uint8Array | string,
  type = 'application/pdf',
) =>
  fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body }),
  });
const listed = async (app: RunningApp) =>
  ((await (await send(app.url, 'GET', FILES)).json()) as { files: { hash: string; name: string }[] }).files;

/** Waits until the store answers, then makes the round the uploads go to (once per store). */
async function ready(app: RunningApp) {
  for (let tries = 0; ; tries++) {
    const answer = await send(
      app.url,
      'PUT',
      `/v1/criteria-sets/${communeSet!.id}`,
      JSON.stringify(communeSet),
      'application/json',
    );
    if (answer.ok) break;
    if (tries > 300) throw new Error(`the store did not open: ${answer.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await send(
    app.url,
    'PUT',
    '/v1/rounds/tep',
    JSON.stringify({
      title: 'Đợt có tệp',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [{ id: UNIT, name: commune!.unit.name, criteriaSet: communeSet!.id }],
      deadlines: { self: '2099-12-31', appraisal: '2099-12-31' },
    }),
    'application/json',
  );
}

/** Starts an upload of `declared` bytes on a raw socket and sends `sent` of them; resolves once they are written. */
async function partialUpload(app: RunningApp, name: string, declared: number, sent: Uint8Array) {
  const { hostname, port } = new URL(app.url);
  const socket = connect(Number(port), hostname);
  // The server resets the connection it no longer reads (the test's own doing).
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write(
    `POST ${FILES}?name=${name} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/pdf\r\nContent-Length: ${declared}\r\n\r\n`,
  );
  await new Promise<void>((resolve) => socket.write(sent, () => resolve()));
  return socket;
}

describe('evidence uploads against the real process', { timeout: 120_000 }, () => {
  it.each(STORES)(
    'keeps nothing of an upload cut off or killed half-way, and every file acknowledged, on $name',
    async (store) => {
      const first = await startApp(store.env);
      try {
        await ready(first);
        // A client that goes away after a third of its file: nothing is kept, the process goes on.
        const cut = await partialUpload(first, 'bo-do.pdf', 3 * 1024 * 1024, pdfBytes(1024 * 1024, 1));
        cut.destroy();
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await listed(first)).toEqual([]);
        expect((await fetch(`${first.url}/health`)).status).toBe(200);
        expect(first.logs.filter((entry) => entry['msg'] === 'unexpected fault')).toEqual([]);

        // A file acknowledged, then the process killed in the middle of another upload.
        const kept = pdfBytes(2 * 1024 * 1024, 2);
        expect((await send(first.url, 'POST', `${FILES}?name=da-luu.pdf`, kept)).status).toBe(201);
        const midway = await partialUpload(
          first,
          'dang-gui.pdf',
          4 * 1024 * 1024,
          pdfBytes(2 * 1024 * 1024, 3),
        );
        const exited = once(first.child, 'exit');
        first.child.kill('SIGKILL');
        await exited;
        midway.destroy();
      } finally {
        if (first.child.exitCode === null && first.child.signalCode === null) await first.stop();
      }
      const second = await startApp(store.env);
      try {
        await ready(second);
        const files = await listed(second);
        expect(files.map((file) => file.name)).toEqual(['da-luu.pdf']);
        const back = new Uint8Array(
          await (await send(second.url, 'GET', `${FILES}/${files[0]!.hash}`)).arrayBuffer(),
        );
        expect(sha256(back)).toBe(files[0]!.hash);
        // The file cut off by the kill, sent whole now, is stored as any other.
        expect(
          (await send(second.url, 'POST', `${FILES}?name=dang-gui.pdf`, pdfBytes(4 * 1024 * 1024, 3))).status,
        ).toBe(201);
      } finally {
        await second.stop();
      }
    },
  );

  it('answers each bad file and name with a clear 4xx, and two uploads of the same bytes at once with one file', async () => {
    const app = await startApp(keysEnv);
    try {
      await ready(app);
      const exe = new Uint8Array(4096);
      exe.set([0x4d, 0x5a]);
      exe.set(new TextEncoder().encode('PE\0\0'), 0x80);
      exe[0x3c] = 0x80;
      const refused = [
        ['chuong-trinh.pdf', exe],
        ['trang.pdf', new TextEncoder().encode('<!DOCTYPE html><html><body>x</body></html>')],
        ['trong.pdf', new Uint8Array()],
        [encodeURIComponent('../../ngoai.pdf'), pdfBytes(100)],
        [encodeURIComponent('hoa-don\u202Efdp.exe'), pdfBytes(100)],
        [encodeURIComponent('dong\u0000moi.pdf'), pdfBytes(100)],
      ] as const;
      for (const [name, bytes] of refused) {
        const answer = await send(app.url, 'POST', `${FILES}?name=${name}`, bytes);
        expect([name, answer.status]).toEqual([name, 422]);
      }
      // Ten thousand files named by one item: refused by the entry's bound, not stored.
      const many = Array.from({ length: 10_000 }, (_, at) => sha256(new TextEncoder().encode(String(at))));
      const entries = { ...commune!.entries, '1': { ...commune!.entries!['1']!, files: many } };
      const layer = await send(
        app.url,
        'PUT',
        `/v1/rounds/tep/units/${UNIT}/self`,
        JSON.stringify({ entries }),
        'application/json',
      );
      expect(layer.status).toBe(422);
      const same = pdfBytes(1024 * 1024, 9);
      const both = await Promise.all(
        ['mot.pdf', 'hai.pdf'].map((name) => send(app.url, 'POST', `${FILES}?name=${name}`, same)),
      );
      expect(both.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
      expect((await listed(app)).filter((file) => file.hash === sha256(same))).toHaveLength(1);
      expect(app.logs.filter((entry) => entry['msg'] === 'unexpected fault')).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});

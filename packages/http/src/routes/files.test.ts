import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../index.js';
import { pdfBytes, sha256 } from '../pages-test-support.js';

const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  appraiser: 'khoa-tham-dinh-0123456789',
  first: 'khoa-xa-thu-nhat-0123456789',
  second: 'khoa-xa-thu-hai-0123456789',
};
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ROUND = 'tep-2021';
const UNIT = first!.unit.id;
const FILES = `/v1/rounds/${ROUND}/units/${UNIT}/files`;

let rounds: Rounds;
let app: ReturnType<typeof createApp>;
type Listed = { files: { hash: string; name: string }[] };
const call = (
  method: string,
  path: string,
  key: string,
  body?: Uint8Array | string,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(body ? { body } : {}),
  });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), files: { fileBytes: 2 * 1024 * 1024 } });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
      { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
      { name: first!.unit.name, role: `unit:${UNIT}`, key: KEYS.first },
      { name: second!.unit.name, role: `unit:${second!.unit.id}`, key: KEYS.second },
    ]),
    fileLimit: 2 * 1024 * 1024,
  });
  const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [first!, second!].map((unit) => ({
      id: unit.unit.id,
      name: unit.unit.name,
      criteriaSet: communeSet!.id,
    })),
    deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
  });
}, 60_000);
afterAll(() => rounds.close());

describe('evidence files over the API', { timeout: 60_000 }, () => {
  it('takes a file as the body, answers its hash, and gives it back as an attachment that no browser runs', async () => {
    const bytes = pdfBytes(1.5 * 1024 * 1024);
    const name = 'Quyết định 514/QĐ-UBND.pdf';
    const refusedName = await call('POST', `${FILES}?name=${encodeURIComponent(name)}`, KEYS.first, bytes, {
      'accept-language': 'vi',
    });
    expect(refusedName.status).toBe(422);
    expect(((await refusedName.json()) as { detail: string }).detail).toContain('Tên tệp');

    const posted = await call(
      'POST',
      `${FILES}?name=${encodeURIComponent('Quyết định 514-QĐ-UBND.pdf')}`,
      KEYS.first,
      bytes,
    );
    expect(posted.status).toBe(201);
    const file = (await posted.json()) as { hash: string };
    expect(file).toMatchObject({
      hash: sha256(bytes),
      size: bytes.byteLength,
      type: 'application/pdf',
      layer: 'self',
    });
    expect((await call('PUT', `${FILES}/${sha256(bytes)}?name=lan-hai.pdf`, KEYS.admin, bytes)).status).toBe(
      200,
    );
    const mismatch = await call('PUT', `${FILES}/${'0'.repeat(64)}?name=x.pdf`, KEYS.first, pdfBytes(100, 1));
    expect(mismatch.status).toBe(422);

    const listed = (await (await call('GET', FILES, KEYS.appraiser)).json()) as Listed;
    expect(listed.files.map((entry) => entry.name)).toEqual(['lan-hai.pdf']);
    const download = await call('GET', `${FILES}/${file.hash}`, KEYS.appraiser);
    expect(download.status).toBe(200);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(file.hash);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="lan-hai.pdf"; filename*=UTF-8''lan-hai.pdf`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });

  it('refuses what is not evidence, what is too large, and anyone who may not write or read the unit', async () => {
    const html = await call(
      'POST',
      `${FILES}?name=trang.pdf`,
      KEYS.first,
      '<html><script>alert(1)</script></html>',
      {
        'accept-language': 'vi',
      },
    );
    expect(html.status).toBe(422);
    expect(((await html.json()) as { detail: string }).detail).toContain('PDF, Word');
    const large = await call('POST', `${FILES}?name=lon.pdf`, KEYS.first, pdfBytes(2 * 1024 * 1024 + 1));
    expect(large.status).toBe(413);
    const said = await call('POST', `${FILES}?name=lon.pdf`, KEYS.first, pdfBytes(10), {
      'content-length': String(50 * 1024 * 1024),
    });
    expect(said.status).toBe(413);
    expect((await call('POST', `${FILES}?name=khac.pdf`, KEYS.second, pdfBytes(100, 2))).status).toBe(403);
    const [file] = ((await (await call('GET', FILES, KEYS.first)).json()) as Listed).files;
    expect((await call('GET', `${FILES}/${file!.hash}`, KEYS.second)).status).toBe(403);
    expect((await call('GET', `${FILES}/${'f'.repeat(64)}`, KEYS.first)).status).toBe(404);
  });

  it('lets an entry name a file of the library by its hash, and keeps a named file in the library', async () => {
    const [file] = ((await (await call('GET', FILES, KEYS.first)).json()) as Listed).files;
    const entries = structuredClone(first!.entries) as Record<string, Record<string, unknown>>;
    const [code] = Object.keys(entries);
    entries[code!]!['files'] = [file!.hash];
    const layer = `/v1/rounds/${ROUND}/units/${UNIT}/self`;
    const written = await call('PUT', layer, KEYS.first, JSON.stringify({ entries }), {
      'content-type': 'application/json',
    });
    expect(written.status).toBe(200);
    const stored = (await (await call('GET', layer, KEYS.first)).json()) as {
      document: { entries: Record<string, { files?: string[] }> };
    };
    expect(stored.document.entries[code!]!.files).toEqual([file!.hash]);
    entries[code!]!['files'] = [sha256(pdfBytes(300, 9))];
    const unknown = await call('PUT', layer, KEYS.first, JSON.stringify({ entries }), {
      'content-type': 'application/json',
      'if-match': '"1"',
    });
    expect(unknown.status).toBe(422);
    expect((await call('DELETE', `${FILES}/${file!.hash}`, KEYS.first)).status).toBe(409);
  });

  it('carries the round and its files in one archive to another store, and refuses a damaged one whole', async () => {
    const exported = await call('GET', `/v1/rounds/${ROUND}/archive`, KEYS.admin);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/x-tar');
    expect(exported.headers.get('content-disposition')).toContain('.tar');
    const archive = new Uint8Array(await exported.arrayBuffer());
    expect((await call('GET', `/v1/rounds/${ROUND}/archive`, KEYS.first)).status).toBe(403);
    const target = await openRounds({ sql: await openEmbedded() });
    const other = createApp({
      rounds: target,
      keys: keyRing([{ name: 'Sở Nội vụ', role: 'admin', key: KEYS.admin }]),
    });
    try {
      const put = (bytes: Uint8Array) =>
        other.request(`/v1/rounds/${ROUND}/archive`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/x-tar' },
          body: bytes,
        });
      const damaged = archive.slice();
      damaged[damaged.byteLength - 1024 - 10]! ^= 0xff;
      const refused = await put(damaged);
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/^the bytes sent have SHA-256 /);
      const cutOff = await put(archive.slice(0, 700));
      expect(cutOff.status).toBe(422);
      expect(((await cutOff.json()) as { detail: string }).detail).toMatch(
        /^not a round's archive as exported: /,
      );
      expect(await target.listRounds({ name: 'Sở Nội vụ', role: { kind: 'admin' } })).toEqual([]);
      expect((await put(archive)).status).toBe(201);
      const listed = (await (
        await other.request(FILES, { headers: { authorization: `Bearer ${KEYS.admin}` } })
      ).json()) as Listed;
      const original = (await (await call('GET', FILES, KEYS.admin)).json()) as Listed;
      expect(listed.files).toEqual(original.files);
      for (const file of original.files) {
        const [copy, kept] = await Promise.all([
          other.request(`${FILES}/${file.hash}`, { headers: { authorization: `Bearer ${KEYS.admin}` } }),
          call('GET', `${FILES}/${file.hash}`, KEYS.admin),
        ]);
        expect(Buffer.from(await copy.arrayBuffer()).equals(Buffer.from(await kept.arrayBuffer()))).toBe(
          true,
        );
      }
      expect((await put(archive)).status).toBe(409);
    } finally {
      await target.close();
    }
  });
});

import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../index.js';

const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  unit: 'khoa-xa-mot-0123456789',
  other: 'khoa-xa-hai-0123456789',
};
let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const call = (method: string, path: string, key: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded() });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
      { name: 'UBND xã Đăk Tơ Re', role: 'unit:dak-to-re', key: KEYS.unit },
      { name: 'UBND xã Đăk Ruồng', role: 'unit:dak-ruong', key: KEYS.other },
    ]),
  });
});
afterAll(() => rounds.close());

describe('notices over the API', () => {
  it('posts, lists to whom they are for, refuses what is wrong, and takes one down', async () => {
    const posted = await call('POST', '/v1/notices', KEYS.admin, {
      title: 'Bổ sung hồ sơ',
      text: 'Đề nghị bổ sung kế hoạch.',
      units: ['dak-to-re'],
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    const titles = async (key: string) =>
      (
        (await (await call('GET', '/v1/notices', key)).json()) as { notices: { title: string }[] }
      ).notices.map((notice) => notice.title);
    expect(await titles(KEYS.unit)).toEqual(['Bổ sung hồ sơ']);
    expect(await titles(KEYS.other)).toEqual([]);
    expect((await call('POST', '/v1/notices', KEYS.unit, { title: 'x', text: 'y' })).status).toBe(403);
    expect((await call('POST', '/v1/notices', KEYS.admin, { title: 'x' })).status).toBe(422);
    expect((await call('DELETE', `/v1/notices/${id}`, KEYS.unit)).status).toBe(403);
    expect((await call('DELETE', `/v1/notices/${id}`, KEYS.admin)).status).toBe(204);
    expect((await call('DELETE', `/v1/notices/${id}`, KEYS.admin)).status).toBe(404);
    expect(await titles(KEYS.unit)).toEqual([]);
  });
});

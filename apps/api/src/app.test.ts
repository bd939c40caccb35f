import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, type Log } from './app.js';
import { configFromEnv, loadCriteriaSets } from './config.js';

describe('the hosted app', () => {
  it('answers GET /health and holds the example sets', async () => {
    const app = buildApp(await loadCriteriaSets(undefined));
    expect((await app.request('/health')).status).toBe(200);
    const { criteriaSets } = (await (await app.request('/v1/criteria-sets')).json()) as {
      criteriaSets: { id: string }[];
    };
    expect(criteriaSets.map((set) => set.id)).toEqual(['kon-tum-2021-huyen', 'kon-ray-2021-xa']);
  });

  it('loads more sets from a folder, and refuses to start on a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-sets-'));
    try {
      writeFileSync(
        join(dir, 'mine.yaml'),
        'id: mine\ntitle: Mine\nclasses: [{ label: A, min: 0 }]\ncriteria:\n  - { code: 1.10, name: X, max: 0.10 }\n',
      );
      const sets = await loadCriteriaSets(dir);
      expect(sets.map((set) => set.id)).toContain('mine');
      expect([...sets.find((set) => set.id === 'mine')!.byCode.keys()]).toEqual(['1.10']);
      writeFileSync(join(dir, 'broken.json'), '{ "id": "broken" }');
      await expect(loadCriteriaSets(dir)).rejects.toThrow(/broken.json:\ntitle: is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs one JSON line per request with its request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const log: Log = (level, msg, fields) => lines.push({ level, msg, ...fields });
    const app = buildApp(await loadCriteriaSets(undefined), {}, log);
    const response = await app.request('/v1/criteria-sets/nothing');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request',
        status: 404,
        path: '/v1/criteria-sets/nothing',
        requestId: response.headers.get('x-request-id'),
      }),
    ]);
  });

  it('reads its configuration from the environment and names a bad variable', () => {
    expect(configFromEnv({})).toMatchObject({ port: 8787, host: '127.0.0.1', corsOrigins: [] });
    expect(
      configFromEnv({
        PORT: '9000',
        HOST: '0.0.0.0',
        CCHC_CORS_ORIGINS: 'https://a.example, https://b.example',
      }),
    ).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(
      ['8h', '30m', '90', ' 2H '].map(
        (idle) => configFromEnv({ CCHC_SESSION_IDLE: idle }).sessionIdleMinutes,
      ),
    ).toEqual([480, 30, 90, 120]);
    for (const idle of ['0', '8 giờ', '8d', '99999h'])
      expect(() => configFromEnv({ CCHC_SESSION_IDLE: idle })).toThrow(/CCHC_SESSION_IDLE/);
  });
});

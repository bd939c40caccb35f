import { once } from 'node:events';
import { connect } from 'node:net';
import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { createReportModel, renderDocx } from '@cchc/report';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningApp, startApp } from './e2e-support.js';
import { APP_ENGINE_FLAGS } from './engine-flags.js';

let app: RunningApp;
let url: string;
let logs: Record<string, unknown>[];

beforeAll(async () => {
  app = await startApp();
  url = app.url;
  logs = app.logs;
});

afterAll(async () => {
  await app.stop();
});

describe('apps/api as a real process', () => {
  it('listens on a free loopback port and answers over the network', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const scored = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assessments: [konRay2021.district] }),
    });
    const { results } = (await scored.json()) as { results: { index: string }[] };
    expect(results[0]!.index).toBe('85.74');
  });

  it('gives every answer the security headers and a request id, a sane one the client sent', async () => {
    const body = JSON.stringify({ assessments: [konRay2021.district] });
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/v1/score`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const answers = [
      await post({}),
      await post({ 'x-request-id': 'proxy-42=' }),
      await post({ 'x-request-id': 'not sane!' }),
      await fetch(`${url}/v1/nowhere`),
      await fetch(`${url}/docs`),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 404, 200]);
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('x-cchc-version')).toMatch(/^\d+\.\d+\.\d+/);
    }
    // Each answer keeps its own type: the headers set for every answer do not override it.
    expect(answers[0]!.headers.get('content-type')).toBe('application/json');
    expect(answers[3]!.headers.get('content-type')).toBe('application/problem+json');
    expect(answers[4]!.headers.get('content-type')).toMatch(/^text\/html/);
    const ids = answers.map((answer) => answer.headers.get('x-request-id'));
    expect(ids[1]).toBe('proxy-42=');
    for (const id of [ids[0], ids[2], ids[3], ids[4]]) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // The request's headers are read from Node's request: its Content-Type decides how the body is read.
    const yaml = await post({ 'content-type': 'application/yaml; charset=utf-8' });
    expect(yaml.status).toBe(200);
    const text = await post({ 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a body over the limit, declared or streamed, with 413 and reads one within it', async () => {
    const big = JSON.stringify({ assessments: [{ note: 'x'.repeat(1_100_000) }] });
    const declared = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    // Streamed in chunks, with no Content-Length: the limit is counted as the body comes.
    const chunks = [big.slice(0, 600_000), big.slice(600_000)];
    const streamed = await fetch(`${url}/v1/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const ok = await fetch(`${url}/v1/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(konRay2021.district),
    });
    expect(await ok.json()).toMatchObject({ kind: 'assessment', valid: true });
  });

  it('answers a request whose client leaves mid-body as a client error, not a fault, and goes on', async () => {
    const { port, hostname } = new URL(url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.write(
      'POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"assess',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const scored = logs.filter((entry) => entry['path'] === '/v1/score');
    expect(scored.at(-1)).toMatchObject({ msg: 'request', status: 400 });
    expect(logs.some((entry) => entry['msg'] === 'unexpected fault')).toBe(false);
  });

  // The app listens before its render workers have warmed up (~2.5 s on an idle machine), and this first
  // report waits for them: more than vitest's default 5 s when CI loads both cores.
  it('renders reports in a worker thread: the DOCX bytes are those of the library', {
    timeout: 20_000,
  }, async () => {
    const response = await fetch(`${url}/v1/report?format=docx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assessments: konRay2021.assessments, report: konRay2021.report }),
    });
    expect(response.status).toBe(200);
    const results = unwrap(
      scoreDocuments({ criteriaSets: konRay2021.criteriaSets, assessments: konRay2021.assessments }),
    );
    const expected = await renderDocx(unwrap(createReportModel({ results, input: konRay2021.report })));
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(expected))).toBe(true);
  });

  it('warns in its log when started without the engine flags that npm start passes, and only then', async () => {
    const warning = (entry: Record<string, unknown>) => entry['level'] === 'warn' && 'missing' in entry;
    expect(logs.filter(warning)).toEqual([]);
    const plain = await startApp({ CCHC_STORE: 'none' }, []);
    try {
      // Logged right after the line startApp waits for, which may come in an earlier chunk of the pipe.
      await vi.waitFor(() =>
        expect(plain.logs.filter(warning)).toMatchObject([{ missing: [...APP_ENGINE_FLAGS] }]),
      );
    } finally {
      await plain.stop();
    }
  });

  it('logs each request as JSON with its request id, and stops on SIGTERM with exit code 0', async () => {
    const response = await fetch(`${url}/v1/criteria-sets`);
    const requestId = response.headers.get('x-request-id');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logs.some((entry) => entry['msg'] === 'request' && entry['requestId'] === requestId)).toBe(true);
    expect(await app.stop()).toBe(0);
    expect(logs.at(-1)).toMatchObject({ msg: 'shutting down', signal: 'SIGTERM' });
  });
});

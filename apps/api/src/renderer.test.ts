import { existsSync } from 'node:fs';
import { parseCriteriaSet, scoreDocuments, unwrap } from '@cchc/core';
import { readDocument } from '@cchc/documents';
import { konRay2021 } from '@cchc/examples';
import { readScoreSheet, scoreSheet } from '@cchc/excel';
import { RenderBusyError, RenderTimeoutError } from '@cchc/http';
import { createReportModel, renderMarkdown } from '@cchc/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RenderPool, renderPool } from './renderer.js';

// The worker script is the built one: vitest runs sources, a worker thread runs JavaScript.
const SCRIPT = new URL('../dist/render-worker.js', import.meta.url);
const model = () => {
  const results = unwrap(
    scoreDocuments({ criteriaSets: konRay2021.criteriaSets, assessments: konRay2021.assessments }),
  );
  return unwrap(createReportModel({ results, input: konRay2021.report }));
};
let pool: RenderPool;

beforeAll(async () => {
  if (!existsSync(SCRIPT)) throw new Error('build the app first: npm run build');
  pool = renderPool({ workers: 1, queue: 1, script: SCRIPT });
  await pool.ready;
});
afterAll(() => pool.close());

describe('renderPool', () => {
  it('renders in a worker what the library renders in-process', async () => {
    expect(await pool.render(model(), 'md', new AbortController().signal)).toBe(renderMarkdown(model()));
  });

  it('reads YAML in a worker as the library reads it in-process, its errors and limits included', async () => {
    const limits = { maxDepth: 64, maxItems: 10_000 };
    const signal = new AbortController().signal;
    const text = stringify(konRay2021.district);
    expect(await pool.readYaml(text, limits, signal)).toEqual(
      readDocument(text, { format: 'yaml', ...limits }),
    );
    const broken = 'entries: {a: 1, a: 2}';
    expect(await pool.readYaml(broken, limits, signal)).toEqual(
      readDocument(broken, { format: 'yaml', ...limits }),
    );
    expect(await pool.readYaml(broken, limits, signal)).toMatchObject({ success: false });
  });

  it('reads a filled score sheet in a worker as the library reads it in-process', async () => {
    const setDocument = konRay2021.criteriaSets[1]!;
    const set = unwrap(parseCriteriaSet(setDocument));
    const unit = { id: 'dak-koi', name: 'UBND xã Đăk Kôi' };
    const sheet = await scoreSheet(set, { unit, period: 2021 });
    const signal = new AbortController().signal;
    const inWorker = await pool.readSheet(sheet, setDocument, { unit, period: '2021' }, signal);
    expect(inWorker).toEqual(await readScoreSheet(sheet, { set, unit, period: '2021' }));
    expect(inWorker.success).toBe(false);
  });

  it('stops a rendering when its request gives up, and goes on with a new worker', async () => {
    const controller = new AbortController();
    const rendering = pool.render(model(), 'docx', controller.signal);
    controller.abort();
    await expect(rendering).rejects.toThrow(/its request gave up/);
    expect(await pool.render(model(), 'md', new AbortController().signal)).toBe(renderMarkdown(model()));
  });

  it('stops a rendering past its own time limit, counted from when a worker takes it', async () => {
    const strict = renderPool({ workers: 1, queue: 1, script: SCRIPT, timeoutMs: 1 });
    await strict.ready;
    await expect(strict.render(model(), 'docx', new AbortController().signal)).rejects.toBeInstanceOf(
      RenderTimeoutError,
    );
    await strict.close();
  });

  it('refuses the reports still rendering or waiting when it closes', async () => {
    const closing = renderPool({ workers: 1, queue: 2, script: SCRIPT });
    await closing.ready;
    const signal = new AbortController().signal;
    const settled = Promise.allSettled([
      closing.render(model(), 'docx', signal),
      closing.render(model(), 'docx', signal),
    ]);
    await closing.close();
    const [rendering, waiting] = await settled;
    expect(rendering).toMatchObject({ status: 'rejected', reason: expect.any(RenderBusyError) });
    expect(waiting).toMatchObject({ status: 'rejected', reason: expect.any(RenderBusyError) });
  });

  it('refuses at once, with the time to wait, when every worker is busy and the queue is full', async () => {
    const signal = new AbortController().signal;
    const running = pool.render(model(), 'docx', signal);
    const queued = pool.render(model(), 'docx', signal);
    const refused = pool.render(model(), 'docx', signal);
    await expect(refused).rejects.toBeInstanceOf(RenderBusyError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 5 });
    await Promise.all([running, queued]);
  });
});

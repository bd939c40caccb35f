import { existsSync } from 'node:fs';
import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { createReportModel, renderMarkdown } from '@cchc/report';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerRenderer } from './renderer.js';

// The worker script is the built one: vitest runs sources, a worker thread runs JavaScript.
const SCRIPT = new URL('../dist/render-worker.js', import.meta.url);
const model = () => {
  const results = unwrap(
    scoreDocuments({ criteriaSets: konRay2021.criteriaSets, assessments: konRay2021.assessments }),
  );
  return unwrap(createReportModel({ results, input: konRay2021.report }));
};

beforeAll(() => {
  if (!existsSync(SCRIPT)) throw new Error('build the app first: npm run build');
});

describe('workerRenderer', () => {
  it('renders in a worker what the library renders in-process', async () => {
    const render = workerRenderer(SCRIPT);
    expect(await render(model(), 'md', new AbortController().signal)).toBe(renderMarkdown(model()));
  });

  it('stops the worker when the time limit aborts it', async () => {
    const controller = new AbortController();
    const rendering = workerRenderer(SCRIPT)(model(), 'docx', controller.signal);
    controller.abort();
    await expect(rendering).rejects.toThrow(/over its time limit/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { openApiDocument } from './openapi.js';

describe('the OpenAPI document and the app', () => {
  it('describes every route the app serves, and no other (the pages of the docs aside)', () => {
    const served = createApp()
      .routes.filter(
        (route) =>
          // `/` only leads a person to the docs or the pages.
          route.method !== 'ALL' &&
          !route.path.startsWith('/docs') &&
          route.path !== '/openapi.json' &&
          route.path !== '/',
      )
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .sort();
    const paths = openApiDocument('0.0.0')['paths'] as Record<string, Record<string, unknown>>;
    const described = Object.entries(paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served).toEqual(described);
  });
});

describe('the OpenAPI document, read by tools of others', () => {
  it('is valid OpenAPI 3.1 for a validating parser, every reference resolved', async () => {
    // The stateless document, and the one with the stored rounds' and the accounts' routes.
    for (const rounds of [false, true]) {
      const result = await validate(structuredClone(openApiDocument('0.0.0', { rounds })) as never);
      expect([rounds, result.valid ? [] : result.errors]).toEqual([rounds, []]);
    }
  });

  it('gives a typed client with openapi-typescript that type-checks, with the recursive schemas named', async () => {
    const code = astToString(await openapiTS(structuredClone(openApiDocument('0.0.0')) as never));
    expect(code).toContain('CriterionNode: {');
    expect(code).toContain('ResultNode: {');
    const dir = mkdtempSync(join(tmpdir(), 'cchc-openapi-'));
    try {
      const file = join(dir, 'api.ts');
      writeFileSync(
        file,
        `${code}
type Node = components['schemas']['ResultNode'];
type Result = components['schemas']['Result'];
export const index = (result: Result): string => result.index;
export const codes = (node: Node): string[] => [node.code, ...(node.children ?? []).flatMap(codes)];
type ScoreBody = paths['/v1/score']['post']['requestBody']['content']['application/json'];
export const body: ScoreBody = { assessments: [] };
`,
      );
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        skipLibCheck: true,
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((found) => ts.flattenDiagnosticMessageText(found.messageText, '\n'));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

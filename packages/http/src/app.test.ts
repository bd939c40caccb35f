import { parseCriteriaSet, resultToJson, scoreDocuments, unwrap } from '@cchc/core';
import { defineRule } from '@cchc/core/rules';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './index.js';

/** A response's JSON body, loosely typed: the assertions check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: test helper; every use is checked by an assertion
const json = async (response: Response): Promise<any> => response.json();

const sets = konRay2021.criteriaSets.map((set) => unwrap(parseCriteriaSet(set)));
const app = createApp({ criteriaSets: sets });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('GET routes', () => {
  it('leads a person who opens the address itself to the docs, or to the pages where rounds are stored', async () => {
    const root = await app.request('/');
    expect([root.status, root.headers.get('location')]).toEqual([302, '/docs']);
  });

  it('answers /health with the version in body and header, a request id and secure headers', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cchc-version')).toBe(packageJson.version);
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await json(response)).toMatchObject({ status: 'ok', version: packageJson.version });
  });

  it('sends the version and the security headers with every answer, problems and faults included', async () => {
    const failing = createApp();
    failing.get('/boom', () => {
      throw new Error('boom');
    });
    const answers = [
      await app.request('/health'),
      await app.request('/nowhere'),
      await post('/v1/score', '{'),
      await failing.request('/boom'),
    ];
    expect(answers.map((response) => response.status)).toEqual([200, 404, 400, 500]);
    for (const response of answers) {
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'x-cchc-version': packageJson.version,
        'content-security-policy':
          "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(response.headers.get('x-request-id')).toMatch(/.+/);
    }
  });

  it('lists the criteria sets it holds and gives one by id', async () => {
    const list = await json(await app.request('/v1/criteria-sets'));
    expect(list.criteriaSets.map((set: { id: string; max: string }) => [set.id, set.max])).toEqual([
      ['kon-tum-2021-huyen', '95'],
      ['kon-ray-2021-xa', '97'],
    ]);
    const one = await app.request('/v1/criteria-sets/kon-ray-2021-xa');
    expect(await json(one)).toEqual(konRay2021.criteriaSets[1]);
  });

  it('publishes OpenAPI 3.1 with the document schemas, and an offline docs page', async () => {
    const spec = await json(await app.request('/openapi.json'));
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/v1/criteria-sets',
        '/v1/criteria-sets/{id}',
        '/v1/score',
        '/v1/report',
        '/v1/validate',
      ]),
    );
    expect(spec.components.schemas.CriteriaSet.required).toEqual(expect.arrayContaining(['id', 'criteria']));
    const docs = await (await app.request('/docs')).text();
    const external = [...docs.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((url) => !url!.startsWith('/'));
    expect(external).toEqual([]);
    expect((await app.request('/docs/docs.js')).headers.get('content-type')).toContain('javascript');
  });
});

describe('POST /v1/score', () => {
  it('gives exactly the figures the library gives for the reference report', async () => {
    const response = await post('/v1/score', { assessments: konRay2021.assessments });
    expect(response.status).toBe(200);
    const { results } = await json(response);
    const library = unwrap(scoreDocuments({ assessments: konRay2021.assessments }, { knownSets: sets })).map(
      resultToJson,
    );
    expect(results).toEqual(JSON.parse(JSON.stringify(library)));
    expect(results[0]).toMatchObject({
      achieved: '81.45',
      max: '95',
      index: '85.74',
      classification: 'Tốt',
      rank: 1,
    });
  });

  it('reads YAML bodies, with codes and decimals as written', async () => {
    const yaml = stringify({ assessments: [konRay2021.district] });
    const response = await post('/v1/score', yaml, { 'content-type': 'application/yaml' });
    expect(response.status).toBe(200);
    expect((await json(response)).results[0].index).toBe('85.74');
  });

  it('sends a large answer as a stream of pieces, the same text as the library writes', async () => {
    const assessments = Array.from({ length: 120 }, (_, copy) => ({
      ...konRay2021.district,
      unit: { id: `huyen-${copy}`, name: `Huyện ${copy}` },
    }));
    const response = await post('/v1/score', { assessments });
    expect(response.status).toBe(200);
    // Over a megabyte: written as it is sent, so its length is not known ahead.
    expect(response.headers.get('content-length')).toBeNull();
    const text = await response.text();
    expect(text.length).toBeGreaterThan(1_000_000);
    const library = unwrap(scoreDocuments({ assessments }, { knownSets: sets }));
    expect(text).toBe(JSON.stringify({ results: library.map((result) => resultToJson(result)) }));
  });

  it('takes a set sent with the request, or inline', async () => {
    const own = { ...konRay2021.criteriaSets[1], id: 'my-set' };
    const assessment = { ...konRay2021.communes[0], criteriaSet: 'my-set' };
    expect((await post('/v1/score', { criteriaSets: [own], assessments: [assessment] })).status).toBe(200);
    expect((await post('/v1/score', { assessments: [{ ...assessment, criteriaSet: own }] })).status).toBe(
      200,
    );
  });
});

describe('errors are problem+json, never 500 for a client mistake', () => {
  const expectProblem = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = await json(response);
    expect(body).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:cchc:problem:/),
      title: expect.any(String),
    });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
    return body;
  };

  it('422 with every error and its path for an invalid document', async () => {
    const broken = { ...konRay2021.district, entries: { '1.2.1': { score: 9 }, '9.9': { score: 1 } } };
    const body = await expectProblem(await post('/v1/score', { assessments: [broken] }), 422);
    expect(body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['assessments[0].entries["9.9"]', 'unknown_code'],
      ['assessments[0].entries["1.2.1"].score', 'score_above_max'],
    ]);
  });

  it('in Vietnamese with Accept-Language: vi', async () => {
    const broken = { ...konRay2021.district, entries: { '1.2.1': { score: 9 } } };
    const body = await expectProblem(
      await post('/v1/score', { assessments: [broken] }, { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' }),
      422,
    );
    expect(body.title).toBe('Tài liệu không hợp lệ');
    expect(body.detail).toBe('tài liệu có 1 lỗi');
    expect(body.errors[0].message).toBe('điểm 9 vượt điểm tối đa 0,25');
    const vi = { 'accept-language': 'vi' };
    const notFound = await expectProblem(await app.request('/nope', { headers: vi }), 404);
    expect([notFound.title, notFound.detail]).toEqual(['Không tìm thấy', 'không có đường dẫn GET /nope']);
    const wrongType = await expectProblem(
      await app.request('/v1/score', {
        method: 'POST',
        headers: { ...vi, 'content-type': 'text/plain' },
        body: 'x',
      }),
      415,
    );
    expect(wrongType.detail).toBe('hãy gửi nội dung dạng application/json hoặc application/yaml');
  });

  it('says that assessments are required, when a body has none', async () => {
    const body = await expectProblem(await post('/v1/score', { criteriaSets: [] }), 422);
    expect(body.errors.map((found: { path: string; code: string }) => [found.path, found.code])).toEqual([
      ['assessments', 'required'],
    ]);
  });

  it('writes as much of each result as detail asks: full, areas or totals', async () => {
    const body = { assessments: [konRay2021.district] };
    const full = (await json(await post('/v1/score', body))) as { results: Record<string, unknown>[] };
    const areas = (await json(await post('/v1/score?detail=areas', body))) as typeof full;
    const totals = (await json(await post('/v1/score?detail=totals', body))) as typeof full;
    const { nodes: fullNodes, ...fullTotals } = full.results[0]!;
    const { nodes: areaNodes, ...areaTotals } = areas.results[0]!;
    expect(totals.results[0]).toEqual(fullTotals);
    expect(areaTotals).toEqual(fullTotals);
    expect(totals.results[0]).not.toHaveProperty('nodes');
    expect(areaNodes).toEqual(
      (fullNodes as { children: unknown[] }[]).map(({ children: _children, ...area }) => area),
    );
    expect((await post('/v1/score?detail=everything', body)).status).toBe(400);
  });

  it('says every message in Vietnamese in Vietnamese, with a decimal comma', async () => {
    const set = {
      id: 'buoc',
      title: 'Bước chấm',
      classes: [{ label: 'A', min: 0 }],
      criteria: [
        { code: '1.1', name: 'X', max: 1, rule: { kind: 'direct', step: 0.25 } },
        { code: '1.2', name: 'Y', max: 3, rule: { kind: 'tasks' } },
      ],
    };
    const assessment = {
      criteriaSet: 'buoc',
      unit: { id: 'a', name: 'A' },
      period: 2021,
      entries: { '1.1': { score: 0.3 }, '1.2': { facts: { onTime: 'x', late: -1, unfinished: 1.5 } } },
    };
    const body = await expectProblem(
      await post(
        '/v1/score',
        { criteriaSets: [set], assessments: [assessment] },
        { 'accept-language': 'vi' },
      ),
      422,
    );
    expect(body.errors.map((found: { message: string }) => found.message)).toEqual([
      'điểm 0,3 không phải bội số của bước chấm 0,25',
      "số liệu không phù hợp với cách tính 'tasks': cần một số",
      "số liệu không phù hợp với cách tính 'tasks': phải từ 0 trở lên",
      "số liệu không phù hợp với cách tính 'tasks': cần một số nguyên",
    ]);
    const missing = await expectProblem(
      await post(
        '/v1/score',
        { assessments: [{ unit: { id: 'a', name: 'A' } }] },
        { 'accept-language': 'vi' },
      ),
      422,
    );
    expect(
      missing.errors.map((found: { path: string; message: string }) => [found.path, found.message]),
    ).toEqual([
      ['assessments[0].criteriaSet', 'bắt buộc phải có'],
      ['assessments[0].period', 'bắt buộc phải có'],
    ]);
  });

  it('400 for a body that cannot be read, an unknown key or a prototype key', async () => {
    await expectProblem(await post('/v1/score', '{ "assessments": ['), 400);
    await expectProblem(await post('/v1/score', '{ "assessments": [], "__proto__": { "x": 1 } }'), 400);
    const unknown = await expectProblem(await post('/v1/score', { assessments: [], extra: 1 }), 422);
    expect(unknown.errors[0]).toMatchObject({ path: 'extra', code: 'unknown_key' });
    await expectProblem(await post('/v1/report?format=pdf', { assessments: [], report: {} }), 400);
  });

  it('404 for an unknown route or set id, 405 for a wrong method', async () => {
    await expectProblem(await app.request('/v1/nothing'), 404);
    await expectProblem(await app.request('/v1/criteria-sets/nothing'), 404);
    const wrong = await app.request('/v1/score');
    await expectProblem(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('answers a body that breaks off with 400, not 500', async () => {
    const broken = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"assess'));
        controller.error(new Error('connection reset'));
      },
    });
    const response = await app.request('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: broken,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
  });

  it('413 over the body limit or the nesting limit, 415 for another content type', async () => {
    const small = createApp({ bodyLimit: 100 });
    const big = await small.request('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assessments: [{ filler: 'x'.repeat(200) }] }),
    });
    await expectProblem(big, 413);
    const deep = `{ "assessments": [${'['.repeat(100)}${']'.repeat(100)}] }`;
    await expectProblem(await post('/v1/score', deep), 413);
    await expectProblem(await post('/v1/score', 'x', { 'content-type': 'text/csv' }), 415);
  });

  it('500 with a request id and no stack for an unexpected fault, and calls the error hook', async () => {
    const faults: string[] = [];
    const exploding = defineRule({
      kind: 'explode',
      description: 'fails',
      params: z.strictObject({}),
      facts: z.strictObject({}),
      compute: () => {
        throw new Error('secret internals');
      },
    });
    const set = unwrap(
      parseCriteriaSet(
        {
          id: 's',
          title: 'S',
          classes: [{ label: 'A', min: 0 }],
          criteria: [{ code: '1', name: 'x', max: 1, rule: { kind: 'explode' } }],
        },
        { rules: [exploding] },
      ),
    );
    const faulty = createApp({ criteriaSets: [set], onError: (_error, id) => faults.push(id) });
    const response = await faulty.request('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        assessments: [
          { criteriaSet: 's', unit: { id: 'u', name: 'U' }, period: 2021, entries: { '1': { facts: {} } } },
        ],
      }),
    });
    const body = await expectProblem(response, 500);
    expect(JSON.stringify(body)).not.toContain('secret internals');
    expect(faults).toEqual([body.requestId]);
  });
});

describe('POST /v1/report', () => {
  const request = { assessments: konRay2021.assessments, report: konRay2021.report };

  it.each([
    ['md', 'text/markdown', '**81,45/95 điểm**'],
    ['txt', 'text/plain', '81,45/95 điểm'],
    ['html', 'text/html', '<strong>81,45/95 điểm</strong>'],
  ])('writes %s with its content type', async (format, type, text) => {
    const response = await post(`/v1/report?format=${format}`, request);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(await response.text()).toContain(text);
  });

  it('writes DOCX as a download', async () => {
    const response = await post('/v1/report?format=docx', request);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="bao-cao-cchc-kon-ray-2021.docx"; filename*=UTF-8''bao-cao-cchc-kon-ray-2021.docx`,
    );
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(new TextDecoder().decode(files['word/document.xml'])).toContain('BÁO CÁO');
  });

  it('carries the ranking and area charts as pictures when asked, and only then', async () => {
    const media = async (path: string) =>
      Object.entries(unzipSync(new Uint8Array(await (await post(path, request)).arrayBuffer()))).filter(
        ([name]) => name.startsWith('word/media/') && name.endsWith('.png'),
      );
    expect(await media('/v1/report?format=docx')).toEqual([]);
    const pictures = await media('/v1/report?format=docx&bieu-do=1');
    // The two sets' rankings and the areas: PNG images, drawn at 1,400 pixels wide.
    expect(pictures).toHaveLength(3);
    for (const [, bytes] of pictures) {
      expect([...bytes.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
      expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(16)).toBe(1400);
    }
    const html = await (await post('/v1/report?format=html&bieu-do=1', request)).text();
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(3);
    expect(html).toContain('<figcaption>Tỷ lệ điểm đạt theo lĩnh vực (bình quân các đơn vị)</figcaption>');
    // Markdown says what each picture shows.
    expect(await (await post('/v1/report?format=md&bieu-do=1', request)).text()).toContain(
      '*Hình: Xếp hạng: ',
    );
  });

  it('writes the results as an Excel workbook, every figure a number equal to the JSON result', async () => {
    const response = await post('/v1/report?format=xlsx', request);
    expect([
      response.status,
      response.headers.get('content-type'),
      response.headers.get('content-disposition'),
    ]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `attachment; filename="bao-cao-cchc-kon-ray-2021.xlsx"; filename*=UTF-8''bao-cao-cchc-kon-ray-2021.xlsx`,
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const summary = workbook.getWorksheet('Tổng hợp')!;
    const scored = (await json(await post('/v1/score', { assessments: request.assessments }))).results as {
      unit: { id: string };
      achieved: string;
      index: string;
    }[];
    const figures = new Map<string, [unknown, unknown]>();
    summary.eachRow((row, number) => {
      if (number > 2) figures.set(String(row.getCell(2).value), [row.getCell(5).value, row.getCell(7).value]);
    });
    for (const result of scored)
      expect(figures.get(result.unit.id)).toEqual([Number(result.achieved), Number(result.index)]);
  });

  it('names the field of a broken report input', async () => {
    const response = await post('/v1/report?format=md', {
      ...request,
      report: { ...konRay2021.report, issuer: [] },
    });
    expect(response.status).toBe(422);
    expect((await json(response)).errors[0]).toMatchObject({ path: 'report.issuer', code: 'invalid_value' });
  });
});

describe('POST /v1/validate', () => {
  it('lists the errors of a document with 200 either way', async () => {
    const good = await json(await post('/v1/validate', konRay2021.district));
    expect(good).toEqual({ kind: 'assessment', valid: true, errors: [] });
    const bad = await json(await post('/v1/validate', { ...konRay2021.criteriaSets[0], classes: [] }));
    expect(bad).toMatchObject({ kind: 'criteria-set', valid: false, errors: [{ path: 'classes' }] });
  });
});

describe('limits and browsers', () => {
  it('answers 503 when rendering takes longer than its limit', async () => {
    const aborted: boolean[] = [];
    const slow = (_model: unknown, _format: unknown, signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => aborted.push(true));
        setTimeout(() => resolve('late'), 200);
      });
    const impatient = createApp({ criteriaSets: sets, renderTimeoutMs: 20, render: slow });
    const response = await impatient.request('/v1/report?format=docx', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ assessments: konRay2021.assessments, report: konRay2021.report }),
    });
    expect(response.status).toBe(503);
    expect((await json(response)).type).toBe('urn:cchc:problem:timeout');
    expect(aborted).toEqual([true]);
  });

  it('allows only the configured origins from browsers', async () => {
    const shared = createApp({ criteriaSets: sets, corsOrigins: ['https://so-noi-vu.example'] });
    const preflight = (origin: string) =>
      shared.request('/v1/score', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight('https://so-noi-vu.example')).headers.get('access-control-allow-origin')).toBe(
      'https://so-noi-vu.example',
    );
    expect(
      (await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect(
      (
        await app.request('/v1/score', {
          method: 'OPTIONS',
          headers: { origin: 'https://so-noi-vu.example' },
        })
      ).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});

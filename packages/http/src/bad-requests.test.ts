import { parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from './index.js';

const app = createApp({ criteriaSets: konRay2021.criteriaSets.map((set) => unwrap(parseCriteriaSet(set))) });
const district = konRay2021.district;
const json = (value: unknown) => JSON.stringify(value);
const withAssessment = (changes: Record<string, unknown>) =>
  json({ assessments: [{ ...district, ...changes }] });
const withEntries = (entries: Record<string, unknown>) =>
  withAssessment({ entries: { ...district.entries, ...entries } });

interface BadRequest {
  readonly what: string;
  readonly method?: string;
  readonly path?: string;
  readonly type?: string | null;
  readonly body?: string;
  readonly status: number;
  /** The path of the first error, where the problem lists errors. */
  readonly at?: string;
}

const BAD_REQUESTS: readonly BadRequest[] = [
  { what: 'malformed JSON', body: '{ "assessments": [', status: 400 },
  { what: 'an empty body', body: '', status: 400 },
  { what: 'a YAML syntax error', type: 'application/yaml', body: 'assessments: [', status: 400 },
  {
    what: 'a YAML key given twice',
    type: 'application/yaml',
    body: 'assessments: []\nassessments: []\n',
    status: 400,
  },
  {
    what: 'a __proto__ key',
    body: `{ "assessments": [{ "__proto__": { "polluted": true } }] }`,
    status: 400,
    at: 'assessments[0].__proto__',
  },
  {
    what: 'a constructor key',
    body: json({ assessments: [], constructor: 1 }),
    status: 400,
    at: 'constructor',
  },
  { what: 'nesting too deep', body: `{ "assessments": ${'['.repeat(80)}${']'.repeat(80)} }`, status: 413 },
  {
    what: 'a huge array',
    body: `{ "assessments": [${Array(100_001).fill(0).join(',')}] }`,
    status: 413,
    at: 'assessments',
  },
  { what: 'a body over 1 MiB', body: json({ assessments: [{ note: 'x'.repeat(1_100_000) }] }), status: 413 },
  { what: 'text/plain', type: 'text/plain', body: '{}', status: 415 },
  { what: 'no content type', type: null, body: '{}', status: 415 },
  { what: 'a list as the body', body: '[]', status: 422, at: '(document)' },
  { what: 'null as the body', body: 'null', status: 422, at: '(document)' },
  { what: 'no assessments', body: '{}', status: 422, at: 'assessments' },
  { what: 'assessments not a list', body: json({ assessments: 1 }), status: 422, at: 'assessments' },
  { what: 'an unknown key', body: json({ assessments: [], extra: 1 }), status: 422, at: 'extra' },
  {
    what: 'an assessment that is a number',
    body: json({ assessments: [1] }),
    status: 422,
    at: 'assessments[0]',
  },
  {
    what: 'a missing unit',
    body: withAssessment({ unit: undefined }),
    status: 422,
    at: 'assessments[0].unit',
  },
  {
    what: 'a unit name of the wrong type',
    body: withAssessment({ unit: { id: 'x', name: 3 } }),
    status: 422,
    at: 'assessments[0].unit.name',
  },
  {
    what: 'an unknown criteria set',
    body: withAssessment({ criteriaSet: 'nowhere' }),
    status: 422,
    at: 'assessments[0].criteriaSet',
  },
  { what: 'a bad layer', body: withAssessment({ layer: 'final' }), status: 422, at: 'assessments[0].layer' },
  {
    what: 'a bad unscored mode',
    body: withAssessment({ unscored: 'zero' }),
    status: 422,
    at: 'assessments[0].unscored',
  },
  {
    what: 'a score above the max',
    body: withEntries({ '1.2.1': { score: 1 } }),
    status: 422,
    at: 'assessments[0].entries["1.2.1"].score',
  },
  {
    what: 'a negative score',
    body: withEntries({ '1.4.2': { score: -1 } }),
    status: 422,
    at: 'assessments[0].entries["1.4.2"].score',
  },
  {
    what: 'a score that is not a number',
    body: withEntries({ '1.4.2': { score: 'bốn' } }),
    status: 422,
    at: 'assessments[0].entries["1.4.2"].score',
  },
  {
    what: 'a score with thousands separators',
    body: withEntries({ '1.4.2': { score: '1.000,5' } }),
    status: 422,
    at: 'assessments[0].entries["1.4.2"].score',
  },
  {
    what: 'an unknown code',
    body: withEntries({ '9.9': { score: 1 } }),
    status: 422,
    at: 'assessments[0].entries["9.9"]',
  },
  {
    what: 'facts of the wrong type',
    body: withEntries({ '1.2.1': { facts: { onTime: 'yes' } } }),
    status: 422,
    at: 'assessments[0].entries["1.2.1"].facts.onTime',
  },
  {
    what: 'facts for a criterion without a rule',
    body: withEntries({ '1.4.2': { facts: { count: 4 } } }),
    status: 422,
    at: 'assessments[0].entries["1.4.2"].facts',
  },
  {
    what: 'not applicable with a score',
    body: withEntries({ '7.3': { notApplicable: true, score: 0 } }),
    status: 422,
    at: 'assessments[0].entries["7.3"]',
  },
  {
    what: 'an applicable max above the set',
    body: withEntries({ '7.3': { score: 0, max: 5 } }),
    status: 422,
    at: 'assessments[0].entries["7.3"].max',
  },
  {
    what: 'an invalid inline set',
    body: withAssessment({ criteriaSet: { ...konRay2021.criteriaSets[0], classes: [] } }),
    status: 422,
    at: 'assessments[0].criteriaSet.classes',
  },
  {
    what: 'an invalid set sent along',
    body: json({ criteriaSets: [{ ...konRay2021.criteriaSets[1], id: 'Not A Slug' }], assessments: [] }),
    status: 422,
    at: 'criteriaSets[0].id',
  },
  {
    what: 'a report without format',
    path: '/v1/report',
    body: json({ assessments: [district], report: konRay2021.report }),
    status: 400,
  },
  {
    what: 'a report in an unknown format',
    path: '/v1/report?format=pdf',
    body: json({ assessments: [district], report: konRay2021.report }),
    status: 400,
  },
  {
    what: 'a report without its input',
    path: '/v1/report?format=md',
    body: json({ assessments: [district] }),
    status: 422,
    at: 'report',
  },
  {
    what: 'a report input of the wrong type',
    path: '/v1/report?format=md',
    body: json({ assessments: [district], report: { ...konRay2021.report, issuer: 'UBND' } }),
    status: 422,
    at: 'report.issuer',
  },
  {
    what: 'a report about an unknown unit',
    path: '/v1/report?format=md',
    body: json({
      assessments: [district],
      report: {
        ...konRay2021.report,
        units: undefined,
        subject: { ...konRay2021.report.subject, unit: 'x' },
      },
    }),
    status: 422,
    at: 'report.subject.unit',
  },
  { what: 'GET on a POST route', method: 'GET', path: '/v1/score', status: 405 },
  { what: 'an unknown route', method: 'GET', path: '/v2/score', status: 404 },
  { what: 'an unknown set id', method: 'GET', path: '/v1/criteria-sets/nowhere', status: 404 },
];

describe('bad requests get their status and the path of the error', () => {
  it('has at least 30 of them', () => {
    expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_REQUESTS.map((request) => [request.what, request] as const))('%s', async (_what, request) => {
    const headers: Record<string, string> = {};
    if (request.type !== null) headers['content-type'] = request.type ?? 'application/json';
    const response = await app.request(request.path ?? '/v1/score', {
      method: request.method ?? 'POST',
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    expect(response.status).toBe(request.status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors?: { path: string }[] };
    if (request.at !== undefined) expect(problem.errors?.[0]?.path).toBe(request.at);
  });
});

/** A valid document with one random change somewhere inside it. */
function mutate(document: unknown, choices: readonly number[], replacement: unknown): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  let node: unknown = copy;
  for (const choice of choices) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object' || choice % 3 === 0) {
      if (choice % 5 === 0) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = replacement;
      return copy;
    }
    node = child;
  }
  return copy;
}

describe('documents mutated at random', () => {
  const valid = {
    criteriaSets: [konRay2021.criteriaSets[1]],
    assessments: [district, konRay2021.communes[0]],
    report: konRay2021.report,
  };

  it('never get a 5xx from score, report or validate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom('/v1/score', '/v1/report?format=md', '/v1/validate'),
        async (choices, replacement, path) => {
          const body =
            path === '/v1/validate'
              ? mutate(district, choices, replacement)
              : mutate(valid, choices, replacement);
          const response = await app.request(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * The floor under POST /v1/score on this machine: a server that does what the API does around the scoring
 * (reads the body with the same reader, parses it with the same limits, writes the same response with
 * Hono's c.json) and nothing else. The benchmark runs it beside the API, so that its figures say how much
 * of a request is HTTP and JSON here, and how much is cchc.
 *
 * With FLOOR_SCORES=1 it also scores the body with @cchc/core's own calls (the envelope checked, the
 * documents scored, each result written as JSON) and nothing of the app: no middleware, no limits, no
 * slices. That is the most any server scoring with this core answers, whatever its HTTP layer.
 */
import { readFileSync } from 'node:fs';
import { parseCriteriaSet, resultToJsonText, scoreDocuments } from '@cchc/core';
import { parseFast } from '@cchc/core/internal';
import { scoreRequestSchema } from '@cchc/core/schema';
import { readDocument } from '@cchc/documents';
import { konRay2021 } from '@cchc/examples';
import { bodyText } from '@cchc/http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readIncomingBody } from '../src/body.js';

const scores = process.env['FLOOR_SCORES'] === '1';
const response: unknown = scores
  ? undefined
  : JSON.parse(readFileSync(process.env['FLOOR_RESPONSE_FILE']!, 'utf8'));
const sets = konRay2021.criteriaSets.flatMap((document) => {
  const parsed = parseCriteriaSet(document);
  return parsed.success ? [parsed.data] : [];
});
const app = new Hono();
app.post('/v1/score', async (c) => {
  const bytes = await readIncomingBody(c, 1024 * 1024);
  const read = bytes === undefined ? undefined : readDocument(bodyText(bytes), { format: 'json' });
  if (!read?.success) return c.text('bad', 400);
  if (!scores) return c.json(response);
  const envelope = parseFast(scoreRequestSchema, read.data);
  const scored = envelope.success ? scoreDocuments(envelope.data, { knownSets: sets }) : undefined;
  if (!scored?.success) return c.text('bad', 400);
  const results = scored.data.map((result) => resultToJsonText(result));
  return c.body(`{"results":[${results.join(',')}]}`, 200, { 'content-type': 'application/json' });
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'floor listening', address: `http://127.0.0.1:${info.port}` }));
});

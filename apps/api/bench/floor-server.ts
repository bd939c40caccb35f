/**
 * The floor under POST /v1/score on this machine: a server that does what the API does around the scoring
 * (reads the body with the same reader, parses it with the same limits, writes the same response with
 * Hono's c.json) and nothing else. The benchmark runs it beside the API, so that its figures say how much
 * of a request is HTTP and JSON here, and how much is cchc.
 */
import { readFileSync } from 'node:fs';
import { readDocument } from '@cchc/documents';
import { bodyText } from '@cchc/http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readIncomingBody } from '../src/body.js';

const response: unknown = JSON.parse(readFileSync(process.env['FLOOR_RESPONSE_FILE']!, 'utf8'));
const app = new Hono();
app.post('/v1/score', async (c) => {
  const bytes = await readIncomingBody(c, 1024 * 1024);
  if (bytes === undefined || !readDocument(bodyText(bytes), { format: 'json' }).success)
    return c.text('bad', 400);
  return c.json(response);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'floor listening', address: `http://127.0.0.1:${info.port}` }));
});

/**
 * The floor under an evidence upload on this machine: a server that reads each POST body with the app's own
 * streamer and hashes it (SHA-256), as the app does, and keeps nothing. The uploads benchmark sends it the
 * same files as the app, so that its figures say what HTTP and hashing alone cost here, in time and memory.
 */
import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamIncomingBody } from '../src/body.js';

const app = new Hono();
app.post('/upload', async (c) => {
  const hasher = createHash('sha256');
  for await (const part of streamIncomingBody(c)) hasher.update(part);
  return c.json({ hash: hasher.digest('hex') }, 201);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ msg: 'upload floor listening', address: `http://127.0.0.1:${info.port}` }));
});

import type { CriteriaSet } from '@cchc/core';
import { type CchcEnv, createApp } from '@cchc/http';
import { keyRing, type Rounds } from '@cchc/rounds';
import type { Hono } from 'hono';
import { readIncomingBody, streamIncomingBody } from './body.js';
import type { ApiConfig } from './config.js';
import type { RenderPool } from './renderer.js';

/** Logs an event; the fields' own keys become keys of its line. */
export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;

/** Lines logged in this turn of the event loop, not yet written. */
let unwritten: string[] = [];

/** Writes the lines logged so far, in one write. */
function writeLogged(): void {
  if (unwritten.length === 0) return;
  const text = unwritten.join('');
  unwritten = [];
  process.stdout.write(text);
}
// Standard output is written synchronously to a pipe or a file: what an exit leaves behind is written.
process.on('exit', writeLogged);

/** The millisecond of the last line logged, and its time as the lines give it. */
let loggedAt = Number.NaN;
let loggedAtText = '';

/** The time of a line logged now: the lines of one millisecond share the text (a request's line is one). */
function timeText(): string {
  const now = Date.now();
  if (now !== loggedAt) {
    loggedAt = now;
    loggedAtText = new Date(now).toISOString();
  }
  return loggedAtText;
}

/**
 * JSON lines on standard output: one object per event. The lines of a turn of the event loop go out in one
 * write at its end: a write per request line cost about 20 µs of each POST /v1/score (apps/api/bench).
 */
export const jsonLog: Log = (level, message, fields = {}) => {
  if (unwritten.length === 0) setImmediate(writeLogged);
  unwritten.push(`${JSON.stringify({ time: timeText(), level, msg: message, ...fields })}\n`);
};

/**
 * The hosted app: @cchc/http with this deployment's sets and limits, and a log line per request. It is
 * the app `createApp` builds, not a wrapper around it: every answer, the app's own 404 and 405 included,
 * is the app's problem+json.
 */
export function buildApp(
  sets: readonly CriteriaSet[],
  config: Partial<ApiConfig> = {},
  log?: Log,
  workers?: Pick<RenderPool, 'render' | 'readYaml' | 'readSheet'>,
  rounds?: Rounds,
): Hono<CchcEnv> {
  return createApp({
    name: 'cchc-api',
    criteriaSets: sets,
    ...(rounds ? { rounds, keys: keyRing(config.keys ?? []) } : {}),
    ...(config.sessionSecret ? { sessionSecret: config.sessionSecret } : {}),
    ...(config.sessionIdleMinutes ? { sessionIdleMinutes: config.sessionIdleMinutes } : {}),
    ...(config.trustProxy ? { trustProxy: true } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.bodyLimit === undefined ? {} : { bodyLimit: config.bodyLimit }),
    ...(config.fileLimit === undefined ? {} : { fileLimit: config.fileLimit }),
    ...(config.limits === undefined ? {} : { limits: config.limits }),
    corsOrigins: config.corsOrigins ?? [],
    // Reports are rendered, and YAML bodies read, in the pool's worker threads.
    ...(workers ? { render: workers.render, readYaml: workers.readYaml, readSheet: workers.readSheet } : {}),
    readBody: readIncomingBody,
    streamBody: streamIncomingBody,
    ...(config.renderTimeoutMs === undefined ? {} : { renderTimeoutMs: config.renderTimeoutMs }),
    onError: (error, requestId) =>
      log?.('error', 'unexpected fault', { requestId, error: String((error as Error).stack ?? error) }),
    ...(log ? { onResponse: (info) => log('info', 'request', info) } : {}),
  });
}

import type { CriteriaSet } from '@cchc/core';
import { type CchcEnv, createApp, type ReportRenderer } from '@cchc/http';
import { Hono } from 'hono';
import { readIncomingBody } from './body.js';
import type { ApiConfig } from './config.js';

export type Log = (level: 'info' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** JSON lines on standard output: one object per event. */
export const jsonLog: Log = (level, message, fields = {}) => {
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
  );
};

/** The hosted app: @cchc/http with this deployment's sets and limits, and a log line per request. */
export function buildApp(
  sets: readonly CriteriaSet[],
  config: Partial<ApiConfig> = {},
  log?: Log,
  render?: ReportRenderer,
): Hono<CchcEnv> {
  const inner = createApp({
    name: 'cchc-api',
    criteriaSets: sets,
    ...(config.bodyLimit === undefined ? {} : { bodyLimit: config.bodyLimit }),
    corsOrigins: config.corsOrigins ?? [],
    ...(render ? { render } : {}),
    readBody: readIncomingBody,
    ...(config.renderTimeoutMs === undefined ? {} : { renderTimeoutMs: config.renderTimeoutMs }),
    onError: (error, requestId) =>
      log?.('error', 'unexpected fault', { requestId, error: String((error as Error).stack ?? error) }),
  });
  if (!log) return inner;
  const app = new Hono<CchcEnv>();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log('info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.route('/', inner);
  return app;
}

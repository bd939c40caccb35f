import type { Server, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openEmbeddedInWorker, openRounds, openServer, roundsWhenOpen, type SqlClient } from '@cchc/rounds';
import { serve } from '@hono/node-server';
import { buildApp, jsonLog } from './app.js';
import { configFromEnv, limitsInForce, loadCriteriaSets } from './config.js';
import { missingEngineFlags } from './engine-flags.js';
import { startMailer } from './mailer.js';
import { renderPool } from './renderer.js';

/** Exit codes of the app, as its README documents them. */
const EXIT_CONFIGURATION = 1;
const EXIT_CANNOT_LISTEN = 2;

/** A second in which the event loop was held up longer than this is logged: no request may do that. */
const LOOP_DELAY_WARNING_MS = 100;

/** Watches the event loop and logs each second in which something held it up past the warning line. */
function watchEventLoop(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    const maxMs = delay.max / 1e6;
    if (maxMs > LOOP_DELAY_WARNING_MS) {
      jsonLog('warn', 'event loop delayed', {
        maxMs: Math.round(maxMs),
        p99Ms: Math.round(delay.percentile(99) / 1e6),
      });
    }
    delay.reset();
  }, 1_000).unref();
}

try {
  const config = configFromEnv(process.env);
  const sets = await loadCriteriaSets(config.criteriaDir);
  const renderTimeoutMs = config.renderTimeoutMs ?? 10_000;
  const pool = renderPool({
    workers: config.renderWorkers,
    queue: config.renderQueue,
    memoryMb: config.renderMemoryMb,
    timeoutMs: renderTimeoutMs,
  });
  // The pool limits each rendering; the app's own limit bounds the whole wait, the queue included.
  const waitLimitMs = renderTimeoutMs * (Math.ceil(config.renderQueue / config.renderWorkers) + 1) + 1_000;
  // The rounds' store: a PostgreSQL server when DATABASE_URL says so, else PostgreSQL in process. It opens
  // once the server listens (a process that cannot listen touches no store), in the background: creating
  // an embedded store takes seconds, and the stateless routes do not wait for it.
  let sql: SqlClient | undefined;
  let openStore: () => void = () => {};
  const listening = new Promise<void>((resolve) => {
    openStore = resolve;
  });
  /** Opens the store once the server listens; a failed opening is logged, closed, and tried again later. */
  const opening =
    config.store === 'none'
      ? undefined
      : async () => {
          await listening;
          const started = performance.now();
          const client = config.databaseUrl
            ? await openServer(config.databaseUrl)
            : openEmbeddedInWorker(config.dataDir);
          try {
            const opened = await openRounds({
              sql: client,
              files: {
                ...(config.fileLimit === undefined ? {} : { fileBytes: config.fileLimit }),
                ...(config.unitFilesLimit === undefined ? {} : { unitBytes: config.unitFilesLimit }),
              },
            });
            sql = client;
            jsonLog('info', 'store ready', { ms: Math.round(performance.now() - started) });
            return opened;
          } catch (error) {
            // The reason (an address, a folder in use) goes to the log, never to a client.
            jsonLog('error', 'store unavailable', { error: String((error as Error).message ?? error) });
            await client.close().catch(() => {});
            throw error;
          }
        };
  const rounds = opening && roundsWhenOpen(opening);
  // Reminders by email, with an SMTP server to send them; without one, said once.
  const mailer = rounds && config.mail ? startMailer(rounds, config.mail, jsonLog) : undefined;
  if (rounds && !config.mail) jsonLog('info', 'reminders by email are off (CCHC_SMTP_URL is not set)');
  const app = buildApp(sets, { ...config, renderTimeoutMs: waitLimitMs }, jsonLog, pool, rounds);
  let draining = false;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const address = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    jsonLog('info', 'cchc api listening', {
      address,
      docs: `${address}/docs`,
      criteriaSets: sets.map((set) => set.id),
      limits: limitsInForce(config),
      renderWorkers: config.renderWorkers,
      store:
        config.store === 'none'
          ? 'none (CCHC_STORE=none: the stateless API only)'
          : config.databaseUrl
            ? 'postgresql server (DATABASE_URL)'
            : `embedded (${config.dataDir})`,
      apiKeys: config.keys.length,
    });
    console.error(`cchc API on ${address} (docs: ${address}/docs)`);
    const missing = missingEngineFlags();
    if (missing.length > 0)
      jsonLog('warn', 'started without the engine flags that npm start passes: slower under load', {
        missing,
      });
    openStore();
    watchEventLoop();
    void pool.ready.then(() => jsonLog('info', 'render workers ready', { workers: config.renderWorkers }));
  }) as Server;
  // Once draining, every answer not yet begun tells its client to close the connection rather than reuse
  // it (Node then sends Connection: close): those of requests still arriving, and those in flight.
  const inFlight = new Set<ServerResponse>();
  // One listener for every answer (no closure made per request): Node calls it with the answer as `this`.
  function answered(this: ServerResponse): void {
    inFlight.delete(this);
  }
  server.prependListener('request', (_request, response) => {
    if (draining) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.on('close', answered);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? 'the address is in use' : error.message;
    jsonLog('error', 'cannot listen', { host: config.host, port: config.port, code: error.code, reason });
    void Promise.all([pool.close(), sql?.close()]).finally(() => process.exit(EXIT_CANNOT_LISTEN));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      jsonLog('info', 'shutting down', { signal, graceMs: config.shutdownGraceMs });
      draining = true;
      for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
      // Stop accepting connections; requests in flight finish (for at most the grace period), then exit 0.
      server.close(() => {
        const mailStopped = mailer?.stop() ?? Promise.resolve();
        void Promise.all([pool.close(), mailStopped.then(() => sql?.close())]).then(() => process.exit(0));
      });
      server.closeIdleConnections();
      setTimeout(() => {
        jsonLog('info', 'grace period over: closing the connections left', { signal });
        server.closeAllConnections();
      }, config.shutdownGraceMs).unref();
    });
  }
} catch (error) {
  jsonLog('error', 'cannot start', { error: (error as Error).message });
  process.exitCode = EXIT_CONFIGURATION;
}

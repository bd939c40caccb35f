import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { buildApp, jsonLog } from './app.js';
import { configFromEnv, limitsInForce, loadCriteriaSets } from './config.js';
import { renderPool } from './renderer.js';

/** Exit codes of the app, as its README documents them. */
const EXIT_CONFIGURATION = 1;
const EXIT_CANNOT_LISTEN = 2;

try {
  const config = configFromEnv(process.env);
  const sets = await loadCriteriaSets(config.criteriaDir);
  const pool = renderPool({
    workers: config.renderWorkers,
    queue: config.renderQueue,
    memoryMb: config.renderMemoryMb,
  });
  const app = buildApp(sets, config, jsonLog, pool.render);
  let draining = false;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const address = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    jsonLog('info', 'cchc api listening', {
      address,
      docs: `${address}/docs`,
      criteriaSets: sets.map((set) => set.id),
      limits: limitsInForce(config),
      renderWorkers: config.renderWorkers,
    });
    console.error(`cchc API on ${address} (docs: ${address}/docs)`);
  }) as Server;
  // Once draining, every answer tells its client to close the connection rather than reuse it.
  server.prependListener('request', (_request, response) => {
    if (draining) response.setHeader('Connection', 'close');
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? 'the address is in use' : error.message;
    jsonLog('error', 'cannot listen', { host: config.host, port: config.port, code: error.code, reason });
    void pool.close();
    process.exit(EXIT_CANNOT_LISTEN);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      jsonLog('info', 'shutting down', { signal, graceMs: config.shutdownGraceMs });
      draining = true;
      // Stop accepting connections; requests in flight finish (for at most the grace period), then exit 0.
      server.close(() => {
        void pool.close().then(() => process.exit(0));
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

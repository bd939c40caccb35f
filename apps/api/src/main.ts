import { serve } from '@hono/node-server';
import { buildApp, jsonLog } from './app.js';
import { configFromEnv, loadCriteriaSets } from './config.js';
import { workerRenderer } from './renderer.js';

try {
  const config = configFromEnv(process.env);
  const sets = await loadCriteriaSets(config.criteriaDir);
  const app = buildApp(sets, config, jsonLog, workerRenderer());
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const address = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    jsonLog('info', 'cchc api listening', {
      address,
      docs: `${address}/docs`,
      criteriaSets: sets.map((set) => set.id),
    });
    console.error(`cchc API on ${address} (docs: ${address}/docs)`);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      jsonLog('info', 'shutting down', { signal });
      // Stop accepting connections; requests in flight finish, then the process exits.
      server.close(() => process.exit(0));
      // Idle keep-alive connections would hold the server open; busy ones finish their request first.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
} catch (error) {
  jsonLog('error', 'cannot start', { error: (error as Error).message });
  process.exitCode = 1;
}

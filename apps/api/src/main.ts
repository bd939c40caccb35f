import { serve } from '@hono/node-server';
import { buildApp } from './app.js';

const port = Number(process.env['PORT'] ?? 8787);
const hostname = process.env['HOST'] ?? '127.0.0.1';

const server = serve({ fetch: buildApp().fetch, port, hostname }, (info) => {
  const address = `http://${info.address}:${info.port}`;
  console.log(
    JSON.stringify({ level: 'info', msg: 'cchc api listening', address, health: `${address}/health` }),
  );
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    // Stop accepting connections; requests already in flight finish before the process exits.
    server.close(() => process.exit(0));
  });
}

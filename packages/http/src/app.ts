import { version as coreVersion } from '@cchc/core';
import { Hono } from 'hono';
import packageJson from '../package.json' with { type: 'json' };

export interface CchcAppOptions {
  /** The service name reported by `GET /health`. */
  readonly name?: string;
}

/** Builds the cchc HTTP app. It opens no socket: serve it with any Hono adapter, or call `app.request()`. */
export function createApp(options: CchcAppOptions = {}): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header('X-Cchc-Version', packageJson.version);
  });
  app.get('/health', (c) =>
    c.json({ status: 'ok', name: options.name ?? 'cchc', version: packageJson.version, core: coreVersion }),
  );
  return app;
}

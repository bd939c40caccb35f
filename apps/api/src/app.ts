import { createApp } from '@cchc/http';
import type { Hono } from 'hono';

/** The hosted app: @cchc/http configured for this deployment. */
export function buildApp(): Hono {
  return createApp({ name: 'cchc-api' });
}

import { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * What @hono/node-server passes the app beside the web Request (`c.env.incoming` and `c.env.outgoing`):
 * Node's own request and response. Read or written there, a header costs no Web `Headers` object, which
 * checks each name and value: @hono/node-server builds one of every header the client sent the first time
 * the web Request's headers are read, and another for the answer's when a header is set through Hono.
 * Served otherwise (`app.request()`, another adapter), there are none, and the web Request serves.
 */

/** Node's request under `c`, when @hono/node-server serves the app. */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  const incoming: unknown = (c.env as { readonly incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/** Node's response under `c`, when @hono/node-server serves the app. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing: unknown = (c.env as { readonly outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/**
 * A request header, as `c.req.header(name)` gives it: from Node's request when there is one. Node joins a
 * header sent more than once with ", " as the web Request does, but keeps the first of those that may be
 * sent once only (Content-Type, Content-Length…).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming === undefined) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

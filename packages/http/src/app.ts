import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs.js';
import { nodeResponse, requestHeader } from './node-bindings.js';
import { openApiDocument } from './openapi.js';
import { problemPage } from './pages/context.js';
import { DETAILS, type Localized, ProblemError, STATUS } from './problem.js';
import { mountStateless } from './routes/stateless.js';
import { mountStored } from './routes/stored.js';
import { requestTools } from './routes/tools.js';
import { type CchcAppOptions, type Env, VERSION } from './settings.js';

export {
  type ApiLimits,
  type CchcAppOptions,
  type CchcEnv,
  DEFAULT_API_LIMITS,
  RenderBusyError,
  RenderTimeoutError,
  type ReportRenderer,
  type ResponseInfo,
} from './settings.js';

/**
 * Headers on every response: the package version, and the security headers an API with a docs page needs
 * (what hono/secure-headers sets by default, with a content security policy that lets /docs load its own
 * script and style only).
 */
const RESPONSE_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Cchc-Version', VERSION],
  [
    'Content-Security-Policy',
    "default-src 'self'; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'",
  ],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/** A request id a client may choose: letters, digits, `_`, `-` and `=`, at most 255 of them. */
const SANE_REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * Builds the cchc HTTP app. It opens no socket: serve it with any Hono adapter (the API app uses
 * @hono/node-server), or call `app.request()`. Every error is application/problem+json; a client's
 * mistake is never a 500.
 */
export function createApp(options: CchcAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const tools = requestTools(options);
  const { fail } = tools;
  const { onResponse } = options;
  // One middleware for what every request gets (a single step of Hono's chain, one promise fewer a request).
  app.use(async (c, next) => {
    const started = onResponse ? performance.now() : 0;
    // The id a client sent (a proxy's), when it is a sane one, else a new one: logs and faults quote it.
    const sent = requestHeader(c, 'X-Request-Id');
    const id = sent !== undefined && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
    c.set('requestId', id);
    // Set before the handler runs, where the answer's own headers then override them: on Node's response
    // when there is one (see node-bindings.ts), else through Hono (a header set once the response exists
    // makes Hono build it anew).
    const outgoing = nodeResponse(c);
    if (outgoing) {
      for (const [name, value] of RESPONSE_HEADERS) outgoing.setHeader(name, value);
      outgoing.setHeader('X-Request-Id', id);
    } else {
      for (const [name, value] of RESPONSE_HEADERS) c.header(name, value);
      c.header('X-Request-Id', id);
    }
    await next();
    onResponse?.({
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    app.use(
      '/v1/*',
      cors({
        origin: [...options.corsOrigins],
        allowMethods: ['GET', 'POST'],
        exposeHeaders: ['X-Request-Id'],
      }),
    );
  }

  mountStateless(app, options, tools);
  if (options.rounds) mountStored(app, options, tools);

  // The document depends only on the version: written once, not for every request.
  const openApiText = JSON.stringify(openApiDocument(VERSION, { rounds: options.rounds !== undefined }));
  app.get('/openapi.json', (c) => c.body(openApiText, 200, { 'content-type': 'application/json' }));
  app.get('/docs', (c) => c.html(DOCS_HTML));
  // A person who opens the address itself: to the officials' pages where rounds are stored, else the docs.
  app.get('/', (c) => c.redirect(options.rounds ? '/app' : '/docs', 302));
  app.get('/docs/docs.js', (c) => c.body(DOCS_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/docs.css', (c) => c.body(DOCS_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

  // The methods of each route, read from the routes registered above: the one list of them.
  const routes = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({ method: route.method, pattern: routePattern(route.path) }));
  // Under /app an official followed a link: the answer is a Vietnamese page, where the API gives problem+json.
  const onPages = (path: string) =>
    options.rounds !== undefined && (path === '/app' || path.startsWith('/app/'));
  const problemAnswer = (c: Context<Env>, status: number, title: string, detail: Localized) => {
    c.header('Cache-Control', 'no-store');
    return c.html(problemPage(title, detail.vi), status as 404);
  };
  app.notFound((c) => {
    if (onPages(c.req.path))
      return problemAnswer(c, 404, 'Không tìm thấy trang', { en: '', vi: 'Không có trang này.' });
    const allowed = [
      ...new Set(routes.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method)),
    ];
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return fail(c, 'method-not-allowed', DETAILS.methodNotAllowed(c.req.method, allowed));
    }
    return fail(c, 'not-found', DETAILS.noRoute(c.req.method, c.req.path));
  });

  // One answer for every problem a handler throws; anything else is a fault of the server (500, logged).
  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return onPages(c.req.path)
        ? problemAnswer(c, STATUS[error.kind], 'Không thực hiện được', error.detail)
        : fail(c, error.kind, error.detail, error.issues, error.extensions);
    }
    options.onError?.(error, c.get('requestId'));
    const detail = DETAILS.internal(c.get('requestId'));
    return onPages(c.req.path) ? problemAnswer(c, 500, 'Đã có lỗi', detail) : fail(c, 'internal', detail);
  });

  return app;
}

/** A route's path (`/v1/criteria-sets/:id`) as a pattern that matches the paths it serves. */
function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

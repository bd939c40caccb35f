import { randomBytes } from 'node:crypto';
import {
  type BatchLimits,
  type CriteriaSet,
  checkAssessment,
  documentKind,
  type Issue,
  issueMessage,
  type Locale,
  type Outcome,
  parseCriteriaSet,
  RESULT_DETAILS,
  type ResultDetail,
  resultToJson,
  type ScoreOptions,
  scoreRequestSchema,
  scoringSteps,
  type UnitResult,
} from '@cchc/core';
import { fromZodIssues, parseFast, prefixIssues } from '@cchc/core/internal';
import {
  readScoreSheet,
  resultsWorkbook,
  type ScoreSheetOptions,
  type SheetIssue,
  type SheetOutcome,
  scoreSheet,
} from '@cchc/excel';
import {
  createReportModel,
  type ReportFormat,
  type ReportModel,
  renderReport,
  reportRequestSchema,
} from '@cchc/report';
import { type Caller, type KeyRing, keyRing, type Layer, type Rounds, RoundsError } from '@cchc/rounds';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import type { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import {
  type BodyLimits,
  type BodyReader,
  bodyText,
  formatOfContentType,
  readBody,
  readRequestBody,
  XLSX_MEDIA_TYPE,
} from './body.js';
import { DOCS_CSS, DOCS_HTML, DOCS_JS } from './docs.js';
import { attachment, mediaTypeOf, RESULT_FORMATS, type ResultFormat } from './formats.js';
import { openApiDocument } from './openapi.js';
import { mountPages } from './pages.js';
import { DETAILS, type Localized, localeOf, type ProblemKind, problem, problemKindOf } from './problem.js';
import { mountRounds } from './rounds.js';

export interface CchcAppOptions {
  /** The service name reported by `GET /health`. */
  readonly name?: string;
  /** The criteria sets the server holds, parsed (`parseCriteriaSet`). */
  readonly criteriaSets?: readonly CriteriaSet[];
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Bounds on a request's documents and work; see `DEFAULT_LIMITS` for each default. */
  readonly limits?: Partial<ApiLimits>;
  /** Origins allowed to call the API from a browser; none by default. */
  readonly corsOrigins?: readonly string[];
  /** Longest time to render a report, in milliseconds (default 10,000); then 503. */
  readonly renderTimeoutMs?: number;
  /**
   * Renders a report model. By default in the same thread, where a long rendering cannot be cut short
   * (JavaScript runs one thing at a time); pass one that renders elsewhere (a worker thread, as the hosted
   * app does) and stops when `signal` aborts, to make the time limit hard.
   */
  readonly render?: ReportRenderer;
  /**
   * Reads a request body as text, within the body limit (default: from the web Request, which works with
   * every Hono adapter). The Node app passes one that reads the socket's stream, which is much cheaper.
   */
  readonly readBody?: BodyReader;
  /**
   * Reads a YAML body elsewhere (a worker thread, as the hosted app does), stopping when `signal` aborts:
   * YAML is read about a hundred times slower than JSON, in one step that would hold every other request
   * up. By default it is read in the same thread, within `limits.maxYamlCharacters`.
   */
  readonly readYaml?: (text: string, limits: BodyLimits, signal: AbortSignal) => Promise<Outcome<unknown>>;
  /**
   * Reads a filled score sheet (.xlsx) elsewhere, stopping when `signal` aborts: a workbook within the
   * bounds can hold a thread for hundreds of milliseconds. It gets the set's document, the unit and the
   * period. By default the sheet is read in the same thread.
   */
  readonly readSheet?: (
    bytes: Uint8Array,
    setDocument: unknown,
    options: { unit: ScoreSheetOptions['unit']; period: string },
    signal: AbortSignal,
  ) => Promise<SheetOutcome<Record<string, unknown>>>;
  /** Called with every unexpected fault (the client gets a 500 with the request id, no details). */
  readonly onError?: (error: unknown, requestId: string) => void;
  /**
   * The stored rounds (rounds.md): with them the app serves their routes, each asking for a key of
   * `keys` (none configured: 401 saying how to configure them). Without them it is the stateless API.
   */
  readonly rounds?: Rounds;
  /** The API keys and their roles (`keyRing`). */
  readonly keys?: KeyRing;
  /**
   * Signs the officials' page sessions and form tokens (the pages are served with `rounds`). Give every
   * process behind one address the same secret; by default each app has a random one, and its sessions end
   * when it stops.
   */
  readonly sessionSecret?: string;
  /** The clock of the pages' sessions and "saved at" times (tests set it; the rounds have their own). */
  readonly now?: () => Date;
  /** Called once every request is answered (for a log line), with what was asked and the status. */
  readonly onResponse?: (info: ResponseInfo) => void;
}

export interface ResponseInfo {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Milliseconds from the request to its answer. */
  readonly ms: number;
}

/**
 * What one request may hold and ask for. The defaults keep every request within the body limit to well
 * under 100 ms of work on a small server; each can be raised by the embedding app.
 */
export interface ApiLimits extends BodyLimits, Required<BatchLimits> {
  /** The most criteria (nodes at every level) in one criteria set. */
  readonly maxCriteria: number;
  /** The most errors listed in a problem; the rest are counted (`errorCount`). */
  readonly maxErrors: number;
  /**
   * The largest YAML body, in characters. YAML is read about a hundred times slower than JSON, in one step
   * that nothing can interrupt (15,000 characters took 60–170 ms on the project's machines): give the app
   * a `readYaml` that reads in a worker, as the hosted app does, or lower this bound.
   */
  readonly maxYamlCharacters: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxDepth: 64,
  maxItems: 10_000,
  maxAssessments: 1_000,
  maxCriteriaSets: 20,
  maxCriteria: 1_000,
  maxScoredCriteria: 100_000,
  maxErrors: 100,
  maxYamlCharacters: 32 * 1024,
};

/** Thrown by a renderer that stopped a rendering past its own time limit: answered 503, as the app's own limit. */
export class RenderTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`rendering took longer than ${limitMs} ms`);
    this.name = 'RenderTimeoutError';
  }
}

/**
 * Thrown by a renderer that cannot take a report now (its queue is full): answered 503 with Retry-After,
 * so that the client comes back later instead of the server queueing without bound.
 */
export class RenderBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('every renderer is busy and the queue is full');
    this.name = 'RenderBusyError';
  }
}

export type ReportRenderer = (
  model: ReportModel,
  format: ReportFormat,
  signal: AbortSignal,
) => Promise<string | Uint8Array>;

/** The variables the app's middleware sets on every request's context. */
export type CchcEnv = { Variables: RequestIdVariables };
type Env = CchcEnv;

const VERSION = packageJson.version;

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

class TimeoutError extends Error {}

/**
 * Builds the cchc HTTP app. It opens no socket: serve it with any Hono adapter (the API app uses
 * @hono/node-server), or call `app.request()`. Every error is application/problem+json; a client's
 * mistake is never a 500.
 */
export function createApp(options: CchcAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const held = new Map((options.criteriaSets ?? []).map((set) => [set.id, set]));
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const batchOptions = { maxCriteria: limits.maxCriteria, limits };
  const maxBytes = options.bodyLimit ?? 1024 * 1024;
  const renderTimeout = options.renderTimeoutMs ?? 10_000;
  const render: ReportRenderer = options.render ?? ((model, format) => renderReport(model, format));
  const readBodyBytes = options.readBody ?? readRequestBody;

  const locale = (c: Context<Env>): Locale => localeOf(c.req.header('accept-language'));
  /** A problem+json answer; `extensions` are members of its own (the deadline that passed, the revision…). */
  const fail = (
    c: Context<Env>,
    kind: ProblemKind,
    detail: Localized,
    issues: readonly Issue[] = [],
    extensions: Readonly<Record<string, unknown>> = {},
  ) => {
    const language = locale(c);
    const body = {
      ...extensions,
      ...problem(kind, language, detail[language], issues, limits.maxErrors),
      instance: c.req.path,
      requestId: c.get('requestId'),
    };
    return c.body(JSON.stringify(body), body.status as 400, { 'content-type': 'application/problem+json' });
  };
  const invalid = (c: Context<Env>, issues: readonly Issue[]) => {
    const kind = problemKindOf(issues);
    const first = issues[0];
    const detail =
      kind === 'invalid-document' || first === undefined
        ? DETAILS.documentErrors(issues.length)
        : { en: issueMessage(first, 'en'), vi: issueMessage(first, 'vi') };
    return fail(c, kind, detail, issues);
  };

  /** Reads the request body as a JSON or YAML document; answers the problem itself when it cannot. */
  const document = async (
    c: Context<Env>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> => {
    const format = formatOfContentType(c.req.header('content-type'));
    if (!format) {
      return {
        ok: false,
        response: fail(c, 'unsupported-media-type', DETAILS.mediaType()),
      };
    }
    const bytes = await readBodyBytes(c, maxBytes);
    if (bytes === undefined) {
      return { ok: false, response: fail(c, 'too-large', DETAILS.bodyTooLarge(maxBytes)) };
    }
    const text = bodyText(bytes);
    if (format === 'yaml' && text.length > limits.maxYamlCharacters) {
      return {
        ok: false,
        response: fail(c, 'too-large', DETAILS.yamlTooLarge(limits.maxYamlCharacters)),
      };
    }
    // YAML is read in one step nothing can interrupt: where the app has workers, it is read there.
    const readYaml = options.readYaml;
    let read: Outcome<unknown>;
    if (format === 'yaml' && readYaml && text.trim() !== '') {
      const bodyLimits = { maxDepth: limits.maxDepth, maxItems: limits.maxItems };
      const fromWorker = await withinLimits(c, (signal) => readYaml(text, bodyLimits, signal));
      if (!fromWorker.ok) return fromWorker;
      read = fromWorker.value;
    } else read = readBody(text, format, limits);
    return read.success ? { ok: true, value: read.data } : { ok: false, response: invalid(c, read.issues) };
  };

  /** The body as an Excel workbook's bytes, or the problem when it is over the limit. */
  const workbookBody = async (
    c: Context<Env>,
  ): Promise<{ ok: true; value: Uint8Array } | { ok: false; response: Response }> => {
    const bytes = await readBodyBytes(c, maxBytes);
    return bytes === undefined
      ? { ok: false, response: fail(c, 'too-large', DETAILS.bodyTooLarge(maxBytes)) }
      : { ok: true, value: bytes };
  };

  /** A workbook's errors as a 422: each at its cell, in the language asked for. */
  const sheetInvalid = (c: Context<Env>, issues: readonly SheetIssue[]) => {
    const language = locale(c);
    return fail(c, 'invalid-document', DETAILS.documentErrors(issues.length), [], {
      errors: issues.slice(0, limits.maxErrors).map((found) => ({
        path: found.cell,
        code: found.code,
        message: language === 'vi' ? found.vi : found.en,
      })),
      ...(issues.length > limits.maxErrors ? { errorCount: issues.length } : {}),
    });
  };

  /** An Excel workbook as a download. */
  const workbookResponse = (c: Context<Env>, bytes: Uint8Array, fileName: string) =>
    c.body(new Uint8Array(bytes), 200, {
      'content-type': XLSX_MEDIA_TYPE,
      'content-disposition': attachment(fileName),
    });

  /**
   * Work done elsewhere (a worker) within the time limit: its value, or the problem that says it took too
   * long (503) or that every worker is busy (503 with Retry-After).
   */
  const withinLimits = async <T>(
    c: Context<Env>,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; response: Response }> => {
    try {
      return { ok: true, value: await withTimeout(work, renderTimeout) };
    } catch (error) {
      if (error instanceof TimeoutError)
        return { ok: false, response: fail(c, 'timeout', DETAILS.renderTimeout(renderTimeout)) };
      if (error instanceof RenderTimeoutError)
        return { ok: false, response: fail(c, 'timeout', DETAILS.renderTimeout(error.limitMs)) };
      if (error instanceof RenderBusyError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return { ok: false, response: fail(c, 'busy', DETAILS.renderBusy(error.retryAfterSeconds)) };
      }
      throw error;
    }
  };

  /**
   * The report of scored results as `format`, rendered within the time limit; problems for the rest. As
   * `xlsx`, the results as a workbook (the report input is still checked, as for every other format).
   */
  const reportResponse = async (
    c: Context<Env>,
    results: readonly UnitResult[],
    input: unknown,
    format: ResultFormat,
  ): Promise<Response> => {
    const model = createReportModel({ results, input });
    if (format !== 'xlsx') return modelResponse(c, model, format, reportFileName(results));
    if (!model.success) return invalid(c, prefixIssues(model.issues, 'report'));
    // A workbook of a large round takes seconds and tens of MB: a few at a time, a bounded queue, then 503.
    const built = await workbooks(() => resultsWorkbook(results, { title: model.data.title }));
    if (built === BUSY) {
      c.header('Retry-After', '5');
      return fail(c, 'busy', DETAILS.renderBusy(5));
    }
    return workbookResponse(c, built, reportFileName(results).replace(/\.docx$/, '.xlsx'));
  };
  const workbooks = limiter(MAX_WORKBOOKS_AT_ONCE, MAX_WORKBOOKS_WAITING);

  /** A report model rendered as `format` within the time limit; a model that could not be made is a 422. */
  const modelResponse = async (
    c: Context<Env>,
    model: Outcome<ReportModel>,
    format: ReportFormat,
    fileName: string,
  ): Promise<Response> => {
    if (!model.success) return invalid(c, prefixIssues(model.issues, 'report'));
    const rendered = await withinLimits(c, (signal) => render(model.data, format, signal));
    if (!rendered.ok) return rendered.response;
    const output = rendered.value;
    const headers: Record<string, string> = { 'content-type': mediaTypeOf(format) };
    if (format === 'docx') headers['content-disposition'] = attachment(fileName);
    return c.body(typeof output === 'string' ? output : new Uint8Array(output), 200, headers);
  };

  /** The body as a document, or undefined when the request has none (a POST that needs no body). */
  const optionalDocument = async (
    c: Context<Env>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> => {
    const length = c.req.header('content-length');
    const empty = length === '0' || (length === undefined && c.req.header('transfer-encoding') === undefined);
    return empty && c.req.header('content-type') === undefined ? { ok: true, value: undefined } : document(c);
  };

  app.use(requestId());
  if (options.onResponse) {
    const onResponse = options.onResponse;
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      onResponse({
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    });
  }
  app.use(async (c, next) => {
    // Set before the handler runs: a header set once the response exists makes Hono build it anew.
    for (const [name, value] of RESPONSE_HEADERS) c.header(name, value);
    await next();
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

  app.get('/health', (c) => c.json({ status: 'ok', name: options.name ?? 'cchc', version: VERSION }));

  /** The sets the server holds, then those stored through the rounds (a held id wins). */
  const allSets = async (): Promise<{ sets: CriteriaSet[]; storeUnavailable: boolean }> => {
    if (!options.rounds) return { sets: [...held.values()], storeUnavailable: false };
    try {
      // A store still opening (an embedded one takes seconds) does not hold this stateless route up.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const listed = await Promise.race([
        options.rounds.criteriaSets(),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), STORED_SETS_WAIT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      if (listed === undefined) return { sets: [...held.values()], storeUnavailable: true };
      const stored = listed.filter((set) => !held.has(set.id));
      return { sets: [...held.values(), ...stored], storeUnavailable: false };
    } catch (error) {
      if (!(error instanceof RoundsError) || error.kind !== 'unavailable') throw error;
      return { sets: [...held.values()], storeUnavailable: true };
    }
  };

  app.get('/v1/criteria-sets', async (c) => {
    const { sets, storeUnavailable } = await allSets();
    return c.json({
      criteriaSets: sets.map((set) => ({
        id: set.id,
        title: set.title,
        version: set.version,
        issuer: set.issuer,
        decision: set.decision,
        max: set.max.toFixed(),
        stored: !held.has(set.id),
      })),
      // Said, not hidden: the stored sets could not be listed just now.
      ...(storeUnavailable ? { storedSets: 'unavailable' } : {}),
    });
  });

  app.get('/v1/criteria-sets/:id', async (c) => {
    const id = c.req.param('id');
    const set = held.get(id) ?? (await allSets()).sets.find((candidate) => candidate.id === id);
    return set ? c.json(set.document) : fail(c, 'not-found', DETAILS.noCriteriaSet(id));
  });

  const scoreRequest = async (
    c: Context<Env>,
    schema: typeof scoreRequestSchema | typeof reportRequestSchema,
    options: ScoreOptions = {},
  ) => {
    const body = await document(c);
    if (!body.ok) return body;
    const envelope = parseFast(schema as z.ZodType<z.output<typeof reportRequestSchema>>, body.value);
    if (!envelope.success)
      return { ok: false as const, response: invalid(c, fromZodIssues(envelope.error.issues)) };
    const scored = await inSlices(
      scoringSteps(envelope.data, { ...batchOptions, ...options, knownSets: held.values() }),
    );
    if (!scored.success) return { ok: false as const, response: invalid(c, scored.issues) };
    return {
      ok: true as const,
      results: scored.data,
      body: envelope.data,
    };
  };

  app.post('/v1/score', async (c) => {
    const detail = (c.req.query('detail') ?? 'full') as ResultDetail;
    if (!RESULT_DETAILS.includes(detail))
      return fail(c, 'malformed', DETAILS.queryValue('detail', RESULT_DETAILS));
    // Totals need no traces: a dashboard's request does not pay for them.
    const scored = await scoreRequest(c, scoreRequestSchema, { trace: detail !== 'totals' });
    if (!scored.ok) return scored.response;
    // Written a result at a time, in slices: a large answer does not hold the other requests up.
    const parts = await mapInSlices(scored.results, (result) =>
      JSON.stringify(resultToJson(result, { detail })),
    );
    return c.body(jsonList('results', parts), 200, { 'content-type': 'application/json' });
  });

  app.post('/v1/report', async (c) => {
    const format = c.req.query('format') as ResultFormat | undefined;
    if (format === undefined || !RESULT_FORMATS.includes(format)) {
      return fail(c, 'malformed', DETAILS.queryValue('format', RESULT_FORMATS));
    }
    const scored = await scoreRequest(c, reportRequestSchema);
    if (!scored.ok) return scored.response;
    return reportResponse(c, scored.results, scored.body.report, format);
  });

  app.post('/v1/validate', async (c) => {
    const body = await document(c);
    if (!body.ok) return body.response;
    const { kind, issues } = validate(body.value, held, limits.maxCriteria);
    const listed = problem('invalid-document', locale(c), '', issues, limits.maxErrors);
    return c.json({
      kind,
      valid: issues.length === 0,
      errors: listed.errors ?? [],
      ...(listed.errorCount === undefined ? {} : { errorCount: listed.errorCount }),
    });
  });

  if (options.rounds) {
    const rounds = options.rounds;
    /** A unit's score sheet for a layer, filled in with the layer's latest revision. */
    const sheetResponse = async (
      c: Context<Env>,
      round: string,
      unit: string,
      layer: Layer,
      caller: Caller,
    ) => {
      const sheet = await rounds.sheetOf(caller, round, unit, layer);
      const bytes = await scoreSheet(sheet.set, {
        unit: sheet.unit,
        period: sheet.period,
        layer,
        entries: sheet.document?.['entries'] as Record<string, unknown> | undefined,
        unscored: sheet.document?.['unscored'] as 'error' | 'full' | undefined,
      });
      return workbookResponse(c, bytes, `phieu-cham-diem-${unit}-${layer}.xlsx`);
    };
    mountPages(app, {
      rounds,
      keys: options.keys ?? keyRing([]),
      secret: options.sessionSecret ?? randomBytes(32),
      maxBytes,
      readBody: readBodyBytes,
      ...(options.now ? { now: options.now } : {}),
      download: async (c, round, format, caller) => {
        const { results, input } = await rounds.reportOf(caller, round);
        return reportResponse(c as Context<Env>, results, input, format);
      },
      sheetDownload: (c, round, unit, layer, caller) =>
        sheetResponse(c as Context<Env>, round, unit, layer, caller),
    });
    mountRounds(app, {
      rounds: options.rounds,
      keys: options.keys ?? keyRing([]),
      fail,
      optionalDocument,
      renderReport: reportResponse,
      renderModel: modelResponse,
      workbookBody,
      readSheet: async (c, bytes, set, sheetOptions) => {
        const elsewhere = options.readSheet;
        if (!elsewhere) return { ok: true, value: await readScoreSheet(bytes, { set, ...sheetOptions }) };
        return withinLimits(c, (signal) => elsewhere(bytes, set.document, sheetOptions, signal));
      },
      workbookResponse,
      sheetResponse,
      sheetInvalid,
    });
  }

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
  app.notFound((c) => {
    const allowed = [
      ...new Set(routes.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method)),
    ];
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return fail(c, 'method-not-allowed', DETAILS.methodNotAllowed(c.req.method, allowed));
    }
    return fail(c, 'not-found', DETAILS.noRoute(c.req.method, c.req.path));
  });

  app.onError((error, c) => {
    options.onError?.(error, c.get('requestId'));
    return fail(c, 'internal', DETAILS.internal(c.get('requestId')));
  });

  return app;
}

/** Results workbooks built at once, and waiting beyond those: the rest are answered 503 with Retry-After. */
const MAX_WORKBOOKS_AT_ONCE = 2;
const MAX_WORKBOOKS_WAITING = 8;

const BUSY = Symbol('busy');

/** How long the criteria-set routes wait for the rounds' store before they answer without its sets. */
const STORED_SETS_WAIT_MS = 250;

/** Runs work at most `width` at a time with at most `waiting` more in line; BUSY when the line is full. */
function limiter(width: number, waiting: number) {
  let running = 0;
  const line: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T | typeof BUSY> => {
    if (running >= width) {
      if (line.length >= waiting) return BUSY;
      await new Promise<void>((resolve) => line.push(resolve));
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
      line.shift()?.();
    }
  };
}

/** Answers larger than this are sent as a stream of pieces, each encoded as it is sent. */
const STREAM_ABOVE = 1_000_000;

/**
 * `{"<key>":[part,part,…]}` from JSON texts: one string when small; a stream when large, so that no single
 * step encodes megabytes while other requests wait.
 */
function jsonList(key: string, parts: readonly string[]): string | ReadableStream<Uint8Array> {
  const size = parts.reduce((total, part) => total + part.length, 0);
  if (size <= STREAM_ABOVE) return `{${JSON.stringify(key)}:[${parts.join(',')}]}`;
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    // Each pull encodes about STREAM_PIECE characters, after a turn of the event loop: an adapter that
    // reads the stream as fast as it can still lets other requests run between pieces.
    async pull(controller) {
      if (next > 0) await nextTurn();
      if (next > parts.length) return controller.close();
      let piece = next === 0 ? `{${JSON.stringify(key)}:[` : '';
      while (next < parts.length && piece.length < STREAM_PIECE)
        piece += `${next > 0 ? ',' : ''}${parts[next++]}`;
      if (next === parts.length) {
        piece += ']}';
        next++;
      }
      controller.enqueue(encoder.encode(piece));
    },
  });
}

/** About how many characters of a streamed answer are encoded at a time. */
const STREAM_PIECE = 256 * 1024;

/** A route's path (`/v1/criteria-sets/:id`) as a pattern that matches the paths it serves. */
function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

/** The longest the app computes without letting other requests run. */
const SLICE_MS = 10;

/**
 * Runs a generator of steps to its end, in slices of about `SLICE_MS`: between slices the event loop
 * answers other requests (a large batch never blocks `/health`).
 */
async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted > SLICE_MS) {
      await nextTurn();
      sliceStarted = performance.now();
    }
  }
}

/**
 * `items.map(map)` in slices of about `SLICE_MS`, as `inSlices`. A plain loop, not a generator: with the
 * answer's JSON written inside a generator, V8 promoted 2.7 MB of short-lived objects at each
 * young-generation collection (30 KB without), and POST /v1/score spent about 180 µs a request in the
 * collector, against 20 without (apps/api/bench).
 */
async function mapInSlices<T, U>(items: readonly T[], map: (item: T) => U): Promise<U[]> {
  const mapped: U[] = [];
  let sliceStarted = performance.now();
  for (const item of items) {
    mapped.push(map(item));
    if (performance.now() - sliceStarted > SLICE_MS) {
      await nextTurn();
      sliceStarted = performance.now();
    }
  }
  return mapped;
}

/** Resolves after a turn of the event loop, in which other requests run. */
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Runs `work` with a signal that aborts after `ms`; rejects with a TimeoutError then, whatever `work`
 * rejects with once aborted (a renderer that stops on the signal rejects first).
 */
async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(new TimeoutError()), { once: true });
      }),
    ]);
  } catch (error) {
    throw controller.signal.aborted ? new TimeoutError() : error;
  } finally {
    clearTimeout(timer);
  }
}

/** `bao-cao-cchc-kon-ray-2021.docx`: ASCII only, so that every client takes it as it is. */
function reportFileName(results: readonly UnitResult[]): string {
  const first = results[0];
  const slug = (first ? `${first.unit.id}-${first.period}` : 'report').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `bao-cao-cchc-${slug}.docx`;
}

/** What a document is, and what is wrong with it. */
function validate(
  value: unknown,
  held: ReadonlyMap<string, CriteriaSet>,
  maxCriteria: number,
): { kind: string; issues: readonly Issue[] } {
  if (documentKind(value) === 'criteria-set') {
    const parsed = parseCriteriaSet(value, { maxCriteria });
    return { kind: 'criteria-set', issues: parsed.success ? [] : parsed.issues };
  }
  return { kind: 'assessment', issues: checkAssessment(value, held) };
}

import type { BatchLimits, CriteriaSet, Outcome } from '@cchc/core';
import type { ScoreSheetOptions, SheetOutcome } from '@cchc/excel';
import type { ReportFormat, ReportModel } from '@cchc/report';
import type { KeyRing, Rounds } from '@cchc/rounds';
import type { RequestIdVariables } from 'hono/request-id';
import packageJson from '../package.json' with { type: 'json' };
import type { BodyLimits, BodyReader, BodyStreamer } from './body.js';

export interface CchcAppOptions {
  /** The service name reported by `GET /health`. */
  readonly name?: string;
  /** The criteria sets the server holds, parsed (`parseCriteriaSet`). */
  readonly criteriaSets?: readonly CriteriaSet[];
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Largest evidence file in bytes (default 20 MiB, the store's): an upload that says more is refused at once. */
  readonly fileLimit?: number;
  /** Bounds on a request's documents and work; see `DEFAULT_API_LIMITS` for each default. */
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
   * Streams a request body that is not held whole (an evidence file), by default from the web Request. The
   * Node app passes one that reads the socket.
   */
  readonly streamBody?: BodyStreamer;
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
  /**
   * Behind a reverse proxy: trust the address it appends to `X-Forwarded-For` as the client's, for the
   * sign-in throttle (default false: the socket's address, which behind a proxy is the proxy's for all).
   */
  readonly trustProxy?: boolean;
  /** How long a page session lasts without a request, in minutes (default 480); each request restarts it. */
  readonly sessionIdleMinutes?: number;
  /**
   * The address people open the pages at (`https://cchc.kontum.gov.vn`), for links handed out of the app: a
   * survey's links and their QR codes. By default, the address each request came to.
   */
  readonly publicUrl?: string;
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

export const DEFAULT_API_LIMITS: ApiLimits = {
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
export type Env = CchcEnv;

export const VERSION = packageJson.version;

/** A rendering past its time: answered 503. */
export class TimeoutError extends Error {}

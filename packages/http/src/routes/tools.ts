import {
  type CriteriaSet,
  checkAssessment,
  documentKind,
  type EarlierLayers,
  formatIssue,
  formatPath,
  type Issue,
  issueMessage,
  type Locale,
  type Outcome,
  parseCriteriaSet,
  type UnitResult,
  vietnamDate,
} from '@cchc/core';
import { prefixIssues } from '@cchc/core/internal';
import { readScoreSheet, resultsWorkbook, type ScoreSheetOptions, scoreSheet } from '@cchc/excel';
import {
  createReportModel,
  createSurveyReportModel,
  type ReportFormat,
  type ReportModel,
  renderReport,
} from '@cchc/report';
import { type Caller, coreLayer, DEFAULT_FILE_LIMITS, type Layer, type Rounds } from '@cchc/rounds';
import type { Context } from 'hono';
import {
  bodyText,
  formatOfContentType,
  readBody,
  readRequestBody,
  streamRequestBody,
  XLSX_MEDIA_TYPE,
} from '../body.js';
import { reportFigures } from '../chart-images.js';
import { attachment, mediaTypeOf, type ResultFormat } from '../formats.js';
import { requestHeader } from '../node-bindings.js';
import {
  DETAILS,
  type Localized,
  localeOf,
  ProblemError,
  type ProblemKind,
  problem,
  problemKindOf,
} from '../problem.js';
import {
  type ApiLimits,
  type CchcAppOptions,
  DEFAULT_API_LIMITS,
  type Env,
  RenderBusyError,
  RenderTimeoutError,
  type ReportRenderer,
  TimeoutError,
} from '../settings.js';

/**
 * What every route answers with: the app's limits, bodies read as documents or workbooks within them,
 * problems in the language asked for, work done within its time, reports and workbooks as downloads.
 */
export function requestTools(options: CchcAppOptions) {
  const held = new Map((options.criteriaSets ?? []).map((set) => [set.id, set]));
  /** The documents of the held sets, which a round stores with it when it names one the store lacks. */
  const heldDocuments: ReadonlyMap<string, unknown> = new Map(
    [...held].map(([id, set]) => [id, set.document]),
  );
  const limits: ApiLimits = { ...DEFAULT_API_LIMITS, ...options.limits };
  const maxBytes = options.bodyLimit ?? 1024 * 1024;
  const fileBytes = options.fileLimit ?? DEFAULT_FILE_LIMITS.fileBytes;
  const renderTimeout = options.renderTimeoutMs ?? 10_000;
  const render: ReportRenderer = options.render ?? ((model, format) => renderReport(model, format));
  const readBodyBytes = options.readBody ?? readRequestBody;
  const streamBody = options.streamBody ?? streamRequestBody;

  /**
   * An uploaded file's bytes as they come, at most `maxBytes` of them (refused at once when the declared
   * length says more): a body that ends short of its declared length was cut off, and throws, so that
   * nothing of it is kept.
   */
  const uploadBody = (c: Context<Env>, maxBytes: number): AsyncIterable<Uint8Array> => {
    const declared = c.req.header('content-length');
    const length = declared === undefined ? undefined : Number(declared);
    if (length !== undefined && length > maxBytes)
      throw new ProblemError('too-large', DETAILS.bodyTooLarge(maxBytes));
    const source = streamBody(c);
    return {
      async *[Symbol.asyncIterator]() {
        let received = 0;
        const cutOff = () =>
          new ProblemError('malformed', {
            en: `the body ended after ${received}${length === undefined ? '' : ` of its ${length}`} bytes`,
            vi: `nội dung gửi lên bị cắt ngang (${received}${length === undefined ? '' : `/${length}`} byte)`,
          });
        const iterator = source[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<Uint8Array>;
          try {
            next = await iterator.next();
          } catch {
            // The client went away mid-body: a request cut off, not a fault of the server.
            throw cutOff();
          }
          if (next.done) break;
          received += next.value.byteLength;
          yield next.value;
        }
        if (length !== undefined && received !== length) throw cutOff();
      },
    };
  };

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
    const { kind, detail } = invalidProblem(issues);
    return fail(c, kind, detail, issues);
  };

  /** The problem of a document's issues: 422 with every issue, or the kind their first one says (413…). */
  const invalidProblem = (issues: readonly Issue[]) => {
    const kind = problemKindOf(issues);
    const first = issues[0];
    const detail =
      kind === 'invalid-document' || first === undefined
        ? DETAILS.documentErrors(issues.length)
        : { en: issueMessage(first, 'en'), vi: issueMessage(first, 'vi') };
    return new ProblemError(kind, detail, issues);
  };

  /** Reads the request body as a JSON or YAML document; throws the problem when it cannot. */
  const document = async (c: Context<Env>): Promise<unknown> => {
    const format = formatOfContentType(requestHeader(c, 'content-type'));
    if (!format) throw new ProblemError('unsupported-media-type', DETAILS.mediaType());
    const bytes = await readBodyBytes(c, maxBytes);
    if (bytes === undefined) throw new ProblemError('too-large', DETAILS.bodyTooLarge(maxBytes));
    const text = bodyText(bytes);
    if (format === 'yaml' && text.length > limits.maxYamlCharacters)
      throw new ProblemError('too-large', DETAILS.yamlTooLarge(limits.maxYamlCharacters));
    // YAML is read in one step nothing can interrupt: where the app has workers, it is read there.
    const readYaml = options.readYaml;
    const read: Outcome<unknown> =
      format === 'yaml' && readYaml && text.trim() !== ''
        ? await withinLimits((signal) =>
            readYaml(text, { maxDepth: limits.maxDepth, maxItems: limits.maxItems }, signal),
          )
        : readBody(text, format, limits);
    if (!read.success) throw invalidProblem(read.issues);
    return read.data;
  };

  /** The body as an Excel workbook's bytes; the problem thrown when it is over the limit. */
  const workbookBody = async (c: Context<Env>): Promise<Uint8Array> => {
    const bytes = await readBodyBytes(c, maxBytes);
    if (bytes === undefined) throw new ProblemError('too-large', DETAILS.bodyTooLarge(maxBytes));
    return bytes;
  };

  /** A workbook's errors as a 422: each at its cell, in the language asked for. */
  const sheetInvalid = (c: Context<Env>, issues: readonly Issue[]) => {
    const language = locale(c);
    return new ProblemError('invalid-document', DETAILS.documentErrors(issues.length), [], {
      errors: issues.slice(0, limits.maxErrors).map((found) => ({
        path: found.cell ?? formatPath(found.path),
        code: found.code,
        message: formatIssue(found, language),
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
   * Work done elsewhere (a worker) within the time limit: its value, or the problem thrown that says it
   * took too long (503) or that every worker is busy (503 with Retry-After).
   */
  const withinLimits = async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await withTimeout(work, renderTimeout);
    } catch (error) {
      if (error instanceof TimeoutError)
        throw new ProblemError('timeout', DETAILS.renderTimeout(renderTimeout));
      if (error instanceof RenderTimeoutError)
        throw new ProblemError('timeout', DETAILS.renderTimeout(error.limitMs));
      if (error instanceof RenderBusyError)
        throw new ProblemError(
          'busy',
          DETAILS.renderBusy(error.retryAfterSeconds),
          [],
          {},
          {
            'Retry-After': String(error.retryAfterSeconds),
          },
        );
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
    /** For a workbook of a stored round: the names of each item's evidence files, by unit and code. */
    files?: () => Promise<Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>>,
    /** A stored round of two passes: each unit's earlier layers, read beside its result. */
    earlier?: ReadonlyMap<string, EarlierLayers>,
  ): Promise<Response> => {
    // `?bieu-do=1`: the ranking and the areas as pictures in the document (DOCX, HTML); else its text alone.
    const figures = c.req.query('bieu-do') === '1' && format !== 'xlsx' ? reportFigures(results) : undefined;
    const model = createReportModel({ results, input, earlier, figures });
    if (format !== 'xlsx') return modelResponse(c, model, format, reportFileName(results));
    if (!model.success) return invalid(c, prefixIssues(model.issues, 'report'));
    // A workbook of a large round takes seconds and tens of MB: a few at a time, a bounded queue, then 503.
    const names = files && (await files());
    const built = await workbooks(() =>
      resultsWorkbook(results, {
        title: model.data.title,
        earlier,
        ...(names
          ? {
              files: new Map(
                Object.entries(names).map(([unit, codes]) => [unit, new Map(Object.entries(codes))] as const),
              ),
            }
          : {}),
      }),
    );
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
    const output = await withinLimits((signal) => render(model.data, format, signal));
    const headers: Record<string, string> = { 'content-type': mediaTypeOf(format) };
    if (format === 'docx') headers['content-disposition'] = attachment(fileName);
    return c.body(typeof output === 'string' ? output : new Uint8Array(output), 200, headers);
  };

  /**
   * A round's survey as a report (Word, HTML, Markdown or text): who answered, and each survey criterion's
   * answers per unit. Issued by the round's authority, dated today, placed where its name says
   * ("UBND huyện Kon Rẫy": Kon Rẫy).
   */
  const surveyReportResponse = async (
    c: Context<Env>,
    rounds: Rounds,
    caller: Caller,
    round: string,
    format: ReportFormat,
  ): Promise<Response> => {
    const survey = await rounds.getSurvey(caller, round);
    const results = await rounds.surveyResults(caller, round);
    const view = await rounds.getRound(caller, round);
    const authority = view.authority.name;
    const model = createSurveyReportModel({
      authority,
      place: authority.replace(
        /^(UBND|Ủy ban nhân dân)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+/iu,
        '',
      ),
      date: vietnamDate(new Date()),
      title: survey.title,
      tally: { units: results.units },
      units: view.units,
      criteria: new Map(results.criteria.map((criterion) => [criterion.code, criterion.name])),
      groups: survey.plan.groups.map((group) => ({
        id: group.id,
        name: group.name,
        responses: survey.groups[group.id]?.responses ?? 0,
      })),
      minimumRespondents: survey.plan.minimumRespondents,
      points: (await rounds.surveyComparison(caller, round)).units,
    });
    return modelResponse(c, model, format, `khao-sat-${round}.docx`);
  };

  /** The body as a document, or undefined when the request has none (a POST that needs no body). */
  const optionalDocument = async (c: Context<Env>): Promise<unknown> => {
    const length = c.req.header('content-length');
    const empty = length === '0' || (length === undefined && c.req.header('transfer-encoding') === undefined);
    return empty && c.req.header('content-type') === undefined ? undefined : document(c);
  };

  /** A filled score sheet read (in a worker where the app has them, within the time limit) against its set. */
  const readSheet = async (
    bytes: Uint8Array,
    set: CriteriaSet,
    sheetOptions: { unit: ScoreSheetOptions['unit']; period: string },
  ): Promise<Outcome<Record<string, unknown>>> => {
    const elsewhere = options.readSheet;
    if (!elsewhere) return readScoreSheet(bytes, { set, ...sheetOptions });
    return withinLimits((signal) => elsewhere(bytes, set.document, sheetOptions, signal));
  };

  /** A unit's score sheet for a layer, filled in with the layer's latest revision, as a download. */
  const sheetResponse = async (
    c: Context<Env>,
    rounds: Rounds,
    round: string,
    unit: string,
    layer: Layer,
    caller: Caller,
  ) => {
    const sheet = await rounds.sheetOf(caller, round, unit, layer);
    const bytes = await scoreSheet(sheet.set, {
      unit: sheet.unit,
      period: sheet.period,
      layer: coreLayer(layer),
      entries: sheet.document?.['entries'] as Record<string, unknown> | undefined,
      unscored: sheet.document?.['unscored'] as 'error' | 'full' | undefined,
    });
    return workbookResponse(c, bytes, `phieu-cham-diem-${unit}-${layer}.xlsx`);
  };

  return {
    held,
    heldDocuments,
    limits,
    maxBytes,
    renderTimeout,
    render,
    readBodyBytes,
    uploadBody,
    streamBody,
    fileBytes,
    locale,
    fail,
    invalid,
    document,
    workbookBody,
    sheetInvalid,
    workbookResponse,
    withinLimits,
    reportResponse,
    workbooks,
    modelResponse,
    surveyReportResponse,
    optionalDocument,
    invalidProblem,
    readSheet,
    sheetResponse,
  };
}

export type RequestTools = ReturnType<typeof requestTools>;

/** Results workbooks built at once, and waiting beyond those: the rest are answered 503 with Retry-After. */
const MAX_WORKBOOKS_AT_ONCE = 2;
const MAX_WORKBOOKS_WAITING = 8;

const BUSY = Symbol('busy');

/** How long the criteria-set routes wait for the rounds' store before they answer without its sets. */
export const STORED_SETS_WAIT_MS = 250;

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
 * `{"<key>":[…]}` of items written as JSON text one at a time (`write`), as the answer is sent: one
 * string when the whole fits in STREAM_ABOVE characters; otherwise a stream of pieces, each written and
 * encoded after a turn of the event loop, so that no step holds other requests up and the whole answer is
 * never held at once.
 */
export function jsonList<T>(
  key: string,
  items: readonly T[],
  write: (item: T) => string,
): string | ReadableStream<Uint8Array> {
  let next = 0;
  const piece = (size: number): string => {
    let text = '';
    while (next < items.length && text.length < size)
      text += `${next > 0 ? ',' : ''}${write(items[next++]!)}`;
    return text;
  };
  const first = `{${JSON.stringify(key)}:[${piece(STREAM_ABOVE)}`;
  if (next === items.length) return `${first}]}`;
  const encoder = new TextEncoder();
  let sentFirst = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        controller.enqueue(encoder.encode(first));
        return;
      }
      await nextTurn();
      const text = piece(STREAM_PIECE);
      if (next < items.length) return controller.enqueue(encoder.encode(text));
      controller.enqueue(encoder.encode(`${text}]}`));
      controller.close();
    },
  });
}

/** About how many characters of a streamed answer are encoded at a time. */
const STREAM_PIECE = 256 * 1024;

/** The longest the app computes without letting other requests run. */
const SLICE_MS = 10;

/**
 * Runs a generator of steps to its end, in slices of about `SLICE_MS`: between slices the event loop
 * answers other requests (a large batch never blocks `/health`).
 */
export async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
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

/** Resolves after a turn of the event loop, in which other requests run. */
export const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

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
export function validate(
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

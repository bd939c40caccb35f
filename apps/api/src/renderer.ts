import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Outcome } from '@cchc/core';
import type { Limits } from '@cchc/documents';
import type { ScoreSheetOptions, SheetOutcome } from '@cchc/excel';
import { RenderBusyError, RenderTimeoutError, type ReportRenderer } from '@cchc/http';
import type { ReportFormat, ReportModel } from '@cchc/report';
import type { RenderJob, RenderReply, RenderWork } from './render-worker.js';

export interface RenderPoolOptions {
  /** Workers started ahead of time (default: the number of cores). */
  readonly workers?: number;
  /** Reports that may wait for a worker; one more is refused with 503 and Retry-After (default 8). */
  readonly queue?: number;
  /** The heap of one worker, in MiB: a report that needs more stops its worker, not the server (default 512). */
  readonly memoryMb?: number;
  /** What a refused client is told to wait, in seconds (default 5). */
  readonly retryAfterSeconds?: number;
  /**
   * The longest a worker may render one report, counted from when it starts on it (waiting in the queue
   * does not count), in milliseconds; then the worker is ended and replaced (default 10,000).
   */
  readonly timeoutMs?: number;
  /** The worker script (default: the built one beside this file). */
  readonly script?: URL;
}

export interface RenderPool {
  readonly render: ReportRenderer;
  /** Reads a filled score sheet in a worker, with the same queue, time limit and refusals. */
  readonly readSheet: (
    bytes: Uint8Array,
    setDocument: unknown,
    options: { unit: ScoreSheetOptions['unit']; period: string },
    signal: AbortSignal,
  ) => Promise<SheetOutcome<Record<string, unknown>>>;
  /** Reads a YAML body in a worker, with the same queue, time limit and refusals as a rendering. */
  readonly readYaml: (text: string, limits: Limits, signal: AbortSignal) => Promise<Outcome<unknown>>;
  /** Resolves once every worker started with the pool has warmed up. */
  readonly ready: Promise<void>;
  /** Stops every worker; reports still waiting or rendering are refused. */
  close(): Promise<void>;
}

interface Waiting {
  readonly job: RenderWork;
  readonly resolve: (
    output: string | Uint8Array | Outcome<unknown> | SheetOutcome<Record<string, unknown>>,
  ) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal;
}

interface Slot {
  worker: Worker;
  /** False while a new worker warms up: it takes no report until it says it is ready. */
  ready: boolean;
  running: (Waiting & { readonly id: number; readonly timer: ReturnType<typeof setTimeout> }) | undefined;
}

/**
 * Renders reports in a fixed pool of worker threads started ahead of time, with a bounded queue: memory
 * stays bounded however many reports are asked for at once, a full queue answers at once (503), and a
 * rendering past its time limit is stopped by ending its worker, which is then replaced.
 */
export function renderPool(options: RenderPoolOptions = {}): RenderPool {
  const size = options.workers ?? availableParallelism();
  const maxQueue = options.queue ?? 8;
  const retryAfter = options.retryAfterSeconds ?? 5;
  const script = options.script ?? new URL('./render-worker.js', import.meta.url);
  const memoryMb = options.memoryMb ?? 512;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const queue: Waiting[] = [];
  let nextId = 1;
  let closed = false;

  const start = (slot?: Slot): Slot => {
    const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    const current: Slot = slot ?? { worker, ready: false, running: undefined };
    current.worker = worker;
    current.ready = false;
    current.running = undefined;
    worker.on('message', (reply: RenderReply) => {
      if (current.worker !== worker) return;
      if ('ready' in reply) {
        current.ready = true;
        if (slots.every((slot) => slot.ready)) allReady();
        return dispatch();
      }
      const running = current.running;
      if (running === undefined || running.id !== reply.id) return;
      finish(current);
      if ('output' in reply) {
        running.resolve(reply.output);
        dispatch();
        return;
      }
      running.reject(new Error(`rendering failed: ${reply.error}`));
      // A job that failed in a way nothing expected may have left the worker's state changed (a
      // prototype written by hostile input): the worker is not used again.
      replace(current);
    });
    // A worker that fails (out of memory, a fault) is replaced; its report is refused with the error.
    worker.on('error', (error) => {
      if (current.worker !== worker) return;
      const running = current.running;
      finish(current);
      running?.reject(error);
      replace(current);
    });
    return current;
  };
  /** Ends a slot's worker (the only way to stop a rendering that has begun) and starts another. */
  const replace = (slot: Slot): void => {
    finish(slot);
    void slot.worker.terminate();
    if (!closed) start(slot);
    dispatch();
  };
  const finish = (slot: Slot): void => {
    if (slot.running) clearTimeout(slot.running.timer);
    slot.running = undefined;
  };
  let allReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    allReady = resolve;
  });
  const slots: Slot[] = [];
  for (let started = 0; started < size; started++) slots.push(start());

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.running !== undefined || !slot.ready) continue;
      const waiting = queue.shift();
      if (waiting === undefined) return;
      const id = nextId++;
      const timer = setTimeout(() => {
        replace(slot);
        waiting.reject(new RenderTimeoutError(timeoutMs));
      }, timeoutMs);
      slot.running = { ...waiting, id, timer };
      slot.worker.postMessage({ id, ...waiting.job } as RenderJob);
    }
  };

  /** Queues work for a worker; refused at once when the pool is closed or its queue is full. */
  const submit = (job: RenderWork, signal: AbortSignal) =>
    new Promise<string | Uint8Array | Outcome<unknown> | SheetOutcome<Record<string, unknown>>>(
      (resolve, reject) => {
        if (closed) return reject(new RenderBusyError(retryAfter));
        if (queue.length >= maxQueue) return reject(new RenderBusyError(retryAfter));
        const waiting: Waiting = { job, resolve, reject, signal };
        signal.addEventListener(
          'abort',
          () => {
            const queued = queue.indexOf(waiting);
            if (queued !== -1) queue.splice(queued, 1);
            const slot = slots.find((candidate) => candidate.running?.signal === signal);
            if (slot) replace(slot);
            reject(new Error('rendering stopped: its request gave up'));
            dispatch();
          },
          { once: true },
        );
        queue.push(waiting);
        dispatch();
      },
    );
  const render = (model: ReportModel, format: ReportFormat, signal: AbortSignal) =>
    submit({ kind: 'render', model, format }, signal) as Promise<string | Uint8Array>;
  const readSheet = (
    bytes: Uint8Array,
    setDocument: unknown,
    sheet: { unit: ScoreSheetOptions['unit']; period: string },
    signal: AbortSignal,
  ) =>
    submit({ kind: 'sheet', bytes, setDocument, ...sheet }, signal) as Promise<
      SheetOutcome<Record<string, unknown>>
    >;
  const readYaml = (text: string, limits: Limits, signal: AbortSignal) =>
    submit({ kind: 'yaml', text, limits }, signal) as Promise<Outcome<unknown>>;

  return {
    render,
    readSheet,
    readYaml,
    ready,
    async close() {
      closed = true;
      const refused = [...queue.splice(0), ...slots.flatMap((slot) => (slot.running ? [slot.running] : []))];
      for (const slot of slots) finish(slot);
      for (const waiting of refused) waiting.reject(new RenderBusyError(retryAfter));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

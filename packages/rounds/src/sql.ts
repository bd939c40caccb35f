import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The little of SQL the rounds need, over either store: plain parameterised statements ($1, $2…) and
 * transactions. One interface, two adapters, so the same queries run embedded and on a server.
 */
export interface SqlClient {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(script: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Holds the transaction's lock on one record by name (a layer, a task, a plan…): writes to it go one at a
 * time, each numbering its revision from the last, while writes to other records go side by side.
 */
export async function lockRecord(tx: SqlClient, name: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}

/**
 * PostgreSQL in process (PGlite), its files in `dataDir` (created when missing), or in memory without
 * one. No server to install; one process at a time may open a folder.
 */
export async function openEmbedded(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  interface Queryable {
    query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
    exec(script: string): Promise<unknown>;
  }
  const client = (target: Queryable, inTransaction: boolean): SqlClient => ({
    query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
      (await target.query<Row>(text, [...params])).rows,
    exec: async (script) => {
      await target.exec(script);
    },
    transaction: (work) =>
      inTransaction ? work(client(target, true)) : db.transaction((tx) => work(client(tx, true))),
    close: () => db.close(),
  });
  return client(db, false);
}

/**
 * A server's connection string whose connections work in `schema` (their search_path): one database can
 * then hold several stores, as tests and benchmarks use it. `schema` is a plain identifier.
 */
export function inSchema(url: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`not a plain schema name: '${schema}'`);
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** A PostgreSQL server at `url` (`postgres://…`), through a pool of connections (`pg`). */
export async function openServer(url: string): Promise<SqlClient> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection that fails while idle is dropped from the pool; the next query takes another.
  pool.on('error', () => {});
  const query =
    (target: Pick<InstanceType<typeof pg.Pool>, 'query'>) =>
    async <Row extends object>(text: string, params: readonly unknown[] = []) =>
      (await target.query(text, [...params])).rows as Row[];
  return {
    query: query(pool),
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: async (work) => {
      const connection = await pool.connect();
      const inside: SqlClient = {
        query: query(connection),
        exec: async (script) => {
          await connection.query(script);
        },
        transaction: (nested) => nested(inside),
        close: async () => {},
      };
      try {
        return await inTransaction(inside, work);
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * The embedded store (`openEmbedded`) in a worker thread: what a server uses, since PGlite computes on the
 * thread it runs on (creating a store takes seconds) and the server's event loop must keep answering. One
 * statement or transaction runs at a time, as on PGlite's one connection.
 */
export function openEmbeddedInWorker(dataDir?: string): SqlClient {
  const worker = new Worker(new URL('./embedded-worker.js', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let isReady = false;
  let closed: (() => void) | undefined;
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on(
      'message',
      (message: {
        ready?: true;
        closed?: true;
        id?: number;
        rows?: unknown[];
        error?: { message: string; code?: string };
      }) => {
        if (message.ready) {
          isReady = true;
          return resolve();
        }
        if (message.closed) return closed?.();
        const waiting = pending.get(message.id!);
        pending.delete(message.id!);
        if (message.error)
          waiting?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
        else waiting?.resolve(message.rows!);
      },
    );
    const fail = (error: Error) => {
      failure = error;
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded store's thread stopped (${code})`)));
  });
  // A store that fails to open says so to each caller; nobody need be listening before then.
  ready.catch(() => {});
  const send = async (message: { text?: string; params?: readonly unknown[]; script?: string }) => {
    await ready;
    return new Promise<unknown[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => {});
    return run;
  };
  const inside: SqlClient = {
    query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
      (await send({ text, params: [...params] })) as Row[],
    exec: async (script) => {
      await send({ script });
    },
    transaction: (work) => work(inside),
    close: async () => {},
  };
  const stop = async () => {
    worker.removeAllListeners('exit');
    await worker.terminate();
  };
  return {
    query: (text, params) => exclusive(() => inside.query(text, params)),
    exec: (script) => exclusive(() => inside.exec(script)),
    transaction: (work) => exclusive(() => inTransaction(inside, work)),
    // A store still being created is simply stopped (nothing was acknowledged from it); an open one
    // closes after the statement or transaction running, so that PGlite leaves its files whole.
    close: async () => {
      if (failure) return;
      if (!isReady) return stop();
      await exclusive(async () => {
        const done = new Promise<void>((resolve) => {
          closed = resolve;
        });
        worker.postMessage({ close: true });
        await done;
        await stop();
      });
    },
  };
}

/** `work` between begin and commit on one connection; rolled back when it throws. */
async function inTransaction<T>(connection: SqlClient, work: (tx: SqlClient) => Promise<T>): Promise<T> {
  await connection.query('begin');
  try {
    const result = await work(connection);
    await connection.query('commit');
    return result;
  } catch (error) {
    await connection.query('rollback').catch(() => {});
    throw error;
  }
}

import { randomUUID } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RoundsError } from './errors.js';

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
  /**
   * True when the store runs one transaction at a time (the embedded store, one connection): a record's
   * lock has nothing to wait for there, and is not taken.
   */
  readonly oneAtATime?: boolean;
}

/**
 * Holds the transaction's lock on one record by name (a layer, a task, a plan…): writes to it go one at a
 * time, each numbering its revision from the last, while writes to other records go side by side.
 */
export async function lockRecord(tx: SqlClient, name: string): Promise<void> {
  if (tx.oneAtATime) return;
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}

/**
 * PostgreSQL in process (PGlite), its files in `dataDir` (created when missing), or in memory without
 * one. No server to install; one process at a time may open a folder.
 */
export async function openEmbedded(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import('@electric-sql/pglite');
  let release = () => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    release = lockFolder(dataDir);
    try {
      requireSoundStore(dataDir);
    } catch (error) {
      release();
      throw error;
    }
  }
  const db = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    // A bytea goes in and out as bytes. PGlite's own bytea conversions walk a file byte by byte through hex
    // text (half a second a MiB); as it is, a parameter is sent to PostgreSQL in binary, as the server's
    // driver sends a Buffer, and a value read comes back as one Buffer.from.
    // (PGlite types a serializer as giving text; its bind message takes bytes as they are.)
    serializers: { [BYTEA_OID]: (value: Uint8Array) => value as unknown as string },
    parsers: { [BYTEA_OID]: (text: string) => Buffer.from(text.slice(2), 'hex') },
  }).catch((error: unknown) => {
    release();
    throw error;
  });
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
    close: async () => {
      await db.close();
      release();
    },
    // PGlite runs one transaction at a time, and one process holds its folder.
    oneAtATime: true,
  });
  return client(db, false);
}

/** The file that says which process has an embedded store's folder open. */
/** PostgreSQL's type of bytes. */
const BYTEA_OID = 17;

const LOCK_FILE = 'cchc.lock';

/**
 * Takes `dataDir` for this process alone, or refuses: PGlite is one process's database, and two processes
 * on one folder would each acknowledge writes the other then loses. The lock is a file naming the process;
 * one left by a process that no longer runs (killed) is taken over. Returns its release.
 */
function lockFolder(dataDir: string): () => void {
  const lock = join(dataDir, LOCK_FILE);
  const me = processMark(process.pid);
  const mine = `${lock}.${process.pid}.${randomUUID()}`;
  writeFileSync(mine, me);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // A hard link is made whole or not at all, and never over an existing file.
        linkSync(mine, lock);
        return () => {
          if (readFileSync(lock, 'utf8') === me) unlinkSync(lock);
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readFileSync(lock, 'utf8');
      const pid = Number(holder.split(' ')[0]);
      if (holder !== me && Number.isSafeInteger(pid) && pid > 0 && processMark(pid) === holder)
        throw new StoreFolderError(
          `the data folder ${dataDir} is open in another process (${pid}): one process at a time may use an embedded store; point DATABASE_URL at a PostgreSQL server to run several`,
        );
      // Left by a process that stopped (or by this one, before): moved aside and removed, then taken.
      const stale = `${lock}.stale.${randomUUID()}`;
      try {
        renameSync(lock, stale);
        unlinkSync(stale);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    throw new StoreFolderError(`the data folder ${dataDir} could not be locked`);
  } finally {
    unlinkSync(mine);
  }
}

/**
 * A running process as a lock names it: its id and, where the system says it (Linux), when it started,
 * so that an id reused by another process after a kill is not taken for the holder. Empty when no process
 * has that id.
 */
function processMark(pid: number): string {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return '';
  }
  try {
    // Field 22 of /proc/<pid>/stat, after the command in parentheses: the start time in clock ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return String(pid);
  }
}

/**
 * Refuses a folder that holds files but no PostgreSQL data directory: opened, PGlite would create a new
 * empty store over them. A damaged store is for a person to restore, never to be re-initialised.
 */
function requireSoundStore(dataDir: string): void {
  const files = readdirSync(dataDir).filter((name) => !name.startsWith(LOCK_FILE));
  if (files.length > 0 && !files.includes('PG_VERSION'))
    throw new StoreFolderError(
      `the data folder ${dataDir} holds files but is not a sound store (no PG_VERSION): restore it from a backup, or name an empty folder in CCHC_DATA_DIR`,
    );
}

/** A store folder that this process may not open: in use by another, or not a store. */
export class StoreFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreFolderError';
  }
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
  // Bounded waits: a server that is down or hung is answered 503 in seconds, never held for minutes.
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: SERVER_TIMEOUTS.connectMs,
    query_timeout: SERVER_TIMEOUTS.queryMs,
    statement_timeout: SERVER_TIMEOUTS.statementMs,
    idle_in_transaction_session_timeout: SERVER_TIMEOUTS.queryMs,
  });
  // A connection that fails while idle is dropped from the pool; the next query takes another.
  pool.on('error', () => {});
  const query =
    (target: Pick<InstanceType<typeof pg.Pool>, 'query'>) =>
    async <Row extends object>(text: string, params: readonly unknown[] = []) => {
      try {
        return (await target.query(text, [...params])).rows as Row[];
      } catch (error) {
        throw unavailableOr(error);
      }
    };
  return {
    query: query(pool),
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: async (work) => {
      const connection = await pool.connect().catch((error: unknown) => {
        throw unavailableOr(error);
      });
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
  const startWorker = () =>
    new Worker(new URL('./embedded-worker.js', import.meta.url), { workerData: { dataDir } });
  let worker: Worker | undefined;
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let isReady = false;
  let closed: (() => void) | undefined;
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      failure = error;
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    // `worker` is the thread running, the one creating the store first when it is new.
    const serve = (serving: Worker) => {
      worker = serving;
      serving.on(
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
      serving.on('error', fail);
      serving.on('exit', (code) => fail(new Error(`the embedded store's thread stopped (${code})`)));
    };
    // A new store is created by a thread of its own, which then ends: creating one (initdb) takes PGlite's
    // memory to some 700 MB, which a thread's WebAssembly memory never gives back; the store is then served
    // by a thread that opened it whole, at a third of that.
    if (dataDir !== undefined && !existsSync(join(dataDir, 'PG_VERSION'))) {
      worker = startWorker();
      createdInThread(worker).then(() => {
        if (!stopped) serve(startWorker());
      }, fail);
    } else serve(startWorker());
  });
  // A store that fails to open says so to each caller; nobody need be listening before then.
  ready.catch(() => {});
  const send = async (message: {
    text?: string;
    params?: readonly unknown[];
    script?: string;
    begin?: true;
  }) => {
    await ready;
    return new Promise<unknown[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker!.postMessage({ id, ...message });
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
    oneAtATime: true,
  };
  /**
   * `work` in one transaction, its `begin` sent with its first statement: each message is a trip to the
   * store's thread and back, and a write of a layer is a handful of statements.
   */
  const inTransactionOnThread = async <T>(work: (tx: SqlClient) => Promise<T>): Promise<T> => {
    let begun = false;
    // The thread begins before it runs the first statement, whether or not that statement then fails.
    const opening = () => {
      const begin = begun ? {} : ({ begin: true } as const);
      begun = true;
      return begin;
    };
    const tx: SqlClient = {
      query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
        (await send({ text, params: [...params], ...opening() })) as Row[],
      exec: async (script) => {
        await send({ script, ...opening() });
      },
      transaction: (nested) => nested(tx),
      close: async () => {},
      oneAtATime: true,
    };
    try {
      const result = await work(tx);
      if (begun) await send({ script: 'commit' });
      return result;
    } catch (error) {
      if (begun) await send({ script: 'rollback' }).catch(() => {});
      throw error;
    }
  };
  let stopped = false;
  const stop = async () => {
    stopped = true;
    worker?.removeAllListeners('exit');
    await worker?.terminate();
  };
  return {
    query: (text, params) => exclusive(() => inside.query(text, params)),
    exec: (script) => exclusive(() => inside.exec(script)),
    transaction: (work) => exclusive(() => inTransactionOnThread(work)),
    oneAtATime: true,
    // A store still being created is simply stopped (nothing was acknowledged from it); an open one
    // closes after the statement or transaction running, so that PGlite leaves its files whole.
    close: async () => {
      if (failure) return;
      if (!isReady) return stop();
      await exclusive(async () => {
        const done = new Promise<void>((resolve) => {
          closed = resolve;
        });
        worker!.postMessage({ close: true });
        await done;
        await stop();
      });
    },
  };
}

/** Lets the embedded store's thread `creating` open (and so create) its folder, close it, and end. */
function createdInThread(creating: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    creating.on('message', (message: { ready?: true; closed?: true }) => {
      if (message.ready) creating.postMessage({ close: true });
      if (message.closed) {
        creating.removeAllListeners('exit');
        void creating.terminate().then(() => resolve(), reject);
      }
    });
    creating.on('error', reject);
    creating.on('exit', (code) => reject(new Error(`the embedded store's thread stopped (${code})`)));
  });
}

/** How long a server's store may take: to connect, to run one statement, to answer one query. */
export const SERVER_TIMEOUTS = { connectMs: 5_000, statementMs: 10_000, queryMs: 15_000 } as const;

/**
 * A fault of the database's connection (down, refused, cut, timed out, shutting down, out of connections)
 * as the rounds' `unavailable`, answered 503: the client may try again. Its details, such as the server's
 * address, stay in the error's cause for the log, never in the message a client reads.
 */
function unavailableOr(error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const connection =
    (typeof code === 'string' &&
      (/^(08|53|57P)/.test(code) ||
        [
          'ECONNREFUSED',
          'ECONNRESET',
          'ETIMEDOUT',
          'EPIPE',
          'ENOTFOUND',
          'EAI_AGAIN',
          'EHOSTUNREACH',
        ].includes(code))) ||
    (typeof message === 'string' &&
      /Connection terminated|timeout|connection.*(closed|ended)/i.test(message));
  if (!connection) return error;
  return Object.assign(new RoundsError('database-unavailable', {}), { cause: error });
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

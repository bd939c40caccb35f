import { mkdirSync } from 'node:fs';

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
        await connection.query('begin');
        const result = await work(inside);
        await connection.query('commit');
        return result;
      } catch (error) {
        await connection.query('rollback').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

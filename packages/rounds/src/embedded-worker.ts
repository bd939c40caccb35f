/**
 * The embedded store in a worker thread of its own: PGlite runs PostgreSQL as WebAssembly, and creating
 * its files, or a long query, would otherwise hold up the server's event loop for seconds. The thread
 * takes one message at a time: { id, text, params? } for a statement, { id, script } for a script (either
 * with begin: true to begin a transaction first), and answers { id, rows } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEmbedded } from './sql.js';

interface Request {
  readonly id: number;
  readonly text?: string;
  readonly params?: readonly unknown[];
  readonly script?: string;
  /** Begin a transaction first (a transaction's first statement brings its `begin`). */
  readonly begin?: true;
}

const port = parentPort!;
// No top-level await: the file is built for CommonJS too.
const opening = openEmbedded((workerData as { dataDir?: string }).dataDir);
void opening.then(() => port.postMessage({ ready: true }));
port.on('message', async (request: Request | { close: true }) => {
  const sql = await opening;
  if ('close' in request) {
    await sql.close();
    port.postMessage({ closed: true });
    return;
  }
  try {
    // A statement without parameters goes as a simple query: one pass through PGlite's protocol, where a
    // query with parameters makes five (parse, describe, bind, describe, execute).
    if (request.begin) await sql.exec('begin');
    if (request.script !== undefined) {
      await sql.exec(request.script);
      port.postMessage({ id: request.id, rows: [] });
    } else {
      port.postMessage({ id: request.id, rows: await sql.query(request.text!, request.params ?? []) });
    }
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    port.postMessage({ id: request.id, error: { message: message ?? String(error), code } });
  }
});

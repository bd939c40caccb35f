import { Worker } from 'node:worker_threads';
import type { ReportRenderer } from '@cchc/http';

/**
 * Renders each report in a worker thread of its own, terminated when the API's time limit aborts it:
 * a long rendering cannot hold the server's thread, and the limit is hard.
 */
export function workerRenderer(script: URL = new URL('./render-worker.js', import.meta.url)): ReportRenderer {
  return (model, format, signal) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(script, { workerData: { model, format } });
      const stop = () => {
        void worker.terminate();
        reject(new Error('rendering stopped: over its time limit'));
      };
      signal.addEventListener('abort', stop, { once: true });
      worker.once('message', (output: string | Uint8Array) => {
        signal.removeEventListener('abort', stop);
        void worker.terminate();
        resolve(output);
      });
      worker.once('error', (error) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      });
    });
}

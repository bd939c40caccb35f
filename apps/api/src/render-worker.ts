// A worker of the render pool: renders reports sent by the server, one at a time, for as long as it lives.
import { parentPort } from 'node:worker_threads';
import { type ReportFormat, type ReportModel, renderReport } from '@cchc/report';

export interface RenderJob {
  readonly id: number;
  readonly model: ReportModel;
  readonly format: ReportFormat;
}

export type RenderReply =
  | { readonly id: number; readonly output: string | Uint8Array }
  | { readonly id: number; readonly error: string };

parentPort!.on('message', async ({ id, model, format }: RenderJob) => {
  try {
    const output = await renderReport(model, format);
    const reply: RenderReply = { id, output };
    parentPort!.postMessage(reply, typeof output === 'string' ? [] : [output.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: RenderReply = { id, error: String((error as Error).stack ?? error) };
    parentPort!.postMessage(reply);
  }
});

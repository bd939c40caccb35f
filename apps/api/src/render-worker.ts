// A worker of the render pool: renders reports, and reads YAML bodies, sent by the server, one at a time,
// for as long as it lives. Both are long steps that nothing can interrupt: here they hold no request up.
import { parentPort } from 'node:worker_threads';
import { type Outcome, parseCriteriaSet } from '@cchc/core';
import { type Limits, readDocument } from '@cchc/documents';
import { readScoreSheet, type ScoreSheetOptions, type SheetOutcome } from '@cchc/excel';
import { type ReportFormat, type ReportModel, renderReport } from '@cchc/report';

/** What the pool asks of a worker: a report rendered, or a YAML text read into a document. */
export type RenderWork =
  | { readonly kind: 'render'; readonly model: ReportModel; readonly format: ReportFormat }
  | { readonly kind: 'yaml'; readonly text: string; readonly limits: Limits }
  | {
      readonly kind: 'sheet';
      readonly bytes: Uint8Array;
      readonly setDocument: unknown;
      readonly unit: ScoreSheetOptions['unit'];
      readonly period: string;
    };

export type RenderJob = RenderWork & { readonly id: number };

export type RenderReply =
  | {
      readonly id: number;
      readonly output: string | Uint8Array | Outcome<unknown> | SheetOutcome<Record<string, unknown>>;
    }
  | { readonly id: number; readonly error: string }
  | { readonly ready: true };

/** A small report rendered in every format when the worker starts: its first real report runs compiled code. */
const WARM_UP: ReportModel = {
  issuer: ['ỦY BAN NHÂN DÂN', 'HUYỆN'],
  number: '/BC-UBND',
  placeDate: 'ngày … tháng … năm 2022',
  kind: 'BÁO CÁO',
  title: 'Kết quả',
  body: [
    { kind: 'heading', text: [{ text: 'I. KẾT QUẢ', bold: true }] },
    { kind: 'paragraph', text: [{ text: 'Đạt ' }, { text: '81,45', bold: true }] },
    { kind: 'table', caption: 'Bảng', header: ['STT', 'Đơn vị'], rows: [['1', 'Xã']] },
  ],
  recipients: ['Như trên'],
  signature: { lines: ['CHỦ TỊCH'], name: 'Tên' },
  appendix: [],
  issuedOn: '2022',
};
// Rendered a few times over: the engine compiles code that has run often.
for (let round = 0; round < 8; round++) {
  for (const format of ['md', 'txt', 'html', 'docx'] as const) await renderReport(WARM_UP, format);
  readDocument('unit: {id: u, name: "Xã"}\nentries:\n  "1.1": {score: "0,25"}\n', { format: 'yaml' });
}

parentPort!.postMessage({ ready: true } satisfies RenderReply);
parentPort!.on('message', async (job: RenderJob) => {
  const { id } = job;
  try {
    if (job.kind === 'sheet') {
      const set = parseCriteriaSet(job.setDocument);
      // The set is one the store holds: it was checked when stored, so one that no longer parses is a fault.
      if (!set.success) throw new Error('a stored criteria set no longer parses');
      const output = await readScoreSheet(job.bytes, { set: set.data, unit: job.unit, period: job.period });
      parentPort!.postMessage({ id, output } satisfies RenderReply);
      return;
    }
    if (job.kind === 'yaml') {
      parentPort!.postMessage({
        id,
        output: readDocument(job.text, { format: 'yaml', ...job.limits }),
      } satisfies RenderReply);
      return;
    }
    const output = await renderReport(job.model, job.format);
    const reply: RenderReply = { id, output };
    parentPort!.postMessage(reply, typeof output === 'string' ? [] : [output.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: RenderReply = { id, error: String((error as Error).stack ?? error) };
    parentPort!.postMessage(reply);
  }
});

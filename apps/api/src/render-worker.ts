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
}

parentPort!.postMessage({ ready: true } satisfies RenderReply);
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

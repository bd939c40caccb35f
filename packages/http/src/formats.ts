import { surveyCountsWorkbook, surveyFormsWorkbook, surveyWorkbook } from '@cchc/excel';
import { MEDIA_TYPES, REPORT_FORMATS, type ReportFormat } from '@cchc/report';
import { type Caller, may, type Rounds, type UnitFile } from '@cchc/rounds';
import type { Context } from 'hono';
import { XLSX_MEDIA_TYPE } from './body.js';

/** What a report can be asked as: the rendered report's formats, and the results as an Excel workbook. */
export type ResultFormat = ReportFormat | 'xlsx';
export const RESULT_FORMATS: readonly ResultFormat[] = [...REPORT_FORMATS, 'xlsx'];

/** The media type of each format. */
export function mediaTypeOf(format: ResultFormat): string {
  return format === 'xlsx' ? XLSX_MEDIA_TYPE : MEDIA_TYPES[format];
}

/**
 * `Content-Disposition` of a download named `fileName`: an ASCII name every client takes (Vietnamese letters
 * without their marks, anything else a dash), and the name itself as UTF-8 (RFC 6266). Nothing of the name
 * can end the header or add a parameter: a quote, a line break or a bidi control is not written as it is.
 */
export function attachment(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (letter) => (letter === 'đ' ? 'd' : 'D'))
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  const encoded = encodeURIComponent(fileName.replace(/[\p{Cc}\p{Cf}]/gu, '')).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The kinds of evidence a browser shows itself, safely, when asked to preview: PDF and images. */
export const PREVIEW_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * An evidence file as a download, streamed chunk by chunk from the store: an attachment with its name, its
 * type as its bytes were judged, not to be sniffed. With `preview`, a PDF or an image is shown instead, in a
 * frame of this site's pages at most; either way it runs sandboxed, with no script and nothing fetched.
 */
export function fileResponse(
  c: Context,
  file: UnitFile,
  chunks: AsyncIterable<Uint8Array>,
  options: { readonly preview?: boolean } = {},
): Response {
  const shown = options.preview === true && PREVIEW_TYPES.has(file.type);
  return c.body(pulledStream(chunks), 200, {
    'content-type': file.type,
    'content-length': String(file.size),
    'content-disposition': attachment(file.name, shown ? 'inline' : 'attachment'),
    'x-content-type-options': 'nosniff',
    'content-security-policy': shown
      ? "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
      : "sandbox; default-src 'none'",
    'cache-control': 'private, no-store',
  });
}

/** A round's archive (`exportArchive`) as a download: a tar, streamed as the store gives its files. */
export function roundArchiveResponse(
  c: Context,
  round: string,
  archive: AsyncIterable<Uint8Array>,
): Response {
  return c.body(pulledStream(archive), 200, {
    'content-type': 'application/x-tar',
    'content-disposition': attachment(`cchc-dot-${round}.tar`),
    'cache-control': 'private, no-store',
  });
}

/**
 * A web stream that pulls `chunks` one at a time as the client reads (back-pressure: a slow download holds one
 * chunk, not the file), and stops pulling when the client goes away.
 */
export function pulledStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A round's survey counts as a workbook download (`@cchc/excel`'s `surveyWorkbook`), for whoever may read them. */
export async function surveyWorkbookResponse(
  c: Context,
  rounds: Rounds,
  caller: Caller,
  round: string,
): Promise<Response> {
  const results = await rounds.surveyResults(caller, round);
  const view = await rounds.getRound(caller, round);
  const bytes = await surveyWorkbook({
    title: `KẾT QUẢ KHẢO SÁT: ${view.title.toUpperCase()}`,
    tally: { units: results.units },
    units: view.units,
    criteria: new Map(results.criteria.map((criterion) => [criterion.code, criterion.name])),
    groups: results.groups,
    minimumRespondents: results.minimumRespondents,
    // The points against the assessments, for those who appraise: a unit reads its own counts alone.
    ...(may(caller, 'enter-survey') ? { points: (await rounds.surveyComparison(caller, round)).units } : {}),
  });
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': XLSX_MEDIA_TYPE,
    'content-disposition': attachment(`khao-sat-${round}.xlsx`),
  });
}

/**
 * A workbook to type a round's survey forms in (`@cchc/excel`'s `surveyFormsWorkbook`), or with `counts` its
 * tally sheets (`surveyCountsWorkbook`), for its entry officers.
 */
export async function surveyFormsResponse(
  c: Context,
  rounds: Rounds,
  caller: Caller,
  round: string,
  kind: 'forms' | 'counts' = 'forms',
): Promise<Response> {
  const forms = await rounds.surveyForms(caller, round);
  const title = forms[0]?.title ?? round;
  const bytes =
    kind === 'forms'
      ? await surveyFormsWorkbook({ title, forms })
      : await surveyCountsWorkbook({ title, forms });
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': XLSX_MEDIA_TYPE,
    'content-disposition': attachment(`${kind === 'forms' ? 'phieu' : 'so-phieu'}-khao-sat-${round}.xlsx`),
  });
}

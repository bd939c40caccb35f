import type { ReportModel } from '../model.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export type ReportFormat = 'md' | 'txt' | 'html' | 'docx';

export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'txt', 'html', 'docx'];

/** The media type of each format, for files and HTTP responses. */
export const MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Renders a report model: text for md, txt and html; bytes for docx.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * import { createReportModel, renderReport } from '@cchc/report';
 * const model = unwrap(createReportModel({ results: unwrap(scoreDocuments(konRay2021)), input: konRay2021.report }));
 * const docx = await renderReport(model, 'docx'); // md, txt and html are text; docx is bytes
 * assert.ok(docx instanceof Uint8Array && docx.byteLength > 5_000);
 * ```
 */
export async function renderReport(model: ReportModel, format: ReportFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return renderMarkdown(model);
    case 'txt':
      return renderText(model);
    case 'html':
      return renderHtml(model);
    case 'docx':
      return renderDocx(model);
  }
}

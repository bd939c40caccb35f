import { MEDIA_TYPES, REPORT_FORMATS, type ReportFormat } from '@cchc/report';
import { XLSX_MEDIA_TYPE } from './body.js';

/** What a report can be asked as: the rendered report's formats, and the results as an Excel workbook. */
export type ResultFormat = ReportFormat | 'xlsx';
export const RESULT_FORMATS: readonly ResultFormat[] = [...REPORT_FORMATS, 'xlsx'];

/** The media type of each format. */
export function mediaTypeOf(format: ResultFormat): string {
  return format === 'xlsx' ? XLSX_MEDIA_TYPE : MEDIA_TYPES[format];
}

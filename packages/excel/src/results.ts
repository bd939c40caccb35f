import { PassThrough } from 'node:stream';
import {
  acrossLayers,
  type Decimal,
  type EarlierLayers,
  formatNumber,
  formatScore,
  type LedgerItem,
  lostItems,
  type ResultNode,
  responsibilityLedger,
  type UnitResult,
} from '@cchc/core';
import ExcelJS from 'exceljs';
import { A4_LANDSCAPE, FIGURE_FORMAT, figure, sheetName, styleHeader, withAuthor } from './cells.js';

/** The sheets of a results workbook, in Vietnamese as offices name them. */
export const RESULT_SHEETS = {
  summary: 'Tổng hợp',
  lost: 'Tiêu chí bị trừ điểm',
  ledger: 'Trách nhiệm',
  passes: 'Các lần chấm điểm',
} as const;

export interface ResultsWorkbookOptions {
  /** The title over the summary ("KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021"). */
  readonly title?: string | undefined;
  /**
   * The names of the evidence files each item was handed in with, by unit id and then code: given, the lost
   * items and each unit's sheet list them in a column "Tệp kiểm chứng".
   */
  readonly files?: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> | undefined;
  /**
   * Each unit's layers before its result, by unit id (a round of two passes): given with a first pass, a
   * sheet "Các lần chấm điểm" reads every item across the self-assessment, the first pass, the explanation
   * and the second pass.
   */
  readonly earlier?: ReadonlyMap<string, EarlierLayers> | undefined;
}

interface Column {
  readonly header: string;
  readonly width: number;
  /** Figures take the report's display: two decimals. */
  readonly figure?: boolean;
}

/** The streaming writer: each sheet is written out and zipped when committed, not all at the end. */
type StreamWorkbook = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;

/** A sheet with a frozen header row, sized columns and A4 print setup; rows are added by the caller. */
function table(workbook: StreamWorkbook, name: string, columns: readonly Column[], title?: string) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: title ? 2 : 1 }],
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: title ? '2:2' : '1:1' },
  });
  sheet.columns = columns.map((column) => ({
    width: column.width,
    ...(column.figure ? { style: { numFmt: FIGURE_FORMAT } } : {}),
  }));
  if (title) {
    const row = sheet.addRow([title]);
    row.font = { bold: true, size: 13 };
    row.commit();
  }
  const header = sheet.addRow(columns.map((column) => column.header));
  styleHeader(header);
  header.commit();
  return sheet;
}

const joined = (list: readonly string[]) => list.join('; ');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Adds a row and writes it out. */
const put = (sheet: ExcelJS.Worksheet, values: unknown[]) => {
  const row = sheet.addRow(values);
  row.commit();
  return row;
};

/**
 * The results as an Excel workbook: a summary (rank, unit, achieved, applicable max, index, class, and
 * each area's achieved points), one sheet per unit (code, name, max, achieved, lost, cause, responsible,
 * how it was computed), the lost items of every unit, and the responsibility ledger. Figures are numbers
 * shown with two decimals.
 */
export async function resultsWorkbook(
  results: readonly UnitResult[],
  options: ResultsWorkbookOptions = {},
): Promise<Uint8Array> {
  // Written as a stream, a sheet at a time with the event loop between sheets: a server answers other
  // requests meanwhile (built whole and written at the end, 1,000 units held the loop for 1.7 s).
  const chunks: Uint8Array[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const workbook = withAuthor(
    new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false }),
  );
  const taken = new Set(Object.values(RESULT_SHEETS).map((name) => name.toLowerCase()));
  // Areas by code over every set, in the order first met: the summary's last columns.
  const areas = new Map<string, string>();
  for (const result of results)
    for (const area of result.nodes) if (!areas.has(area.code)) areas.set(area.code, area.name);

  const summary = table(
    workbook,
    RESULT_SHEETS.summary,
    [
      { header: 'Xếp hạng', width: 9 },
      { header: 'Mã đơn vị', width: 14 },
      { header: 'Đơn vị', width: 34 },
      { header: 'Bộ tiêu chí', width: 22 },
      { header: 'Điểm đạt', width: 10, figure: true },
      { header: 'Điểm tối đa áp dụng', width: 12, figure: true },
      { header: 'Chỉ số', width: 10, figure: true },
      { header: 'Xếp loại', width: 12 },
      ...[...areas.entries()].map(([code, name]) => ({
        header: `${code}. ${name}`,
        width: 14,
        figure: true,
      })),
    ],
    options.title,
  );
  for (const result of results) {
    const byCode = new Map(result.nodes.map((node) => [node.code, node]));
    put(summary, [
      result.rank ?? null,
      result.unit.id,
      result.unit.name,
      result.criteriaSet.id,
      figure(result.achieved),
      figure(result.max),
      figure(result.index),
      result.classification ?? '',
      ...[...areas.keys()].map((code) => {
        const area = byCode.get(code);
        return area?.achieved === null || area === undefined ? null : figure(area.achieved);
      }),
    ]);
  }
  await summary.commit();

  const lost = table(workbook, RESULT_SHEETS.lost, [
    { header: 'Mã đơn vị', width: 14 },
    { header: 'Đơn vị', width: 30 },
    { header: 'Mã tiêu chí', width: 10 },
    { header: 'Tiêu chí, tiêu chí thành phần', width: 50 },
    { header: 'Điểm tối đa', width: 10, figure: true },
    { header: 'Điểm đạt', width: 10, figure: true },
    { header: 'Điểm bị trừ', width: 10, figure: true },
    { header: 'Nguyên nhân', width: 40 },
    { header: 'Trách nhiệm', width: 30 },
    ...(options.files ? [{ header: 'Tệp kiểm chứng', width: 40 }] : []),
  ]);
  /** The names of an item's files, as a cell: only where the workbook lists files. */
  const filesCell = (unit: string, code: string) =>
    options.files ? [joined(options.files.get(unit)?.get(code) ?? [])] : [];
  for (const result of results)
    for (const node of lostItems(result.nodes))
      put(lost, [
        result.unit.id,
        result.unit.name,
        node.code,
        node.name,
        figure(node.max),
        node.achieved === null ? null : figure(node.achieved),
        figure(node.lost),
        node.cause ?? '',
        joined(node.responsible),
        ...filesCell(result.unit.id, node.code),
      ]);
  await lost.commit();

  const ledger = responsibilityLedger(results);
  const accounts = table(workbook, RESULT_SHEETS.ledger, [
    { header: 'Cơ quan, đơn vị chịu trách nhiệm', width: 40 },
    { header: 'Điểm bị trừ', width: 12, figure: true },
    { header: 'Số tiêu chí', width: 10 },
    { header: 'Tiêu chí (đơn vị: mã)', width: 70 },
  ]);
  for (const account of ledger.accounts)
    put(accounts, [
      account.agency ?? '(chưa xác định)',
      figure(account.lost),
      account.items.length,
      account.items.map((item: LedgerItem) => `${item.unit}: ${item.code}`).join('; '),
    ]);
  await accounts.commit();

  if (options.earlier && [...options.earlier.values()].some((layers) => layers.firstPass)) {
    const passes = table(workbook, RESULT_SHEETS.passes, [
      { header: 'Mã đơn vị', width: 14 },
      { header: 'Đơn vị', width: 28 },
      { header: 'Mã tiêu chí', width: 10 },
      { header: 'Tiêu chí, tiêu chí thành phần', width: 44 },
      { header: 'Điểm tối đa', width: 10, figure: true },
      { header: 'Tự chấm', width: 10, figure: true },
      { header: 'Thẩm định lần 1', width: 11, figure: true },
      { header: 'Yêu cầu giải trình', width: 30 },
      { header: 'Giải trình của đơn vị', width: 36 },
      { header: 'Thẩm định lần 2', width: 11, figure: true },
      { header: 'Chênh lệch (lần 2 − tự chấm)', width: 12, figure: true },
    ]);
    const cell = (value: Decimal | null | undefined) =>
      value === undefined ? null : value === null ? 'Không áp dụng' : figure(value);
    for (const result of results) {
      const layers = options.earlier.get(result.unit.id);
      for (const node of acrossLayers([layers?.self, layers?.firstPass, result])) {
        const [self, first, second] = node.achieved;
        const explained = layers?.explanations?.get(node.code);
        const row = passes.addRow([
          result.unit.id,
          result.unit.name,
          node.code,
          node.name,
          figure(node.max),
          cell(self),
          cell(first),
          explained?.request ?? '',
          explained?.answer ?? '',
          cell(second),
          self && second ? figure(second.minus(self)) : null,
        ]);
        row.getCell(4).alignment = { indent: node.depth, wrapText: true };
        row.commit();
      }
    }
    await passes.commit();
  }

  for (const result of results) {
    // A sheet at a time, the event loop between them: a server answers other requests meanwhile.
    await nextTurn();
    const sheet = table(
      workbook,
      sheetName(result.unit.name, taken),
      [
        { header: 'Mã', width: 9 },
        { header: 'Tiêu chí, tiêu chí thành phần', width: 55 },
        { header: 'Điểm tối đa', width: 10, figure: true },
        { header: 'Điểm đạt', width: 10, figure: true },
        { header: 'Điểm bị trừ', width: 10, figure: true },
        { header: 'Nguyên nhân', width: 36 },
        { header: 'Trách nhiệm', width: 28 },
        { header: 'Cách tính', width: 40 },
        ...(options.files ? [{ header: 'Tệp kiểm chứng', width: 40 }] : []),
      ],
      `${result.unit.name}: ${formatScore(result.achieved, result.max)} điểm, chỉ số ${formatNumber(result.index)}${result.classification ? `, ${result.classification}` : ''}`,
    );
    const write = (node: ResultNode, depth: number) => {
      const row = sheet.addRow([
        node.code,
        node.name,
        figure(node.max),
        node.achieved === null ? 'Không áp dụng' : figure(node.achieved),
        figure(node.lost),
        node.cause ?? '',
        joined(node.responsible),
        node.trace ?? '',
        ...filesCell(result.unit.id, node.code),
      ]);
      row.getCell(2).alignment = { indent: depth, wrapText: true };
      if (depth === 0) row.font = { bold: true };
      row.commit();
      for (const child of node.children) write(child, depth + 1);
    };
    for (const area of result.nodes) write(area, 0);
    await sheet.commit();
  }
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

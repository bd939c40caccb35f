import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { unzipSync, zipSync } from 'fflate';
import type { Block, Inline, ReportModel } from '../model.js';
import { escapeXml, xmlText } from './escape.js';

// Sizes in half-points and twips, as Word counts them. Nghị định 30/2020/NĐ-CP: Times New Roman,
// body 13–14 pt, A4 with margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
const FONT = 'Times New Roman';
const BODY = 28; // 14 pt
const HEADER = 26; // 13 pt
const SMALL = 22; // 11 pt
const MM = 56.7; // twips per millimetre
const INDENT = 567; // 1 cm first-line indent
const PAGE_WIDTH = 210;
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 }; // mm
const TEXT_WIDTH = Math.round((PAGE_WIDTH - MARGIN.left - MARGIN.right) * MM); // twips
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};

function runs(text: readonly Inline[], size = BODY): TextRun[] {
  return text.map(
    (run) =>
      new TextRun({
        text: xmlText(run.text),
        bold: run.bold ?? false,
        italics: run.italic ?? false,
        size,
        font: FONT,
      }),
  );
}

function line(
  text: string,
  options: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {},
): TextRun {
  return new TextRun({
    text: xmlText(text),
    bold: options.bold ?? false,
    italics: options.italics ?? false,
    size: options.size ?? BODY,
    font: FONT,
    ...(options.underline ? { underline: {} } : {}),
  });
}

function centred(children: ParagraphChild[], after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children });
}

function body(text: readonly Inline[], indent = true): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: 120, line: 300 },
    indent: indent ? { firstLine: INDENT } : {},
    children: runs(text),
  });
}

/**
 * The width in twips that a word of a table's cell needs on one line: 12 pt Times New Roman is about 6 pt
 * (120 twips) a digit or a lower-case letter, wider for capitals (counted at 150), plus Word's cell margins
 * (108 twips each side). A figure such as "85,74" never wraps.
 */
function wordWidth(word: string): number {
  let width = 216 + 30;
  for (const character of word) width += /\p{Lu}/u.test(character) ? 150 : 120;
  return width;
}

/**
 * Column widths in twips, in proportion to the longest text of each column (words may wrap, so capped), then
 * each at least as wide as its longest word, the difference taken from the columns wider than theirs.
 */
function columnWidths(item: Extract<Block, { kind: 'table' }>): number[] {
  const texts = item.header.map((title, column) => [title, ...item.rows.map((row) => row[column] ?? '')]);
  const weights = texts.map((column) => Math.min(40, Math.max(6, ...column.map((text) => text.length))));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const widths = weights.map((weight) => Math.floor((TEXT_WIDTH * weight) / total));
  const floors = texts.map((column) =>
    Math.max(0, ...column.flatMap((text) => text.split(/\s+/)).map(wordWidth)),
  );
  const lacking = widths.reduce((sum, width, column) => sum + Math.max(0, floors[column]! - width), 0);
  const spare = widths.reduce((sum, width, column) => sum + Math.max(0, width - floors[column]!), 0);
  // Where the words cannot all fit (more columns than the page holds), the proportions stand.
  if (lacking === 0 || spare < lacking) return widths;
  return widths.map((width, column) => {
    const floor = floors[column]!;
    if (width <= floor) return floor;
    return Math.floor(width - ((width - floor) * lacking) / spare);
  });
}

function dataTable(item: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const widths = columnWidths(item);
  const cell = (text: string, column: number, bold = false) =>
    new TableCell({
      width: { size: widths[column]!, type: WidthType.DXA },
      children: [new Paragraph({ children: [line(text, { bold, size: 24 })] })],
    });
  return [
    new Paragraph({ spacing: { before: 240, after: 120 }, children: [line(item.caption, { bold: true })] }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({
          tableHeader: true,
          children: item.header.map((title, column) => cell(title, column, true)),
        }),
        ...item.rows.map((row) => new TableRow({ children: row.map((text, column) => cell(text, column)) })),
      ],
    }),
  ];
}

function block(item: Block): (Paragraph | Table)[] {
  switch (item.kind) {
    case 'heading':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { before: 120, after: 120 },
          indent: { firstLine: INDENT },
          children: item.text.map((run) => line(run.text, { bold: true })),
        }),
      ];
    case 'paragraph':
      return [body(item.text)];
    case 'item':
      return [body([{ text: '- ' }, ...item.text])];
    case 'table':
      return dataTable(item);
    case 'image': {
      // At the text's width (twips to pixels at 96 dpi: ÷ 15), its height in proportion.
      const width = Math.round(TEXT_WIDTH / 15);
      const height = Math.round((width * item.height) / item.width);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120 },
          children: [
            new ImageRun({
              type: 'png',
              data: item.png,
              transformation: { width, height },
              altText: { name: item.caption, title: item.caption, description: item.alt },
            }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [line(item.caption, { italics: true, size: BODY - 2 })],
        }),
      ];
    }
  }
}

/** A borderless table of two columns across the text width, `leftShare` of it on the left: how the header and the closing are laid out. */
function twoColumnTable(leftShare: number, left: Paragraph[], right: Paragraph[]): Table {
  const leftWidth = Math.round(TEXT_WIDTH * leftShare);
  const widths = [leftWidth, TEXT_WIDTH - leftWidth];
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, widths[0]!), cell(right, widths[1]!)] })],
  });
}

/** Issuing body and number on the left; the national motto and the place-date line on the right. */
function header(model: ReportModel): Table {
  const issuer = model.issuer.map((text, position) =>
    centred([line(text, { bold: position === model.issuer.length - 1, size: HEADER })]),
  );
  return twoColumnTable(
    0.38,
    [
      ...issuer,
      centred([line('────────', { size: HEADER })]),
      centred([line(model.number, { size: HEADER })]),
    ],
    [
      centred([line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 24 })]),
      centred([line('Độc lập - Tự do - Hạnh phúc', { bold: true, size: BODY })]),
      centred([line('──────────────────', { size: HEADER })], 120),
      centred([line(model.placeDate, { italics: true, size: BODY })]),
    ],
  );
}

/** Recipients bottom left, the signature block bottom right. */
function closing(model: ReportModel): Table {
  const recipients = [
    new Paragraph({ children: [line('Nơi nhận:', { bold: true, italics: true, size: 24 })] }),
    ...model.recipients.map((text) => new Paragraph({ children: [line(`- ${text}`, { size: SMALL })] })),
  ];
  const signature = model.signature
    ? [
        ...model.signature.lines.map((text) => centred([line(text, { bold: true })])),
        new Paragraph({ spacing: { before: 1400 }, children: [] }),
        centred([line(model.signature.name, { bold: true })]),
      ]
    : [new Paragraph({ children: [] })];
  return twoColumnTable(0.5, recipients, signature);
}

/** The report's own date for metadata and zip entries, so the same input gives the same bytes. */
function issuedAt(model: ReportModel): Date {
  const [year = 1980, month = 1, day = 1] = model.issuedOn.split('-').map(Number);
  return new Date(Date.UTC(Math.max(year, 1980), month - 1, day, 12));
}

function coreProperties(model: ReportModel, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escapeXml(`${model.kind} ${model.title}`)}</dc:title><dc:creator>${escapeXml(model.issuer.join(' '))}</dc:creator><cp:lastModifiedBy>cchc</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`;
}

/** The report as a DOCX file, laid out as a Vietnamese administrative document. Deterministic bytes. */
export async function renderDocx(model: ReportModel): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [
    header(model),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360 },
      children: [line(model.kind, { bold: true })],
    }),
    centred([line(model.title, { bold: true })], 240),
    ...model.body.flatMap(block),
    closing(model),
  ];
  if (model.appendix.length > 0) {
    children.push(
      new Paragraph({
        pageBreakBefore: true,
        alignment: AlignmentType.CENTER,
        children: [line('PHỤ LỤC', { bold: true })],
      }),
      ...model.appendix.flatMap(block),
    );
  }
  const document = new Document({
    creator: model.issuer.join(' '),
    title: `${model.kind} ${model.title}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(PAGE_WIDTH * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(MARGIN.top * MM),
              bottom: Math.round(MARGIN.bottom * MM),
              left: Math.round(MARGIN.left * MM),
              right: Math.round(MARGIN.right * MM),
            },
          },
        },
        children,
      },
    ],
  });
  const at = issuedAt(model);
  const packed = await Packer.toBuffer(document, false, [
    { path: 'docProps/core.xml', data: coreProperties(model, at) },
  ]);
  // docx stamps zip entries with the time of packing: zip again with the report's own date.
  return zipSync(unzipSync(new Uint8Array(packed)), { level: 6, mtime: at });
}

import { type Block, plain, type ReportModel } from '../model.js';

function block(item: Block): string {
  switch (item.kind) {
    case 'heading':
    case 'paragraph':
      return plain(item.text);
    case 'item':
      return `- ${plain(item.text)}`;
    case 'table': {
      const widths = item.header.map((title, column) =>
        Math.max(title.length, ...item.rows.map((row) => (row[column] ?? '').length)),
      );
      const line = (cells: readonly string[]) =>
        cells
          .map((text, column) => text.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd();
      return [
        item.caption,
        '',
        line(item.header),
        line(widths.map((width) => '-'.repeat(width))),
        ...item.rows.map(line),
      ].join('\n');
    }
    case 'image':
      return `[Hình: ${item.caption}. ${item.alt}]`;
  }
}

/** The report as plain text, laid out as the reference report's text is. */
export function renderText(model: ReportModel): string {
  const parts = [
    [...model.issuer, model.number].join('\n'),
    ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', model.placeDate].join('\n'),
    model.kind,
    model.title,
    ...model.body.map(block),
  ];
  if (model.recipients.length > 0)
    parts.push(['Nơi nhận:', ...model.recipients.map((line) => `- ${line}`)].join('\n'));
  if (model.signature) parts.push([...model.signature.lines, '', model.signature.name].join('\n'));
  if (model.appendix.length > 0) parts.push('PHỤ LỤC', ...model.appendix.map(block));
  return `${parts.join('\n\n')}\n`;
}

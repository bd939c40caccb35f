import type { Block, Inline, ReportModel } from '../model.js';

/**
 * Text as Markdown shows it, never as markup: HTML is written as entities (a cause holding
 * `<img onerror=…>` stays text in every viewer), emphasis, code and link characters are escaped, and a line
 * that would start a heading, quote, list or rule is escaped at its start.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[&<>]/g, (character) => (character === '&' ? '&amp;' : character === '<' ? '&lt;' : '&gt;'))
    .replace(/([*_`[\]\\])/g, '\\$1')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

function inline(text: readonly Inline[]): string {
  return text
    .map((run) => {
      const escaped = markdownText(run.text);
      if (run.bold) return `**${escaped}**`;
      if (run.italic) return `*${escaped}*`;
      return escaped;
    })
    .join('');
}

function cell(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function block(item: Block): string {
  switch (item.kind) {
    case 'heading':
      return `## ${inline(item.text)}`;
    case 'paragraph':
      return inline(item.text);
    case 'item':
      return `- ${inline(item.text)}`;
    case 'table':
      return [
        `**${cell(item.caption)}**`,
        '',
        `| ${item.header.map(cell).join(' | ')} |`,
        `| ${item.header.map(() => '---').join(' | ')} |`,
        ...item.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
    case 'image':
      // The picture stays in the DOCX and HTML; Markdown says what it shows.
      return `*Hình: ${markdownText(item.caption)}. ${markdownText(item.alt)}*`;
  }
}

/** The report as Markdown: the header as bold lines, sections as `##`, lost items as a list. */
export function renderMarkdown(model: ReportModel): string {
  const parts = [
    model.issuer.map((line) => `**${markdownText(line)}**`).join('  \n') +
      `  \n${markdownText(model.number)}`,
    '**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập - Tự do - Hạnh phúc**',
    `*${markdownText(model.placeDate)}*`,
    `# ${markdownText(model.kind)}`,
    `**${markdownText(model.title)}**`,
    ...model.body.map(block),
  ];
  if (model.recipients.length > 0)
    parts.push(`***Nơi nhận:***\n\n${model.recipients.map((line) => `- ${markdownText(line)}`).join('\n')}`);
  if (model.signature) {
    parts.push(
      [
        ...model.signature.lines.map((line) => `**${markdownText(line)}**`),
        '',
        '',
        `**${markdownText(model.signature.name)}**`,
      ].join('  \n'),
    );
  }
  if (model.appendix.length > 0) parts.push('---', '## PHỤ LỤC', ...model.appendix.map(block));
  return `${parts.join('\n\n')}\n`;
}

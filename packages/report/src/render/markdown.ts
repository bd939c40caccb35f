import type { Block, Inline, ReportModel } from '../model.js';

function inline(text: readonly Inline[]): string {
  return text
    .map((run) => {
      const escaped = run.text.replace(/([*_`[\]\\])/g, '\\$1');
      if (run.bold) return `**${escaped}**`;
      if (run.italic) return `*${escaped}*`;
      return escaped;
    })
    .join('');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
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
  }
}

/** The report as Markdown: the header as bold lines, sections as `##`, lost items as a list. */
export function renderMarkdown(model: ReportModel): string {
  const parts = [
    model.issuer.map((line) => `**${line}**`).join('  \n') + `  \n${model.number}`,
    '**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập - Tự do - Hạnh phúc**',
    `*${model.placeDate}*`,
    `# ${model.kind}`,
    `**${model.title}**`,
    ...model.body.map(block),
  ];
  if (model.recipients.length > 0)
    parts.push(`***Nơi nhận:***\n\n${model.recipients.map((line) => `- ${line}`).join('\n')}`);
  if (model.signature) {
    parts.push(
      [...model.signature.lines.map((line) => `**${line}**`), '', '', `**${model.signature.name}**`].join(
        '  \n',
      ),
    );
  }
  if (model.appendix.length > 0) parts.push('---', '## PHỤ LỤC', ...model.appendix.map(block));
  return `${parts.join('\n\n')}\n`;
}

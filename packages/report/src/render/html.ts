import type { Block, Inline, ReportModel } from '../model.js';
import { escapeXml } from './escape.js';

function inline(text: readonly Inline[]): string {
  return text
    .map((run) => {
      const escaped = escapeXml(run.text);
      if (run.bold) return `<strong>${escaped}</strong>`;
      if (run.italic) return `<em>${escaped}</em>`;
      return escaped;
    })
    .join('');
}

/** Bytes as base64, in any runtime (a report may be rendered in a browser). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

function block(item: Block): string {
  switch (item.kind) {
    case 'heading':
      return `<h2>${inline(item.text)}</h2>`;
    case 'paragraph':
      return `<p>${inline(item.text)}</p>`;
    case 'item':
      return `<p class="item">- ${inline(item.text)}</p>`;
    case 'table':
      return [
        `<table class="data"><caption>${escapeXml(item.caption)}</caption>`,
        `<thead><tr>${item.header.map((title) => `<th>${escapeXml(title)}</th>`).join('')}</tr></thead>`,
        `<tbody>${item.rows.map((row) => `<tr>${row.map((text) => `<td>${escapeXml(text)}</td>`).join('')}</tr>`).join('')}</tbody>`,
        '</table>',
      ].join('');
    case 'image':
      return `<figure class="hinh"><img src="data:image/png;base64,${base64Of(item.png)}" alt="${escapeXml(item.alt)}" width="${item.width}" height="${item.height}" style="max-width:100%;height:auto"><figcaption>${escapeXml(item.caption)}</figcaption></figure>`;
  }
}

// Nghị định 30/2020/NĐ-CP: A4, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm, Times New Roman 13–14 pt.
const STYLE = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.35; max-width: 165mm; margin: 0 auto; color: #000; }
.header { width: 100%; border-collapse: collapse; }
.header td { vertical-align: top; text-align: center; font-size: 13pt; padding: 0; }
.header .issuer { width: 40%; }
.header .rule { display: inline-block; border-top: 1px solid #000; width: 30%; margin: 0 0 4pt; }
.header .motto .rule { width: 55%; }
.header .date { font-style: italic; padding-top: 6pt; white-space: pre-wrap; }
h1 { text-align: center; font-size: 14pt; margin: 18pt 0 0; }
.title { text-align: center; font-weight: bold; margin: 0 0 12pt; text-indent: 0; }
h2 { font-size: 14pt; text-align: justify; margin: 12pt 0 6pt; text-indent: 1cm; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
.closing { width: 100%; border-collapse: collapse; margin-top: 12pt; }
.closing td { vertical-align: top; padding: 0; }
.recipients { width: 50%; font-size: 11pt; }
.recipients strong { font-size: 12pt; font-style: italic; }
.recipients p { text-indent: 0; margin: 0; text-align: left; }
.signature { text-align: center; font-weight: bold; }
.signature .name { margin-top: 60pt; }
.appendix { page-break-before: always; }
table.data { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 6pt 0 12pt; }
table.data caption { font-weight: bold; margin-bottom: 4pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 4pt; }
@media print { body { max-width: none; } }
`;

/** The report as a standalone, printable HTML page: its own CSS, no external request. */
export function renderHtml(model: ReportModel): string {
  const issuer = model.issuer
    .map((line, position) =>
      position === model.issuer.length - 1 ? `<strong>${escapeXml(line)}</strong>` : escapeXml(line),
    )
    .join('<br>');
  const signature = model.signature
    ? `${model.signature.lines.map(escape).join('<br>')}<div class="name">${escapeXml(model.signature.name)}</div>`
    : '';
  const recipients =
    model.recipients.length > 0
      ? `<strong>Nơi nhận:</strong>${model.recipients.map((line) => `<p>- ${escapeXml(line)}</p>`).join('')}`
      : '';
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`${model.kind} ${model.title}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<table class="header"><tr>
<td class="issuer">${issuer}<br><span class="rule"></span><br>${escapeXml(model.number)}</td>
<td class="motto"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong><br><span class="rule"></span><div class="date">${escapeXml(model.placeDate)}</div></td>
</tr></table>
<h1>${escapeXml(model.kind)}</h1>
<p class="title">${escapeXml(model.title)}</p>
${model.body.map(block).join('\n')}
<table class="closing"><tr><td class="recipients">${recipients}</td><td class="signature">${signature}</td></tr></table>
${model.appendix.length > 0 ? `<section class="appendix"><h2>PHỤ LỤC</h2>\n${model.appendix.map(block).join('\n')}</section>` : ''}
</body>
</html>
`;
}

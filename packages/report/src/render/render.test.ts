import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportModel } from '../build.js';
import type { ReportModel } from '../model.js';
import { renderDocx } from './docx.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

let model: ReportModel;

beforeAll(() => {
  const results = unwrap(scoreDocuments(konRay2021));
  model = unwrap(createReportModel({ results, input: konRay2021.report }));
});

describe('DOCX', () => {
  it('is a Word document with the header texts, the title and Times New Roman', async () => {
    const files = unzipSync(await renderDocx(model));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['word/document.xml', '[Content_Types].xml', 'docProps/core.xml']),
    );
    const xml = new TextDecoder().decode(files['word/document.xml']);
    for (const text of [
      'ỦY BAN NHÂN DÂN',
      'HUYỆN KON RẪY',
      'Số: /BC-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'BÁO CÁO',
      'Kon Rẫy, ngày      tháng      năm 2022',
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml).toContain('Đánh giá, phân tích và làm rõ nguyên nhân');
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toContain('w:jc w:val="both"');
  });

  it('lays out each table with room for its widest figure on one line (the index "85,74" does not wrap)', async () => {
    const xml = new TextDecoder().decode(unzipSync(await renderDocx(model))['word/document.xml']);
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map(([, table]) => table!);
    const dataTables = tables.filter((table) => table.includes('w:tblHeader'));
    expect(dataTables.length).toBeGreaterThan(0);
    for (const table of dataTables) {
      const widths = [...table.matchAll(/<w:gridCol w:w="(\d+)"/g)].map(([, width]) => Number(width));
      const rows = [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map(([, row]) =>
        [...row!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, cell]) =>
          [...cell!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map(([, text]) => text).join(''),
        ),
      );
      for (const row of rows.slice(1))
        for (const [column, text] of row.entries())
          if (/^\d+(,\d+)?$/.test(text))
            // 12 pt digits are 120 twips; a cell's margins take 216.
            expect([text, widths[column]]).toEqual([
              text,
              expect.toSatisfy((width: number) => width >= text.length * 120 + 216),
            ]);
    }
    expect(xml).toContain('85,74');
  });

  it('gives the same bytes for the same input', async () => {
    const first = await renderDocx(model);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await renderDocx(model);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });
});

describe('HTML', () => {
  it('is a standalone page that requests nothing from outside', () => {
    const html = renderHtml(model);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="vi">');
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain('font-family: "Times New Roman"');
  });

  it('escapes text from the documents', () => {
    const html = renderHtml({ ...model, title: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('Markdown', () => {
  it('writes sections as headings and keeps the bold deadline', () => {
    const markdown = renderMarkdown(model);
    expect(markdown).toContain('## III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU');
    expect(markdown).toContain('**trước ngày 12/8/2022**');
    expect(markdown).toContain('**81,45/95 điểm**');
  });

  it('writes the documents’ text as text: HTML as entities, emphasis escaped, no line that starts a block', () => {
    const cause =
      '<img src=x onerror=alert(1)> & *đậm* [liên kết](javascript:x)\n# tiêu đề\n1. danh sách\n- mục';
    const markdown = renderMarkdown({
      ...model,
      title: cause,
      body: [{ kind: 'paragraph', text: [{ text: cause }] }],
    });
    expect(markdown).not.toMatch(/<img|\n# tiêu đề|\n1\. danh|\n- mục|\*đậm\*|\[liên kết\]\(/);
    expect(markdown).toContain(
      '&lt;img src=x onerror=alert(1)&gt; &amp; \\*đậm\\* \\[liên kết\\](javascript:x)\n\\# tiêu đề\n1\\. danh sách\n\\- mục',
    );
  });
});

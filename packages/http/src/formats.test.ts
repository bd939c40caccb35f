import { describe, expect, it } from 'vitest';
import { attachment } from './formats.js';

describe('a download’s name', () => {
  it('is written in ASCII for every client and as UTF-8 for those that read it', () => {
    expect(attachment('cchc-round-đợt-2021.json')).toBe(
      `attachment; filename="cchc-round-dot-2021.json"; filename*=UTF-8''cchc-round-%C4%91%E1%BB%A3t-2021.json`,
    );
  });

  it('never lets a name end the header or add a parameter', () => {
    const header = attachment('a"; filename=evil.html\r\nX-Other: 1\u202e.docx');
    expect(header).not.toMatch(/[\r\n\u202e]/);
    // One quoted name, one encoded name: the quote, semicolon and equals sign of the name are not markup.
    expect(header.match(/filename=/g)).toHaveLength(1);
    expect(header).toBe(
      `attachment; filename="a-filename-evil.html-X-Other-1-.docx"; filename*=UTF-8''a%22%3B%20filename%3Devil.htmlX-Other%3A%201.docx`,
    );
  });
});

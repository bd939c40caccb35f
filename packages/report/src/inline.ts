import type { Inline } from './model.js';

/**
 * Reads the light markup that report authors may use in free text: `**bold**` and `*italic*`
 * (as in "gửi về UBND huyện (*qua Phòng Nội vụ huyện*) **trước ngày 12/8/2022**").
 */
export function parseInline(text: string): Inline[] {
  const runs: Inline[] = [];
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index) });
    if (match[1] !== undefined) runs.push({ text: match[1], bold: true });
    else runs.push({ text: match[2]!, italic: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}

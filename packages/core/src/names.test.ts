import { describe, expect, it } from 'vitest';
import { inSentence } from './names.js';

describe('inSentence', () => {
  it.each([
    ['Báo cáo CCHC quý, 6 tháng, năm', 'báo cáo CCHC quý, 6 tháng, năm'],
    [
      'Xây dựng và tổ chức thực hiện Văn bản quy phạm pháp luật',
      'xây dựng và tổ chức thực hiện Văn bản quy phạm pháp luật',
    ],
    ['CNTT trong cơ quan nhà nước', 'CNTT trong cơ quan nhà nước'],
    ['UBND cấp xã', 'UBND cấp xã'],
    ['Ứng dụng CNTT', 'ứng dụng CNTT'],
  ])('writes %s inside a sentence as %s', (name, expected) => {
    expect(inSentence(name)).toBe(expected);
  });
});

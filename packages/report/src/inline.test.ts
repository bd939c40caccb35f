import { describe, expect, it } from 'vitest';
import { parseInline } from './inline.js';

describe('parseInline', () => {
  it('reads bold and italic runs and leaves the rest as it is', () => {
    expect(parseInline('gửi (*qua Phòng Nội vụ*) **trước ngày 12/8/2022** để theo dõi')).toEqual([
      { text: 'gửi (' },
      { text: 'qua Phòng Nội vụ', italic: true },
      { text: ') ' },
      { text: 'trước ngày 12/8/2022', bold: true },
      { text: ' để theo dõi' },
    ]);
    expect(parseInline('no markup')).toEqual([{ text: 'no markup' }]);
  });
});

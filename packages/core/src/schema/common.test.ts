import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readText, textProblem } from './common.js';

/** readText as it was before its one-pass path: the search for unmeant characters, then NFC. */
function readTextSlowly(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || textProblem(trimmed) !== undefined) return undefined;
  return trimmed.normalize('NFC');
}

describe('readText', () => {
  it('reads every character of the BMP as the search and NFC do', () => {
    // Each character alone and after a letter: a character that NFC joins to the one before shows there.
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      for (const text of [character, `a${character}`, `${character}a`]) {
        if (readText(text) !== readTextSlowly(text)) {
          throw new Error(`U+${code.toString(16)} in ${JSON.stringify(text)} is read otherwise`);
        }
      }
    }
  });

  it('agrees with the search and NFC on random Vietnamese-like text', () => {
    const character = fc.oneof(
      fc.constantFrom(
        'a',
        'ế',
        'e\u0301',
        'ê\u0301',
        'Đ',
        ' ',
        '\u200b',
        '\u00ad',
        '–',
        '…',
        '\u212b',
        '\u0000',
      ),
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    fc.assert(
      fc.property(fc.array(character, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(readText(text)).toBe(readTextSlowly(text));
      }),
    );
  });

  it('keeps plain Vietnamese as it is and joins combining marks', () => {
    expect(readText('  Phòng Nội vụ ')).toBe('Phòng Nội vụ');
    expect(readText('Ph\u006f\u0300ng')).toBe('Phòng');
    expect(readText('1\u200b')).toBeUndefined();
    expect(readText('   ')).toBeUndefined();
  });
});

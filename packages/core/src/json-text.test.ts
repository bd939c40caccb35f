import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText } from './json-text.js';

describe('JsonText', () => {
  it('writes every string exactly as JSON.stringify does', () => {
    const write = (text: string): string => {
      const out = new JsonText();
      out.string(text);
      return out.take();
    };
    // Every UTF-16 code unit, lone surrogates and controls among them, and Vietnamese text.
    const texts = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) }),
      fc.constantFrom(
        'Đắk Tô Lung',
        'tasks: 3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91',
        'a "b" \\ c\nd',
        '😀',
      ),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(write(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });
});

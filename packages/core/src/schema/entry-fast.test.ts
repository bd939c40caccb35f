import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../decimal.js';
import { entrySchema } from './assessment.js';
import { readEntryFast } from './entry-fast.js';

/** Decimals as their text, so that two readings can be compared as plain data. */
function plain(value: unknown): unknown {
  if (value instanceof Decimal) return `decimal:${value.toString()}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('0,25', '0.5', ' 1 ', '', '  ', 'abc', '1e3', '-1', 'Phòng Nội vụ'),
  fc.array(fc.constantFrom('Phòng Nội vụ', ' x ', '', 3), { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('onTime', 'late', '__proto__', 'count'),
    fc.oneof(fc.integer(), fc.boolean()),
    { maxKeys: 3 },
  ),
);

const entryLike = fc.dictionary(
  fc.constantFrom(
    'score',
    'max',
    'facts',
    'notApplicable',
    'cause',
    'note',
    'responsibility',
    'responsible',
    'evidence',
    'weight',
  ),
  anyValue,
  { maxKeys: 5 },
);

describe('readEntryFast', () => {
  it('accepts only what the entry schema accepts, and reads it the same', () => {
    fc.assert(
      fc.property(entryLike, (raw) => {
        const fast = readEntryFast(raw);
        if (fast === undefined) return;
        const slow = entrySchema.safeParse(raw);
        expect(slow.success).toBe(true);
        expect(plain(fast)).toEqual(plain(slow.data));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the common entries itself', () => {
    expect(
      readEntryFast({ score: '0,25', cause: ' Trễ hạn. ', responsible: ['Phòng Nội vụ'] }),
    ).toBeDefined();
    expect(readEntryFast({ facts: { onTime: 13, late: 11, unfinished: 5 } })).toBeDefined();
    expect(readEntryFast({ notApplicable: true })).toBeDefined();
  });

  it('leaves everything unusual to the schema', () => {
    expect(readEntryFast({ score: 'abc' })).toBeUndefined();
    expect(readEntryFast({ notApplicable: false })).toBeUndefined();
    expect(readEntryFast({ cause: '   ' })).toBeUndefined();
    expect(readEntryFast({ weight: 1 })).toBeUndefined();
    expect(readEntryFast([])).toBeUndefined();
  });
});

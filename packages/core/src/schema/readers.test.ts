import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../decimal.js';
import { entryFields, entrySchema, envelope } from './assessment.js';

// The fast readers that fieldsObject makes from each declaration, against the zod schema it makes from it.
const readEntryFast = entryFields.read;
const readEnvelopeFast = envelope.read;
const assessmentEnvelopeSchema = envelope.schema;

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

describe('the reader of an entry', () => {
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
    expect(readEntryFast({ toString: 1 })).toBeUndefined();
    expect(readEntryFast([])).toBeUndefined();
  });
});

const text = fc.constantFrom('kon-tum-2021-huyen', ' kon-ray ', '', '  ', 'UBND huyện Kon Rẫy', 'xã');
const figure = fc.oneof(
  fc.constantFrom('81,45', '95', '85.74', 'abc', '', '1e3'),
  fc.integer({ min: -3, max: 100 }),
  fc.double(),
  fc.boolean(),
);
const areas = fc.dictionary(
  fc.constantFrom('1', '2', '1.2', '__proto__', 'toString'),
  fc.oneof(
    figure,
    fc.dictionary(fc.constantFrom('achieved', 'max', 'extra'), figure, { maxKeys: 3 }),
    fc.constant(null),
  ),
  { maxKeys: 3 },
);
const stated = fc.dictionary(
  fc.constantFrom('achieved', 'max', 'index', 'classification', 'rank', 'areas', 'note'),
  fc.oneof(figure, text, areas, fc.integer({ min: -1, max: 3 })),
  { maxKeys: 5 },
);
const validText = fc.constantFrom('kon-tum-2021-huyen', ' kon-ray ', 'UBND huyện Kon Rẫy', 'xã');
const validFigure = fc.oneof(
  fc.constantFrom('81,45', '95', ' 85.74 ', '0'),
  fc.integer({ min: -3, max: 100 }),
);
/** Envelopes as documents give them: mostly well formed, the schema's own defaults and options. */
const wellFormed = fc.record(
  {
    criteriaSet: validText,
    unit: fc.record({ id: validText, name: validText, group: validText }, { requiredKeys: ['id', 'name'] }),
    period: fc.oneof(validText, fc.integer({ min: -1, max: 2021 })),
    layer: fc.constantFrom('self', 'appraised'),
    unscored: fc.constantFrom('error', 'full'),
    entries: fc.constantFrom({}, { '1.1': { score: 1 } }),
    stated: fc.record(
      {
        achieved: validFigure,
        max: validFigure,
        index: validFigure,
        classification: text,
        rank: fc.integer({ min: -1, max: 3 }),
        areas: fc.dictionary(
          fc.constantFrom('1', '2', '1.2'),
          fc.oneof(
            validFigure,
            fc.record({ achieved: validFigure, max: validFigure }, { requiredKeys: ['achieved'] }),
          ),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['criteriaSet', 'unit', 'period'] },
);
/** And anything else in their place. */
const envelopeLike = fc.oneof(
  wellFormed,
  fc
    .tuple(
      wellFormed,
      fc.constantFrom('criteriaSet', 'unit', 'period', 'layer', 'unscored', 'entries', 'stated', 'extra'),
      fc.oneof(text, figure, stated, areas, fc.constantFrom({ id: 'inline' }, [], null, { id: 'u' })),
    )
    .map(([envelope, key, value]) => ({ ...envelope, [key]: value })),
);

describe('the reader of an assessment without its entries', () => {
  it('accepts only what the assessment schema accepts, and reads it the same', () => {
    let read = 0;
    fc.assert(
      fc.property(envelopeLike, (raw) => {
        const fast = readEnvelopeFast(raw);
        if (fast === undefined) return;
        read++;
        const slow = assessmentEnvelopeSchema.safeParse(raw);
        expect(slow.success).toBe(true);
        expect(plain(fast)).toEqual(plain(slow.data));
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(0);
  });

  it('reads a whole published report line itself', () => {
    const envelope = {
      criteriaSet: 'kon-tum-2021-huyen',
      unit: { id: 'kon-ray', name: 'UBND huyện Kon Rẫy', group: 'huyện' },
      period: 2021,
      layer: 'appraised',
      entries: {},
      stated: {
        achieved: '81,45',
        max: 95,
        index: '85,74',
        classification: 'Tốt',
        rank: 1,
        areas: { '1': { achieved: '19,49', max: 23 }, '2': 9 },
      },
    };
    expect(plain(readEnvelopeFast(envelope))).toEqual(plain(assessmentEnvelopeSchema.parse(envelope)));
  });
});

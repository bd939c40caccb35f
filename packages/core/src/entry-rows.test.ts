import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowCriteria, rowOf, withRow } from './entry-rows.js';
import { sampleSet } from './test-support.js';

const set = sampleSet();
const onTime = set.byCode.get('1.1')!;
const tasks = set.byCode.get('1.2')!;

describe('the entry-row model', () => {
  it('gives a row to each leaf and to each parent with a part the set does not list', () => {
    expect(rowCriteria(set).map((criterion) => criterion.code)).toEqual(['1', '1.1', '1.2', '2.1', '2.2']);
  });

  it('takes back every entry it shows, unchanged (a save that changes nothing changes nothing)', () => {
    const text = fc.string({ minLength: 1, maxLength: 8 }).filter((value) => value.trim() === value);
    const figure = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom('0.25', '0,25', '2.5', '10'));
    const entry = fc.record(
      {
        score: figure,
        max: figure,
        cause: text,
        note: text,
        responsibility: text,
        responsible: fc.array(text, { minLength: 1, maxLength: 3 }),
        evidence: fc.array(text, { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(entry, (stored) => {
        expect(withRow(stored, rowOf(stored))).toEqual(stored);
      }),
    );
  });

  it('keeps the stored figure for one typed otherwise, and takes a new one as typed', () => {
    expect(withRow({ score: 0.25 }, { score: '0,25' })).toEqual({ score: 0.25 });
    expect(withRow({ score: '0.25' }, { score: ' 0,5 ' })).toEqual({ score: '0,5' });
    // Text that is no decimal goes as typed, for the scorer to name the error at its row.
    expect(withRow(undefined, { score: 'abc' })).toEqual({ score: 'abc' });
  });

  it('reads facts as their rule reads them: yes/no words, whole counts', () => {
    expect(withRow(undefined, { facts: { onTime: 'Có' } }, { criterion: onTime })).toEqual({
      facts: { onTime: true },
    });
    expect(
      withRow(undefined, { facts: { onTime: '13', late: 11, unfinished: '' } }, { criterion: tasks }),
    ).toEqual({ facts: { onTime: 13, late: 11 } });
  });

  it('changes only the fields a row shows, and leaves no score behind not applicable', () => {
    const stored = { score: 2, cause: 'late', responsible: ['Sở Nội vụ'], note: 'old' };
    expect(
      withRow(stored, { notApplicable: true, note: 'new' }, { shown: ['score', 'notApplicable', 'note'] }),
    ).toEqual({
      cause: 'late',
      responsible: ['Sở Nội vụ'],
      notApplicable: true,
      note: 'new',
    });
    // A score typed over facts replaces them; a blank field is removed.
    expect(withRow({ facts: { onTime: true }, note: 'x' }, { score: '1', note: ' ' })).toEqual({
      score: '1',
    });
  });

  it('keeps a fact or a stored field named __proto__ a key, never a prototype', () => {
    const kept = withRow(
      JSON.parse('{"__proto__": {"polluted": true}, "score": 1}') as Record<string, unknown>,
      {
        score: '2',
      },
    );
    expect(Object.keys(kept)).toEqual(['__proto__', 'score']);
    expect((kept as { polluted?: boolean }).polluted).toBeUndefined();
    const entry = withRow(undefined, { facts: JSON.parse('{"__proto__": "5"}') as Record<string, string> });
    expect(Object.keys(entry['facts'] as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(entry['facts'])).toBe(Object.prototype);
  });
});

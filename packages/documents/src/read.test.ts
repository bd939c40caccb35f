import { issueMessage, parseAssessment, unwrap } from '@cchc/core';
import { describe, expect, it } from 'vitest';
import { readDocument } from './read.js';

const read = (text: string, options = {}) => {
  const outcome = readDocument(text, options);
  return outcome.success ? outcome.data : outcome.issues.map(({ code, path }) => ({ code, path }));
};

describe('readDocument', () => {
  it('reads YAML codes and decimals as written: 1.10 stays "1.10", 0.10 stays "0.10", 3 is a number', () => {
    expect(
      read(`code: 1.10
other: 7.1
area: 3
max: 0.10
date: 2021-07-12
onTime: true
entries:
  1.2.1: { score: 0.25 }
  7.3: { notApplicable: true }
  3: { score: 16.5, max: 19.5 }
`),
    ).toEqual({
      code: '1.10',
      other: '7.1',
      area: 3,
      max: '0.10',
      date: '2021-07-12',
      onTime: true,
      entries: {
        '1.2.1': { score: '0.25' },
        '7.3': { notApplicable: true },
        '3': { score: '16.5', max: '19.5' },
      },
    });
  });

  it('reads JSON by its first character', () => {
    expect(read('{ "score": 0.25 }')).toEqual({ score: 0.25 });
  });

  it('says where the syntax is broken', () => {
    expect(read('{ "score": ')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(read('a: [1, 2')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(read('a: 1\na: 2\n')).toEqual([{ code: 'invalid_syntax', path: [] }]);
  });

  it('refuses keys that could reach a prototype, in JSON and YAML', () => {
    expect(read('{ "entries": { "__proto__": { "score": 1 } } }')).toEqual([
      { code: 'forbidden_key', path: ['entries', '__proto__'] },
    ]);
    expect(read('entries:\n  constructor: { score: 1 }\n')).toEqual([
      { code: 'forbidden_key', path: ['entries', 'constructor'] },
    ]);
  });

  it('refuses documents nested too deep or with too many items', () => {
    expect(read('[[[[1]]]]', { maxDepth: 3 })).toEqual([{ code: 'too_large', path: [0, 0, 0] }]);
    expect(read('[1, 2, 3]', { maxItems: 2 })).toEqual([{ code: 'too_large', path: [] }]);
  });

  it('refuses a YAML alias bomb', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
`;
    expect(read(bomb)).toEqual([{ code: 'invalid_syntax', path: [] }]);
  });
});

describe("a decimal comma in YAML's inline style", () => {
  it('splits the item, and the error says how to write it', () => {
    const text = [
      'criteriaSet: kon-tum-2021-huyen',
      'unit: { id: kon-ray, name: UBND huyện Kon Rẫy }',
      'period: 2021',
      'entries:',
      "  '1.1': { score: 0,25 }",
    ].join('\n');
    const parsed = parseAssessment(unwrap(readDocument(text, { format: 'yaml' })));
    expect(parsed.success ? [] : parsed.issues.map((found) => [found.path, found.message])).toEqual([
      [
        ['entries', '1.1', '25'],
        `unknown key '25' (a decimal comma inside YAML's { … } splits the item: write "0,25" in quotes, or 0.25)`,
      ],
    ]);
    expect(parsed.success ? '' : issueMessage(parsed.issues[0]!, 'vi')).toContain('"0,25" trong ngoặc kép');
  });
});

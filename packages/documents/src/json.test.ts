import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalDecimal } from './json.js';
import { readDocument } from './read.js';

const json = (text: string, options = {}) => {
  const outcome = readDocument(text, { format: 'json', ...options });
  return outcome.success
    ? outcome.data
    : outcome.issues.map(({ code, path, message }) => ({ code, path, message }));
};
const codes = (text: string, options = {}) => {
  const outcome = readDocument(text, { format: 'json', ...options });
  return outcome.success ? 'ok' : outcome.issues.map(({ code, path }) => ({ code, path }));
};

describe('reading JSON', () => {
  it('reads what JSON.parse reads, for any JSON value written by JSON.stringify', () => {
    const safeKeys = fc.string().filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key));
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.string({ unit: 'binary' }),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(safeKeys, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(value, fc.boolean(), (written, pretty) => {
        const text = pretty ? JSON.stringify(written, null, 2) : JSON.stringify(written);
        const outcome = readDocument(text, { format: 'json' });
        expect(outcome).toEqual({ success: true, data: JSON.parse(text) });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any text, and answers every text within a few milliseconds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const started = performance.now();
        const outcome = readDocument(`{${text}`, { format: 'json' });
        // A stall would take seconds; the bound leaves room for a busy machine.
        expect(performance.now() - started).toBeLessThan(500);
        expect(typeof outcome.success).toBe('boolean');
      }),
    );
  });

  it('refuses a key given twice in one object, naming it, its path and its line', () => {
    expect(json('{\n  "entries": {\n    "1": { "score": 1 },\n    "1": { "score": 2 }\n  }\n}')).toEqual([
      {
        code: 'invalid_syntax',
        path: ['entries', '1'],
        message:
          "the document cannot be read as JSON: the key '1' is given twice in one object (again at line 4, column 5)",
      },
    ]);
    expect(json('{"a": 1, "b": {"a": 2}}')).toEqual({ a: 1, b: { a: 2 } });
  });

  it('keeps a number only when the double holds the decimal written, and says so otherwise', () => {
    expect(json('[0.25, 3, -0, 1e2, 0.1000, 123456789012345]')).toEqual([
      0.25, 3, 0, 100, 0.1, 123456789012345,
    ]);
    for (const inexact of [
      '1e-400',
      '9.9999999999999999999',
      `0.1${'0'.repeat(38)}1`,
      '9007199254740993',
      '1e400',
    ]) {
      expect(codes(`{"score": ${inexact}}`)).toEqual([{ code: 'inexact_number', path: ['score'] }]);
    }
    expect((json('{"s": 1e-400}') as { message: string }[])[0]!.message).toBe(
      'the number 1e-400 cannot be read exactly (a JSON number is read as a double, which holds 0 instead); write the decimal as text, e.g. "0.25"',
    );
    expect(codes(`[${'1'.repeat(70)}]`)).toEqual([{ code: 'inexact_number', path: [0] }]);
  });

  it('says the line and column of a syntax error, with a hint for a decimal comma', () => {
    expect(json('{\n  "score": 0,25\n}')).toEqual([
      {
        code: 'invalid_syntax',
        path: [],
        message:
          'the document cannot be read as JSON: expected a double-quoted key, found \'2\' (a decimal comma: write "0,25" in quotes, or 0.25) at line 2, column 14',
      },
    ]);
    expect(codes('{"a": 1} x')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(codes('{"a": 01}')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(codes('{"a": "x\ny"}')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(codes('{"a": "\\q"}')).toEqual([{ code: 'invalid_syntax', path: [] }]);
    expect(codes('')).toEqual([{ code: 'invalid_syntax', path: [] }]);
  });

  it('reads escapes and a byte order mark as JSON.parse does', () => {
    expect(json('\ufeff{"a": "\\u00e9\\n\\"\\/\\\\"}')).toEqual({ a: 'é\n"/\\' });
  });

  it('refuses nesting past the limit before building it, however deep the text goes', () => {
    for (const depth of [65, 1000, 200_000]) {
      const started = performance.now();
      expect(codes('['.repeat(depth) + ']'.repeat(depth))).toEqual([
        { code: 'too_large', path: Array.from({ length: 64 }, () => 0) },
      ]);
      // Building 200,000 levels first would take seconds or crash; the bound leaves room for a busy machine.
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect(codes('{"a": [1, 2, 3]}', { maxItems: 2 })).toEqual([{ code: 'too_large', path: ['a'] }]);
    expect(codes('{"a": 1, "b": 2, "c": 3}', { maxItems: 2 })).toEqual([{ code: 'too_large', path: [] }]);
  });

  it('refuses prototype keys, keeping none of them', () => {
    expect(codes('{"a": {"__proto__": {"x": 1}, "prototype": 2}}')).toEqual([
      { code: 'forbidden_key', path: ['a', '__proto__'] },
      { code: 'forbidden_key', path: ['a', 'prototype'] },
    ]);
  });
});

describe('canonicalDecimal', () => {
  it('gives one text for one value', () => {
    expect(canonicalDecimal('0.250')).toBe(canonicalDecimal('2.5e-1'));
    expect(canonicalDecimal('100')).toBe('1e2');
    expect(canonicalDecimal('-0.0')).toBe('0');
    expect(canonicalDecimal('1e-7')).toBe(canonicalDecimal(String(1e-7)));
  });
});

describe('reading YAML within bounds', () => {
  const deep = {
    flow: (depth: number) => '['.repeat(depth) + ']'.repeat(depth),
    block: (depth: number) =>
      Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}a:`).join('\n') +
      `\n${' '.repeat(depth)}b`,
    dashes: (depth: number) => `${'- '.repeat(depth)}x`,
  };
  it.each(Object.keys(deep))('refuses %s nesting past the limit before the composer recurses', (kind) => {
    for (const depth of [65, 1000, 3000]) {
      const outcome = readDocument(deep[kind as keyof typeof deep](depth), { format: 'yaml' });
      expect(outcome.success ? 'ok' : outcome.issues.map((found) => found.code)).toEqual(['too_large']);
    }
    expect(readDocument(deep[kind as keyof typeof deep](10), { format: 'yaml' }).success).toBe(true);
  });

  it('refuses aliases that nest a document past the limit', () => {
    let text = `a0: &a0 ${'['.repeat(40)}${']'.repeat(40)}\n`;
    for (let level = 1; level < 5; level++)
      text += `a${level}: &a${level} ${'['.repeat(40)}*a${level - 1}${']'.repeat(40)}\n`;
    const outcome = readDocument(text, { format: 'yaml' });
    expect(outcome.success ? 'ok' : outcome.issues[0]!.message).toBe(
      'the document is too large: nested deeper than 64 levels',
    );
  });

  it('says the line and column of a YAML syntax error, and refuses a second document', () => {
    const outcome = readDocument('a: 1\nb: [1, 2\n', { format: 'yaml' });
    expect(outcome.success ? '' : outcome.issues[0]!.message).toMatch(/at line \d+, column \d+/);
    const two = readDocument('a: 1\n---\nb: 2\n', { format: 'yaml' });
    expect(two.success ? '' : two.issues[0]!.message).toContain('one document per text');
  });

  it('is not damaged by a refused document: the next one reads as before', () => {
    for (let round = 0; round < 100; round++) readDocument(deep.flow(1000), { format: 'yaml' });
    expect(readDocument('code: 1.10\n', { format: 'yaml' })).toEqual({
      success: true,
      data: { code: '1.10' },
    });
  });
});

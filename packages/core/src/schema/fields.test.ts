import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';

/** The keys each built-in rule's facts may have, and a plainly valid example. */
const FACTS: Record<string, { keys: string[]; valid: unknown[] }> = {
  'on-time': { keys: ['onTime'], valid: [{ onTime: true }, { onTime: false }] },
  met: {
    keys: ['met', 'percent', 'count', 'total'],
    valid: [{ met: true }, { percent: '98,6' }, { count: 68, total: 69 }],
  },
  proportional: { keys: ['percent', 'count', 'total'], valid: [{ percent: 85 }, { count: 0, total: 3 }] },
  tiers: { keys: ['percent', 'count', 'total'], valid: [{ percent: '94.2' }] },
  tasks: { keys: ['onTime', 'late', 'unfinished'], valid: [{ onTime: 13, late: 11, unfinished: 5 }] },
  'share-completed': { keys: ['completed', 'total'], valid: [{ completed: 20, total: 29 }] },
  count: { keys: ['count'], valid: [{ count: 4 }] },
  deduction: { keys: ['violations'], valid: [{ violations: 0 }] },
  levels: { keys: ['level'], valid: [{ level: 'good' }] },
  survey: {
    keys: ['answers', 'groups'],
    valid: [
      { answers: { A: 12, B: 3, C: 0, D: 1 } },
      { groups: { 'Lãnh đạo': { A: 2, B: 1 }, 'Người dân': { D: 3 } } },
    ],
  },
  conversion: { keys: ['value'], valid: [{ value: '7,2' }, { value: 150 }] },
};

const rulesWithReaders = builtinRules.filter((rule) => rule.kind !== 'direct');

/** Values of every kind a document may hold where facts are read, valid and not. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -2, max: 3 }),
    fc.integer({ min: -3, max: 120 }),
    fc.constantFrom(0, -0, 1.5, 100, 100.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN),
    fc.boolean(),
    fc.constantFrom('', ' ', 'good', ' good', 'A', '7,2', '85', '-1', '100,01', '1e2', 'abc', '__proto__'),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom('A', 'B', ' C', '', '__proto__', 'toString', 'Lãnh đạo'), tie('any'), {
      maxKeys: 3,
    }),
  ),
})).any;

describe('fast fact readers', () => {
  it.each(rulesWithReaders.map((rule) => [rule.kind, rule] as const))(
    'read %s facts exactly as the zod schema does, or pass',
    (kind, rule) => {
      const { keys, valid } = FACTS[kind]!;
      const facts = fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__'), value, { maxKeys: 4 });
      fc.assert(
        fc.property(fc.oneof(facts, value, fc.constantFrom(...valid)), (raw) => {
          const read = rule.readFacts(raw);
          if (read === undefined) return;
          const parsed = rule.facts.safeParse(raw);
          expect(parsed.success).toBe(true);
          expect(read).toEqual(parsed.data);
        }),
        { numRuns: 1500 },
      );
    },
  );

  it.each(rulesWithReaders.map((rule) => [rule.kind, rule] as const))(
    'read plainly valid %s facts without zod',
    (kind, rule) => {
      for (const raw of FACTS[kind]!.valid) {
        expect(rule.readFacts(raw)).toEqual(rule.facts.parse(raw));
      }
    },
  );

  it('leave facts with a prototype key to zod', () => {
    const raw = JSON.parse('{"answers": {"__proto__": 1, "A": 2}}');
    expect(builtinRules.find((rule) => rule.kind === 'survey')!.readFacts(raw)).toBeUndefined();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAssessment } from './assessment.js';
import { parseCriteriaSet } from './criteria-set.js';
import { Decimal } from './decimal.js';
import { unwrap } from './issues.js';
import { resultNodeToJson, resultToJson, resultToJsonText } from './json.js';
import type { ResultNode, UnitResult } from './result.js';
import type { AssessmentInput } from './schema/assessment.js';
import type { CriteriaSetInput, CriterionInput } from './schema/criteria-set.js';
import { scoreAssessment } from './score.js';

/** Points in hundredths, written as a decimal string: 125 → "1.25". */
const cents = (value: number) => new Decimal(value).div(100).toFixed();

interface Leaf {
  readonly maxCents: number;
  /** What the assessment says of it. */
  readonly entry:
    | { kind: 'score'; shareOfMax: number }
    | { kind: 'notApplicable' }
    | { kind: 'tasks'; onTime: number; late: number; unfinished: number }
    | { kind: 'unscored' };
}

type Tree = { readonly children: readonly Tree[] } | Leaf;

const leaf: fc.Arbitrary<Leaf> = fc.record({
  maxCents: fc.integer({ min: 1, max: 2000 }),
  entry: fc.oneof(
    fc.record({ kind: fc.constant('score' as const), shareOfMax: fc.integer({ min: 0, max: 100 }) }),
    fc.constant({ kind: 'notApplicable' as const }),
    fc.record({
      kind: fc.constant('tasks' as const),
      onTime: fc.nat(20),
      late: fc.nat(20),
      unfinished: fc.nat(20),
    }),
    fc.constant({ kind: 'unscored' as const }),
  ),
});

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((self) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ children: fc.array(self('node'), { minLength: 1, maxLength: 4 }) }),
  ),
})).node;

const areas = fc.array(tree, { minLength: 1, maxLength: 5 });

interface Documents {
  readonly set: CriteriaSetInput;
  readonly assessment: AssessmentInput;
  /** Codes of leaves whose siblings keep their parent alive if they are removed. */
  readonly removable: readonly string[];
}

function documents(
  roots: readonly Tree[],
  scoreAs: (decimal: string) => number | string = (d) => d,
): Documents {
  const entries: NonNullable<AssessmentInput['entries']> = {};
  const removable: string[] = [];
  const build = (node: Tree, code: string, siblings: number): CriterionInput => {
    if ('children' in node) {
      return {
        code,
        name: `n${code}`,
        children: node.children.map((child, i) => build(child, `${code}.${i + 1}`, node.children.length)),
      };
    }
    if (siblings > 1) removable.push(code);
    const max = cents(node.maxCents);
    const entry = node.entry;
    if (entry.kind === 'score') {
      entries[code] = { score: scoreAs(cents(Math.floor((node.maxCents * entry.shareOfMax) / 100))) };
    } else if (entry.kind === 'notApplicable') {
      entries[code] = { notApplicable: true };
    } else if (entry.kind === 'tasks') {
      entries[code] = { facts: { onTime: entry.onTime, late: entry.late, unfinished: entry.unfinished } };
    }
    return { code, name: `n${code}`, max, rule: { kind: 'tasks', lateWeight: '0.5' } };
  };
  const criteria = roots.map((root, i) => build(root, String(i + 1), roots.length));
  return {
    set: {
      id: 'random',
      title: 'Random set',
      classes: [
        { label: 'A', min: 90 },
        { label: 'B', min: 50 },
        { label: 'C', min: 0 },
      ],
      criteria,
    },
    assessment: {
      criteriaSet: 'random',
      unit: { id: 'u', name: 'U' },
      period: 2021,
      unscored: 'full',
      entries,
    },
    removable,
  };
}

function score(docs: Pick<Documents, 'set' | 'assessment'>) {
  const set = unwrap(parseCriteriaSet(docs.set));
  return scoreAssessment(set, unwrap(parseAssessment(docs.assessment)));
}

function everyNode(result: UnitResult, visit: (node: ResultNode) => void): void {
  const walk = (node: ResultNode): void => {
    visit(node);
    node.children.forEach(walk);
  };
  result.nodes.forEach(walk);
}

describe('invariants over random trees and assessments', () => {
  it('keeps 0 ≤ achieved ≤ max at every node, parents add up, and the index within [0, 100]', () => {
    fc.assert(
      fc.property(areas, (roots) => {
        const outcome = score(documents(roots));
        if (!outcome.success) {
          // The only legitimate failure: nothing applies to the unit.
          expect(outcome.issues.map((found) => found.code)).toEqual(['zero_applicable_max']);
          return;
        }
        const result = outcome.data;
        everyNode(result, (node) => {
          if (node.status !== 'scored') return;
          expect(node.achieved!.gte(0) && node.achieved!.lte(node.max)).toBe(true);
          if (node.source === 'sum') {
            const scored = node.children.filter((child) => child.status === 'scored');
            const sum = scored.reduce((total, child) => total.plus(child.achieved!), new Decimal(0));
            const max = scored.reduce((total, child) => total.plus(child.max), new Decimal(0));
            expect(sum.eq(node.achieved!) && max.eq(node.max)).toBe(true);
          }
        });
        const areasSum = result.nodes
          .filter((node) => node.status === 'scored')
          .reduce((total, node) => total.plus(node.achieved!), new Decimal(0));
        expect(areasSum.eq(result.achieved)).toBe(true);
        expect(result.index.gte(0) && result.index.lte(100)).toBe(true);
      }),
    );
  });

  it('adds up scores with more decimals than the set has, which a unit holds aside as exact values', () => {
    // A unit's figures are held as integers at the set's decimals (here 2); 1.249 has none there.
    const lessAThousandth = (d: string) => (d === '0' ? d : new Decimal(d).minus('0.001').toFixed());
    fc.assert(
      fc.property(areas, (roots) => {
        const docs = documents(roots, lessAThousandth);
        const outcome = score(docs);
        if (!outcome.success) return;
        const result = outcome.data;
        const entries = docs.assessment.entries as Record<string, { score?: string }>;
        everyNode(result, (node) => {
          if (node.source === 'entered') expect(node.achieved!.eq(entries[node.code]!.score!)).toBe(true);
          if (node.status !== 'scored' || node.source !== 'sum') return;
          const scored = node.children.filter((child) => child.status === 'scored');
          const sum = scored.reduce((total, child) => total.plus(child.achieved!), new Decimal(0));
          expect(sum.eq(node.achieved!)).toBe(true);
        });
        expect(resultToJsonText(result)).toBe(JSON.stringify(result));
      }),
    );
  });

  it('gives the same result when an area is given the score and max its items add up to', () => {
    // The area's entry is then checked against its items' sum, which it equals: nothing else changes.
    fc.assert(
      fc.property(areas, (roots) => {
        const docs = documents(roots);
        const plain = score(docs);
        if (!plain.success) return;
        const area = plain.data.nodes[0]!;
        const entered = Object.keys(docs.assessment.entries ?? {});
        // An area with no entry below it, given a score, is scored as a whole: not the same tree.
        if (area.status !== 'scored' || !entered.some((code) => code.startsWith(`${area.code}.`))) return;
        const withAreaScore = {
          ...docs.assessment,
          entries: {
            ...docs.assessment.entries,
            [area.code]: { score: area.achieved!.toFixed(), max: area.max.toFixed() },
          },
        };
        const given = score({ set: docs.set, assessment: withAreaScore });
        expect(given.success).toBe(true);
        if (given.success) expect(resultToJson(given.data)).toEqual(resultToJson(plain.data));
      }),
    );
  });

  it('writes a result the same from what the scorer holds as from its nodes, as text or as JSON', () => {
    // Texts as entries may hold them: quotes, backslashes, line breaks, Vietnamese letters.
    const text = fc
      .string({
        unit: fc.constantFrom('a', 'Đ', 'ữ', '→', '😀', ' ', '"', '\\', '\n', '\t', '<', '/'),
        minLength: 1,
      })
      .filter((value) => value.trim() !== '');
    const texts = fc.record(
      { cause: text, note: text, responsible: fc.array(text, { maxLength: 3 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        areas,
        fc.array(texts, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (roots, given, whole) => {
          const docs = documents(roots);
          const entries = { ...docs.assessment.entries };
          // Texts on some entries (quotes, controls, any Unicode), and the first area scored as a whole.
          Object.keys(entries).forEach((code, position) => {
            entries[code] = { ...entries[code], ...given[position % given.length] };
          });
          if (whole && 'children' in roots[0]!) entries['1'] = { score: '0', cause: 'Cả lĩnh vực "1"' };
          const outcome = score({ set: docs.set, assessment: { ...docs.assessment, entries } });
          if (!outcome.success) return;
          const result = outcome.data;
          // A copy whose nodes are a plain array: written from the nodes, the slow way.
          const made = { ...result, nodes: [...result.nodes] };
          for (const detail of ['full', 'areas', 'totals'] as const) {
            const expected = JSON.stringify(resultToJson(made, { detail }));
            expect(JSON.stringify(resultToJson(result, { detail }))).toBe(expected);
            expect(resultToJsonText(result, { detail })).toBe(expected);
            expect(resultToJsonText(made, { detail })).toBe(expected);
          }
          expect(JSON.stringify(result.nodes)).toBe(
            JSON.stringify(made.nodes.map((node) => resultNodeToJson(node))),
          );
        },
      ),
    );
  });

  it('gives the same result for a not-applicable item as for a set without it', () => {
    fc.assert(
      fc.property(areas, fc.nat(), (roots, pick) => {
        const docs = documents(roots);
        fc.pre(docs.removable.length > 0);
        const code = docs.removable[pick % docs.removable.length]!;
        const marked = {
          ...docs.assessment,
          entries: { ...docs.assessment.entries, [code]: { notApplicable: true as const } },
        };
        const { [code]: _removed, ...otherEntries } = docs.assessment.entries ?? {};
        const removeFrom = (nodes: readonly CriterionInput[]): CriterionInput[] =>
          nodes
            .filter((node) => node.code !== code)
            .map((node) => (node.children ? { ...node, children: removeFrom(node.children) } : node));
        const withNotApplicable = score({ set: docs.set, assessment: marked });
        const withoutItem = score({
          set: { ...docs.set, criteria: removeFrom(docs.set.criteria) },
          assessment: { ...docs.assessment, entries: otherEntries },
        });
        expect(withNotApplicable.success).toBe(withoutItem.success);
        if (!withNotApplicable.success || !withoutItem.success) return;
        const summary = (result: UnitResult) => {
          const json = resultToJson(result);
          return [json.achieved, json.max, json.index, json.classification];
        };
        expect(summary(withNotApplicable.data)).toEqual(summary(withoutItem.data));
      }),
    );
  });

  it('gives the same result for a score written as 0.25, "0.25" or "0,25"', () => {
    fc.assert(
      fc.property(areas, (roots) => {
        const asString = score(documents(roots));
        const asNumber = score(documents(roots, (d) => Number(d)));
        const withComma = score(documents(roots, (d) => d.replace('.', ',')));
        if (!asString.success) {
          expect(asNumber.success || withComma.success).toBe(false);
          return;
        }
        expect(asNumber.success && resultToJson(asNumber.data)).toEqual(resultToJson(asString.data));
        expect(withComma.success && resultToJson(withComma.data)).toEqual(resultToJson(asString.data));
      }),
    );
  });

  it('gives the same result for a score written with trailing zeros ("0.250")', () => {
    fc.assert(
      fc.property(areas, (roots) => {
        const plain = score(documents(roots));
        const padded = score(documents(roots, (d) => (d.includes('.') ? `${d}000` : `${d}.000`)));
        expect(padded.success).toBe(plain.success);
        if (plain.success && padded.success) {
          expect(resultToJson(padded.data)).toEqual(resultToJson(plain.data));
        }
      }),
    );
  });
});

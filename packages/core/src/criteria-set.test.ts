import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCriteriaSet } from './criteria-set.js';
import { decimalText } from './decimal.js';
import { formatIssues, issueMessage } from './issues.js';
import { defineRule } from './rules/rule.js';
import { codeAndPath, SAMPLE_SET } from './test-support.js';

function issuesOfSet(input: unknown) {
  const outcome = parseCriteriaSet(input);
  if (outcome.success) throw new Error('expected issues');
  return outcome.issues.map(codeAndPath);
}

const withCriteria = (criteria: unknown[]) => ({ ...SAMPLE_SET, criteria });

describe('parseCriteriaSet', () => {
  it('parses a set, summing a parent max from its children when it declares none', () => {
    const outcome = parseCriteriaSet(SAMPLE_SET);
    expect(outcome.success).toBe(true);
    if (!outcome.success) return;
    expect(decimalText(outcome.data.max)).toBe('15');
    expect(decimalText(outcome.data.byCode.get('2')!.max)).toBe('5');
    expect(decimalText(outcome.data.byCode.get('1')!.unlisted)).toBe('6.75');
    expect(outcome.data.rounding).toEqual({ score: 2, index: 2, mode: 'half-up' });
  });

  it('keeps codes as text: "1.10" stays "1.10", a whole number 3 becomes "3"', () => {
    const outcome = parseCriteriaSet(
      withCriteria([{ code: 3, name: 'Area', children: [{ code: '1.10', name: 'Item', max: '0,10' }] }]),
    );
    expect(outcome.success && [...outcome.data.byCode.keys()]).toEqual(['1.10', '3']);
  });

  it('refuses a fractional number as a code, since 1.10 would become 1.1', () => {
    expect(issuesOfSet(withCriteria([{ code: 1.1, name: 'A', max: 1 }]))).toEqual([
      { code: 'invalid_code', path: ['criteria', 0, 'code'] },
    ]);
  });

  it('refuses unknown keys, naming each', () => {
    expect(issuesOfSet({ ...SAMPLE_SET, colour: 'red' })).toEqual([
      { code: 'unknown_key', path: ['colour'] },
    ]);
    expect(issuesOfSet(withCriteria([{ code: '1', name: 'A', max: 1, weight: 2 }]))).toEqual([
      { code: 'unknown_key', path: ['criteria', 0, 'weight'] },
    ]);
  });

  it('says which required field is missing', () => {
    const { title: _title, ...withoutTitle } = SAMPLE_SET;
    expect(issuesOfSet(withoutTitle)).toEqual([{ code: 'required', path: ['title'] }]);
  });

  it('refuses a max that is not a decimal', () => {
    expect(issuesOfSet(withCriteria([{ code: '1', name: 'A', max: '1.000,5' }]))).toEqual([
      { code: 'invalid_decimal', path: ['criteria', 0, 'max'] },
    ]);
  });

  it('refuses a code used twice, pointing at the second and naming the first', () => {
    const outcome = parseCriteriaSet(
      withCriteria([
        { code: '1', name: 'A', children: [{ code: '1.1', name: 'x', max: 1 }] },
        { code: '2', name: 'B', children: [{ code: '1.1', name: 'y', max: 1 }] },
      ]),
    );
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.issues.map(codeAndPath)).toEqual([
      { code: 'duplicate_code', path: ['criteria', 1, 'children', 0, 'code'] },
    ]);
    expect(outcome.issues[0]!.message).toContain('criteria[0].children[0]');
  });

  it('refuses a declared parent max below the sum of its children', () => {
    expect(
      issuesOfSet(
        withCriteria([{ code: '1', name: 'A', max: 1, children: [{ code: '1.1', name: 'x', max: 2 }] }]),
      ),
    ).toEqual([{ code: 'max_below_children', path: ['criteria', 0, 'max'] }]);
  });

  it('refuses a leaf without a max', () => {
    expect(issuesOfSet(withCriteria([{ code: '1', name: 'A' }]))).toEqual([
      { code: 'leaf_without_max', path: ['criteria', 0] },
    ]);
  });

  it('refuses class bands out of order, overlapping, out of range or named twice', () => {
    const classes = (bands: unknown[]) => issuesOfSet({ ...SAMPLE_SET, classes: bands });
    expect(
      classes([
        { label: 'Khá', min: 65 },
        { label: 'Tốt', min: 80 },
      ]),
    ).toEqual([{ code: 'invalid_classes', path: ['classes', 1, 'min'] }]);
    expect(
      classes([
        { label: 'Tốt', min: 80 },
        { label: 'Khá', min: 80 },
      ]),
    ).toEqual([{ code: 'invalid_classes', path: ['classes', 1, 'min'] }]);
    expect(classes([{ label: 'Tốt', min: 120 }])).toEqual([
      { code: 'invalid_classes', path: ['classes', 0, 'min'] },
    ]);
    expect(
      classes([
        { label: 'Tốt', min: 80 },
        { label: 'Tốt', min: 50 },
      ]),
    ).toEqual([{ code: 'invalid_classes', path: ['classes', 1, 'label'] }]);
  });

  it('refuses bad rounding settings', () => {
    expect(issuesOfSet({ ...SAMPLE_SET, rounding: { score: -1 } })).toEqual([
      { code: 'invalid_rounding', path: ['rounding', 'score'] },
    ]);
    expect(issuesOfSet({ ...SAMPLE_SET, rounding: { index: 2, mode: 'up' } })).toEqual([
      { code: 'invalid_rounding', path: ['rounding', 'mode'] },
    ]);
  });

  it('refuses an unknown rule kind and lists the known ones', () => {
    const outcome = parseCriteriaSet(
      withCriteria([{ code: '1', name: 'A', max: 1, rule: { kind: 'magic' } }]),
    );
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.issues.map(codeAndPath)).toEqual([
      { code: 'unknown_rule', path: ['criteria', 0, 'rule', 'kind'] },
    ]);
    expect(outcome.issues[0]!.message).toContain('tasks');
  });

  it("refuses a rule's bad or unknown parameters at their path", () => {
    expect(
      issuesOfSet(withCriteria([{ code: '1', name: 'A', max: 3, rule: { kind: 'tasks', lateWeight: 2 } }])),
    ).toEqual([{ code: 'invalid_rule', path: ['criteria', 0, 'rule', 'lateWeight'] }]);
    expect(
      issuesOfSet(withCriteria([{ code: '1', name: 'A', max: 3, rule: { kind: 'tasks', latWeight: 0.5 } }])),
    ).toEqual([{ code: 'unknown_key', path: ['criteria', 0, 'rule', 'latWeight'] }]);
    expect(issuesOfSet(withCriteria([{ code: '1', name: 'A', max: 1, rule: { kind: 'count' } }]))).toEqual([
      { code: 'required', path: ['criteria', 0, 'rule', 'pointsEach'] },
    ]);
  });

  it('refuses a rule on a parent', () => {
    expect(
      issuesOfSet(
        withCriteria([
          { code: '1', name: 'A', rule: { kind: 'met' }, children: [{ code: '1.1', name: 'x', max: 1 }] },
        ]),
      ),
    ).toEqual([{ code: 'invalid_rule', path: ['criteria', 0, 'rule'] }]);
  });

  it('reports every issue at once, in English or Vietnamese', () => {
    const outcome = parseCriteriaSet({
      ...SAMPLE_SET,
      id: 'Not A Slug',
      criteria: [{ code: '1', name: 'A' }],
    });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.issues.map(codeAndPath)).toEqual([{ code: 'invalid_value', path: ['id'] }]);
    const leaf = parseCriteriaSet(withCriteria([{ code: '1', name: 'A' }]));
    if (leaf.success) throw new Error('expected issues');
    expect(issueMessage(leaf.issues[0]!, 'vi')).toBe(
      "tiêu chí '1' không có tiêu chí con nên phải có điểm tối đa",
    );
    expect(formatIssues(leaf.issues)).toBe("criteria[0]: criterion '1' has no children, so it needs a max");
  });

  it('accepts a rule an embedder registers', () => {
    const bonusPerAward = defineRule({
      kind: 'awards',
      description: '0,5 per award, capped',
      params: z.strictObject({}),
      facts: z.strictObject({ awards: z.int().nonnegative() }),
      compute: (facts, _params, max) => {
        const score = max.mul(0).plus(facts.awards).div(2);
        return { score: score.gt(max) ? max : score, explain: () => `${facts.awards} × 0.5` };
      },
    });
    const input = withCriteria([{ code: '1', name: 'A', max: 1, rule: { kind: 'awards' } }]);
    expect(parseCriteriaSet(input).success).toBe(false);
    expect(parseCriteriaSet(input, { rules: [bonusPerAward] }).success).toBe(true);
  });
});

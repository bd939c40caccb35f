import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseAssessment } from './assessment.js';
import { scoreDocuments } from './batch.js';
import type { CriteriaSet } from './criteria-set.js';
import { parseCriteriaSet } from './criteria-set.js';
import { Decimal, decimalText } from './decimal.js';
import { unwrap } from './issues.js';
import { resultToJson } from './json.js';
import type { UnitResult } from './result.js';
import { defineRule } from './rules/rule.js';
import { scoreAssessment } from './score.js';
import { assessment, codeAndPath, issuesOf, SAMPLE_SET, sampleSet, scoreSample } from './test-support.js';

const text = decimalText;
const FULL = { unscored: 'full' } as const;

describe('scoring', () => {
  it('scores rules, entered scores and unlisted remainders, and adds them up', () => {
    const result = scoreSample(
      {
        '1.1': { facts: { onTime: false } },
        '1.2': { facts: { onTime: 13, late: 11, unfinished: 5 } },
        '2.1': { facts: { percent: 85 } },
        '2.2': { score: '2,5' },
      },
      FULL,
    );
    const json = resultToJson(result);
    expect(json.nodes.map((node) => [node.code, node.achieved, node.max])).toEqual([
      ['1', '8.66', '10'],
      ['2', '4.2', '5'],
    ]);
    expect([json.achieved, json.max, json.index, json.classification]).toEqual([
      '12.86',
      '15',
      '85.73',
      'Tốt',
    ]);
    expect(json.nodes[0]!.trace).toBe('0 + 1.91 + 6.75 (unlisted) = 8.66/10');
    expect(json.nodes[1]!.children[1]!.trace).toBe('entered: 2.5/3');
  });

  it('gives the same result for 0.25, "0.25" and "0,25"', () => {
    const scores = [0.25, '0.25', '0,25'].map((score) =>
      resultToJson(scoreSample({ '2.2': { score } }, FULL)),
    );
    expect(scores[1]).toEqual(scores[0]);
    expect(scores[2]).toEqual(scores[0]);
  });

  it('keeps missing, not applicable and zero apart', () => {
    const result = resultToJson(scoreSample({ '2.1': { notApplicable: true }, '2.2': { score: 0 } }, FULL));
    const [notApplicable, zero] = result.nodes[1]!.children;
    expect([notApplicable!.status, notApplicable!.achieved, notApplicable!.max]).toEqual([
      'notApplicable',
      '0',
      '0',
    ]);
    expect([zero!.status, zero!.source, zero!.achieved, zero!.max]).toEqual(['scored', 'entered', '0', '3']);
    const missing = result.nodes[0]!.children[0]!;
    expect([missing.status, missing.source, missing.achieved]).toEqual(['scored', 'unscored-full', '0.25']);
    expect(result.max).toBe('13');
  });

  it('removes a not-applicable area from the unit max, and makes a parent with nothing applicable not applicable', () => {
    const result = resultToJson(
      scoreSample({ '2.1': { notApplicable: true }, '2.2': { notApplicable: true } }, FULL),
    );
    expect(result.nodes[1]!.status).toBe('notApplicable');
    expect([result.achieved, result.max, result.index]).toEqual(['10', '10', '100']);
  });

  it('takes a parent scored directly with its applicable max, and leaves its items not itemized', () => {
    const result = resultToJson(scoreSample({ '2': { score: '2', max: 3 } }, FULL));
    expect([result.nodes[1]!.achieved, result.nodes[1]!.max, result.nodes[1]!.lost]).toEqual(['2', '3', '1']);
    expect(result.nodes[1]!.children.map((child) => [child.status, child.achieved])).toEqual([
      ['notItemized', null],
      ['notItemized', null],
    ]);
    expect(result.max).toBe('13');
  });

  it('accepts a parent scored directly whose items agree with it', () => {
    const result = scoreSample({ '2': { score: 4 }, '2.1': { score: 1 }, '2.2': { score: 3 } }, FULL);
    expect(text(result.nodes[1]!.achieved!)).toBe('4');
  });

  it('takes the unlisted remainder of a parent scored directly from its score, less its listed items', () => {
    // Area 1: max 10, listed 1.1 (0.25) and 1.2 (3), unlisted 6.75.
    const result = resultToJson(scoreSample({ '1': { score: 8 }, '1.2': { score: 2 } }, FULL));
    expect(result.nodes[0]!.unlisted).toEqual({ achieved: '5.75', max: '6.75' });
    expect([result.nodes[0]!.achieved, result.nodes[0]!.max]).toEqual(['8', '10']);
    // Under unscored: error, the parent's score covers the remainder, but a listed item must still be scored.
    expect(issuesOf({ '1': { score: 8 }, '1.2': { score: 2 }, '2': { score: 5 } })).toEqual([
      { code: 'unscored', path: ['entries', '1.1'] },
    ]);
    expect(issuesOf({ '1': { score: 1 }, '1.2': { score: 2 } }, FULL)).toEqual([
      { code: 'inconsistent_parent', path: ['entries', '1', 'score'] },
    ]);
  });

  it('says when an entered score overrides a rule', () => {
    const result = scoreSample({ '1.2': { score: '1,91' } }, FULL);
    expect(result.nodes[0]!.children[1]!.trace).toBe('entered (rule tasks not applied): 1.91/3');
  });

  it('adds bonus and takes away penalty points, each within its cap, keeping the total within [0, max]', () => {
    const set = sampleSet({
      adjustments: [
        { code: 'B', name: 'Sáng kiến', kind: 'bonus', max: 2 },
        { code: 'P', name: 'Vi phạm', kind: 'penalty', max: 3 },
      ],
    });
    const result = scoreSample({ '2.2': { score: 1 }, B: { score: 1.5 }, P: { score: 0.5 } }, FULL, set);
    expect(text(result.achieved)).toBe('14');
    const capped = scoreSample({ '2.2': { score: 3 }, B: { score: 2 } }, FULL, set);
    expect(text(capped.achieved)).toBe('15');
    expect(issuesOf({ B: { score: 3 } }, FULL, set)).toEqual([
      { code: 'score_above_max', path: ['entries', 'B', 'score'] },
    ]);
  });

  it('gives no class to an index below an open bottom band', () => {
    const set = sampleSet({
      classes: [
        { label: 'A', min: 90 },
        { label: 'B', min: 80 },
      ],
    });
    const result = scoreSample({ '2.2': { score: 0 }, '2.1': { score: 0 } }, FULL, set);
    expect([text(result.index), result.classification]).toEqual(['66.67', null]);
  });
});

describe('result figures', () => {
  it('keeps figures at the bounds of decimals in documents exactly, and refuses those past them', () => {
    const setWith = (fine: string, large: string) =>
      parseCriteriaSet({
        id: 'fine',
        title: 'Fine figures',
        classes: [{ label: 'Any', min: 0 }],
        criteria: [
          { code: '1', name: 'Fine', max: fine },
          { code: '2', name: 'Large', max: large },
        ],
      });
    const refused = setWith('0,00000000001', '123456789012345678.25');
    expect(refused.success ? [] : refused.issues.map((found) => found.message)).toEqual([
      "'0,00000000001' has more than 10 decimals",
      "'123456789012345678.25' has more than 15 significant digits",
    ]);
    const set = unwrap(setWith('0,0000000001', '99999.9999999999'));
    const document = {
      criteriaSet: 'fine',
      unit: { id: 'u', name: 'Unit' },
      period: 2021,
      entries: { '1': { score: '0,0000000001' }, '2': { score: '99999.9999' } },
    };
    const json = resultToJson(unwrap(scoreAssessment(set, unwrap(parseAssessment(document)))));
    expect(json.nodes.map((node) => [node.achieved, node.max])).toEqual([
      ['0.0000000001', '0.0000000001'],
      ['99999.9999', '99999.9999999999'],
    ]);
    expect(json.achieved).toBe('99999.9999000001');
  });

  it('keeps every figure exact when an entry has more decimals than the set, wherever it comes in the tree', () => {
    const entries = { '1.1': { facts: { onTime: false } }, '2.1': { facts: { percent: 85 } } };
    const finer = resultToJson(scoreSample({ ...entries, '2.2': { score: '2,125' } }, FULL));
    const coarser = resultToJson(scoreSample({ ...entries, '2.2': { score: '2,12' } }, FULL));
    expect(finer.nodes.map((node) => [node.code, node.achieved])).toEqual([
      ['1', coarser.nodes[0]!.achieved],
      ['2', '3.825'],
    ]);
    expect(coarser.nodes[1]!.achieved).toBe('3.82');
    expect(finer.nodes[1]!.children.map((node) => node.achieved)).toEqual(['1.7', '2.125']);
    expect(finer.achieved).toBe(new Decimal(coarser.achieved).plus('0.005').toFixed());
  });

  it('scores a unit of a set while another unit of that set is being scored, without mixing them', () => {
    // A custom rule that scores another unit of the same set: the second unit gets figures of its own.
    let set: CriteriaSet | undefined;
    let inner: UnitResult | undefined;
    const nested = defineRule({
      kind: 'nested',
      description: 'the index of another unit, as a share of the max',
      params: z.strictObject({}),
      facts: z.strictObject({ score: z.string() }),
      compute: (facts, _params, max) => {
        inner = scoreSample({ '9': { score: facts.score } }, FULL, set);
        const index = inner.index;
        return { score: max.mul(index).div(100), explain: () => `index ${text(index)}` };
      },
    });
    const criteria = [
      ...SAMPLE_SET.criteria,
      { code: '9', name: 'Nested', max: 1, rule: { kind: 'nested' } },
    ];
    set = unwrap(parseCriteriaSet({ ...SAMPLE_SET, criteria }, { rules: [nested] }));
    const outer = scoreSample({ '2.2': { score: 1 }, '9': { facts: { score: '0,5' } } }, FULL, set);
    expect(inner!.nodes.map((node) => text(node.achieved!))).toEqual(['10', '5', '0.5']);
    expect(text(inner!.index)).toBe('96.88');
    expect(outer.nodes.map((node) => text(node.achieved!))).toEqual(['10', '3', '0.97']);
    expect(text(outer.index)).toBe('87.31');
    expect(outer.nodes[2]!.trace).toBe('nested: index 96.88 → 0.97');
  });
});

describe('traces', () => {
  it('read facts again as the scorer read them: a decimal written with a comma, a default from the schema', () => {
    // The result holds each entry's facts as given; a trace reads them again when it is read.
    const withDefault = defineRule({
      kind: 'weighted',
      description: 'count × weight points, the weight 0.5 when left out',
      params: z.strictObject({}),
      facts: z.strictObject({ count: z.number().int(), weight: z.string().default('0.5') }),
      compute: (facts, _params, max) => {
        const score = Decimal.min(max, new Decimal(facts.weight).mul(facts.count));
        return { score, explain: () => `${facts.count} × ${facts.weight}` };
      },
    });
    const criteria = [
      {
        code: '1',
        name: 'Converted',
        max: 8,
        rule: {
          kind: 'conversion',
          breakpoints: [
            { from: 0, points: 0 },
            { from: 100, points: 4 },
            { from: 150, points: 8 },
          ],
        },
      },
      { code: '2', name: 'Weighted', max: 2, rule: { kind: 'weighted' } },
    ];
    const set = unwrap(parseCriteriaSet({ ...SAMPLE_SET, id: 'sample', criteria }, { rules: [withDefault] }));
    const result = scoreSample(
      { '1': { facts: { value: '133,6' } }, '2': { facts: { count: 3 } } },
      FULL,
      set,
    );
    expect(result.nodes.map((node) => [node.trace, text(node.achieved!)])).toEqual([
      ['conversion: 4 + (133.6 − 100) × (8 − 4) / (150 − 100) = 6.688 → 6.69', '6.69'],
      ['weighted: 3 × 0.5', '1.5'],
    ]);
  });
});

describe('assessment errors name the entry and what is wrong', () => {
  it.each([
    ['a code the set does not have', { '9.9': { score: 1 } }, 'unknown_code', ['entries', '9.9']],
    ['a score above the max', { '2.2': { score: 3.5 } }, 'score_above_max', ['entries', '2.2', 'score']],
    ['a negative score', { '2.2': { score: -1 } }, 'negative_score', ['entries', '2.2', 'score']],
    [
      'an applicable max above the set',
      { '2.2': { score: 1, max: 4 } },
      'max_above_set_max',
      ['entries', '2.2', 'max'],
    ],
    [
      'facts where there is no rule',
      { '2.2': { facts: { count: 1 } } },
      'no_rule_for_facts',
      ['entries', '2.2', 'facts'],
    ],
    [
      'facts that do not fit the rule',
      { '1.2': { facts: { onTime: 1, late: 0 } } },
      'required',
      ['entries', '1.2', 'facts', 'unfinished'],
    ],
    [
      'facts of the wrong type',
      { '1.1': { facts: { onTime: 'yes' } } },
      'invalid_facts',
      ['entries', '1.1', 'facts', 'onTime'],
    ],
    ['an entry that gives nothing', { '2.2': { cause: 'x' } }, 'empty_entry', ['entries', '2.2']],
    [
      'not applicable with a score',
      { '2.2': { notApplicable: true, score: 1 } },
      'conflicting_entries',
      ['entries', '2.2'],
    ],
    [
      'an entry inside a not-applicable parent',
      { '2': { notApplicable: true }, '2.1': { score: 1 } },
      'conflicting_entries',
      ['entries', '2.1'],
    ],
    [
      'a parent whose items disagree with it',
      { '2': { score: 4 }, '2.1': { score: 2 }, '2.2': { score: 1 } },
      'inconsistent_parent',
      ['entries', '2', 'score'],
    ],
    [
      'a stated area the set does not have',
      { '2.2': { score: 1 } },
      'unknown_code',
      ['stated', 'areas', '7'],
    ],
  ] as const)('%s', (_what, entries, code, path) => {
    const extra =
      code === 'unknown_code' && path[0] === 'stated' ? { ...FULL, stated: { areas: { '7': 1 } } } : FULL;
    expect(issuesOf(entries, extra)).toEqual([{ code, path }]);
  });

  it('names every leaf and unlisted remainder no entry covers, under unscored: error', () => {
    expect(issuesOf({ '1.2': { score: 1 }, '2.1': { score: 1 } })).toEqual([
      { code: 'unscored', path: ['entries', '1.1'] },
      { code: 'unscored', path: ['entries', '1'] },
      { code: 'unscored', path: ['entries', '2.2'] },
    ]);
  });

  it('refuses a score off the step of a direct rule', () => {
    const set = sampleSet({
      criteria: [
        {
          code: '1',
          name: 'A',
          children: [{ code: '1.1', name: 'x', max: 1, rule: { kind: 'direct', step: 0.25 } }],
        },
      ],
    });
    expect(issuesOf({ '1.1': { score: 0.3 } }, {}, set)).toEqual([
      { code: 'score_off_step', path: ['entries', '1.1', 'score'] },
    ]);
  });

  it('refuses to divide by a zero applicable max', () => {
    expect(issuesOf({ '1': { notApplicable: true }, '2': { notApplicable: true } })).toEqual([
      { code: 'zero_applicable_max', path: [] },
    ]);
  });

  it('refuses an assessment scored against another set', () => {
    const outcome = scoreAssessment(sampleSet({ id: 'other' }), assessment({}));
    expect(outcome.success ? [] : outcome.issues.map(codeAndPath)).toEqual([
      { code: 'criteria_set_mismatch', path: ['criteriaSet'] },
    ]);
  });

  it('refuses a malformed assessment document with paths', () => {
    const outcome = parseAssessment({
      criteriaSet: 'sample',
      unit: { id: 'u' },
      period: 2021,
      entries: { '1.1': { score: 'abc' } },
    });
    expect(outcome.success ? [] : outcome.issues.map(codeAndPath)).toEqual([
      { code: 'required', path: ['unit', 'name'] },
      { code: 'invalid_decimal', path: ['entries', '1.1', 'score'] },
    ]);
  });

  it('says what a published figure may be', () => {
    const outcome = parseAssessment({
      criteriaSet: 'sample',
      unit: { id: 'u', name: 'Unit' },
      period: 2021,
      stated: { areas: { '1': { achieved: '8,5', max: 10 }, '2': '4,2', '3': true } },
    });
    expect(outcome.success ? [] : outcome.issues.map((found) => [found.path, found.message])).toEqual([
      [['stated', 'areas', '3'], 'a published figure is a decimal, or { achieved, max }'],
    ]);
  });
});

describe('scoreDocuments', () => {
  const unit = (id: string) => ({ id, name: id.toUpperCase() });

  it('looks a set up among those sent, then those known, and takes one inline', () => {
    const outcome = scoreDocuments(
      {
        assessments: [
          { criteriaSet: 'sample', unit: unit('a'), period: 2021, unscored: 'full', entries: {} },
          {
            criteriaSet: SAMPLE_SET,
            unit: unit('b'),
            period: 2021,
            unscored: 'full',
            entries: { '2.2': { score: 0 } },
          },
        ],
      },
      { knownSets: [sampleSet()] },
    );
    expect(outcome.success && outcome.data.map((r) => [r.unit.id, r.rank, text(r.index)])).toEqual([
      ['a', 1, '100'],
      ['b', 2, '80'],
    ]);
  });

  it('reports issues of every document with paths from the request root', () => {
    const outcome = scoreDocuments({
      criteriaSets: [{ ...SAMPLE_SET, classes: [] }],
      assessments: [
        { criteriaSet: 'nope', unit: unit('a'), period: 2021 },
        {
          criteriaSet: SAMPLE_SET,
          unit: unit('b'),
          period: 2021,
          unscored: 'full',
          entries: { '2.2': { score: 9 } },
        },
      ],
    });
    expect(outcome.success ? [] : outcome.issues.map(codeAndPath)).toEqual([
      { code: 'invalid_value', path: ['criteriaSets', 0, 'classes'] },
      { code: 'unknown_criteria_set', path: ['assessments', 0, 'criteriaSet'] },
      { code: 'score_above_max', path: ['assessments', 1, 'entries', '2.2', 'score'] },
    ]);
  });
});

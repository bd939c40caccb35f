import { describe, expect, it } from 'vitest';
import { reconcile } from './reconcile.js';
import type { AssessmentInput } from './schema/assessment.js';
import { assessment, scoreSample } from './test-support.js';

describe('reconcile', () => {
  // Every leaf at full marks: area 1 is 10/10, area 2 is 5/5, the unit 15/15, index 100.
  const withStated = (stated: AssessmentInput['stated']) =>
    scoreSample({}, { unscored: 'full', stated }).discrepancies;

  it('finds no discrepancy where the published figures equal the computed ones, however they are written', () => {
    expect(
      withStated({
        achieved: '15,00',
        max: 15,
        index: '100.0',
        classification: 'Tốt',
        areas: { '1': { achieved: '10,0', max: '10' }, '2': 5 },
      }),
    ).toEqual([]);
  });

  it('names each published figure that differs from the computed one, with both texts', () => {
    const found = withStated({ achieved: '14,5', max: 14, areas: { '1': { achieved: '9,75', max: 10 } } });
    expect(found.filter((each) => each.kind === 'computed')).toEqual([
      {
        code: '1',
        kind: 'computed',
        stated: '9.75',
        computed: '10',
        message: "'1' achieved: published 9.75, computed 10",
      },
      {
        code: 'total',
        kind: 'computed',
        stated: '14.5',
        computed: '15',
        message: 'total achieved: published 14.5, computed 15',
      },
      {
        code: 'max',
        kind: 'computed',
        stated: '14',
        computed: '15',
        message: 'applicable max: published 14, computed 15',
      },
    ]);
  });

  it('reconciles a result whose nodes were made by hand as one the scorer holds', () => {
    // A copy with its nodes as a plain array is read through its Decimals, not the scorer's held figures.
    const stated = {
      achieved: '14,5',
      max: 15,
      index: 97,
      areas: { '1': { achieved: '9,75', max: 10 }, '2': 5 },
    };
    const held = scoreSample({}, { unscored: 'full' });
    const made = { ...held, nodes: [...held.nodes] };
    const parsed = assessment({}, { unscored: 'full', stated }).stated!;
    const found = reconcile(held, parsed);
    expect(found.map((each) => `${each.code} ${each.kind}`)).toEqual([
      '1 computed',
      'total computed',
      'index computed',
      'total sum-of-parts',
      'index stated-index',
    ]);
    expect(reconcile(made, parsed)).toEqual(found);
  });
});

import { describe, expect, it } from 'vitest';
import { scoreDocuments } from './batch.js';
import { unwrap } from './issues.js';
import { resultToJson } from './json.js';
import { createScorer } from './scorer.js';
import { codeAndPath, SAMPLE_SET, sampleSet, scoreSample } from './test-support.js';

const document = (unit: string, score: string, extra: Record<string, unknown> = {}) => ({
  criteriaSet: 'sample',
  unit: { id: unit, name: unit },
  period: 2021,
  unscored: 'full',
  entries: { '2.2': { score } },
  ...extra,
});

describe('createScorer', () => {
  it('scores a stream one document at a time as a batch scores them together', () => {
    const scorer = createScorer();
    expect(scorer.addSet(SAMPLE_SET)).toEqual([]);
    const documents = [document('a', '2,5'), document('b', '1'), document('c', '0.25')];
    const streamed = documents.map((one) => resultToJson(unwrap(scorer.score(one))));
    const batch = unwrap(scoreDocuments({ criteriaSets: [SAMPLE_SET], assessments: documents }));
    // A stream is not ranked: ranks need every unit.
    expect(streamed).toEqual(batch.map((result) => ({ ...resultToJson(result), rank: undefined })));
  });

  it('holds each set once: the one parsed is the one every assessment is scored against', () => {
    const scorer = createScorer();
    scorer.addSet(SAMPLE_SET);
    const held = scorer.set('sample');
    expect(held).toBeDefined();
    expect(unwrap(scorer.score(document('a', '1'))).criteriaSet).toBe(held);
    expect(unwrap(scorer.score(document('b', '2'))).criteriaSet).toBe(held);
  });

  it('gives issues with paths from the document root, and from its place in the stream for sets', () => {
    const scorer = createScorer();
    const unknown = scorer.score(document('a', '1'));
    expect(unknown.success ? [] : unknown.issues.map(codeAndPath)).toEqual([
      { code: 'unknown_criteria_set', path: ['criteriaSet'] },
    ]);
    expect(scorer.addSet({ ...SAMPLE_SET, criteria: 'none' }, ['criteriaSets', 3]).map(codeAndPath)).toEqual([
      { code: 'invalid_type', path: ['criteriaSets', 3, 'criteria'] },
    ]);
    scorer.addSet(SAMPLE_SET);
    const above = scorer.score(document('a', '9'));
    expect(above.success ? [] : above.issues.map(codeAndPath)).toEqual([
      { code: 'score_above_max', path: ['entries', '2.2', 'score'] },
    ]);
  });

  it('refuses a second set under one id, naming where the first came from', () => {
    const scorer = createScorer();
    scorer.addSet(SAMPLE_SET, ['criteriaSets', 0]);
    const conflicts = scorer.addSet({ ...SAMPLE_SET, title: 'Another' }, ['criteriaSets', 1]);
    expect(conflicts.map((found) => [found.path, found.params])).toEqual([
      [['criteriaSets', 1, 'id'], { id: 'sample', first: 'criteriaSets[0]' }],
    ]);
    const inline = scorer.prepare(document('a', '1', { criteriaSet: { ...SAMPLE_SET, title: 'Third' } }), {
      at: ['assessments', 4],
    });
    expect(inline.success ? [] : inline.issues.map(codeAndPath)).toEqual([
      { code: 'conflicting_criteria_set', path: ['criteriaSet', 'id'] },
    ]);
  });

  it('scores against a given set, which the document must name', () => {
    const scorer = createScorer();
    const set = sampleSet();
    const expected = scoreSample(
      { '2.2': { score: '1' } },
      { unscored: 'full', unit: { id: 'a', name: 'a' } },
      set,
    );
    expect(resultToJson(unwrap(scorer.score(document('a', '1'), { set })))).toEqual(resultToJson(expected));
    const other = scorer.score(document('a', '1', { criteriaSet: 'other' }), { set });
    expect(other.success ? [] : other.issues.map(codeAndPath)).toEqual([
      { code: 'criteria_set_mismatch', path: ['criteriaSet'] },
    ]);
  });
});

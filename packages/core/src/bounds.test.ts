import { describe, expect, it } from 'vitest';
import { checkAssessment, scoreDocuments } from './batch.js';
import { parseCriteriaSet } from './criteria-set.js';
import { issueMessage, unwrap } from './issues.js';
import { assessment, codeAndPath, SAMPLE_SET, sampleSet, scoreSample } from './test-support.js';

const sampleDocument = (entries: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  criteriaSet: 'sample',
  unit: { id: 'u', name: 'Unit' },
  period: 2021,
  unscored: 'full',
  entries,
  ...extra,
});
const issuesOfBatch = (request: Parameters<typeof scoreDocuments>[0], options = {}) => {
  const outcome = scoreDocuments(request, options);
  return outcome.success ? [] : outcome.issues.map(codeAndPath);
};

describe('text that cannot be meant', () => {
  it.each([
    ['a zero-width space', '1\u200b'],
    ['a bidi override', '\u202e1'],
    ['a control character', '1\u0000'],
    ['a lone surrogate', '1\ud800'],
    ['a noncharacter', '1\uffff'],
  ])('refuses %s in a code, naming the character and its place', (_, code) => {
    const parsed = parseCriteriaSet({
      ...SAMPLE_SET,
      criteria: [{ code, name: 'X', max: 1 }],
    });
    expect(parsed.success ? [] : parsed.issues.map(codeAndPath)).toEqual([
      { code: 'invalid_text', path: ['criteria', 0, 'code'] },
    ]);
    if (!parsed.success) {
      expect(parsed.issues[0]!.message).toMatch(/holds U\+[0-9A-F]{4} at position \d/);
      expect(issueMessage(parsed.issues[0]!, 'vi')).toMatch(/ký tự U\+[0-9A-F]{4} ở vị trí \d/);
    }
  });

  it('refuses the same characters in names, units and free text, by the fast reader and the schema alike', () => {
    expect(codeAndPath(unwrapIssues(sampleDocument({ '2.2': { score: 1, cause: 'trễ\u0007' } })))).toEqual({
      code: 'invalid_text',
      path: ['assessments', 0, 'entries', '2.2', 'cause'],
    });
    expect(codeAndPath(unwrapIssues(sampleDocument({}, { unit: { id: 'u', name: 'A\u200dB' } })))).toEqual({
      code: 'invalid_text',
      path: ['assessments', 0, 'unit', 'name'],
    });
  });

  it('keeps Vietnamese typed with combining marks as the same text in NFC', () => {
    const decomposed = 'Phòng Nội vụ'.normalize('NFD');
    const result = scoreSample({ '2.2': { score: 1, responsible: [decomposed] } }, { unscored: 'full' });
    const node = result.nodes[1]!.children[1]!;
    expect(node.responsible).toEqual(['Phòng Nội vụ']);
    expect(node.responsible[0]).not.toBe(decomposed);
  });

  it('refuses dates that are not in the calendar', () => {
    for (const date of ['2021-99-99', '2022-02-30', '2021-13-01']) {
      const parsed = parseCriteriaSet({ ...SAMPLE_SET, decision: { number: '1/QĐ', date } });
      expect(parsed.success ? [] : parsed.issues.map(codeAndPath)).toEqual([
        { code: 'invalid_value', path: ['decision', 'date'] },
      ]);
    }
    expect(
      parseCriteriaSet({ ...SAMPLE_SET, decision: { number: '1/QĐ', date: '2024-02-29' } }).success,
    ).toBe(true);
  });
});

function unwrapIssues(document: unknown) {
  const outcome = scoreDocuments({ assessments: [document] }, { knownSets: [sampleSet()] });
  if (outcome.success) throw new Error('expected issues');
  return outcome.issues[0]!;
}

describe('bounded counts', () => {
  it('refuses a count past the bound with 422 issues, never a fault', () => {
    for (const facts of [
      { onTime: 9007199254740991, late: 9007199254740991, unfinished: 0 },
      { onTime: 1_000_001, late: 0, unfinished: 0 },
    ]) {
      expect(
        issuesOfBatch({ assessments: [sampleDocument({ '1.2': { facts } })] }, { knownSets: [sampleSet()] }),
      ).toEqual([
        { code: 'invalid_facts', path: ['assessments', 0, 'entries', '1.2', 'facts', 'onTime'] },
        ...(facts.late > 1_000_000
          ? [{ code: 'invalid_facts', path: ['assessments', 0, 'entries', '1.2', 'facts', 'late'] }]
          : []),
      ]);
    }
    expect(
      scoreSample(
        { '1.2': { facts: { onTime: 1_000_000, late: 1_000_000, unfinished: 1_000_000 } } },
        { unscored: 'full' },
      ).nodes[0]!.children[1]!.achieved?.toFixed(),
    ).toBe('1.5');
  });
});

describe('one id, one criteria set', () => {
  const other = { ...SAMPLE_SET, title: 'Another sample' };
  it('refuses two sets with one id and other contents in a request, naming both places', () => {
    const outcome = scoreDocuments({ criteriaSets: [SAMPLE_SET, other], assessments: [] });
    expect(outcome.success ? [] : outcome.issues.map((found) => [found.path, found.message])).toEqual([
      [
        ['criteriaSets', 1, 'id'],
        "criteria set 'sample' is given again with other contents (first at criteriaSets[0]); one id names one set, so give this version an id of its own",
      ],
    ]);
    expect(scoreDocuments({ criteriaSets: [other, SAMPLE_SET], assessments: [] }).success).toBe(false);
  });

  it('accepts an identical copy, and refuses an inline set that changes a held one', () => {
    expect(scoreDocuments({ criteriaSets: [SAMPLE_SET, { ...SAMPLE_SET }], assessments: [] }).success).toBe(
      true,
    );
    expect(
      issuesOfBatch(
        { assessments: [sampleDocument({}, { criteriaSet: other })] },
        { knownSets: [sampleSet()] },
      ),
    ).toEqual([{ code: 'conflicting_criteria_set', path: ['assessments', 0, 'criteriaSet', 'id'] }]);
    expect(issuesOfBatch({ criteriaSets: [other], assessments: [] }, { knownSets: [sampleSet()] })).toEqual([
      { code: 'conflicting_criteria_set', path: ['criteriaSets', 0, 'id'] },
    ]);
  });
});

describe('checkAssessment', () => {
  it('gives the answer scoring gives: an unknown set is an issue', () => {
    expect(checkAssessment(sampleDocument({}), new Map()).map(codeAndPath)).toEqual([
      { code: 'unknown_criteria_set', path: ['criteriaSet'] },
    ]);
    expect(checkAssessment(sampleDocument({}), new Map([['sample', sampleSet()]]))).toEqual([]);
    expect(
      unwrap(scoreDocuments({ assessments: [sampleDocument({})] }, { knownSets: [sampleSet()] })),
    ).toHaveLength(1);
    void assessment;
  });
});

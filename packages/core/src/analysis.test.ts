import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareResults } from './compare.js';
import { type Decimal, decimalText } from './decimal.js';
import { roundTo } from './exact.js';
import { gapToNextClass } from './gap.js';
import { resultToJson } from './json.js';
import { responsibilityLedger } from './ledger.js';
import { rankResults } from './rank.js';
import type { UnitResult } from './result.js';
import { sampleSet, scoreSample } from './test-support.js';

const text = decimalText;

/** A unit of the sample set (max 15) that achieved `points`, lost on 2.2. */
function unitWith(id: string, points: string, group?: string): UnitResult {
  const lost = 15 - Number(points);
  const result = scoreSample(
    { '2.2': { score: String(3 - lost) } },
    { unscored: 'full', unit: { id, name: id, group } },
  );
  return result;
}

describe('rankResults', () => {
  const results = [unitWith('a', '13'), unitWith('b', '15'), unitWith('c', '13'), unitWith('d', '12')];

  it('ranks by rounded index, ties sharing a rank, competition style by default (1, 2, 2, 4)', () => {
    expect(rankResults(results).map((r) => [r.unit.id, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('ranks dense on request (1, 2, 2, 3)', () => {
    expect(rankResults(results, { method: 'dense' }).map((r) => r.rank)).toEqual([1, 2, 2, 3]);
  });

  it('ranks within groups', () => {
    const grouped = [unitWith('a', '13', 'xã'), unitWith('b', '15', 'huyện'), unitWith('c', '14', 'xã')];
    expect(rankResults(grouped, { within: 'group' }).map((r) => [r.unit.id, r.rank])).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 2],
    ]);
  });

  it('ranks within each criteria set: units scored against different sets are not compared', () => {
    const [a, b, c] = [unitWith('a', '13'), unitWith('b', '15'), unitWith('c', '14')];
    const otherSet = { ...c!, criteriaSet: { ...c!.criteriaSet, id: 'bo-khac' } };
    expect(rankResults([a, b, otherSet], { within: 'criteriaSet' }).map((r) => [r.unit.id, r.rank])).toEqual([
      ['b', 1],
      ['c', 1],
      ['a', 2],
    ]);
  });

  it('ties units whose indexes differ only beyond the published decimals', () => {
    const set = sampleSet({ rounding: { score: 2, index: 0, mode: 'half-up' } });
    const a = scoreSample(
      { '2.2': { score: '2,85' } },
      { unscored: 'full', unit: { id: 'a', name: 'a' } },
      set,
    );
    const b = scoreSample(
      { '2.2': { score: '2,9' } },
      { unscored: 'full', unit: { id: 'b', name: 'b' } },
      set,
    );
    expect(rankResults([a, b]).map((r) => r.rank)).toEqual([1, 1]);
  });
});

describe('compareResults', () => {
  it('gives per-node deltas and the class change', () => {
    const before = unitWith('u', '15');
    const after = scoreSample({ '2.2': { score: 0 }, '1.2': { score: 0 } }, { unscored: 'full' });
    const comparison = compareResults(before, after);
    expect(text(comparison.achievedDelta)).toBe('-6');
    expect(comparison.classChange).toEqual({ before: 'Tốt', after: 'Yếu', steps: -2 });
    expect(comparison.nodes.find((node) => node.code === '2.2')!.delta!.toFixed()).toBe('-3');
  });
});

describe('responsibilityLedger', () => {
  it('shows an item under each agency named for it and counts it once in the total', () => {
    const result = scoreSample(
      {
        '2.2': { score: 1, responsible: ['Phòng Nội vụ', 'Văn phòng'] },
        '1.1': { facts: { onTime: false }, responsible: ['Phòng Nội vụ'] },
        '2.1': { score: 1.5 },
      },
      { unscored: 'full' },
    );
    const ledger = responsibilityLedger([result]);
    expect(
      ledger.accounts.map((account) => [account.agency, text(account.lost), account.items.length]),
    ).toEqual([
      ['Phòng Nội vụ', '2.25', 2],
      ['Văn phòng', '2', 1],
      [null, '0.5', 1],
    ]);
    expect(text(ledger.totalLost)).toBe('2.75');
  });

  it('reads a stored result as JSON by the same rule as the scored one', () => {
    const result = scoreSample(
      { '2.2': { score: 1, responsible: ['Phòng Nội vụ', 'Văn phòng'] }, '2.1': { score: 1.5 } },
      { unscored: 'full' },
    );
    const stored = JSON.parse(JSON.stringify(resultToJson(result))) as ReturnType<typeof resultToJson>;
    const read = (ledger: ReturnType<typeof responsibilityLedger>) =>
      ledger.accounts.map((account) => [
        account.agency,
        text(account.lost),
        account.items.map((item) => item.code),
      ]);
    expect(read(responsibilityLedger([stored]))).toEqual(read(responsibilityLedger([result])));
    expect(text(responsibilityLedger([stored]).totalLost)).toBe('2.5');
  });
});

describe('gapToNextClass', () => {
  it('finds the fewest points that lift the rounded index into the next class', () => {
    // 11.9/15 = 79.33 (Khá); 11.99/15 = 79.93 is still Khá; 12/15 = 80 is Tốt.
    const result = scoreSample({ '2.2': { score: 0 }, '2.1': { score: '1,9' } }, { unscored: 'full' });
    const gap = gapToNextClass(result);
    expect([result.classification, gap.nextClass, text(gap.pointsNeeded!)]).toEqual(['Khá', 'Tốt', '0.1']);
    expect(gap.recoverable.map((item) => item.code)).toEqual(['2.2', '2.1']);
  });

  it('counts the rounding of the published index', () => {
    const set = sampleSet({ rounding: { score: 2, index: 0, mode: 'half-up' } });
    // 11.93/15 = 79.53 → published 80: already Tốt; 11.92/15 = 79.47 → 79 (Khá), 0.01 short.
    const result = scoreSample({ '2.2': { score: 0 }, '2.1': { score: '1,92' } }, { unscored: 'full' }, set);
    expect([result.classification, text(gapToNextClass(result).pointsNeeded!)]).toEqual(['Khá', '0.01']);
  });

  it('gives points that reach the next class, one step fewer do not, for any score (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 }), (hundredths, other) => {
        // 2.1 (max 2) and 2.2 (max 3) scored in hundredths; the rest full: 10 + 5 of 15.
        const result = scoreSample(
          {
            '2.1': { score: (Math.min(hundredths, 200) / 100).toFixed(2) },
            '2.2': { score: (other / 100).toFixed(2) },
          },
          { unscored: 'full' },
        );
        const gap = gapToNextClass(result);
        if (gap.pointsNeeded === null) return;
        const classAt = (points: Decimal) => {
          const index = roundTo(points.div(result.max).mul(100), 2, 'half-up');
          return result.criteriaSet.classes.find((band) => index.gte(band.min))?.label;
        };
        expect(classAt(result.achieved.plus(gap.pointsNeeded))).toBe(gap.nextClass);
        if (gap.pointsNeeded.gt(0))
          expect(classAt(result.achieved.plus(gap.pointsNeeded).minus('0.01'))).not.toBe(gap.nextClass);
      }),
    );
  });

  it('has no next class above the best', () => {
    expect(gapToNextClass(unitWith('u', '15')).nextClass).toBeNull();
  });
});

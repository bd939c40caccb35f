import { readFileSync } from 'node:fs';
import {
  compareResults,
  decimalText,
  gapToNextClass,
  responsibilityLedger,
  resultToJson,
  scoreDocuments,
  type UnitResult,
  unwrap,
} from '@cchc/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { konRay2021 } from './index.js';
import { type PublishedReport, readPublishedReport } from './published.js';

const REPORT_TEXT = readFileSync(
  new URL('../../fixtures/kon-ray-2021-par-report.txt', import.meta.url),
  'utf8',
);

let published: PublishedReport;
let results: UnitResult[];
let district: UnitResult;
let communes: UnitResult[];

beforeAll(() => {
  published = readPublishedReport(REPORT_TEXT);
  results = unwrap(scoreDocuments(konRay2021));
  district = results.find((result) => result.unit.id === 'kon-ray')!;
  const order = konRay2021.communes.map((commune) => commune.unit.id);
  communes = order.map((id) => results.find((result) => result.unit.id === id)!);
});

const text = decimalText;

describe('the Kon Rẫy 2021 report, section I: the district', () => {
  it('reads every figure the report publishes for the district', () => {
    expect(published.district.areas).toHaveLength(8);
    expect(published.district.items.size).toBe(18);
  });

  it('computes the total, applicable max, index and class the report publishes (81,45/95 → 85,74, Tốt)', () => {
    expect(text(district.achieved)).toBe(published.district.total.achieved);
    expect(text(district.max)).toBe(published.district.total.max);
    expect(text(district.index)).toBe(published.district.index);
    expect(district.classification).toBe(published.district.classification);
  });

  it('adds every area up from its sub-criteria to the published area total', () => {
    district.nodes.forEach((area, position) => {
      expect({ area: area.code, achieved: text(area.achieved!), max: text(area.max) }).toEqual({
        area: area.code,
        ...published.district.areas[position],
      });
    });
  });

  it('computes every sub-criterion the report names to its published score', () => {
    const byCode = new Map(district.nodes.flatMap((area) => area.children).map((node) => [node.code, node]));
    for (const [code, figure] of published.district.items) {
      const node = byCode.get(code);
      expect(node, code).toBeDefined();
      expect({ code, achieved: text(node!.achieved!), max: text(node!.max) }).toEqual({ code, ...figure });
    }
  });

  it('scores 1.6.1 by the tasks rule: 3 × (13 + 0,5 × 11) ÷ 29 = 1,9138 → 1,91', () => {
    const node = district.nodes[0]!.children.find((child) => child.code === '1.6.1')!;
    expect(node.trace).toBe('tasks: 3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91');
  });

  it('finds no disagreement between the district figures and the computation', () => {
    expect(district.discrepancies).toEqual([]);
  });
});

describe('the Kon Rẫy 2021 report, section II: the communes', () => {
  it('reads the seven communes in the order of the report', () => {
    expect(published.communes.map((commune) => commune.name)).toEqual(communes.map((r) => r.unit.name));
  });

  it('computes each area figure of each commune as published', () => {
    communes.forEach((result, position) => {
      const areas = result.nodes.map((area) => ({ achieved: text(area.achieved!), max: text(area.max) }));
      expect(areas).toEqual(published.communes[position]!.areas);
    });
  });

  it('computes total, max, index and class as published for every commune whose areas add up', () => {
    communes.forEach((result, position) => {
      const publishedUnit = published.communes[position]!;
      if (result.unit.id === 'dak-ruong') return; // the inconsistent one, below
      expect({
        unit: result.unit.id,
        achieved: text(result.achieved),
        max: text(result.max),
        index: text(result.index),
        classification: result.classification,
      }).toEqual({
        unit: result.unit.id,
        ...publishedUnit.total,
        index: publishedUnit.index,
        classification: publishedUnit.classification,
      });
      expect(result.discrepancies).toEqual([]);
    });
  });

  it('finds the figure that does not add up: Đăk Ruồng areas sum to 76,65, the report says 78,15', () => {
    const ruong = communes.find((result) => result.unit.id === 'dak-ruong')!;
    const publishedUnit = published.communes[communes.indexOf(ruong)]!;
    expect(publishedUnit.total).toEqual({ achieved: '78.15', max: '95' });
    expect(text(ruong.achieved)).toBe('76.65');
    expect(text(ruong.max)).toBe(publishedUnit.total.max);
    expect(
      ruong.discrepancies.map(({ code, kind, stated, computed }) => ({ code, kind, stated, computed })),
    ).toEqual([
      { code: 'total', kind: 'computed', stated: '78.15', computed: '76.65' },
      { code: 'index', kind: 'computed', stated: '82.26', computed: '80.68' },
      { code: 'total', kind: 'sum-of-parts', stated: '78.15', computed: '76.65' },
    ]);
    // The published total, max and index agree with each other: the slip is in an area line, not in the total.
    expect(ruong.discrepancies.some((found) => found.kind === 'stated-index')).toBe(false);
    expect(ruong.classification).toBe(publishedUnit.classification);
  });

  it('ranks the communes by their computed index, ties sharing a rank', () => {
    const ranked = results
      .filter((result) => result.criteriaSet.id === 'kon-ray-2021-xa')
      .map((result) => [result.rank, result.unit.id, text(result.index)]);
    expect(ranked).toEqual([
      [1, 'dak-to-lung', '85.24'],
      [2, 'tan-lap', '83.8'],
      [3, 'dak-to-re', '81.75'],
      [4, 'dak-koi', '81.15'],
      [5, 'dak-pne', '80.73'],
      // By its published 82,26 Đăk Ruồng would stand third; by its own area figures it is sixth.
      [6, 'dak-ruong', '80.68'],
      [7, 'dak-rve', '66.09'],
    ]);
  });
});

describe('what the report leaves its readers to work out', () => {
  it('sums the district’s lost points per responsible agency, counting shared items once in the total', () => {
    const ledger = responsibilityLedger([district]);
    expect(text(ledger.totalLost)).toBe(text(district.max.minus(district.achieved)));
    const noiVu = ledger.accounts.find((account) => account.agency === 'Phòng Nội vụ huyện')!;
    expect(noiVu.items.map((item) => item.code)).toEqual(['1.2.1', '1.2.8', '4.2.2', '5.6.2']);
    expect(text(noiVu.lost)).toBe('2.25');
  });

  it('says how far the district is from Xuất sắc: 4,05 points (85,5/95 → 90)', () => {
    const gap = gapToNextClass(district);
    expect(gap.nextClass).toBe('Xuất sắc');
    expect(text(gap.pointsNeeded!)).toBe('4.05');
    expect(gap.recoverable[0]!.code).toBe('7.3');
  });

  it('compares Đăk Ruồng computed with the same commune as published', () => {
    const ruong = communes.find((result) => result.unit.id === 'dak-ruong')!;
    const comparison = compareResults(ruong, ruong);
    expect(comparison.classChange.steps).toBe(0);
    expect(text(comparison.indexDelta)).toBe('0');
  });

  it('writes every result as the result format with JSON.stringify alone, as resultToJson does', () => {
    for (const result of results) expect(JSON.stringify(result)).toBe(JSON.stringify(resultToJson(result)));
  });
});

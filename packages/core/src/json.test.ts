import { describe, expect, it } from 'vitest';
import { scoreDocuments } from './batch.js';
import { unwrap } from './issues.js';
import { resultNodeToJson, resultToJson } from './json.js';
import { rankResults } from './rank.js';
import type { ResultNode } from './result.js';
import { scoreAssessment } from './score.js';
import { assessment, sampleSet, scoreSample } from './test-support.js';

describe('result nodes', () => {
  const result = scoreSample(
    {
      '1.1': { facts: { onTime: false }, cause: 'Báo cáo trễ hạn', responsible: ['Phòng Nội vụ'] },
      '1.2': { facts: { onTime: 13, late: 11, unfinished: 5 }, evidence: ['Báo cáo số 12/BC-UBND'] },
      '2': { notApplicable: true },
    },
    { unscored: 'full' },
  );

  it('are plain, frozen data: what is logged, spread or stringified is what there is', () => {
    const [area] = result.nodes;
    expect(JSON.stringify(result.nodes)).toBe(JSON.stringify(resultToJson(result).nodes));
    expect(JSON.parse(JSON.stringify(area))).toEqual(resultNodeToJson(area!));
    expect({ ...area }).toEqual(area);
    expect(area!.achieved).toBe(area!.achieved);
    expect(Object.isFrozen(area)).toBe(true);
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('are made from what the scorer holds when read, and read as an ordinary array', () => {
    const { nodes } = result;
    expect(Array.isArray(nodes)).toBe(true);
    expect(Object.isFrozen(nodes)).toBe(true);
    expect(Object.keys(nodes)).toEqual(['0', '1']);
    expect(nodes[0]).toBe(nodes[0]);
    expect([...nodes].map((node) => node.code)).toEqual(['1', '2']);
    // A copy of the result (spread, ranked) keeps the same nodes, not a tree of its own.
    expect({ ...result, rank: 1 }.nodes).toBe(nodes);
    const [ranked] = rankResults([result]);
    expect(ranked!.nodes).toBe(nodes);
    expect(ranked!.rank).toBe(1);
    expect(Object.isFrozen(ranked)).toBe(true);
    expect(JSON.stringify(ranked)).toBe(JSON.stringify({ ...result, rank: 1 }));
    // Ranked again: the rank replaced, in the same place, and still the same nodes.
    const [again] = rankResults([ranked!]);
    expect(again!.nodes).toBe(nodes);
    expect(Object.keys(again!)).toEqual([...Object.keys(result), 'rank']);
    expect(() => (nodes as ResultNode[]).push(nodes[0]!)).toThrow(TypeError);
  });

  it('make a whole result, ranked, stringify to the result format as resultToJson writes it', () => {
    const set = sampleSet({
      version: '2021',
      adjustments: [{ code: 'T', name: 'Điểm thưởng', kind: 'bonus', max: 1 }],
    });
    const ranked = unwrap(
      scoreDocuments(
        {
          assessments: ['a', 'b'].map((id) => ({
            criteriaSet: 'sample',
            unit: { id, name: `UBND xã ${id}`, group: 'xã' },
            period: 2021,
            unscored: 'full',
            entries: { T: { score: '0,5', cause: 'Sáng kiến' } },
            stated: { achieved: 20 },
          })),
        },
        { knownSets: [set] },
      ),
    );
    for (const each of ranked) {
      expect(JSON.stringify(each)).toBe(JSON.stringify(resultToJson(each)));
      expect(JSON.parse(JSON.stringify(each))).toEqual(resultToJson(each));
    }
    expect(JSON.parse(JSON.stringify(ranked[0]))).toMatchObject({
      criteriaSet: { id: 'sample', title: 'Sample set', version: '2021' },
      rank: 1,
      adjustments: [{ code: 'T', points: '0.5', cause: 'Sáng kiến' }],
      discrepancies: [{ code: 'total' }],
    });
    expect(Object.getPrototypeOf(ranked[0]!.unit)).toBe(Object.prototype);
  });

  it('are read through one getter that every result shares, ranked copies too, keys in one order', () => {
    // A getter written in each result's literal is a closure of its own; V8 then gives each result a hidden
    // class of its own, and its young-generation collector keeps every such result's tree until a full
    // collection. One shared getter keeps results of one shape, which die young when no one holds them.
    const other = scoreSample({ '1.1': { facts: { onTime: true } } }, { unscored: 'full' });
    const [ranked] = rankResults([result]);
    const nodesGetter = (held: object) => Object.getOwnPropertyDescriptor(held, 'nodes')?.get;
    expect(nodesGetter(result)).toBeTypeOf('function');
    expect(nodesGetter(other)).toBe(nodesGetter(result));
    expect(nodesGetter(ranked!)).toBe(nodesGetter(result));
    const keys = ['unit', 'period', 'layer', 'criteriaSet', 'achieved', 'max', 'index', 'classification'];
    expect(Object.keys(result)).toEqual([...keys, 'nodes', 'adjustments', 'discrepancies']);
    expect(Object.keys(ranked!)).toEqual([...keys, 'nodes', 'adjustments', 'discrepancies', 'rank']);
    expect(ranked!.nodes).toBe(result.nodes);
    expect(Object.keys({ ...result })).toEqual(Object.keys(result));
  });

  it('write decimals as strings, and their texts only when the entry gives them', () => {
    const json = resultToJson(result);
    expect(json.nodes[0]).toMatchObject({ achieved: '8.66', max: '10', lost: '1.34', index: '86.6' });
    expect(json.nodes[0]!.unlisted).toEqual({ achieved: '6.75', max: '6.75' });
    expect(json.nodes[1]).toMatchObject({ status: 'notApplicable', achieved: '0', max: '0', index: null });
    const [late, tasks] = json.nodes[0]!.children;
    expect(late).toMatchObject({ cause: 'Báo cáo trễ hạn', responsible: ['Phòng Nội vụ'], evidence: [] });
    expect(tasks).not.toHaveProperty('cause');
    expect(tasks).toMatchObject({ evidence: ['Báo cáo số 12/BC-UBND'] });
    expect(tasks!.trace).toBe('tasks: 3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91');
  });

  it('leave their traces out with trace: false, and nothing else', () => {
    const entries = {
      '1.1': { facts: { onTime: false } },
      '1.2': { facts: { onTime: 13, late: 11, unfinished: 5 } },
      '2': { notApplicable: true },
    } as const;
    const set = sampleSet();
    const traced = resultToJson(unwrap(scoreAssessment(set, assessment(entries, { unscored: 'full' }))));
    const bare = unwrap(scoreAssessment(set, assessment(entries, { unscored: 'full' }), { trace: false }));
    const traces = (nodes: readonly ResultNode[]): string[] =>
      nodes.flatMap((node) => [node.trace, ...traces(node.children)]);
    expect(traces(bare.nodes).every((trace) => trace === '')).toBe(true);
    const withoutTraces = (json: unknown) =>
      JSON.parse(JSON.stringify(json, (key, value) => (key === 'trace' ? undefined : value)));
    expect(withoutTraces(resultToJson(bare))).toEqual(withoutTraces(traced));
  });
});

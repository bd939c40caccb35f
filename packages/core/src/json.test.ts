import { describe, expect, it } from 'vitest';
import { resultNodeToJson, resultToJson } from './json.js';
import type { ResultNode } from './result.js';
import { scoreSample } from './test-support.js';

/** A result node as any implementation of the interface could give it: plain values, no exact figures. */
function plain(node: ResultNode): ResultNode {
  return {
    code: node.code,
    name: node.name,
    status: node.status,
    source: node.source,
    achieved: node.achieved,
    max: node.max,
    setMax: node.setMax,
    lost: node.lost,
    index: node.index,
    unlisted: node.unlisted,
    cause: node.cause,
    responsible: node.responsible,
    responsibility: node.responsibility,
    evidence: node.evidence,
    note: node.note,
    trace: node.trace,
    children: node.children.map(plain),
  };
}

describe('resultNodeToJson', () => {
  it('writes the same JSON for cchc result nodes and for any other implementation of ResultNode', () => {
    const result = scoreSample(
      {
        '1.1': { facts: { onTime: false }, cause: 'Báo cáo trễ hạn', responsible: ['Phòng Nội vụ'] },
        '1.2': { facts: { onTime: 13, late: 11, unfinished: 5 } },
        '2': { notApplicable: true },
      },
      { unscored: 'full' },
    );
    const json = resultToJson(result);
    expect(result.nodes.map((node) => resultNodeToJson(plain(node)))).toEqual(json.nodes);
    expect(json.nodes[0]).toMatchObject({ achieved: '8.66', max: '10', lost: '1.34', index: '86.6' });
    expect(json.nodes[0]!.unlisted).toEqual({ achieved: '6.75', max: '6.75' });
    expect(json.nodes[1]).toMatchObject({ status: 'notApplicable', achieved: '0', max: '0', index: null });
  });
});

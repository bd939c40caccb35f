import { type Decimal, ZERO } from './decimal.js';
import { nodesByCode } from './items.js';
import type { ResultNode, UnitResult } from './result.js';

export interface NodeDelta {
  readonly code: string;
  readonly name: string;
  readonly before: Decimal | null;
  readonly after: Decimal | null;
  /** after − before; null when either side has no score there. */
  readonly delta: Decimal | null;
}

export interface ClassChange {
  readonly before: string | null;
  readonly after: string | null;
  /**
   * Classes moved, by the order of the `after` result's set: positive is up, negative down
   * (−2: "dropped two classes", which in Kon Tum bars a unit from awards). An index below every band
   * counts as one class below the lowest.
   */
  readonly steps: number;
}

export interface Comparison {
  readonly unit: { readonly before: string; readonly after: string };
  readonly achievedDelta: Decimal;
  readonly maxDelta: Decimal;
  readonly indexDelta: Decimal;
  readonly classChange: ClassChange;
  /** Per node present in both trees, in the order of the `after` tree. */
  readonly nodes: readonly NodeDelta[];
}

/**
 * Two results of the same unit (self vs appraised, or two years): what changed where.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { compareResults, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * const same = compareResults(district!, district!);
 * assert.equal(same.indexDelta.toFixed(), '0');
 * ```
 */
export function compareResults(before: UnitResult, after: UnitResult): Comparison {
  const previous = nodesByCode(before.nodes);
  const nodes: NodeDelta[] = [];
  for (const node of nodesByCode(after.nodes).values()) {
    const old = previous.get(node.code);
    if (!old) continue;
    const from = scoreOf(old);
    const to = scoreOf(node);
    nodes.push({
      code: node.code,
      name: node.name,
      before: from,
      after: to,
      delta: from === null || to === null ? null : to.minus(from),
    });
  }
  const labels = after.criteriaSet.classes.map((band) => band.label);
  const position = (label: string | null) => {
    const found = label === null ? -1 : labels.indexOf(label);
    return found === -1 ? labels.length : found;
  };
  return {
    unit: { before: before.unit.id, after: after.unit.id },
    achievedDelta: after.achieved.minus(before.achieved),
    maxDelta: after.max.minus(before.max),
    indexDelta: after.index.minus(before.index),
    classChange: {
      before: before.classification,
      after: after.classification,
      steps: position(before.classification) - position(after.classification),
    },
    nodes,
  };
}

function scoreOf(node: ResultNode): Decimal | null {
  if (node.status === 'notApplicable') return ZERO;
  return node.achieved;
}

/** What a unit was asked to explain about one criterion, and what it answered. */
export interface ExplainedItem {
  readonly request?: string | undefined;
  readonly answer?: string | undefined;
}

/**
 * A unit's layers before the result it is ranked by, to be read beside it: its self-assessment, its first
 * appraisal (of two), and its explanations by criterion code.
 */
export interface EarlierLayers {
  readonly self?: UnitResult | undefined;
  readonly firstPass?: UnitResult | undefined;
  readonly explanations?: ReadonlyMap<string, ExplainedItem> | undefined;
}

/** One node of a unit read across its layers. */
export interface NodeAcross {
  readonly code: string;
  readonly name: string;
  readonly max: Decimal;
  /** 0 for an area, 1 for its criteria, and so on. */
  readonly depth: number;
  /** Whether it is scored itself (no children): where a layer's figures are entered. */
  readonly leaf: boolean;
  /**
   * Each layer's achieved points here, in the order given: null where the item did not apply, undefined where
   * that layer is missing or has no such node.
   */
  readonly achieved: readonly (Decimal | null | undefined)[];
}

/**
 * A unit's layers side by side, node by node in the tree of the last layer given (the one ranked), then its
 * bonus and penalty claims: the self-assessment, a first and a second appraisal, as the tables of a two-pass
 * round show them.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { acrossLayers, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * const [area] = acrossLayers([undefined, district!]);
 * assert.deepEqual([area!.code, area!.achieved[0], area!.achieved[1]?.toFixed()], ['1', undefined, '19.49']);
 * ```
 */
export function acrossLayers(layers: readonly (UnitResult | undefined)[]): NodeAcross[] {
  const last = layers.findLast((layer) => layer !== undefined);
  if (!last) return [];
  const byCode = layers.map((layer) => (layer ? nodesByCode(layer.nodes) : undefined));
  const rows: NodeAcross[] = [];
  const walk = (node: ResultNode, depth: number) => {
    rows.push({
      code: node.code,
      name: node.name,
      max: node.max,
      depth,
      leaf: node.children.length === 0,
      achieved: byCode.map((nodes) => {
        const found = nodes?.get(node.code);
        return found === undefined ? undefined : found.status === 'notApplicable' ? null : found.achieved;
      }),
    });
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const area of last.nodes) walk(area, 0);
  // Bonus and penalty claims are read as items too, after the tree: the points each layer gave.
  for (const adjustment of last.adjustments)
    rows.push({
      code: adjustment.code,
      name: adjustment.name,
      max: adjustment.max,
      depth: 0,
      leaf: true,
      achieved: layers.map((layer) => layer?.adjustments.find((one) => one.code === adjustment.code)?.points),
    });
  return rows;
}

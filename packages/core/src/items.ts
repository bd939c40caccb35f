import { Decimal } from './decimal.js';
import type { ResultNode } from './result.js';

/**
 * The nodes that carry their own score and lost points: leaves and parents scored directly (not the
 * sums above them), in tree order. These are the items a report lists and a ledger counts.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { lostItems, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * const [first] = lostItems(district!.nodes);
 * assert.deepEqual([first?.code, first?.lost.toFixed()], ['1.2.1', '0.25']);
 * ```
 */
export function lostItems<N extends ItemNode<N>>(nodes: readonly N[]): N[] {
  const found: N[] = [];
  const visit = (node: N): void => {
    if (node.status !== 'scored') return;
    if (node.source !== 'sum') {
      if (isPositive(node.lost)) found.push(node);
      return;
    }
    node.children?.forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

/**
 * What `lostItems` reads of a node: a scored result's (`ResultNode`), or the same node as JSON
 * (`ResultNodeJson`, its figures decimal text), so that stored results are read by the same rule.
 */
export interface ItemNode<N> {
  readonly status: ResultNode['status'];
  readonly source: ResultNode['source'];
  readonly lost: Decimal | string;
  readonly children?: readonly N[] | undefined;
}

/** Whether a figure is above zero, read from its exact text without making a `Decimal` of it. */
const isPositive = (value: Decimal | string): boolean =>
  typeof value === 'string' ? !value.startsWith('-') && /[1-9]/.test(value) : value.gt(0);

/** A figure as a `Decimal`, whether it is one or its exact text. */
export const decimalOf = (value: Decimal | string): Decimal =>
  typeof value === 'string' ? new Decimal(value) : value;

/** Every node of a result tree by its code (codes are unique in a set). */
export function nodesByCode(nodes: readonly ResultNode[]): Map<string, ResultNode> {
  const found = new Map<string, ResultNode>();
  const visit = (node: ResultNode): void => {
    found.set(node.code, node);
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

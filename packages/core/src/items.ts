import type { ResultNode } from './result.js';

/**
 * The nodes that carry their own score and lost points: leaves and parents scored directly (not the
 * sums above them), in tree order. These are the items a report lists and a ledger counts.
 */
export function lostItems(nodes: readonly ResultNode[]): ResultNode[] {
  const found: ResultNode[] = [];
  const visit = (node: ResultNode): void => {
    if (node.status !== 'scored') return;
    if (node.source !== 'sum') {
      if (node.lost.gt(0)) found.push(node);
      return;
    }
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

import { Exact } from './exact.js';
import { nodesByCode } from './items.js';
import type { ResultNode, UnitResult } from './result.js';
import { type NodeFigures, readFigures, readNode, type ScoredTree } from './scored-node.js';

/**
 * A result's `nodes`: a frozen array of its areas, each written from the held tree when it is read (see
 * scored-node.ts). To its reader it is an ordinary array of plain nodes: indexing, `map`, `for…of`,
 * spreading and `JSON.stringify` all read the areas, and a result spread into a new object keeps the same
 * array, so the same held tree. An area once read is kept while anyone holds it, so that reading the
 * same area twice in a row gives the same node.
 */
const TREE: unique symbol = Symbol('cchc.scoredTree');

interface HeldNodes extends ReadonlyArray<ResultNode> {
  readonly [TREE]: ScoredTree;
}

/** One getter per area position, shared by every result: it finds the tree on the array it is read from. */
const areaGetters: ((this: HeldNodes) => ResultNode)[] = [];

function areaGetter(position: number): (this: HeldNodes) => ResultNode {
  let getter = areaGetters[position];
  if (getter === undefined) {
    getter = function (this: HeldNodes): ResultNode {
      return readArea(this[TREE], position);
    };
    areaGetters[position] = getter;
  }
  return getter;
}

function readArea(tree: ScoredTree, position: number): ResultNode {
  const kept = tree.read[position]?.deref();
  if (kept !== undefined) return kept;
  const node = readNode(tree, tree.compiled.criteria[position]!);
  tree.read[position] = new WeakRef(node);
  return node;
}

/** The `nodes` of a result scored into `tree`. */
export function resultNodes(tree: ScoredTree): readonly ResultNode[] {
  const properties: PropertyDescriptorMap = { [TREE]: { value: tree } };
  for (let position = 0; position < tree.compiled.criteria.length; position++) {
    properties[position] = { get: areaGetter(position), enumerable: true };
  }
  return Object.freeze(Object.defineProperties([] as ResultNode[], properties));
}

/** A result the scorer made: it carries its held tree under `TREE`, like its nodes. */
interface HeldResult extends UnitResult {
  readonly [TREE]: ScoredTree;
}

/** The fields of a held result that come before its `nodes`, as a fresh literal in a result's key order. */
export type ResultHead = Pick<
  UnitResult,
  'unit' | 'period' | 'layer' | 'criteriaSet' | 'achieved' | 'max' | 'index' | 'classification'
>;
/** The fields of a held result that come after its `nodes`. */
type ResultTail = Pick<UnitResult, 'adjustments' | 'discrepancies' | 'rank'>;

/**
 * The `nodes` of every held result: one getter shared by all, which finds the tree on the result it is
 * read from and makes the nodes once per tree. A getter written in each result's literal would be a
 * closure of its own: V8 then gives every result a hidden class of its own, which holds the closure, and
 * its young-generation collector keeps all of it (the tree with it) until a full collection, so that each
 * result that died young cost as much as one that was kept.
 */
function heldNodes(this: UnitResult): readonly ResultNode[] {
  const tree = (this as Partial<HeldResult>)[TREE];
  if (tree === undefined) return [];
  tree.nodes ??= resultNodes(tree);
  return tree.nodes;
}
const HELD_NODES: PropertyDescriptor = { get: heldNodes, enumerable: true };

/**
 * A result the scorer made, frozen: `head`'s fields (it is made into the result), its `nodes` read from
 * `tree` when first read, then `tail`'s. The tree rides on the result under a property no one lists (not
 * in its keys, its JSON or a spread), for the writer of JSON, which reads it without making the nodes.
 * Every such result has the same hidden class: its properties are added in the same order, with the same
 * getter.
 */
export function heldResult(head: ResultHead, tail: ResultTail, tree: ScoredTree): UnitResult {
  const result = head as { -readonly [K in keyof HeldResult]: HeldResult[K] };
  Object.defineProperty(result, 'nodes', HELD_NODES);
  result.adjustments = tail.adjustments;
  result.discrepancies = tail.discrepancies;
  if (tail.rank !== undefined) result.rank = tail.rank;
  Object.defineProperty(result, TREE, { value: tree });
  return Object.freeze(result);
}

/**
 * The held tree behind a result's nodes, when the scorer made them: the result it made, or a copy of it
 * (spread, ranked) that carries its `nodes`. Undefined for nodes made by hand.
 */
export function heldTreeOf(result: UnitResult): ScoredTree | undefined {
  return (result as Partial<HeldResult>)[TREE] ?? (result.nodes as Partial<HeldNodes>)[TREE];
}

/**
 * The status and figures of the node `code` of a result, as exact values, or undefined when the set has no
 * such node: read from the held tree when the scorer made the result (without making its nodes), else from
 * its nodes' Decimals.
 */
export function nodeFiguresOf(result: UnitResult, code: string): NodeFigures | undefined {
  const tree = heldTreeOf(result);
  if (tree !== undefined) {
    const compiledNode = tree.compiled.byCode.get(code);
    return compiledNode && readFigures(tree, compiledNode);
  }
  const node = nodesByCode(result.nodes).get(code);
  return (
    node && {
      status: node.status,
      achieved: node.achieved === null ? null : Exact.fromDecimal(node.achieved),
      max: Exact.fromDecimal(node.max),
    }
  );
}

/**
 * A held result with its rank (added, or replaced), sharing its nodes' getter: a spread would read the
 * nodes to copy them. Undefined when `result` is not a result the scorer made (or such a copy).
 */
export function rankedCopy<T extends object>(
  result: T,
  rank: number,
): (T & { readonly rank: number }) | undefined {
  const held = result as unknown as UnitResult;
  const tree = (held as Partial<HeldResult>)[TREE];
  if (tree === undefined) return undefined;
  const head: ResultHead = {
    unit: held.unit,
    period: held.period,
    layer: held.layer,
    criteriaSet: held.criteriaSet,
    achieved: held.achieved,
    max: held.max,
    index: held.index,
    classification: held.classification,
  };
  const tail = { adjustments: held.adjustments, discrepancies: held.discrepancies, rank };
  return heldResult(head, tail, tree) as unknown as T & { readonly rank: number };
}

import { nodesByCode } from './items.js';
import type { ResultNode, UnitResult } from './result.js';
import { readFigures, readNode, type ScoredTree } from './scored-node.js';

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

/** The held trees of the results the scorer made, before their nodes are read. */
const heldTrees = new WeakMap<UnitResult, ScoredTree>();

/** Notes the tree a result was scored into: a writer of JSON reads it without making the nodes. */
export function withHeldTree(result: UnitResult, tree: ScoredTree): UnitResult {
  heldTrees.set(result, tree);
  return result;
}

/**
 * The held tree behind a result's nodes, when the scorer made them: the result it made, or a copy of it
 * (spread, ranked) that carries its `nodes`. Undefined for nodes made by hand.
 */
export function heldTreeOf(result: UnitResult): ScoredTree | undefined {
  return heldTrees.get(result) ?? (result.nodes as Partial<HeldNodes>)[TREE];
}

/**
 * The status and figures of the node `code` of a result, or undefined when the set has no such node: read
 * from the held tree when the scorer made the result (without making its nodes), else from its nodes.
 */
export function nodeFiguresOf(
  result: UnitResult,
  code: string,
): Pick<ResultNode, 'status' | 'achieved' | 'max'> | undefined {
  const tree = heldTreeOf(result);
  if (tree === undefined) return nodesByCode(result.nodes).get(code);
  const compiledNode = tree.compiled.byCode.get(code);
  return compiledNode && readFigures(tree, compiledNode);
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
  const tree = heldTrees.get(held);
  if (tree === undefined) return undefined;
  // A literal of a result's keys in their order, the rank last: copying its property descriptors instead
  // made each copy an object of a shape of its own, several times slower to make and to read.
  const copy: Required<UnitResult> = {
    unit: held.unit,
    period: held.period,
    layer: held.layer,
    criteriaSet: held.criteriaSet,
    achieved: held.achieved,
    max: held.max,
    index: held.index,
    classification: held.classification,
    get nodes() {
      return held.nodes;
    },
    adjustments: held.adjustments,
    discrepancies: held.discrepancies,
    rank,
  };
  heldTrees.set(Object.freeze(copy), tree);
  return copy as unknown as T & { readonly rank: number };
}

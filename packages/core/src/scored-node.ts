import type { Entry } from './assessment.js';
import {
  type CompiledCriterion,
  type CompiledSet,
  SHOWN_DECIMALS_KEPT,
  type ShownFigure,
  type ShownShare,
  shownFigure,
  shownFigureOfKey,
} from './compiled.js';
import type { CriteriaSet, Rounding } from './criteria-set.js';
import { ZERO } from './decimal.js';
import { Exact, SCALED_FIGURE_LIMIT } from './exact.js';
import type { DocumentPath, Issue } from './issues.js';
import { indexOf, type NodeStatus, type ResultNode, type ScoreSource } from './result.js';
import type { Rule } from './rules/rule.js';

/**
 * How a unit's scored tree is held, and read back as result nodes. The scorer (score.ts) decides each
 * node's figures and records them here in a few numbers per node (`ScoredTree`); a result's `nodes` are
 * written from that record when they are read, the same every time: figures as the set shows them, the
 * trace in words, the entry's texts. A held result so weighs a few kilobytes rather than a tree of objects
 * per node, and a result written straight to JSON never makes its nodes at all.
 */

export interface ScoringContext {
  readonly set: CriteriaSet;
  readonly compiled: CompiledSet;
  readonly entries: ReadonlyMap<string, Entry>;
  /** The entries of the set's nodes, by their compiled index (see `entriesByIndex`). */
  readonly entryAt: readonly (Entry | undefined)[];
  readonly unscoredFull: boolean;
  readonly issues: Issue[];
  /** Whether nodes get their traces (see `ScoreOptions`). */
  readonly traces: boolean;
  /** Whether some entries name no node of the tree: an adjustment, or a code the set does not know. */
  readonly entriesOutsideTree: boolean;
  /** What the scorer records, node by node (see `ScoredTree`). */
  readonly record: TreeRecord;
}

export const entryPath = (code: string, ...rest: (string | number)[]): DocumentPath => [
  'entries',
  code,
  ...rest,
];

/** The achieved points and applicable max of the scored nodes among `nodes`, as recorded (the others add nothing). */
export function sumOfScored(
  record: TreeRecord,
  nodes: readonly CompiledCriterion[],
): { achieved: Exact; max: Exact } {
  const scoredSlot = (node: CompiledCriterion, offset: number): Exact | undefined =>
    record.states[node.index]! >> 3 === SCORED
      ? (exactAt(record, node.index * 2 + offset) ?? undefined)
      : undefined;
  return {
    achieved: Exact.sum(nodes, (node) => scoredSlot(node, 0)),
    max: Exact.sum(nodes, (node) => scoredSlot(node, 1)),
  };
}

/** A node's state code is its status's place here × 8 + its source's place in SOURCES. */
export const STATUSES: readonly NodeStatus[] = ['scored', 'notApplicable', 'notItemized'];
export const SOURCES: readonly ScoreSource[] = ['entered', 'rule', 'unscored-full', 'sum', 'none'];
/** The state codes' status parts this file tests for. */
const SCORED = 0;
const NOT_APPLICABLE = 1;
const stateCode = (status: NodeStatus, source: ScoreSource): number =>
  STATUSES.indexOf(status) * 8 + SOURCES.indexOf(source);
/**
 * The states the scorer records, by name: a node records its code, which the scorer so never looks up
 * while it scores (a lookup by a string that varies is slow in V8).
 */
export const STATE = {
  entered: stateCode('scored', 'entered'),
  rule: stateCode('scored', 'rule'),
  unscoredFull: stateCode('scored', 'unscored-full'),
  sum: stateCode('scored', 'sum'),
  /** A parent all of whose items are not applicable, adding up to no max. */
  sumNotApplicable: stateCode('notApplicable', 'sum'),
  /** An item that cannot be scored (an issue says why): it scores 0 of its max. */
  unscorable: stateCode('scored', 'none'),
  notApplicable: stateCode('notApplicable', 'none'),
  notItemized: stateCode('notItemized', 'none'),
} as const;
/** A figure slot's mark for null (a node not itemized has no achieved points). */
const NO_FIGURE = Number.NaN;
/** A figure slot's mark for a value with no integer at the set's figure places: the value is in `wide`. */
const WIDE_FIGURE = Number.POSITIVE_INFINITY;

/**
 * A unit's scored tree, held: per node (at its compiled index), its status and source, and its achieved
 * points and applicable max as integers at the set's figure places (`Exact.scaledTo`: 0.25 is 25 at 2
 * places), so that a parent's sum is an addition of integers. What a node's trace and texts need besides
 * its figures is kept only where a node has it.
 */
export interface ScoredTree {
  readonly set: CriteriaSet;
  readonly compiled: CompiledSet;
  /** Per node, status × 8 + source as one character's code. */
  readonly states: string;
  /** Per node, two slots: achieved (NO_FIGURE when null) and the applicable max, × 10^places. */
  readonly figures: Float64Array;
  /** The decimals at which figures are held (the set's `figurePlaces`). */
  readonly places: number;
  /** Figures with no integer at those places, by slot. */
  readonly wide: ReadonlyMap<number, Exact> | undefined;
  /**
   * The facts each rule scored as the entry gives them, by the node's `factsSlot`: its trace is the rule's
   * account of them, read and asked again when the trace is read. The entry's own object is held, not the
   * facts as read, which may be an object of their own (decimals read as Exact values): a held result then
   * keeps nothing the scorer made for them.
   */
  readonly facts: readonly unknown[] | undefined;
  /** The entries that give texts (cause, responsible…), by node. */
  readonly texts: ReadonlyMap<number, Entry> | undefined;
  /** A partial set's parents' unlisted remainders, by node. */
  readonly unlisted: ReadonlyMap<number, { readonly achieved: Exact; readonly max: Exact }> | undefined;
  readonly traces: boolean;
  /** Area nodes once read, kept while someone holds them. */
  readonly read: (WeakRef<ResultNode> | undefined)[];
  /** The results' `nodes` array, made when first read (see result-nodes.ts). */
  nodes: readonly ResultNode[] | undefined;
}

/** A ScoredTree being written by the scorer. */
export interface TreeRecord {
  readonly states: number[];
  readonly figures: Float64Array;
  readonly places: number;
  wide: Map<number, Exact> | undefined;
  facts: unknown[] | undefined;
  texts: Map<number, Entry> | undefined;
  unlisted: Map<number, { readonly achieved: Exact; readonly max: Exact }> | undefined;
}

export function newTreeRecord(compiled: CompiledSet): TreeRecord {
  return {
    states: new Array<number>(compiled.size).fill(0),
    // A typed array: its numbers lie outside the heap, which the collector then never copies.
    figures: new Float64Array(compiled.size * 2),
    places: compiled.figurePlaces,
    wide: undefined,
    facts: undefined,
    texts: undefined,
    unlisted: undefined,
  };
}

/** What the scorer says of a node besides its figures. */
interface NodeMaking {
  /** Its status and source, as one of `STATE`. */
  readonly state: number;
  readonly achieved: Exact | null;
  readonly max: Exact;
  /** The facts a rule scored, as the entry gives them: its trace asks the rule again for its account. */
  readonly facts?: unknown;
  readonly unlisted?: { readonly achieved: Exact; readonly max: Exact } | undefined;
  /** The node's own entry, if the assessment gives one. */
  readonly entry: Entry | undefined;
}

/** Records a scored node. */
export function scored(compiledNode: CompiledCriterion, context: ScoringContext, making: NodeMaking): void {
  const { record } = context;
  const at = compiledNode.index;
  record.states[at] = making.state;
  setFigure(record, at * 2, making.achieved);
  setFigure(record, at * 2 + 1, making.max);
  if (making.facts !== undefined && context.traces) {
    // Sized once: grown a slot at a time, it would be copied again and again. A slot per item scored by a
    // rule, not per node: a held result lives long, and every slot of it is copied as it ages.
    record.facts ??= new Array(context.compiled.ruleItems);
    record.facts[compiledNode.factsSlot] = making.facts;
  }
  if (making.unlisted) {
    record.unlisted ??= new Map();
    record.unlisted.set(at, making.unlisted);
  }
  recordTexts(record, at, making.entry);
}

/**
 * Records a parent as the sum of its recorded children, their figures added as the integers they are held
 * as, with no Exact made: the usual parent, with no unlisted remainder and figures within the set's places
 * below. Returns false, recording nothing, when a child's figure is held wide or a sum leaves the integers
 * a figure may be; the caller adds Exacts.
 */
export function scoredAsSumOfFigures(
  compiledNode: CompiledCriterion,
  context: ScoringContext,
  entry: Entry | undefined,
): boolean {
  const { record } = context;
  const { figures } = record;
  let achieved = 0;
  let max = 0;
  let allNotApplicable = true;
  for (const child of compiledNode.children) {
    const at = child.index;
    const status = record.states[at]! >> 3;
    if (status !== NOT_APPLICABLE) allNotApplicable = false;
    if (status !== SCORED) continue;
    const childAchieved = figures[at * 2]!;
    const childMax = figures[at * 2 + 1]!;
    if (childAchieved === WIDE_FIGURE || childMax === WIDE_FIGURE) return false;
    // A child not itemized (NaN) adds no points.
    if (!Number.isNaN(childAchieved)) achieved += childAchieved;
    max += childMax;
    // Two integers below the limit add up exactly; a sum past it goes the way of Exacts.
    if (!(Math.abs(achieved) < SCALED_FIGURE_LIMIT && Math.abs(max) < SCALED_FIGURE_LIMIT)) return false;
  }
  // A parent whose children are all not applicable and that adds up to no max is not applicable (see
  // sumChildren in score.ts).
  const notApplicable = max === 0 && allNotApplicable;
  const at = compiledNode.index;
  record.states[at] = notApplicable ? STATE.sumNotApplicable : STATE.sum;
  figures[at * 2] = notApplicable ? 0 : achieved || 0;
  figures[at * 2 + 1] = max || 0;
  recordTexts(record, at, entry);
  return true;
}

/** The status a node was recorded with. */
export function statusAt(record: TreeRecord, at: number): NodeStatus {
  return STATUSES[record.states[at]! >> 3]!;
}

/** Keeps the node's entry when it gives texts (cause, responsible…), which its reading writes. */
function recordTexts(record: TreeRecord, at: number, entry: Entry | undefined): void {
  if (
    entry !== undefined &&
    (entry.cause !== undefined ||
      entry.responsible !== undefined ||
      entry.responsibility !== undefined ||
      entry.evidence !== undefined ||
      entry.note !== undefined)
  ) {
    record.texts ??= new Map();
    record.texts.set(at, entry);
  }
}

function setFigure(record: TreeRecord, slot: number, value: Exact | null): void {
  if (value === null) {
    record.figures[slot] = NO_FIGURE;
    return;
  }
  const scaled = value.scaledTo(record.places);
  if (scaled === undefined) {
    record.figures[slot] = WIDE_FIGURE;
    record.wide ??= new Map();
    record.wide.set(slot, value);
  } else {
    record.figures[slot] = scaled;
  }
}

/** The record, done: what a result holds. */
export function heldTree(context: ScoringContext): ScoredTree {
  const { record, set, compiled, traces } = context;
  return {
    set,
    compiled,
    states: String.fromCharCode(...record.states),
    figures: record.figures,
    places: record.places,
    wide: record.wide,
    facts: record.facts,
    texts: record.texts,
    unlisted: record.unlisted,
    traces,
    read: [],
    nodes: undefined,
  };
}

/** The node's figure at `slot` as Exact, or null. */
export function exactAt(tree: Pick<ScoredTree, 'figures' | 'places' | 'wide'>, slot: number): Exact | null {
  const scaled = tree.figures[slot]!;
  if (Number.isNaN(scaled)) return null;
  return scaled === WIDE_FIGURE
    ? tree.wide!.get(slot)!
    : Exact.fromFigureKey(Exact.keyOfScaled(scaled, tree.places));
}

/** The node's figure at `slot` as the set shows it (found by its key, most often), or undefined for null. */
function shownAt(tree: ScoredTree, slot: number): ShownFigure | undefined {
  const scaled = tree.figures[slot]!;
  if (Number.isNaN(scaled)) return undefined;
  return scaled === WIDE_FIGURE
    ? shownFigure(tree.compiled, tree.wide!.get(slot)!)
    : shownFigureOfKey(tree.compiled, Exact.keyOfScaled(scaled, tree.places));
}

/** A node's figures as the set shows them, its texts and its trace: what every writing of it says. */
export interface NodeFacts {
  readonly status: NodeStatus;
  readonly source: ScoreSource;
  readonly achieved: ShownFigure | undefined;
  readonly max: ShownFigure;
  readonly lost: ShownFigure;
  readonly index: ShownFigure | undefined;
  readonly unlisted: { readonly achieved: ShownFigure; readonly max: ShownFigure } | undefined;
  /** The node's entry when it gives texts (cause, responsible…): the tree holds no other (`recordTexts`). */
  readonly entry: Entry | undefined;
  readonly trace: string;
  /** What the node's items are told of a parent scored directly (see `scoredAt`). */
  readonly below: string | undefined;
}

/** Reads a node back from the tree; `scoredAt` names the parent scored directly above an item not itemized. */
export function nodeFacts(
  tree: ScoredTree,
  compiledNode: CompiledCriterion,
  scoredAt: string | undefined,
): NodeFacts {
  const { compiled, set } = tree;
  const at = compiledNode.index;
  const state = tree.states.charCodeAt(at);
  const status = STATUSES[state >> 3]!;
  const source = SOURCES[state & 7]!;
  const achieved = shownAt(tree, at * 2);
  const max = shownAt(tree, at * 2 + 1)!;
  const achievedScaled = tree.figures[at * 2]!;
  const maxScaled = tree.figures[at * 2 + 1]!;
  // Lost points and index computed once for the set's units, where both figures are held as integers.
  const share =
    achieved === undefined
      ? NOT_ITEMIZED_SHARE
      : achievedScaled !== WIDE_FIGURE && maxScaled !== WIDE_FIGURE
        ? shownShare(
            compiled,
            Exact.keyOfScaled(achievedScaled, tree.places),
            Exact.keyOfScaled(maxScaled, tree.places),
            set.rounding,
          )
        : shareOf(compiled, exactAt(tree, at * 2)!, exactAt(tree, at * 2 + 1)!, set.rounding);
  const unlisted = tree.unlisted?.get(at);
  return {
    status,
    source,
    achieved,
    max,
    lost: share.lost,
    index: share.index,
    unlisted: unlisted && {
      achieved: shownFigure(compiled, unlisted.achieved),
      max: shownFigure(compiled, unlisted.max),
    },
    entry: tree.texts?.get(at),
    trace: tree.traces ? traceOf(tree, compiledNode, status, source, scoredAt, achieved, max) : '',
    // A parent scored directly names itself to the items it was not itemized into.
    below: source === 'entered' && compiledNode.children.length > 0 ? compiledNode.criterion.code : scoredAt,
  };
}

/** A node not itemized has no points of its own: it loses none and has no index. */
const NOT_ITEMIZED_SHARE: ShownShare = {
  lost: { text: '0', decimal: ZERO, json: undefined, maxJson: undefined, indexJson: undefined },
  index: undefined,
};

/**
 * The points lost and the index of `achieved` of `max` (figure keys), computed once per pair for the set's
 * units: a set's nodes have few maxima and few scores each, so most pairs repeat. Kept within the same
 * bound as the figures.
 */
function shownShare(
  compiled: CompiledSet,
  achievedKey: number,
  maxKey: number,
  rounding: Rounding,
): ShownShare {
  let byAchieved = compiled.shownShares.get(maxKey);
  let share = byAchieved?.get(achievedKey);
  if (share !== undefined) return share;
  share = shareOf(compiled, Exact.fromFigureKey(achievedKey), Exact.fromFigureKey(maxKey), rounding);
  if (byAchieved === undefined && compiled.shownShares.size < SHOWN_DECIMALS_KEPT) {
    byAchieved = new Map();
    compiled.shownShares.set(maxKey, byAchieved);
  }
  if (byAchieved !== undefined && byAchieved.size < SHOWN_DECIMALS_KEPT) byAchieved.set(achievedKey, share);
  return share;
}

/** The points lost and the index of `achieved` of `max`. */
function shareOf(compiled: CompiledSet, achieved: Exact, max: Exact, rounding: Rounding): ShownShare {
  return {
    lost: shownFigure(compiled, max.minus(achieved)),
    index: max.isZero() ? undefined : shownFigure(compiled, indexOf(achieved, max, rounding)),
  };
}

/** A node's status and figures as exact values (what `reconcile` compares published figures with). */
export interface NodeFigures {
  readonly status: NodeStatus;
  readonly achieved: Exact | null;
  readonly max: Exact;
}

/** A node's status and figures, read from the tree without making its node (see `nodeFiguresOf`). */
export function readFigures(tree: ScoredTree, compiledNode: CompiledCriterion): NodeFigures {
  const at = compiledNode.index;
  return {
    status: STATUSES[tree.states.charCodeAt(at) >> 3]!,
    achieved: exactAt(tree, at * 2),
    max: exactAt(tree, at * 2 + 1)!,
  };
}

/** A node of the tree and its subtree as a result node: Decimals shared by the set's results, frozen. */
export function readNode(tree: ScoredTree, compiledNode: CompiledCriterion, scoredAt?: string): ResultNode {
  const facts = nodeFacts(tree, compiledNode, scoredAt);
  const { entry } = facts;
  const children = compiledNode.children.map((child) => readNode(tree, child, facts.below));
  // One literal with every key: every node has the same shape (absent texts are undefined, which
  // JSON.stringify leaves out), so that V8 keeps them small and fast.
  const node: ResultNode = {
    code: compiledNode.criterion.code,
    name: compiledNode.criterion.name,
    status: facts.status,
    source: facts.source,
    achieved: facts.achieved?.decimal ?? null,
    max: facts.max.decimal,
    setMax: compiledNode.criterion.max,
    lost: facts.lost.decimal,
    index: facts.index?.decimal ?? null,
    unlisted: facts.unlisted && {
      achieved: facts.unlisted.achieved.decimal,
      max: facts.unlisted.max.decimal,
    },
    cause: entry?.cause,
    responsible: entry?.responsible ?? NO_TEXTS,
    responsibility: entry?.responsibility,
    evidence: entry?.evidence ?? NO_TEXTS,
    note: entry?.note,
    trace: facts.trace,
    children: children.length === 0 ? NO_NODES : Object.freeze(children),
  };
  return Object.freeze(node);
}

const NO_TEXTS: readonly string[] = Object.freeze([]);
const NO_NODES: readonly ResultNode[] = Object.freeze([]);

/** Facts the scorer read from an entry, read again as it read them: by the rule's reader, else its schema. */
function readAgain(rule: Rule, raw: unknown): unknown {
  return rule.readFacts(raw) ?? rule.facts.parse(raw);
}

/**
 * Whether the trace `traceOf` writes for a node in this state holds nothing JSON escapes: it is made of
 * figures and fixed words, with no text of a set, a rule or a document (a rule's account and kind, the
 * code of a parent scored directly). The JSON writer then quotes it without searching it.
 */
export function traceIsPlain(
  compiledNode: CompiledCriterion,
  status: NodeStatus,
  source: ScoreSource,
): boolean {
  if (status === 'notApplicable') return true;
  if (status === 'notItemized') return false;
  if (source === 'entered') {
    const rule = compiledNode.criterion.rule;
    return rule === undefined || rule.definition.kind === 'direct';
  }
  return source === 'sum' || source === 'unscored-full' || source === 'none';
}

/** How a node's figure was computed, in words. */
function traceOf(
  tree: ScoredTree,
  compiledNode: CompiledCriterion,
  status: NodeStatus,
  source: ScoreSource,
  scoredAt: string | undefined,
  achieved: ShownFigure | undefined,
  max: ShownFigure,
): string {
  if (status === 'notApplicable') return `not applicable: removed from the max (${compiledNode.maxText})`;
  if (status === 'notItemized') return `not itemized: included in the score entered for ${scoredAt}`;
  const achievedText = achieved?.text ?? '';
  switch (source) {
    case 'rule': {
      // Rules are pure: asked again with the facts they scored, they give the same account.
      const rule = compiledNode.criterion.rule!;
      let text = '';
      const unrounded = rule.definition.compute(
        readAgain(rule.definition, tree.facts![compiledNode.factsSlot]),
        rule.params,
        exactAt(tree, compiledNode.index * 2 + 1)!,
        (explained) => {
          text = explained;
        },
      );
      const rounded = unrounded.eq(exactAt(tree, compiledNode.index * 2)!) ? '' : ` → ${achievedText}`;
      return `${rule.definition.kind}: ${text}${rounded}`;
    }
    case 'entered': {
      const rule = compiledNode.criterion.rule;
      const overrides =
        rule && rule.definition.kind !== 'direct' ? ` (rule ${rule.definition.kind} not applied)` : '';
      return `entered${overrides}: ${achievedText}/${max.text}`;
    }
    case 'unscored-full':
      return `not listed: full marks ${achievedText}`;
    case 'sum': {
      const terms: string[] = [];
      for (const child of compiledNode.children) {
        const childAchieved = shownAt(tree, child.index * 2);
        if (STATUSES[tree.states.charCodeAt(child.index) >> 3] === 'scored' && childAchieved !== undefined)
          terms.push(childAchieved.text);
      }
      const unlisted = tree.unlisted?.get(compiledNode.index);
      if (unlisted) terms.push(`${unlisted.achieved.toText()} (unlisted)`);
      return `${terms.join(' + ') || '0'} = ${achievedText}/${max.text}`;
    }
    default:
      return '';
  }
}

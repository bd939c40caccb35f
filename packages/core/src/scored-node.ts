import type { Entry } from './assessment.js';
import { type CompiledCriterion, type CompiledSet, shownFigure } from './compiled.js';
import type { CriteriaSet } from './criteria-set.js';
import { EXACT_ZERO, Exact } from './exact.js';
import type { DocumentPath, Issue } from './issues.js';
import { indexOf, type NodeStatus, type ResultNode, type ScoreSource } from './result.js';

/**
 * How a scored criterion becomes a node of the result: its figures as the set shows them, its trace in
 * words, the entry's texts. The scorer (score.ts) decides the figures; this file only writes them down.
 */

export interface ScoringContext {
  readonly set: CriteriaSet;
  readonly compiled: CompiledSet;
  readonly entries: ReadonlyMap<string, Entry>;
  readonly unscoredFull: boolean;
  readonly issues: Issue[];
  /** Whether nodes get their traces (see `ScoreOptions`). */
  readonly traces: boolean;
  /** How many of the assessment's entries the scorer has read (each node and adjustment reads its own once). */
  entriesRead: number;
}

/** A node as scored: its result node, and the exact figures its parent adds up. */
export interface Scored {
  readonly node: ResultNode;
  readonly status: NodeStatus;
  readonly achieved: Exact | null;
  /** The achieved points as text ('' when not itemized): the parent's trace writes it again. */
  readonly achievedText: string;
  readonly max: Exact;
}

const NO_CHILDREN: readonly Scored[] = [];

export const entryPath = (code: string, ...rest: (string | number)[]): DocumentPath => [
  'entries',
  code,
  ...rest,
];

/** The achieved points and applicable max of the scored nodes among `scored` (the others add nothing). */
export function sumOfScored(scored: readonly Scored[]): { achieved: Exact; max: Exact } {
  return {
    achieved: Exact.sum(scored, (child) =>
      child.status === 'scored' ? (child.achieved ?? undefined) : undefined,
    ),
    max: Exact.sum(scored, (child) => (child.status === 'scored' ? child.max : undefined)),
  };
}

/** What a result node needs besides its figures. */
interface NodeMaking {
  readonly status: NodeStatus;
  readonly source: ScoreSource;
  readonly achieved: Exact | null;
  readonly max: Exact;
  readonly children?: readonly Scored[];
  /** A rule's account of its computation, before rounding. */
  readonly explained?: { readonly text: string; readonly unrounded: Exact };
  readonly unlisted?: { readonly achieved: Exact; readonly max: Exact };
  /** For `notItemized` nodes: the code of the parent scored directly. */
  readonly scoredAt?: string | undefined;
}

/** Makes a node's result: its figures as Decimals, its trace written once, the entry's texts; frozen. */
export function scored(compiledNode: CompiledCriterion, context: ScoringContext, making: NodeMaking): Scored {
  const { compiled, set } = context;
  const { status, achieved, max } = making;
  const children = making.children ?? NO_CHILDREN;
  const entry = context.entries.get(compiledNode.code);
  const shownAchieved = achieved === null ? undefined : shownFigure(compiled, achieved);
  const achievedText = shownAchieved?.text ?? '';
  const shownMax = shownFigure(compiled, max);
  const index = achieved === null || max.isZero() ? null : indexOf(achieved, max, set.rounding);
  const lost = achieved === null ? EXACT_ZERO : max.minus(achieved);
  const unlisted = making.unlisted;
  // One literal with every key: every node has the same shape (absent texts are undefined, which
  // JSON.stringify leaves out), so that V8 keeps them small and fast.
  const node: ResultNode = {
    code: compiledNode.criterion.code,
    name: compiledNode.criterion.name,
    status,
    source: making.source,
    achieved: shownAchieved?.decimal ?? null,
    max: shownMax.decimal,
    setMax: compiledNode.criterion.max,
    lost: shownFigure(compiled, lost).decimal,
    index: index === null ? null : shownFigure(compiled, index).decimal,
    unlisted: unlisted && {
      achieved: shownFigure(compiled, unlisted.achieved).decimal,
      max: shownFigure(compiled, unlisted.max).decimal,
    },
    cause: entry?.cause,
    responsible: entry?.responsible ?? NO_TEXTS,
    responsibility: entry?.responsibility,
    evidence: entry?.evidence ?? NO_TEXTS,
    note: entry?.note,
    trace: context.traces ? traceOf(compiledNode, making, achievedText, shownMax.text) : '',
    children: children.length === 0 ? NO_NODES : children.map((child) => child.node),
  };
  return { node: Object.freeze(node), status, achieved, achievedText, max };
}

const NO_TEXTS: readonly string[] = Object.freeze([]);
const NO_NODES: readonly ResultNode[] = Object.freeze([]);

/** How a node's figure was computed, in words: written once, when the node is scored. */
function traceOf(compiledNode: CompiledCriterion, making: NodeMaking, achieved: string, max: string): string {
  if (making.status === 'notApplicable')
    return `not applicable: removed from the max (${compiledNode.maxText})`;
  if (making.status === 'notItemized')
    return `not itemized: included in the score entered for ${making.scoredAt}`;
  switch (making.source) {
    case 'rule': {
      const explained = making.explained!;
      const rounded = explained.unrounded.eq(making.achieved!) ? '' : ` → ${achieved}`;
      return `${compiledNode.criterion.rule!.definition.kind}: ${explained.text}${rounded}`;
    }
    case 'entered': {
      const rule = compiledNode.criterion.rule;
      const overrides =
        rule && rule.definition.kind !== 'direct' ? ` (rule ${rule.definition.kind} not applied)` : '';
      return `entered${overrides}: ${achieved}/${max}`;
    }
    case 'unscored-full':
      return `not listed: full marks ${achieved}`;
    case 'sum': {
      const terms: string[] = [];
      for (const child of making.children ?? NO_CHILDREN) {
        if (child.status === 'scored') terms.push(child.achievedText);
      }
      if (making.unlisted) terms.push(`${making.unlisted.achieved.toText()} (unlisted)`);
      return `${terms.join(' + ') || '0'} = ${achieved}/${max}`;
    }
    default:
      return '';
  }
}

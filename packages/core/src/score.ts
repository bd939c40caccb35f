import type { Assessment, Entry } from './assessment.js';
import { type CompiledCriterion, type CompiledSet, compiledSet, shownFigure } from './compiled.js';
import type { CriteriaSet } from './criteria-set.js';
import { EXACT_ZERO, Exact } from './exact.js';
import { type DocumentPath, fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { reconcile } from './reconcile.js';
import {
  type AdjustmentResult,
  classOf,
  indexOf,
  type NodeStatus,
  type ResultNode,
  type ScoreSource,
  type UnitResult,
} from './result.js';
import { parseFast, ruleSchemaIssues } from './schema/common.js';

interface Context {
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
interface Scored {
  readonly node: ResultNode;
  readonly status: NodeStatus;
  readonly achieved: Exact | null;
  /** The achieved points as text ('' when not itemized): the parent's trace writes it again. */
  readonly achievedText: string;
  readonly max: Exact;
}

const NO_CHILDREN: readonly Scored[] = [];

const entryPath = (code: string, ...rest: (string | number)[]): DocumentPath => ['entries', code, ...rest];

export interface ScoreOptions {
  /**
   * Whether each node gets its trace, the text of how its figure was computed (default true). Traces are
   * most of what a held result weighs; a caller that shows totals or keeps many results may leave them
   * out: every node's `trace` is then ''.
   */
  readonly trace?: boolean | undefined;
}

/** Scores one assessment against its criteria set: the whole result tree, the index, the class and the reconciliation. */
export function scoreAssessment(
  set: CriteriaSet,
  assessment: Assessment,
  options: ScoreOptions = {},
): Outcome<UnitResult> {
  const named =
    typeof assessment.criteriaSet === 'string' ? assessment.criteriaSet : assessment.criteriaSet.id;
  if (named !== set.id)
    return fail([issue('criteria_set_mismatch', ['criteriaSet'], { named, given: set.id })]);

  const compiled = compiledSet(set);
  const context: Context = {
    set,
    compiled,
    entries: assessment.entries,
    unscoredFull: assessment.unscored === 'full',
    issues: [],
    traces: options.trace ?? true,
    entriesRead: 0,
  };
  const areas = compiled.criteria.map((area) => evaluate(area, context));
  const adjustments = scoreAdjustments(context);
  const unknown = unknownCodes(context, assessment);
  if (unknown.length > 0 || context.issues.length > 0) return fail([...unknown, ...context.issues]);

  const { achieved: treeAchieved, max } = sumOfScored(areas);
  if (max.isZero()) return fail([issue('zero_applicable_max', [])]);
  // Bonus and penalty points sit outside the tree; the total stays within [0, applicable max].
  let achieved = treeAchieved;
  for (const { kind, points } of adjustments) {
    achieved = kind === 'bonus' ? achieved.plus(points) : achieved.minus(points);
  }
  if (achieved.isNegative()) achieved = EXACT_ZERO;
  if (achieved.gt(max)) achieved = max;
  const index = indexOf(achieved, max, set.rounding);
  const result: UnitResult = {
    unit: assessment.unit,
    period: assessment.period,
    layer: assessment.layer,
    criteriaSet: set,
    achieved: achieved.toDecimal(),
    max: max.toDecimal(),
    index: index.toDecimal(),
    classification: classOf(index, compiled.classes),
    nodes: Object.freeze(areas.map((area) => area.node)),
    adjustments: adjustments.map(({ code, name, kind, points, max, cause }) => ({
      code,
      name,
      kind,
      points: points.toDecimal(),
      max,
      cause,
    })),
    discrepancies: [],
  };
  return succeed(
    Object.freeze(
      assessment.stated ? { ...result, discrepancies: reconcile(result, assessment.stated) } : result,
    ),
  );
}

/** The achieved points and applicable max of the scored nodes among `scored` (the others add nothing). */
function sumOfScored(scored: readonly Scored[]): { achieved: Exact; max: Exact } {
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
function scored(compiledNode: CompiledCriterion, context: Context, making: NodeMaking): Scored {
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

function evaluate(node: CompiledCriterion, context: Context): Scored {
  const entry = context.entries.get(node.code);
  if (entry !== undefined) context.entriesRead++;
  if (entry?.notApplicable) {
    if (entry.score !== undefined || entry.facts !== undefined || entry.max !== undefined) {
      context.issues.push(
        issue('conflicting_entries', entryPath(node.criterion.code), {
          detail: 'notApplicable cannot go with score, facts or max',
        }),
      );
    }
    for (const code of entriesBelow(node, context)) {
      context.issues.push(
        issue('conflicting_entries', entryPath(code), {
          detail: `'${code}' is inside '${node.criterion.code}', which is not applicable`,
        }),
      );
    }
    return withoutScore(node, context, 'notApplicable');
  }
  return node.children.length === 0
    ? evaluateLeaf(node, entry, context)
    : evaluateParent(node, entry, context);
}

function evaluateLeaf(node: CompiledCriterion, entry: Entry | undefined, context: Context): Scored {
  const { rounding } = context.set;
  if (entry === undefined) {
    if (!context.unscoredFull)
      context.issues.push(issue('unscored', entryPath(node.criterion.code), { code: node.criterion.code }));
    return scored(node, context, {
      status: 'scored',
      source: 'unscored-full',
      achieved: node.max,
      max: node.max,
    });
  }
  const max = applicableMax(node, entry, context);
  if (entry.score !== undefined) {
    checkScore(entry.score, max, node.criterion.code, context);
    const rule = node.criterion.rule;
    const offStep = rule?.definition.checkEnteredScore(entry.score, rule.params);
    if (offStep)
      context.issues.push(
        issue('score_off_step', entryPath(node.criterion.code, 'score'), { detail: offStep }),
      );
    return scored(node, context, { status: 'scored', source: 'entered', achieved: entry.score, max });
  }
  if (entry.facts === undefined) {
    context.issues.push(issue('empty_entry', entryPath(node.criterion.code)));
    return withoutScore(node, context, 'scored');
  }
  const rule = node.criterion.rule;
  if (!rule) {
    context.issues.push(
      issue('no_rule_for_facts', entryPath(node.criterion.code, 'facts'), { code: node.criterion.code }),
    );
    return withoutScore(node, context, 'scored');
  }
  const kind = rule.definition.kind;
  // The rule's own reader takes plainly valid facts; anything else goes through its schema, which words the issues.
  let facts = rule.definition.readFacts(entry.facts);
  if (facts === undefined) {
    const parsed = parseFast(rule.definition.facts, entry.facts);
    if (!parsed.success) {
      context.issues.push(
        ...ruleSchemaIssues(
          parsed.error.issues,
          entryPath(node.criterion.code, 'facts'),
          'invalid_facts',
          kind,
        ),
      );
      return withoutScore(node, context, 'scored');
    }
    facts = parsed.data;
  }
  const problem = rule.definition.checkFacts(facts, rule.params);
  if (problem) {
    context.issues.push(
      issue('invalid_facts', entryPath(node.criterion.code, 'facts'), { kind, detail: problem }),
    );
    return withoutScore(node, context, 'scored');
  }
  // The rule says how it computed the score as it computes it: the trace is this text, kept.
  let text = '';
  const explain = context.traces
    ? (explained: string) => {
        text = explained;
      }
    : undefined;
  const unrounded = rule.definition.compute(facts, rule.params, max, explain);
  const achieved = unrounded.round(rounding.score, rounding.mode);
  if (achieved.isNegative() || achieved.gt(max)) {
    // A custom rule that leaves [0, max] is a fault of the rule; the entry that triggered it is named.
    context.issues.push(
      issue('invalid_facts', entryPath(node.criterion.code, 'facts'), {
        kind,
        detail: `the rule computed ${achieved.toText()}, outside 0…${max.toText()}`,
      }),
    );
  }
  return scored(node, context, {
    status: 'scored',
    source: 'rule',
    achieved,
    max,
    explained: { text, unrounded },
  });
}

function evaluateParent(node: CompiledCriterion, entry: Entry | undefined, context: Context): Scored {
  if (entry?.facts !== undefined) {
    context.issues.push(
      issue('no_rule_for_facts', entryPath(node.criterion.code, 'facts'), { code: node.criterion.code }),
    );
  }
  if (entry === undefined || entry.score === undefined) {
    if (entry !== undefined && entry.facts === undefined)
      context.issues.push(issue('empty_entry', entryPath(node.criterion.code)));
    return sumChildren(node, context);
  }
  const max = applicableMax(node, entry, context);
  checkScore(entry.score, max, node.criterion.code, context);
  const below = entriesBelow(node, context);
  if (below.length === 0) {
    // Scored as a whole: its items keep their place in the tree but have no score of their own.
    const children = node.children.map((child) =>
      withoutScore(child, context, 'notItemized', node.criterion.code),
    );
    return scored(node, context, {
      status: 'scored',
      source: 'entered',
      achieved: entry.score,
      max,
      children,
    });
  }
  const itemized = sumChildren(node, context, entry.score);
  const sum = itemized.achieved ?? EXACT_ZERO;
  if (!sum.eq(entry.score) || !itemized.max.eq(max)) {
    context.issues.push(
      issue('inconsistent_parent', entryPath(node.criterion.code, 'score'), {
        code: node.criterion.code,
        score: entry.score.toText(),
        max: max.toText(),
        sum: sum.toText(),
        sumMax: itemized.max.toText(),
      }),
    );
  }
  return itemized;
}

/**
 * A parent as the sum of its items. Its unlisted remainder (partial sets) is what the parent's own entered
 * score leaves after the listed items, when it has one and that fits; otherwise full marks, or an issue
 * under `unscored: error`.
 */
function sumChildren(node: CompiledCriterion, context: Context, parentScore?: Exact): Scored {
  const children = node.children.map((child) => evaluate(child, context));
  let { achieved, max } = sumOfScored(children);
  let unlisted: { achieved: Exact; max: Exact } | undefined;
  const remainder = parentScore?.minus(achieved);
  if (
    !node.unlisted.isZero() &&
    remainder !== undefined &&
    !remainder.isNegative() &&
    remainder.lte(node.unlisted)
  ) {
    unlisted = { achieved: remainder, max: node.unlisted };
    achieved = achieved.plus(remainder);
    max = max.plus(node.unlisted);
  } else if (!node.unlisted.isZero()) {
    if (!context.unscoredFull) {
      context.issues.push(
        issue('unscored', entryPath(node.criterion.code), {
          code: node.criterion.code,
          unlisted: 'true',
          max: node.unlisted.toText(),
        }),
      );
    }
    unlisted = { achieved: node.unlisted, max: node.unlisted };
    achieved = achieved.plus(node.unlisted);
    max = max.plus(node.unlisted);
  }
  // A parent that adds up to no applicable max is not applicable when all its children are not (one not
  // itemized or scored keeps it scored, at 0 of 0).
  const status =
    max.isZero() && children.every((child) => child.status === 'notApplicable') ? 'notApplicable' : 'scored';
  return scored(node, context, {
    status,
    source: 'sum',
    achieved: status === 'scored' ? achieved : EXACT_ZERO,
    max,
    children,
    ...(unlisted && { unlisted }),
  });
}

/** A subtree without scores of its own: not applicable (max 0), or not itemized under a parent scored directly. */
function withoutScore(
  node: CompiledCriterion,
  context: Context,
  status: NodeStatus,
  scoredAt?: string,
): Scored {
  const notApplicable = status === 'notApplicable';
  const children = node.children.map((child) => withoutScore(child, context, status, scoredAt));
  return scored(node, context, {
    status,
    source: 'none',
    achieved: notApplicable ? EXACT_ZERO : status === 'notItemized' ? null : EXACT_ZERO,
    max: notApplicable ? EXACT_ZERO : node.max,
    children,
    scoredAt,
  });
}

function applicableMax(node: CompiledCriterion, entry: Entry, context: Context): Exact {
  if (entry.max === undefined) return node.max;
  if (entry.max.isNegative()) {
    context.issues.push(
      issue('negative_score', entryPath(node.criterion.code, 'max'), { score: entry.max.toText() }),
    );
    return EXACT_ZERO;
  }
  if (entry.max.gt(node.max)) {
    context.issues.push(
      issue('max_above_set_max', entryPath(node.criterion.code, 'max'), {
        max: entry.max.toText(),
        setMax: node.max.toText(),
      }),
    );
    return node.max;
  }
  return entry.max;
}

function checkScore(score: Exact, max: Exact, code: string, context: Context): void {
  if (score.isNegative()) {
    context.issues.push(issue('negative_score', entryPath(code, 'score'), { score: score.toText() }));
  } else if (score.gt(max)) {
    context.issues.push(
      issue('score_above_max', entryPath(code, 'score'), {
        score: score.toText(),
        max: max.toText(),
      }),
    );
  }
}

/**
 * Entries and published areas whose code is in neither the tree nor the adjustments. Every entry the
 * scorer read is known; only when some were not read (an unknown code, or one inside a subtree that is
 * not applicable) are the codes looked up one by one.
 */
function unknownCodes(context: Context, assessment: Assessment): Issue[] {
  const { set } = context;
  const unknown: Issue[] = [];
  if (context.entriesRead < assessment.entries.size) {
    for (const code of assessment.entries.keys()) {
      if (!set.byCode.has(code) && !set.adjustments.some((adjustment) => adjustment.code === code)) {
        unknown.push(issue('unknown_code', entryPath(code), { code }));
      }
    }
  }
  for (const code of Object.keys(assessment.stated?.areas ?? {})) {
    if (!set.byCode.has(code)) unknown.push(issue('unknown_code', ['stated', 'areas', code], { code }));
  }
  return unknown;
}

/** Codes of the entries given for nodes below `node`. */
function entriesBelow(node: CompiledCriterion, context: Context): string[] {
  const found: string[] = [];
  const visit = (parent: CompiledCriterion): void => {
    for (const child of parent.children) {
      if (context.entries.has(child.criterion.code)) found.push(child.criterion.code);
      visit(child);
    }
  };
  visit(node);
  return found;
}

/** Bonus and penalty points, as entered (0 when not). */
function scoreAdjustments(context: Context): (Omit<AdjustmentResult, 'points'> & { points: Exact })[] {
  return context.compiled.adjustments.map(({ exactMax, ...definition }) => {
    const entry = context.entries.get(definition.code);
    if (entry !== undefined) context.entriesRead++;
    let points = EXACT_ZERO;
    if (entry?.facts !== undefined) {
      context.issues.push(
        issue('no_rule_for_facts', entryPath(definition.code, 'facts'), { code: definition.code }),
      );
    }
    if (entry?.score !== undefined && !entry.notApplicable) {
      checkScore(entry.score, exactMax, definition.code, context);
      points = entry.score;
    }
    return { ...definition, points, cause: entry?.cause };
  });
}

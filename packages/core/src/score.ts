import type { Assessment, Entry } from './assessment.js';
import { type CompiledCriterion, type CompiledSet, compiledSet } from './compiled.js';
import type { CriteriaSet } from './criteria-set.js';
import type { Decimal } from './decimal.js';
import { EXACT_ZERO, type Exact } from './exact.js';
import { type DocumentPath, fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { reconcile } from './reconcile.js';
import {
  type AdjustmentResult,
  classOf,
  indexOf,
  type NodeStatus,
  UnitFigures,
  type UnitResult,
} from './result.js';
import { parseFast, ruleSchemaIssues } from './schema/common.js';

interface Context {
  readonly set: CriteriaSet;
  readonly compiled: CompiledSet;
  readonly entries: ReadonlyMap<string, Entry>;
  readonly unscoredFull: boolean;
  readonly issues: Issue[];
  readonly figures: UnitFigures;
  /** How many of the assessment's entries the scorer has read (each node and adjustment reads its own once). */
  entriesRead: number;
}

const entryPath = (code: string, ...rest: (string | number)[]): DocumentPath => ['entries', code, ...rest];

/** Scores one assessment against its criteria set: the whole result tree, the index, the class and the reconciliation. */
export function scoreAssessment(set: CriteriaSet, assessment: Assessment): Outcome<UnitResult> {
  const named =
    typeof assessment.criteriaSet === 'string' ? assessment.criteriaSet : assessment.criteriaSet.id;
  if (named !== set.id)
    return fail([issue('criteria_set_mismatch', ['criteriaSet'], { named, given: set.id })]);

  const compiled = compiledSet(set);
  const figures = new UnitFigures(compiled, set.rounding, assessment.entries);
  const context: Context = {
    set,
    compiled,
    entries: assessment.entries,
    unscoredFull: assessment.unscored === 'full',
    issues: [],
    figures,
    entriesRead: 0,
  };
  for (const area of compiled.criteria) evaluate(area, context);
  const adjustments = scoreAdjustments(context);
  const unknown = unknownCodes(context, assessment);
  if (unknown.length > 0 || context.issues.length > 0) return fail([...unknown, ...context.issues]);

  const { achieved: treeAchieved, max } = figures.sumOf(compiled.criteria);
  if (max.isZero()) return fail([issue('zero_applicable_max', [])]);
  // Bonus and penalty points sit outside the tree; the total stays within [0, applicable max].
  let achieved = treeAchieved;
  for (const { kind, points } of adjustments) {
    achieved = kind === 'bonus' ? achieved.plus(points) : achieved.minus(points);
  }
  if (achieved.isNegative()) achieved = EXACT_ZERO;
  if (achieved.gt(max)) achieved = max;
  const index = indexOf(achieved, max, set.rounding);
  const total = achieved;
  // The Decimals and the node tree are made when first read (spreading a result reads them).
  let shown: { achieved: Decimal; max: Decimal; index: Decimal } | undefined;
  const decimals = () =>
    (shown ??= { achieved: total.toDecimal(), max: max.toDecimal(), index: index.toDecimal() });
  const result: UnitResult = {
    unit: assessment.unit,
    period: assessment.period,
    layer: assessment.layer,
    criteriaSet: set,
    get achieved() {
      return decimals().achieved;
    },
    get max() {
      return decimals().max;
    },
    get index() {
      return decimals().index;
    },
    classification: classOf(index, compiled.classes),
    get nodes() {
      return figures.nodes;
    },
    adjustments: adjustments.map((adjustment) => ({ ...adjustment, points: adjustment.points.toDecimal() })),
    discrepancies: [],
  };
  return succeed(
    assessment.stated ? { ...result, discrepancies: reconcile(result, assessment.stated) } : result,
  );
}

function evaluate(node: CompiledCriterion, context: Context): number {
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

function evaluateLeaf(node: CompiledCriterion, entry: Entry | undefined, context: Context): number {
  const { rounding } = context.set;
  if (entry === undefined) {
    if (!context.unscoredFull)
      context.issues.push(issue('unscored', entryPath(node.criterion.code), { code: node.criterion.code }));
    return context.figures.record(node, 'scored', 'unscored-full', node.max, node.max);
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
    return context.figures.record(node, 'scored', 'entered', entry.score, max);
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
  const achieved = rule.definition.compute(facts, rule.params, max).round(rounding.score, rounding.mode);
  if (achieved.isNegative() || achieved.gt(max)) {
    // A custom rule that leaves [0, max] is a fault of the rule; the entry that triggered it is named.
    context.issues.push(
      issue('invalid_facts', entryPath(node.criterion.code, 'facts'), {
        kind,
        detail: `the rule computed ${achieved.toText()}, outside 0…${max.toText()}`,
      }),
    );
  }
  return context.figures.record(node, 'scored', 'rule', achieved, max);
}

function evaluateParent(node: CompiledCriterion, entry: Entry | undefined, context: Context): number {
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
    for (const child of node.children) withoutScore(child, context, 'notItemized', node.criterion.code);
    return context.figures.record(node, 'scored', 'entered', entry.score, max);
  }
  const itemized = sumChildren(node, context, entry.score);
  const sum = context.figures.achieved(itemized) ?? EXACT_ZERO;
  const sumMax = context.figures.max(itemized);
  if (!sum.eq(entry.score) || !sumMax.eq(max)) {
    context.issues.push(
      issue('inconsistent_parent', entryPath(node.criterion.code, 'score'), {
        code: node.criterion.code,
        score: entry.score.toText(),
        max: max.toText(),
        sum: sum.toText(),
        sumMax: sumMax.toText(),
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
function sumChildren(node: CompiledCriterion, context: Context, parentScore?: Exact): number {
  for (const child of node.children) evaluate(child, context);
  if (parentScore === undefined && node.unlisted.isZero()) {
    const at = context.figures.recordSum(node);
    if (at !== undefined) return at;
  }
  let { achieved, max } = context.figures.sumOf(node.children);
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
  const status = context.figures.sumStatus(node, max.isZero());
  return context.figures.record(node, status, 'sum', status === 'scored' ? achieved : EXACT_ZERO, max, {
    unlisted,
  });
}

/** The achieved points and applicable max of the scored nodes among `nodes` (not applicable ones add nothing). */
/** A subtree without scores of its own: not applicable (max 0), or not itemized under a parent scored directly. */
function withoutScore(
  node: CompiledCriterion,
  context: Context,
  status: NodeStatus,
  scoredAt?: string,
): number {
  const notApplicable = status === 'notApplicable';
  for (const child of node.children) withoutScore(child, context, status, scoredAt);
  return context.figures.record(
    node,
    status,
    'none',
    notApplicable ? EXACT_ZERO : status === 'notItemized' ? null : EXACT_ZERO,
    notApplicable ? EXACT_ZERO : node.max,
    { scoredAt },
  );
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

import type { Assessment, Entry } from './assessment.js';
import { type CompiledCriterion, type CompiledSet, compiledSet, shownFigure } from './compiled.js';
import type { CriteriaSet } from './criteria-set.js';
import { EXACT_ZERO, type Exact } from './exact.js';
import { fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { reconcile } from './reconcile.js';
import {
  type AdjustmentResult,
  classOf,
  type Discrepancy,
  indexOf,
  type NodeStatus,
  type UnitResult,
} from './result.js';
import { heldResult, type ResultHead } from './result-nodes.js';
import { parseFast, ruleSchemaIssues } from './schema/common.js';
import {
  entryPath,
  exactAt,
  heldTree,
  newTreeRecord,
  type ScoredTree,
  type ScoringContext,
  STATE,
  scored,
  scoredAsSumOfFigures,
  statusAt,
  sumOfScored,
} from './scored-node.js';

export interface ScoreOptions {
  /**
   * Whether each node gets its trace, the text of how its figure was computed (default true). A trace is
   * written when its node is read, from the facts its rule scored, which the result keeps; a caller that
   * shows totals may leave them out: no facts are kept, and every node's `trace` is ''.
   */
  readonly trace?: boolean | undefined;
}

/**
 * Scores one assessment against its criteria set: the whole result tree, the index, the class and the reconciliation.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseAssessment, parseCriteriaSet, scoreAssessment, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const set = unwrap(parseCriteriaSet(konRay2021.criteriaSets[0]));
 * const result = unwrap(scoreAssessment(set, unwrap(parseAssessment(konRay2021.district))));
 * assert.equal(result.index.toFixed(2), '85.74'); // achieved 81.45 of an applicable 95
 * assert.equal(result.classification, 'Tốt');
 * ```
 */
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
  const { entryAt, outsideTree } = entriesByIndex(compiled, assessment.entries);
  const context: ScoringContext = {
    set,
    compiled,
    entries: assessment.entries,
    entryAt,
    entriesOutsideTree: outsideTree,
    unscoredFull: assessment.unscored === 'full',
    issues: [],
    traces: options.trace ?? true,
    record: newTreeRecord(compiled),
  };
  for (const area of compiled.criteria) evaluate(area, context);
  const adjustments = scoreAdjustments(context);
  const unknown = unknownCodes(context, assessment);
  if (unknown.length > 0 || context.issues.length > 0) return fail([...unknown, ...context.issues]);

  const { achieved: treeAchieved, max } = sumOfScored(context.record, compiled.criteria);
  if (max.isZero()) return fail([issue('zero_applicable_max', [])]);
  // Bonus and penalty points sit outside the tree; the total stays within [0, applicable max].
  let achieved = treeAchieved;
  for (const { kind, points } of adjustments) {
    achieved = kind === 'bonus' ? achieved.plus(points) : achieved.minus(points);
  }
  if (achieved.isNegative()) achieved = EXACT_ZERO;
  if (achieved.gt(max)) achieved = max;
  const index = indexOf(achieved, max, set.rounding);
  const tree = heldTree(context);
  const totals = { achieved, max, index };
  const discrepancies: Discrepancy[] = [];
  const result = unitResult(assessment, compiled, totals, adjustments, tree, discrepancies);
  // The published figures are checked against the result itself; what disagrees joins it before it is
  // returned, rather than a second result being made for it.
  if (assessment.stated) discrepancies.push(...reconcile(result, assessment.stated));
  return succeed(result);
}

/**
 * The assessment's entries placed by their nodes' compiled index, in one pass over them: the scorer then
 * finds each node's entry in an array, where looking each node up in the entries would read a map in
 * scattered memory for every node of the tree.
 */
function entriesByIndex(
  compiled: CompiledSet,
  entries: ReadonlyMap<string, Entry>,
): { entryAt: (Entry | undefined)[]; outsideTree: boolean } {
  const entryAt = new Array<Entry | undefined>(compiled.size);
  let outsideTree = false;
  entries.forEach((entry, code) => {
    const node = compiled.byCode.get(code);
    if (node === undefined) outsideTree = true;
    else entryAt[node.index] = entry;
  });
  return { entryAt, outsideTree };
}

function evaluate(node: CompiledCriterion, context: ScoringContext): void {
  const entry = context.entryAt[node.index];
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
    withoutScore(node, context, 'notApplicable', entry);
    return;
  }
  if (node.children.length === 0) evaluateLeaf(node, entry, context);
  else evaluateParent(node, entry, context);
}

function evaluateLeaf(node: CompiledCriterion, entry: Entry | undefined, context: ScoringContext): void {
  const { rounding } = context.set;
  if (entry === undefined) {
    if (!context.unscoredFull)
      context.issues.push(issue('unscored', entryPath(node.criterion.code), { code: node.criterion.code }));
    scored(node, context, {
      state: STATE.unscoredFull,
      achieved: node.max,
      max: node.max,
      entry,
    });
    return;
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
    scored(node, context, { state: STATE.entered, achieved: entry.score, max, entry });
    return;
  }
  if (entry.facts === undefined) {
    context.issues.push(issue('empty_entry', entryPath(node.criterion.code)));
    withoutScore(node, context, 'scored', entry);
    return;
  }
  const rule = node.criterion.rule;
  if (!rule) {
    context.issues.push(
      issue('no_rule_for_facts', entryPath(node.criterion.code, 'facts'), { code: node.criterion.code }),
    );
    withoutScore(node, context, 'scored', entry);
    return;
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
      withoutScore(node, context, 'scored', entry);
      return;
    }
    facts = parsed.data;
  }
  const problem = rule.definition.checkFacts(facts, rule.params);
  if (problem) {
    context.issues.push(
      issue('invalid_facts', entryPath(node.criterion.code, 'facts'), { kind, detail: problem }),
    );
    withoutScore(node, context, 'scored', entry);
    return;
  }
  // The rule's account of its computation is asked for when the node's trace is read (rules are pure).
  const unrounded = rule.definition.compute(facts, rule.params, max);
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
  scored(node, context, {
    state: STATE.rule,
    achieved,
    max,
    facts: entry.facts,
    entry,
  });
}

function evaluateParent(node: CompiledCriterion, entry: Entry | undefined, context: ScoringContext): void {
  if (entry?.facts !== undefined) {
    context.issues.push(
      issue('no_rule_for_facts', entryPath(node.criterion.code, 'facts'), { code: node.criterion.code }),
    );
  }
  if (entry === undefined || entry.score === undefined) {
    if (entry !== undefined && entry.facts === undefined)
      context.issues.push(issue('empty_entry', entryPath(node.criterion.code)));
    sumChildren(node, context, entry);
    return;
  }
  const max = applicableMax(node, entry, context);
  checkScore(entry.score, max, node.criterion.code, context);
  const below = entriesBelow(node, context);
  if (below.length === 0) {
    // Scored as a whole: its items keep their place in the tree but have no score of their own.
    for (const child of node.children) withoutScore(child, context, 'notItemized');
    scored(node, context, { state: STATE.entered, achieved: entry.score, max, entry });
    return;
  }
  sumChildren(node, context, entry, entry.score);
  const sum = exactAt(context.record, node.index * 2) ?? EXACT_ZERO;
  const sumMax = exactAt(context.record, node.index * 2 + 1)!;
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
}

/**
 * A parent as the sum of its items. Its unlisted remainder (partial sets) is what the parent's own entered
 * score leaves after the listed items, when it has one and that fits; otherwise full marks, or an issue
 * under `unscored: error`.
 */
function sumChildren(
  node: CompiledCriterion,
  context: ScoringContext,
  entry: Entry | undefined,
  parentScore?: Exact,
): void {
  for (const child of node.children) evaluate(child, context);
  if (parentScore === undefined && node.unlisted.isZero() && scoredAsSumOfFigures(node, context, entry))
    return;
  let { achieved, max } = sumOfScored(context.record, node.children);
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
    max.isZero() && node.children.every((child) => statusAt(context.record, child.index) === 'notApplicable')
      ? 'notApplicable'
      : 'scored';
  scored(node, context, {
    state: status === 'scored' ? STATE.sum : STATE.sumNotApplicable,
    achieved: status === 'scored' ? achieved : EXACT_ZERO,
    max,
    unlisted,
    entry,
  });
}

/** A subtree without scores of its own: not applicable (max 0), or not itemized under a parent scored directly. */
function withoutScore(
  node: CompiledCriterion,
  context: ScoringContext,
  status: NodeStatus,
  entry?: Entry,
): void {
  const notApplicable = status === 'notApplicable';
  for (const child of node.children) withoutScore(child, context, status);
  scored(node, context, {
    state: notApplicable
      ? STATE.notApplicable
      : status === 'notItemized'
        ? STATE.notItemized
        : STATE.unscorable,
    achieved: notApplicable ? EXACT_ZERO : status === 'notItemized' ? null : EXACT_ZERO,
    max: notApplicable ? EXACT_ZERO : node.max,
    entry,
  });
}

function applicableMax(node: CompiledCriterion, entry: Entry, context: ScoringContext): Exact {
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

function checkScore(score: Exact, max: Exact, code: string, context: ScoringContext): void {
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
 * Entries and published areas whose code is in neither the tree nor the adjustments. Only when some
 * entries name no node of the tree are their codes looked up one by one.
 */
function unknownCodes(context: ScoringContext, assessment: Assessment): Issue[] {
  const { set } = context;
  const unknown: Issue[] = [];
  if (context.entriesOutsideTree) {
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
function entriesBelow(node: CompiledCriterion, context: ScoringContext): string[] {
  const found: string[] = [];
  const visit = (parent: CompiledCriterion): void => {
    for (const child of parent.children) {
      if (context.entryAt[child.index] !== undefined) found.push(child.criterion.code);
      visit(child);
    }
  };
  visit(node);
  return found;
}

/** Bonus and penalty points, as entered (0 when not). */
type ScoredAdjustment = Omit<AdjustmentResult, 'points'> & { readonly points: Exact };

function scoreAdjustments(context: ScoringContext): ScoredAdjustment[] {
  return context.compiled.adjustments.map(({ exactMax, ...definition }) => {
    const entry = context.entries.get(definition.code);
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

/** The result, apart from the scorer's locals: its nodes are made from the held tree when first read. */
function unitResult(
  assessment: Assessment,
  compiled: CompiledSet,
  totals: { readonly achieved: Exact; readonly max: Exact; readonly index: Exact },
  adjustments: readonly ScoredAdjustment[],
  tree: ScoredTree,
  discrepancies: readonly Discrepancy[],
): UnitResult {
  const { achieved, max, index } = totals;
  const head: ResultHead = {
    unit: assessment.unit,
    period: assessment.period,
    layer: assessment.layer,
    criteriaSet: tree.set,
    achieved: shownFigure(compiled, achieved).decimal,
    max: shownFigure(compiled, max).decimal,
    index: shownFigure(compiled, index).decimal,
    classification: classOf(index, compiled.classes),
  };
  const tail = {
    adjustments: adjustments.map(({ code, name, kind, points, max, cause }) => ({
      code,
      name,
      kind,
      points: points.toDecimal(),
      max,
      cause,
    })),
    discrepancies,
  };
  return heldResult(head, tail, tree);
}

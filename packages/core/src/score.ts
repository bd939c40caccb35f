import type { Assessment, Entry } from './assessment.js';
import type { CriteriaSet, Criterion } from './criteria-set.js';
import { type Decimal, decimalText, roundTo, ZERO } from './decimal.js';
import { type DocumentPath, fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { reconcile } from './reconcile.js';
import {
  type AdjustmentResult,
  classify,
  indexOf,
  type NodeStatus,
  type ResultNode,
  ScoredNode,
  type UnitResult,
} from './result.js';
import { parseFast, ruleSchemaIssues } from './schema/common.js';

interface Context {
  readonly set: CriteriaSet;
  readonly entries: ReadonlyMap<string, Entry>;
  readonly unscoredFull: boolean;
  readonly issues: Issue[];
}

const entryPath = (code: string, ...rest: (string | number)[]): DocumentPath => ['entries', code, ...rest];

/** Scores one assessment against its criteria set: the whole result tree, the index, the class and the reconciliation. */
export function scoreAssessment(set: CriteriaSet, assessment: Assessment): Outcome<UnitResult> {
  const named =
    typeof assessment.criteriaSet === 'string' ? assessment.criteriaSet : assessment.criteriaSet.id;
  if (named !== set.id)
    return fail([issue('criteria_set_mismatch', ['criteriaSet'], { named, given: set.id })]);

  const context: Context = {
    set,
    entries: assessment.entries,
    unscoredFull: assessment.unscored === 'full',
    issues: [],
  };
  for (const code of assessment.entries.keys()) {
    if (!set.byCode.has(code) && !set.adjustments.some((adjustment) => adjustment.code === code)) {
      context.issues.push(issue('unknown_code', entryPath(code), { code }));
    }
  }
  for (const code of Object.keys(assessment.stated?.areas ?? {})) {
    if (!set.byCode.has(code))
      context.issues.push(issue('unknown_code', ['stated', 'areas', code], { code }));
  }

  const nodes = set.criteria.map((area) => evaluate(area, context));
  const adjustments = scoreAdjustments(context);
  if (context.issues.length > 0) return fail(context.issues);

  const { achieved: treeAchieved, max } = sumScored(nodes);
  if (max.isZero()) return fail([issue('zero_applicable_max', [])]);
  // Bonus and penalty points sit outside the tree; the total stays within [0, applicable max].
  let achieved = adjustments.reduce(
    (sum, adjustment) =>
      adjustment.kind === 'bonus' ? sum.plus(adjustment.points) : sum.minus(adjustment.points),
    treeAchieved,
  );
  if (achieved.isNegative()) achieved = ZERO;
  if (achieved.gt(max)) achieved = max;
  const index = indexOf(achieved, max, set.rounding);
  const classification = classify(index, set.classes);
  const result: UnitResult = {
    unit: assessment.unit,
    period: assessment.period,
    layer: assessment.layer,
    criteriaSet: set,
    achieved,
    max,
    index,
    classification,
    nodes,
    adjustments,
    discrepancies: [],
  };
  return succeed(
    assessment.stated ? { ...result, discrepancies: reconcile(result, assessment.stated) } : result,
  );
}

function evaluate(node: Criterion, context: Context): ResultNode {
  const entry = context.entries.get(node.code);
  if (entry?.notApplicable) {
    if (entry.score !== undefined || entry.facts !== undefined || entry.max !== undefined) {
      context.issues.push(
        issue('conflicting_entries', entryPath(node.code), {
          detail: 'notApplicable cannot go with score, facts or max',
        }),
      );
    }
    for (const code of entriesBelow(node, context)) {
      context.issues.push(
        issue('conflicting_entries', entryPath(code), {
          detail: `'${code}' is inside '${node.code}', which is not applicable`,
        }),
      );
    }
    return withoutScore(node, context, 'notApplicable', undefined, entry);
  }
  return node.children.length === 0
    ? evaluateLeaf(node, entry, context)
    : evaluateParent(node, entry, context);
}

function evaluateLeaf(node: Criterion, entry: Entry | undefined, context: Context): ResultNode {
  const { rounding } = context.set;
  if (entry === undefined) {
    if (!context.unscoredFull)
      context.issues.push(issue('unscored', entryPath(node.code), { code: node.code }));
    return new ScoredNode(node, undefined, rounding, {
      status: 'scored',
      source: 'unscored-full',
      achieved: node.max,
      max: node.max,
      children: [],
    });
  }
  const max = applicableMax(node, entry, context);
  if (entry.score !== undefined) {
    checkScore(entry.score, max, node.code, context);
    const rule = node.rule;
    const offStep = rule?.definition.checkEnteredScore(entry.score, rule.params);
    if (offStep)
      context.issues.push(issue('score_off_step', entryPath(node.code, 'score'), { detail: offStep }));
    return new ScoredNode(node, entry, rounding, {
      status: 'scored',
      source: 'entered',
      achieved: entry.score,
      max,
      children: [],
    });
  }
  if (entry.facts === undefined) {
    context.issues.push(issue('empty_entry', entryPath(node.code)));
    return withoutScore(node, context, 'scored', undefined, entry);
  }
  const rule = node.rule;
  if (!rule) {
    context.issues.push(issue('no_rule_for_facts', entryPath(node.code, 'facts'), { code: node.code }));
    return withoutScore(node, context, 'scored', undefined, entry);
  }
  const kind = rule.definition.kind;
  const facts = parseFast(rule.definition.facts, entry.facts);
  if (!facts.success) {
    context.issues.push(
      ...ruleSchemaIssues(facts.error.issues, entryPath(node.code, 'facts'), 'invalid_facts', kind),
    );
    return withoutScore(node, context, 'scored', undefined, entry);
  }
  const problem = rule.definition.checkFacts(facts.data, rule.params);
  if (problem) {
    context.issues.push(issue('invalid_facts', entryPath(node.code, 'facts'), { kind, detail: problem }));
    return withoutScore(node, context, 'scored', undefined, entry);
  }
  const computed = rule.definition.compute(facts.data, rule.params, max);
  const achieved = roundTo(computed.score, rounding.score, rounding.mode);
  if (achieved.isNegative() || achieved.gt(max)) {
    // A custom rule that leaves [0, max] is a fault of the rule; the entry that triggered it is named.
    context.issues.push(
      issue('invalid_facts', entryPath(node.code, 'facts'), {
        kind,
        detail: `the rule computed ${decimalText(achieved)}, outside 0…${decimalText(max)}`,
      }),
    );
  }
  return new ScoredNode(node, entry, rounding, {
    status: 'scored',
    source: 'rule',
    achieved,
    max,
    children: [],
  });
}

function evaluateParent(node: Criterion, entry: Entry | undefined, context: Context): ResultNode {
  const { rounding } = context.set;
  if (entry?.facts !== undefined) {
    context.issues.push(issue('no_rule_for_facts', entryPath(node.code, 'facts'), { code: node.code }));
  }
  if (entry === undefined || entry.score === undefined) {
    if (entry !== undefined && entry.facts === undefined)
      context.issues.push(issue('empty_entry', entryPath(node.code)));
    return sumChildren(node, entry, context);
  }
  const max = applicableMax(node, entry, context);
  checkScore(entry.score, max, node.code, context);
  const below = entriesBelow(node, context);
  if (below.length === 0) {
    // Scored as a whole: its items keep their place in the tree but have no score of their own.
    return new ScoredNode(node, entry, rounding, {
      status: 'scored',
      source: 'entered',
      achieved: entry.score,
      max,
      children: node.children.map((child) => withoutScore(child, context, 'notItemized', node.code)),
    });
  }
  const itemized = sumChildren(node, entry, context, entry.score);
  const sum = itemized.achieved ?? ZERO;
  if (!sum.eq(entry.score) || !itemized.max.eq(max)) {
    context.issues.push(
      issue('inconsistent_parent', entryPath(node.code, 'score'), {
        code: node.code,
        score: decimalText(entry.score),
        max: decimalText(max),
        sum: decimalText(sum),
        sumMax: decimalText(itemized.max),
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
function sumChildren(
  node: Criterion,
  entry: Entry | undefined,
  context: Context,
  parentScore?: Decimal,
): ResultNode {
  const children = node.children.map((child) => evaluate(child, context));
  let { achieved, max } = sumScored(children);
  let unlisted: { achieved: Decimal; max: Decimal } | undefined;
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
        issue('unscored', entryPath(node.code), {
          code: node.code,
          unlisted: 'true',
          max: decimalText(node.unlisted),
        }),
      );
    }
    unlisted = { achieved: node.unlisted, max: node.unlisted };
    achieved = achieved.plus(node.unlisted);
    max = max.plus(node.unlisted);
  }
  const status: NodeStatus =
    max.isZero() && children.every((c) => c.status === 'notApplicable') ? 'notApplicable' : 'scored';
  return new ScoredNode(node, entry, context.set.rounding, {
    status,
    source: 'sum',
    achieved: status === 'scored' ? achieved : ZERO,
    max,
    children,
    unlisted,
  });
}

/** The achieved points and applicable max of the scored nodes among `nodes` (not applicable ones add nothing). */
function sumScored(nodes: readonly ResultNode[]): { achieved: Decimal; max: Decimal } {
  let achieved = ZERO;
  let max = ZERO;
  for (const node of nodes) {
    if (node.status !== 'scored') continue;
    achieved = achieved.plus(node.achieved!);
    max = max.plus(node.max);
  }
  return { achieved, max };
}

/** A subtree without scores of its own: not applicable (max 0), or not itemized under a parent scored directly. */
function withoutScore(
  node: Criterion,
  context: Context,
  status: NodeStatus,
  scoredAt: string | undefined,
  entry?: Entry,
): ResultNode {
  const notApplicable = status === 'notApplicable';
  return new ScoredNode(node, entry ?? context.entries.get(node.code), context.set.rounding, {
    status,
    source: 'none',
    achieved: notApplicable ? ZERO : status === 'notItemized' ? null : ZERO,
    max: notApplicable ? ZERO : node.max,
    children: node.children.map((child) => withoutScore(child, context, status, scoredAt)),
    scoredAt,
  });
}

function applicableMax(node: Criterion, entry: Entry, context: Context): Decimal {
  if (entry.max === undefined) return node.max;
  if (entry.max.isNegative()) {
    context.issues.push(
      issue('negative_score', entryPath(node.code, 'max'), { score: decimalText(entry.max) }),
    );
    return ZERO;
  }
  if (entry.max.gt(node.max)) {
    context.issues.push(
      issue('max_above_set_max', entryPath(node.code, 'max'), {
        max: decimalText(entry.max),
        setMax: decimalText(node.max),
      }),
    );
    return node.max;
  }
  return entry.max;
}

function checkScore(score: Decimal, max: Decimal, code: string, context: Context): void {
  if (score.isNegative()) {
    context.issues.push(issue('negative_score', entryPath(code, 'score'), { score: decimalText(score) }));
  } else if (score.gt(max)) {
    context.issues.push(
      issue('score_above_max', entryPath(code, 'score'), {
        score: decimalText(score),
        max: decimalText(max),
      }),
    );
  }
}

/** Codes of the entries given for nodes below `node`. */
function entriesBelow(node: Criterion, context: Context): string[] {
  const found: string[] = [];
  const visit = (parent: Criterion): void => {
    for (const child of parent.children) {
      if (context.entries.has(child.code)) found.push(child.code);
      visit(child);
    }
  };
  visit(node);
  return found;
}

function scoreAdjustments(context: Context): AdjustmentResult[] {
  return context.set.adjustments.map((definition) => {
    const entry = context.entries.get(definition.code);
    let points = ZERO;
    if (entry?.facts !== undefined) {
      context.issues.push(
        issue('no_rule_for_facts', entryPath(definition.code, 'facts'), { code: definition.code }),
      );
    }
    if (entry?.score !== undefined && !entry.notApplicable) {
      checkScore(entry.score, definition.max, definition.code, context);
      points = entry.score;
    }
    return { ...definition, points, cause: entry?.cause };
  });
}

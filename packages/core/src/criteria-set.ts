import { type Decimal, decimalText, type RoundingMode, ZERO } from './decimal.js';
import { Exact } from './exact.js';
import { type DocumentPath, fail, formatPath, type Issue, issue, type Outcome, succeed } from './issues.js';
import { builtinRules } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import { fromZodIssues, parseFast, ruleSchemaIssues } from './schema/common.js';
import {
  type CriteriaSetInput,
  criteriaSetSchema,
  type ParsedCriteriaSetDocument,
  type ParsedCriterion,
} from './schema/criteria-set.js';

/** A rule as attached to a criterion: the definition and its validated parameters. */
export interface AttachedRule {
  readonly definition: Rule;
  readonly params: unknown;
}

/** One node of a parsed criteria set: an area, criterion or sub-criterion. */
export interface Criterion {
  readonly code: string;
  readonly name: string;
  /** The node's maximum: declared, or the sum of its children's. */
  readonly max: Decimal;
  readonly children: readonly Criterion[];
  /** Points of a parent that its listed children do not cover (partial sets); zero when none. */
  readonly unlisted: Decimal;
  readonly rule: AttachedRule | undefined;
  readonly note: string | undefined;
  /** The evidence (tài liệu kiểm chứng) a unit shows for this item, as the decision lists it. */
  readonly requiredEvidence: string | undefined;
  /** Where the node stands in the criteria-set document. */
  readonly path: DocumentPath;
}

export interface ClassBand {
  readonly label: string;
  /** Inclusive lower bound on the rounded index. */
  readonly min: Decimal;
}

export interface Rounding {
  /** Decimals to which a rule's computed score is rounded. */
  readonly score: number;
  /** Decimals of the index. */
  readonly index: number;
  readonly mode: RoundingMode;
}

export interface AdjustmentDefinition {
  readonly code: string;
  readonly name: string;
  readonly kind: 'bonus' | 'penalty';
  /** The cap on the points added (bonus) or taken away (penalty). */
  readonly max: Decimal;
}

/** A validated criteria set, pre-parsed once for scoring any number of assessments. */
export interface CriteriaSet {
  readonly id: string;
  readonly title: string;
  readonly version: string | undefined;
  readonly issuer: string | undefined;
  readonly decision:
    | { readonly number: string; readonly date: string; readonly title?: string | undefined }
    | undefined;
  readonly validFrom: string | undefined;
  readonly note: string | undefined;
  readonly rounding: Rounding;
  /** Ordered from best to worst. */
  readonly classes: readonly ClassBand[];
  /** The top-level nodes (areas). */
  readonly criteria: readonly Criterion[];
  readonly adjustments: readonly AdjustmentDefinition[];
  /** The sum of the areas' maxima. */
  readonly max: Decimal;
  /** Every node by code. */
  readonly byCode: ReadonlyMap<string, Criterion>;
  /** The document the set was parsed from, as given. */
  readonly document: CriteriaSetInput;
  /**
   * In JSON a parsed set is the reference that results carry: `{ id, title, version }`, so that
   * `JSON.stringify(result)` writes the result format. Its whole document is `document`.
   */
  toJSON(): CriteriaSetRef;
}

/** Which criteria set a result was scored on, as the result format writes it. */
export interface CriteriaSetRef {
  readonly id: string;
  readonly title: string;
  readonly version?: string;
}

export interface ParseOptions {
  /** Rules of the embedding application, next to (or replacing, by kind) the built-in ones. */
  readonly rules?: readonly Rule[];
  /** The most criteria (nodes of the tree, at every level) a set may have (default 10,000). */
  readonly maxCriteria?: number;
}

/** A real criteria set has a few hundred criteria; the bound keeps the work of scoring one unit bounded. */
export const DEFAULT_MAX_CRITERIA = 10_000;

/**
 * Parses and checks a criteria set document (a plain object from JSON or YAML).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet } from '@cchc/core';
 * const parsed = parseCriteriaSet({
 *   id: 'xa-2024', title: 'Bộ chỉ số xã', classes: [{ label: 'Tốt', min: 80 }, { label: 'Khá', min: 0 }],
 *   criteria: [{ code: '1', name: 'Chỉ đạo, điều hành', children: [{ code: '1.1', name: 'Kế hoạch', max: '1,5' }] }],
 * });
 * assert.ok(parsed.success);
 * assert.equal(parsed.data.max.toFixed(), '1.5');
 * ```
 */
export function parseCriteriaSet(input: unknown, options: ParseOptions = {}): Outcome<CriteriaSet> {
  const maxCriteria = options.maxCriteria ?? DEFAULT_MAX_CRITERIA;
  // Counted in the raw document first: a set too large to score is refused before it is parsed.
  if (countCriteria(input, maxCriteria) > maxCriteria)
    return fail([issue('too_large', ['criteria'], { limit: 'criteria', max: maxCriteria })]);
  const parsed = parseFast(criteriaSetSchema, input);
  if (!parsed.success) return fail(relabelRounding(fromZodIssues(parsed.error.issues)));
  const rules = ruleRegistry(options.rules);
  const issues: Issue[] = [];
  const byCode = new Map<string, Criterion>();
  const firstPath = new Map<string, DocumentPath>();

  const claimCode = (code: string, path: DocumentPath): boolean => {
    const first = firstPath.get(code);
    if (first) {
      issues.push(issue('duplicate_code', [...path, 'code'], { code, first: formatPath(first) }));
      return false;
    }
    firstPath.set(code, path);
    return true;
  };

  const build = (node: ParsedCriterion, path: DocumentPath): Criterion => {
    const fresh = claimCode(node.code, path);
    const children = (node.children ?? []).map((child, position) =>
      build(child, [...path, 'children', position]),
    );
    const childrenMax = children.reduce((sum, child) => sum.plus(child.max), ZERO);
    let max = node.max ?? childrenMax;
    if (children.length === 0 && node.max === undefined) {
      issues.push(issue('leaf_without_max', path, { code: node.code }));
      max = ZERO;
    }
    if (children.length > 0 && max.lt(childrenMax)) {
      issues.push(
        issue('max_below_children', [...path, 'max'], {
          code: node.code,
          max: decimalText(max),
          sum: decimalText(childrenMax),
        }),
      );
    }
    const criterion: Criterion = {
      code: node.code,
      name: node.name,
      max,
      children,
      unlisted: children.length > 0 && max.gt(childrenMax) ? max.minus(childrenMax) : ZERO,
      rule: node.rule
        ? attachRule(node.rule, children.length > 0, max, [...path, 'rule'], rules, issues)
        : undefined,
      note: node.note,
      requiredEvidence: node.requiredEvidence,
      path,
    };
    if (fresh) byCode.set(node.code, criterion);
    return criterion;
  };

  const document = parsed.data;
  const criteria = document.criteria.map((node, position) => build(node, ['criteria', position]));
  const adjustments = (document.adjustments ?? []).map((adjustment, position) => {
    claimCode(adjustment.code, ['adjustments', position]);
    return adjustment;
  });
  checkClasses(document, issues);
  if (issues.length > 0) return fail(issues);
  return succeed({
    id: document.id,
    title: document.title,
    version: document.version,
    issuer: document.issuer,
    decision: document.decision,
    validFrom: document.validFrom,
    note: document.note,
    rounding: document.rounding,
    classes: document.classes,
    criteria,
    adjustments,
    max: criteria.reduce((sum, area) => sum.plus(area.max), ZERO),
    byCode,
    document: input as CriteriaSetInput,
    toJSON: () =>
      document.version === undefined
        ? { id: document.id, title: document.title }
        : { id: document.id, title: document.title, version: document.version },
  });
}

/** The nodes of a raw set document's tree (`criteria` and their `children`), counted up to just past `stopAt`. */
function countCriteria(input: unknown, stopAt: number): number {
  const lists: unknown[] = [(input as { criteria?: unknown } | null)?.criteria];
  let count = 0;
  while (lists.length > 0 && count <= stopAt) {
    const list = lists.pop();
    if (!Array.isArray(list)) continue;
    count += list.length;
    for (const node of list) lists.push((node as { children?: unknown } | null)?.children);
  }
  return count;
}

function ruleRegistry(extra: readonly Rule[] = []): ReadonlyMap<string, Rule> {
  return new Map([...builtinRules, ...extra].map((rule) => [rule.kind, rule]));
}

function attachRule(
  raw: { readonly kind: string; readonly [parameter: string]: unknown },
  hasChildren: boolean,
  max: Decimal,
  path: DocumentPath,
  rules: ReadonlyMap<string, Rule>,
  issues: Issue[],
): AttachedRule | undefined {
  const { kind, ...rawParams } = raw;
  const definition = rules.get(kind);
  if (!definition) {
    issues.push(issue('unknown_rule', [...path, 'kind'], { kind, known: [...rules.keys()].join(', ') }));
    return undefined;
  }
  if (hasChildren) {
    issues.push(
      issue('invalid_rule', path, { kind, detail: 'a rule belongs on a criterion without children' }),
    );
    return undefined;
  }
  const params = parseFast(definition.params, rawParams);
  if (!params.success) {
    issues.push(...ruleSchemaIssues(params.error.issues, path, 'invalid_rule', kind));
    return undefined;
  }
  const problem = definition.checkParams(params.data, Exact.fromDecimal(max));
  if (problem) {
    issues.push(issue('invalid_rule', path, { kind, detail: problem }));
    return undefined;
  }
  return { definition, params: params.data };
}

function checkClasses(document: ParsedCriteriaSetDocument, issues: Issue[]): void {
  const labels = new Set<string>();
  document.classes.forEach((band, position) => {
    const path = ['classes', position];
    if (band.min.isNegative() || band.min.gt(100)) {
      issues.push(
        issue('invalid_classes', [...path, 'min'], { detail: 'a lower bound is between 0 and 100' }),
      );
    }
    const previous = document.classes[position - 1];
    if (previous && !band.min.lt(previous.min)) {
      issues.push(
        issue('invalid_classes', [...path, 'min'], {
          detail:
            'classes go from best to worst: each min must be below the one before (bands may not overlap)',
        }),
      );
    }
    if (labels.has(band.label)) {
      issues.push(
        issue('invalid_classes', [...path, 'label'], { detail: `label '${band.label}' is used twice` }),
      );
    }
    labels.add(band.label);
  });
}

function relabelRounding(issues: Issue[]): Issue[] {
  return issues.map((found) =>
    found.path[0] === 'rounding' && found.code !== 'unknown_key'
      ? issue('invalid_rounding', found.path, { detail: found.message })
      : found,
  );
}

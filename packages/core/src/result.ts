import { type CompiledBand, compileBands } from './compiled.js';
import type { ClassBand, CriteriaSet, Rounding } from './criteria-set.js';
import type { Decimal } from './decimal.js';
import { EXACT_HUNDRED, Exact } from './exact.js';
import type { Layer } from './layers.js';

/**
 * - `scored`: the node has a score (entered, computed by its rule, defaulted by `unscored: full`, or summed).
 * - `notApplicable`: removed from the maximum at every level above.
 * - `notItemized`: a child of a parent scored directly; its own score is unknown.
 */
export type NodeStatus = 'scored' | 'notApplicable' | 'notItemized';

/** Where a node's figure came from. */
export type ScoreSource = 'entered' | 'rule' | 'unscored-full' | 'sum' | 'none';

/**
 * One node of a result tree: plain, frozen data made when the unit is scored. Its keys are in the order
 * of the result format, so `JSON.stringify(node)` writes the node as `resultNodeToJson` does (Decimals
 * write themselves as decimal strings; texts an entry does not give are undefined, and left out).
 */
export interface ResultNode {
  readonly code: string;
  readonly name: string;
  readonly status: NodeStatus;
  readonly source: ScoreSource;
  /** Points achieved; null when the node is not itemized. */
  readonly achieved: Decimal | null;
  /** The applicable max: 0 when not applicable, the entry's `max` when part does not apply. */
  readonly max: Decimal;
  /** The max in the criteria set. */
  readonly setMax: Decimal;
  /** max − achieved (0 when not applicable or not itemized). */
  readonly lost: Decimal;
  /** The component index, achieved ÷ max × 100 rounded as the set says; null when max is 0 or not itemized. */
  readonly index: Decimal | null;
  /** The unlisted remainder of a partial set's parent, when it has one. */
  readonly unlisted: { readonly achieved: Decimal; readonly max: Decimal } | undefined;
  readonly cause: string | undefined;
  readonly responsible: readonly string[];
  /** The responsibility as a report words it, when the entry gives one. */
  readonly responsibility: string | undefined;
  readonly evidence: readonly string[];
  readonly note: string | undefined;
  /** How the figure was computed, e.g. `3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91`. */
  readonly trace: string;
  readonly children: readonly ResultNode[];
}

export interface AdjustmentResult {
  readonly code: string;
  readonly name: string;
  readonly kind: 'bonus' | 'penalty';
  readonly points: Decimal;
  readonly max: Decimal;
  readonly cause: string | undefined;
}

/** Where a published figure and the computed one disagree. */
export interface Discrepancy {
  /** A node code, or `total`, `max`, `index`, `classification`. */
  readonly code: string;
  /**
   * - `computed`: the stated figure differs from what cchc computes from the entries;
   * - `sum-of-parts`: the stated total is not the sum of the stated areas;
   * - `stated-index`: the stated index is not the stated total ÷ stated max;
   * - `stated-class`: the stated class is not the class of the stated index.
   */
  readonly kind: 'computed' | 'sum-of-parts' | 'stated-index' | 'stated-class';
  readonly stated: string;
  readonly computed: string;
  readonly message: string;
}

export interface UnitRef {
  readonly id: string;
  readonly name: string;
  readonly group?: string | undefined;
}

/** The scored result of one assessment. */
export interface UnitResult {
  readonly unit: UnitRef;
  readonly period: string;
  readonly layer: Layer;
  readonly criteriaSet: CriteriaSet;
  readonly achieved: Decimal;
  readonly max: Decimal;
  readonly index: Decimal;
  /** The label of the class, or null when the index is below the lowest band (an open bottom). */
  readonly classification: string | null;
  readonly nodes: readonly ResultNode[];
  readonly adjustments: readonly AdjustmentResult[];
  readonly discrepancies: readonly Discrepancy[];
  /** Set by ranking. */
  readonly rank?: number | undefined;
}

/** The class of a rounded index, or null below the lowest band. */
export function classify(index: Decimal, classes: readonly ClassBand[]): string | null {
  return classOf(Exact.fromDecimal(index), compileBands(classes));
}

/** The class of a rounded index, or null below the lowest band (an open bottom). */
export function classOf(index: Exact, bands: readonly CompiledBand[]): string | null {
  for (const band of bands) if (index.gte(band.min)) return band.label;
  return null;
}

/** achieved ÷ max × 100, rounded as the set says. Callers guarantee max > 0. */
export function indexOf(achieved: Exact, max: Exact, rounding: Rounding): Exact {
  return achieved.times(EXACT_HUNDRED).dividedBy(max).round(rounding.index, rounding.mode);
}

import { type CompiledBand, type CompiledCriterion, compileBands } from './compiled.js';
import type { ClassBand, CriteriaSet, Rounding } from './criteria-set.js';
import type { Decimal } from './decimal.js';
import { EXACT_HUNDRED, EXACT_ZERO, Exact } from './exact.js';
import type { EntryDocument } from './schema/assessment.js';

/**
 * - `scored`: the node has a score (entered, computed by its rule, defaulted by `unscored: full`, or summed).
 * - `notApplicable`: removed from the maximum at every level above.
 * - `notItemized`: a child of a parent scored directly; its own score is unknown.
 */
export type NodeStatus = 'scored' | 'notApplicable' | 'notItemized';

/** Where a node's figure came from. */
export type ScoreSource = 'entered' | 'rule' | 'unscored-full' | 'sum' | 'none';

/** One node of a result tree. Decimals are exact; `trace` and `index` are computed when read. */
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
  readonly layer: 'self' | 'appraised';
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

/** What the scorer knows of a node; everything else a result node shows is derived from it when read. */
export interface NodeFigures {
  readonly status: NodeStatus;
  readonly source: ScoreSource;
  readonly achieved: Exact | null;
  readonly max: Exact;
  readonly children: readonly ScoredNode[];
  readonly unlisted?: { readonly achieved: Exact; readonly max: Exact } | undefined;
  /** For `notItemized` nodes: the code of the parent scored directly. */
  readonly scoredAt?: string | undefined;
}

/**
 * A result node. It holds only its figures, as Exact values, and references to the criterion and the entry;
 * the Decimals it shows, `lost`, `index` and `trace` are computed when read, so that scoring many units stays
 * lean in time and memory. A rule's trace is recomputed from the entry's facts, which scoring has checked.
 */
export class ScoredNode implements ResultNode {
  readonly status: NodeStatus;
  readonly source: ScoreSource;
  readonly children: readonly ScoredNode[];
  /** The figures the scorer computed with; the Decimal getters below show them. */
  readonly exactAchieved: Exact | null;
  readonly exactMax: Exact;
  readonly exactUnlisted: { readonly achieved: Exact; readonly max: Exact } | undefined;
  readonly #node: CompiledCriterion;
  readonly #entry: EntryDocument | undefined;
  readonly #rounding: Rounding;
  readonly #scoredAt: string | undefined;

  constructor(
    node: CompiledCriterion,
    entry: EntryDocument | undefined,
    rounding: Rounding,
    figures: NodeFigures,
  ) {
    this.#node = node;
    this.#entry = entry;
    this.#rounding = rounding;
    this.#scoredAt = figures.scoredAt;
    this.status = figures.status;
    this.source = figures.source;
    this.exactAchieved = figures.achieved;
    this.exactMax = figures.max;
    this.children = figures.children;
    this.exactUnlisted = figures.unlisted;
  }

  get code(): string {
    return this.#node.criterion.code;
  }
  get name(): string {
    return this.#node.criterion.name;
  }
  get achieved(): Decimal | null {
    return this.exactAchieved?.toDecimal() ?? null;
  }
  get max(): Decimal {
    return this.exactMax.toDecimal();
  }
  get setMax(): Decimal {
    return this.#node.criterion.max;
  }
  get unlisted(): { readonly achieved: Decimal; readonly max: Decimal } | undefined {
    const unlisted = this.exactUnlisted;
    return unlisted && { achieved: unlisted.achieved.toDecimal(), max: unlisted.max.toDecimal() };
  }
  get cause(): string | undefined {
    return this.#entry?.cause;
  }
  get responsible(): readonly string[] {
    return this.#entry?.responsible ?? [];
  }
  get responsibility(): string | undefined {
    return this.#entry?.responsibility;
  }
  get evidence(): readonly string[] {
    return this.#entry?.evidence ?? [];
  }
  get note(): string | undefined {
    return this.#entry?.note;
  }
  get lost(): Decimal {
    return (this.exactAchieved === null ? EXACT_ZERO : this.exactMax.minus(this.exactAchieved)).toDecimal();
  }
  get index(): Decimal | null {
    if (this.exactAchieved === null || this.exactMax.isZero()) return null;
    return indexOf(this.exactAchieved, this.exactMax, this.#rounding).toDecimal();
  }
  get trace(): string {
    const achieved = this.exactAchieved === null ? '' : this.exactAchieved.toText();
    const max = this.exactMax.toText();
    if (this.status === 'notApplicable')
      return `not applicable: removed from the max (${this.#node.max.toText()})`;
    if (this.status === 'notItemized')
      return `not itemized: included in the score entered for ${this.#scoredAt}`;
    switch (this.source) {
      case 'rule': {
        const rule = this.#node.criterion.rule!;
        const raw = this.#entry!.facts;
        const facts = rule.definition.readFacts(raw) ?? rule.definition.facts.parse(raw);
        const computed = rule.definition.compute(facts, rule.params, this.exactMax);
        const rounded = computed.score.eq(this.exactAchieved!) ? '' : ` → ${achieved}`;
        return `${rule.definition.kind}: ${computed.explain()}${rounded}`;
      }
      case 'entered': {
        const rule = this.#node.criterion.rule;
        const overrides =
          rule && rule.definition.kind !== 'direct' ? ` (rule ${rule.definition.kind} not applied)` : '';
        return `entered${overrides}: ${achieved}/${max}`;
      }
      case 'unscored-full':
        return `not listed: full marks ${achieved}`;
      case 'sum': {
        const terms = this.children
          .filter((child) => child.status === 'scored')
          .map((child) => child.exactAchieved!.toText());
        if (this.exactUnlisted) terms.push(`${this.exactUnlisted.achieved.toText()} (unlisted)`);
        return `${terms.join(' + ') || '0'} = ${achieved}/${max}`;
      }
      default:
        return '';
    }
  }
}

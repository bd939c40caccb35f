import { type CompiledBand, type CompiledCriterion, type CompiledSet, compileBands } from './compiled.js';
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

/** What the scorer knows of a few nodes besides their figures. */
export interface RareFigures {
  readonly unlisted?: { readonly achieved: Exact; readonly max: Exact } | undefined;
  /** For `notItemized` nodes: the code of the parent scored directly. */
  readonly scoredAt?: string | undefined;
}

/** A node's status and source are kept in one byte: status × 8 + source. */
const STATUSES: readonly NodeStatus[] = ['scored', 'notApplicable', 'notItemized'];
const SOURCES: readonly ScoreSource[] = ['entered', 'rule', 'unscored-full', 'sum', 'none'];
const statusCode = (status: NodeStatus): number => STATUSES.indexOf(status) * 8;
const sourceCode = (source: ScoreSource): number => SOURCES.indexOf(source);

interface ExactFigures {
  readonly achieved: (Exact | null)[];
  readonly max: Exact[];
}

/**
 * The figures of one scored unit, by node (in the set's pre-order): as integers scaled by 10^places of the
 * set (its maxima's decimals and its rounding), in one Float64Array. A unit with a figure that does not fit
 * so (an entered score with more decimals, or huge) keeps Exact values instead. Sums are added up in the
 * scaled integers, and the result tree's nodes are views made when first read. Results are held in
 * thousands; this keeps each to a few kilobytes and the scorer's garbage small.
 */
export class UnitFigures {
  readonly #compiled: CompiledSet;
  readonly #rounding: Rounding;
  readonly #entries: ReadonlyMap<string, EntryDocument>;
  readonly #flags: Uint8Array;
  readonly #places: number;
  /** Achieved and max of node i at 2i and 2i + 1, × 10^places; NaN for "not itemized". */
  #units: Float64Array | undefined;
  #exact: ExactFigures | undefined;
  #unlisted: Map<number, { readonly achieved: Exact; readonly max: Exact }> | undefined;
  #scoredAt: Map<number, string> | undefined;
  #nodes: readonly ScoredNode[] | undefined;

  constructor(compiled: CompiledSet, rounding: Rounding, entries: ReadonlyMap<string, EntryDocument>) {
    this.#compiled = compiled;
    this.#rounding = rounding;
    this.#entries = entries;
    // One buffer for both: a typed array's memory is allocated outside the heap, once per buffer.
    const buffer = new ArrayBuffer(compiled.size * 17);
    this.#units = new Float64Array(buffer, 0, compiled.size * 2);
    this.#flags = new Uint8Array(buffer, compiled.size * 16, compiled.size);
    this.#places = compiled.places;
  }

  /** Records a node's figures while scoring; everything else a result node shows is derived from them. */
  record(
    node: CompiledCriterion,
    status: NodeStatus,
    source: ScoreSource,
    achieved: Exact | null,
    max: Exact,
    rare?: RareFigures,
  ): number {
    const at = node.index;
    this.#flags[at] = statusCode(status) + sourceCode(source);
    const units = this.#units;
    // Most figures are the set's max (or full marks on it): its scaled value is known already.
    const maxUnits = units && (max === node.max ? node.maxUnits : max.scaledTo(this.#places));
    const achievedUnits =
      units &&
      (achieved === null ? Number.NaN : achieved === max ? maxUnits : achieved.scaledTo(this.#places));
    if (units && achievedUnits !== undefined && maxUnits !== undefined) {
      units[2 * at] = achievedUnits;
      units[2 * at + 1] = maxUnits;
    } else {
      const exact = this.#exact ?? this.#toExact();
      exact.achieved[at] = achieved;
      exact.max[at] = max;
    }
    if (rare?.unlisted) {
      this.#unlisted ??= new Map();
      this.#unlisted.set(at, rare.unlisted);
    }
    if (rare?.scoredAt !== undefined) {
      this.#scoredAt ??= new Map();
      this.#scoredAt.set(at, rare.scoredAt);
    }
    return at;
  }

  /** Moves to Exact values, for a unit with a figure that scaled integers cannot hold. */
  #toExact(): ExactFigures {
    const size = this.#flags.length;
    const exact = { achieved: new Array<Exact | null>(size), max: new Array<Exact>(size) };
    for (let at = 0; at < size; at++) {
      exact.achieved[at] = this.achieved(at);
      exact.max[at] = this.max(at);
    }
    this.#exact = exact;
    this.#units = undefined;
    return exact;
  }

  /** The achieved points and applicable max of the scored nodes among `nodes` (the others add nothing). */
  sumOf(nodes: readonly CompiledCriterion[]): { achieved: Exact; max: Exact } {
    const sum = this.#unitsSum(nodes);
    if (sum)
      return { achieved: Exact.scaled(sum.achieved, this.#places), max: Exact.scaled(sum.max, this.#places) };
    return { achieved: Exact.sum(nodes, this.#scoredAchieved), max: Exact.sum(nodes, this.#scoredMax) };
  }

  /** The sum of the scored nodes among `nodes` in scaled integers; undefined in Exact values, or if not safe. */
  #unitsSum(nodes: readonly CompiledCriterion[]): { achieved: number; max: number } | undefined {
    const units = this.#units;
    if (units === undefined) return undefined;
    let achieved = 0;
    let max = 0;
    for (const node of nodes) {
      const at = node.index;
      if (this.#flags[at]! >> 3 !== 0) continue; // not scored: adds nothing
      achieved += units[2 * at]!;
      max += units[2 * at + 1]!;
      if (!Number.isSafeInteger(achieved) || !Number.isSafeInteger(max)) return undefined;
    }
    return { achieved, max };
  }

  /**
   * A parent that adds up to no applicable max is not applicable when all its children are not (one not
   * itemized or scored keeps it scored, at 0 of 0).
   */
  sumStatus(node: CompiledCriterion, maxIsZero: boolean): NodeStatus {
    return maxIsZero && node.children.every((child) => this.status(child.index) === 'notApplicable')
      ? 'notApplicable'
      : 'scored';
  }

  /**
   * Records a parent that is the plain sum of its children (no unlisted part, no score of its own) straight
   * from the scaled integers; undefined when the unit keeps Exact values or a sum would not be safe.
   */
  recordSum(node: CompiledCriterion): number | undefined {
    const sum = this.#unitsSum(node.children);
    if (sum === undefined) return undefined;
    const status = this.sumStatus(node, sum.max === 0);
    const at = node.index;
    const units = this.#units!;
    this.#flags[at] = statusCode(status) + sourceCode('sum');
    units[2 * at] = status === 'scored' ? sum.achieved : 0;
    units[2 * at + 1] = sum.max;
    return at;
  }

  readonly #scoredAchieved = (node: CompiledCriterion): Exact | undefined =>
    this.status(node.index) === 'scored' ? this.achieved(node.index)! : undefined;
  readonly #scoredMax = (node: CompiledCriterion): Exact | undefined =>
    this.status(node.index) === 'scored' ? this.max(node.index) : undefined;

  status(at: number): NodeStatus {
    return STATUSES[this.#flags[at]! >> 3]!;
  }
  source(at: number): ScoreSource {
    return SOURCES[this.#flags[at]! & 7]!;
  }
  achieved(at: number): Exact | null {
    if (this.#units === undefined) return this.#exact!.achieved[at]!;
    const units = this.#units[2 * at]!;
    return Number.isNaN(units) ? null : Exact.scaled(units, this.#places);
  }
  max(at: number): Exact {
    return this.#units === undefined
      ? this.#exact!.max[at]!
      : Exact.scaled(this.#units[2 * at + 1]!, this.#places);
  }
  unlisted(at: number): { readonly achieved: Exact; readonly max: Exact } | undefined {
    return this.#unlisted?.get(at);
  }
  scoredAt(at: number): string | undefined {
    return this.#scoredAt?.get(at);
  }
  entry(node: CompiledCriterion): EntryDocument | undefined {
    return this.#entries.get(node.code);
  }
  get rounding(): Rounding {
    return this.#rounding;
  }

  /** The result tree, made on first read and kept. */
  get nodes(): readonly ScoredNode[] {
    if (this.#nodes === undefined) {
      const view = (node: CompiledCriterion): ScoredNode =>
        new ScoredNode(this, node, node.children.length === 0 ? NO_NODES : node.children.map(view));
      this.#nodes = this.#compiled.criteria.map(view);
    }
    return this.#nodes;
  }
}

/** A node's achieved points or applicable max as an Exact: read from cchc's own nodes, else from the Decimal shown. */
export function exactFigure(node: ResultNode, figure: 'achieved' | 'max'): Exact | null {
  if (node instanceof ScoredNode) return figure === 'achieved' ? node.exactAchieved : node.exactMax;
  const shown = node[figure];
  return shown === null ? null : Exact.fromDecimal(shown);
}

const NO_NODES: readonly ScoredNode[] = [];

/**
 * A node of a result tree: a view of its unit's figures. The Decimals it shows, `lost`, `index` and `trace`
 * are computed when read. A rule's trace is recomputed from the entry's facts, which scoring has checked.
 */
export class ScoredNode implements ResultNode {
  readonly children: readonly ScoredNode[];
  readonly #figures: UnitFigures;
  readonly #node: CompiledCriterion;
  readonly #entry: EntryDocument | undefined;
  /** The achieved points as text, once written: a parent's trace and the JSON both read it. */
  #achievedText: string | undefined;

  constructor(figures: UnitFigures, node: CompiledCriterion, children: readonly ScoredNode[]) {
    this.#figures = figures;
    this.#node = node;
    this.children = children;
    this.#entry = figures.entry(node);
  }

  /** The achieved points as decimal text ('' when not itemized). */
  get achievedText(): string {
    this.#achievedText ??= this.exactAchieved?.toText() ?? '';
    return this.#achievedText;
  }

  get status(): NodeStatus {
    return this.#figures.status(this.#node.index);
  }
  get source(): ScoreSource {
    return this.#figures.source(this.#node.index);
  }
  /** The achieved points as the scorer computed them. */
  get exactAchieved(): Exact | null {
    return this.#figures.achieved(this.#node.index);
  }
  get exactMax(): Exact {
    return this.#figures.max(this.#node.index);
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
    return this.exactLost.toDecimal();
  }
  get index(): Decimal | null {
    return this.exactIndex?.toDecimal() ?? null;
  }
  get exactLost(): Exact {
    const achieved = this.exactAchieved;
    return achieved === null ? EXACT_ZERO : this.exactMax.minus(achieved);
  }
  get exactIndex(): Exact | null {
    const achieved = this.exactAchieved;
    const max = this.exactMax;
    if (achieved === null || max.isZero()) return null;
    return indexOf(achieved, max, this.#figures.rounding);
  }
  get exactSetMax(): Exact {
    return this.#node.max;
  }
  get exactUnlisted(): { readonly achieved: Exact; readonly max: Exact } | undefined {
    return this.#figures.unlisted(this.#node.index);
  }
  get trace(): string {
    const exactAchieved = this.exactAchieved;
    const achieved = this.achievedText;
    const max = this.exactMax.toText();
    const status = this.status;
    if (status === 'notApplicable')
      return `not applicable: removed from the max (${this.#node.max.toText()})`;
    if (status === 'notItemized')
      return `not itemized: included in the score entered for ${this.#figures.scoredAt(this.#node.index)}`;
    switch (this.source) {
      case 'rule': {
        const rule = this.#node.criterion.rule!;
        const raw = this.#entry!.facts;
        const facts = rule.definition.readFacts(raw) ?? rule.definition.facts.parse(raw);
        let explained = '';
        const score = rule.definition.compute(facts, rule.params, this.exactMax, (text) => {
          explained = text;
        });
        const rounded = score.eq(exactAchieved!) ? '' : ` → ${achieved}`;
        return `${rule.definition.kind}: ${explained}${rounded}`;
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
          .map((child) => child.achievedText);
        const unlisted = this.#figures.unlisted(this.#node.index);
        if (unlisted) terms.push(`${unlisted.achieved.toText()} (unlisted)`);
        return `${terms.join(' + ') || '0'} = ${achieved}/${max}`;
      }
      default:
        return '';
    }
  }
}

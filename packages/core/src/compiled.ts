import type { AdjustmentDefinition, CriteriaSet, Criterion } from './criteria-set.js';
import { Decimal, withTextKept } from './decimal.js';
import { Exact } from './exact.js';

/** A criterion with its figures as the scorer computes with them. */
export interface CompiledCriterion {
  readonly criterion: Criterion;
  /** Its place in the set's pre-order: where a scored unit keeps its figures. */
  readonly index: number;
  /**
   * Its place among the set's items scored by a rule, in pre-order (−1 for the others): where a unit keeps
   * the facts its rule scored.
   */
  readonly factsSlot: number;
  readonly max: Exact;
  /** The max as text, as traces and results write it. */
  readonly maxText: string;
  /**
   * Unchanging parts of the node's JSON: its start to the name; the same with each state's status and
   * source and the key of its achieved points, made when first written (see `STATE`); and its set max
   * with the next key.
   */
  readonly json: {
    readonly head: string;
    readonly headByState: (string | undefined)[];
    readonly setMax: string;
  };
  readonly unlisted: Exact;
  readonly children: readonly CompiledCriterion[];
}

export interface CompiledBand {
  readonly label: string;
  readonly min: Exact;
}

/** A criteria set as the scorer reads it: the public set keeps Decimals, the scorer Exact values. */
export interface CompiledSet {
  readonly criteria: readonly CompiledCriterion[];
  /** The number of nodes. */
  readonly size: number;
  /** The number of items scored by a rule: the facts a unit may keep (see `factsSlot`). */
  readonly ruleItems: number;
  /**
   * The decimals at which a unit's figures are held, as integers (see `ScoredTree`): the most of the set's
   * maxima and of a rule's rounded score, so that nearly every figure a unit scores has its integer.
   */
  readonly figurePlaces: number;
  /** Every node by its code (the canonical string, see `canonical`). */
  readonly byCode: ReadonlyMap<string, CompiledCriterion>;
  readonly classes: readonly CompiledBand[];
  readonly adjustments: readonly (AdjustmentDefinition & { readonly exactMax: Exact })[];
  /** The Decimals shown in results, by their text (see `shownDecimal`). */
  readonly shownDecimals: Map<string, Decimal>;
  /** The figures shown in results, by their value's `figureKey` (see `shownFigure`). */
  readonly shownFigures: Map<number, ShownFigure>;
  /** A node's lost points and index, by its max's and its achieved points' figure keys (see `shownShares`). */
  readonly shownShares: Map<number, Map<number, ShownShare>>;
}

/** What a node's achieved points of its max make: the points lost, and the index (none of a max of 0). */
export interface ShownShare {
  readonly lost: ShownFigure;
  readonly index: ShownFigure | undefined;
}

/** A figure as results show it: its text, and the Decimal that every result of the set shares. */
export interface ShownFigure {
  readonly text: string;
  readonly decimal: Decimal;
  /** The figure as a JSON string (`"0.25"`), made when first written. */
  json: string | undefined;
  /** The same after the key of a node's max (`,"max":"0.25"`), made when first written. */
  maxJson: string | undefined;
  /** The same after the key of a node's index (`,"index":"85.74"`), made when first written. */
  indexJson: string | undefined;
}

const compiledSets = new WeakMap<CriteriaSet, CompiledSet>();

/** The set's figures as Exact values, converted once per set and kept while the set lives. */
export function compiledSet(set: CriteriaSet): CompiledSet {
  let compiled = compiledSets.get(set);
  if (!compiled) {
    let size = 0;
    let ruleItems = 0;
    let figurePlaces = set.rounding.score;
    const placesOf = (value: Exact): void => {
      figurePlaces = Math.max(figurePlaces, value.places ?? 0);
    };
    const compileCriterion = (criterion: Criterion): CompiledCriterion => {
      // Every result writes each criterion's max (its setMax): its text is kept with it.
      const max = Exact.fromDecimal(withTextKept(criterion.max));
      const unlisted = Exact.fromDecimal(criterion.unlisted);
      placesOf(max);
      placesOf(unlisted);
      return {
        criterion,
        index: size++,
        factsSlot: criterion.rule !== undefined && criterion.children.length === 0 ? ruleItems++ : -1,
        max,
        maxText: max.toText(),
        json: {
          head: `{"code":${JSON.stringify(criterion.code)},"name":${JSON.stringify(criterion.name)},`,
          headByState: [],
          setMax: `,"setMax":"${max.toText()}","lost":`,
        },
        unlisted,
        children: criterion.children.map(compileCriterion),
      };
    };
    const criteria = set.criteria.map(compileCriterion);
    const byCode = new Map<string, CompiledCriterion>();
    const index = (node: CompiledCriterion): void => {
      byCode.set(canonical(node.criterion.code), node);
      node.children.forEach(index);
    };
    criteria.forEach(index);
    compiled = {
      criteria,
      size,
      ruleItems,
      figurePlaces,
      byCode,
      classes: compileBands(set.classes),
      adjustments: set.adjustments.map((adjustment) => ({
        ...adjustment,
        exactMax: Exact.fromDecimal(adjustment.max),
      })),
      shownDecimals: new Map(),
      shownFigures: new Map(),
      shownShares: new Map(),
    };
    compiledSets.set(set, compiled);
  }
  return compiled;
}

/** Most figures of a set's units repeat (its maxima, full marks, the steps of a score, indexes to 2 places). */
export const SHOWN_DECIMALS_KEPT = 20_000;

/**
 * The Decimal of a figure's text, shared by every unit scored on the set: Decimals are immutable, and a
 * result holds hundreds of them. At most SHOWN_DECIMALS_KEPT are kept per set; past that, each is new.
 */
function shownDecimal(compiled: CompiledSet, text: string): Decimal {
  const kept = compiled.shownDecimals;
  let decimal = kept.get(text);
  if (decimal === undefined) {
    decimal = new Decimal(text);
    if (kept.size < SHOWN_DECIMALS_KEPT) kept.set(text, withTextKept(decimal));
  }
  return decimal;
}

/**
 * A figure of a result (achieved, lost, index…) as text and shared Decimal, found by its value's
 * `figureKey` when the set's units have shown it before: no text written, no text hashed. Kept within the
 * same bound as `shownDecimal`'s.
 */
export function shownFigure(compiled: CompiledSet, value: Exact): ShownFigure {
  const key = value.figureKey;
  const kept = key === undefined ? undefined : compiled.shownFigures.get(key);
  if (kept !== undefined) return kept;
  const text = value.toText();
  const figure: ShownFigure = {
    text,
    decimal: shownDecimal(compiled, text),
    json: undefined,
    maxJson: undefined,
    indexJson: undefined,
  };
  if (key !== undefined && compiled.shownFigures.size < SHOWN_DECIMALS_KEPT)
    compiled.shownFigures.set(key, figure);
  return figure;
}

/** The figure a `figureKey` names, as `shownFigure` gives it. */
export function shownFigureOfKey(compiled: CompiledSet, key: number): ShownFigure {
  return compiled.shownFigures.get(key) ?? shownFigure(compiled, Exact.fromFigureKey(key));
}

export function compileBands(classes: CriteriaSet['classes']): CompiledBand[] {
  return classes.map((band) => ({ label: band.label, min: Exact.fromDecimal(band.min) }));
}

/**
 * The canonical (internalized) copy of a string: the one a document's keys already are. Every entry's code
 * is looked up in `byCode`, and a lookup whose key is that same string skips comparing characters.
 */
function canonical(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

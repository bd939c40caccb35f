import type { AdjustmentDefinition, CriteriaSet, Criterion } from './criteria-set.js';
import { Decimal } from './decimal.js';
import { Exact } from './exact.js';

/** A criterion with its figures as the scorer computes with them. */
export interface CompiledCriterion {
  readonly criterion: Criterion;
  /** Its place in the set's pre-order: where a scored unit keeps its figures. */
  readonly index: number;
  /** The criterion's code as the engine's canonical string, the form object keys take (see `canonical`). */
  readonly code: string;
  readonly max: Exact;
  /** The max as text, as traces and results write it. */
  readonly maxText: string;
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
  readonly classes: readonly CompiledBand[];
  readonly adjustments: readonly (AdjustmentDefinition & { readonly exactMax: Exact })[];
  /** The Decimals shown in results, by their text (see `shownDecimal`). */
  readonly shownDecimals: Map<string, Decimal>;
}

const compiledSets = new WeakMap<CriteriaSet, CompiledSet>();

/** The set's figures as Exact values, converted once per set and kept while the set lives. */
export function compiledSet(set: CriteriaSet): CompiledSet {
  let compiled = compiledSets.get(set);
  if (!compiled) {
    let size = 0;
    const compileCriterion = (criterion: Criterion): CompiledCriterion => {
      const max = Exact.fromDecimal(criterion.max);
      return {
        criterion,
        index: size++,
        code: canonical(criterion.code),
        max,
        maxText: max.toText(),
        unlisted: Exact.fromDecimal(criterion.unlisted),
        children: criterion.children.map(compileCriterion),
      };
    };
    const criteria = set.criteria.map(compileCriterion);
    compiled = {
      criteria,
      size,
      classes: compileBands(set.classes),
      adjustments: set.adjustments.map((adjustment) => ({
        ...adjustment,
        exactMax: Exact.fromDecimal(adjustment.max),
      })),
      shownDecimals: new Map(),
    };
    compiledSets.set(set, compiled);
  }
  return compiled;
}

/** Most figures of a set's units repeat (its maxima, full marks, the steps of a score, indexes to 2 places). */
const SHOWN_DECIMALS_KEPT = 20_000;

/**
 * The Decimal of a figure's text, shared by every unit scored on the set: Decimals are immutable, and a
 * result holds hundreds of them. At most SHOWN_DECIMALS_KEPT are kept per set; past that, each is new.
 */
export function shownDecimal(compiled: CompiledSet, text: string): Decimal {
  const kept = compiled.shownDecimals;
  let decimal = kept.get(text);
  if (decimal === undefined) {
    decimal = new Decimal(text);
    if (kept.size < SHOWN_DECIMALS_KEPT) kept.set(text, decimal);
  }
  return decimal;
}

export function compileBands(classes: CriteriaSet['classes']): CompiledBand[] {
  return classes.map((band) => ({ label: band.label, min: Exact.fromDecimal(band.min) }));
}

/**
 * The canonical (internalized) copy of a string: the one a document's keys already are. Entries are looked
 * up by code for every node scored, and a lookup whose key is that same string skips comparing characters.
 */
function canonical(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

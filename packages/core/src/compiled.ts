import type { AdjustmentDefinition, CriteriaSet, Criterion } from './criteria-set.js';
import { Exact } from './exact.js';

/** A criterion with its figures as the scorer computes with them. */
export interface CompiledCriterion {
  readonly criterion: Criterion;
  /** Its place in the set's pre-order: where a scored unit keeps its figures. */
  readonly index: number;
  /** The criterion's code as the engine's canonical string, the form object keys take (see `canonical`). */
  readonly code: string;
  readonly max: Exact;
  /** The max scaled by 10^places of the set, as a unit's figures keep it (undefined if it does not fit). */
  readonly maxUnits: number | undefined;
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
  /** The decimals of the set's maxima and of its rounded scores: what most units' figures need. */
  readonly places: number;
  readonly classes: readonly CompiledBand[];
  readonly adjustments: readonly (AdjustmentDefinition & { readonly exactMax: Exact })[];
}

const compiledSets = new WeakMap<CriteriaSet, CompiledSet>();

/** The set's figures as Exact values, converted once per set and kept while the set lives. */
export function compiledSet(set: CriteriaSet): CompiledSet {
  let compiled = compiledSets.get(set);
  if (!compiled) {
    // The decimals that a unit's figures need, unless an entry is finer: the maxima's and the rounding's.
    let places = set.rounding.score;
    for (const criterion of set.byCode.values()) {
      places = Math.max(places, criterion.max.decimalPlaces(), criterion.unlisted.decimalPlaces());
    }
    let size = 0;
    const compileCriterion = (criterion: Criterion): CompiledCriterion => {
      const max = Exact.fromDecimal(criterion.max);
      return {
        criterion,
        index: size++,
        code: canonical(criterion.code),
        max,
        maxUnits: max.scaledTo(places),
        unlisted: Exact.fromDecimal(criterion.unlisted),
        children: criterion.children.map(compileCriterion),
      };
    };
    const criteria = set.criteria.map(compileCriterion);
    compiled = {
      criteria,
      size,
      places,
      classes: compileBands(set.classes),
      adjustments: set.adjustments.map((adjustment) => ({
        ...adjustment,
        exactMax: Exact.fromDecimal(adjustment.max),
      })),
    };
    compiledSets.set(set, compiled);
  }
  return compiled;
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

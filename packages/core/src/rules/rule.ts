import type { z } from 'zod';
import { type Decimal, decimalText } from '../decimal.js';

/** What a rule computes from facts: the unrounded score and, on demand, how it got there. */
export interface RuleComputation {
  readonly score: Decimal;
  /**
   * How the score came about, ending in its unrounded value: `3 × (13 + 0.5 × 11) / 29 = 1.9138`, `late → 0`.
   * Called only when a trace is read, so the hot path builds no strings.
   */
  readonly explain: () => string;
}

/**
 * A scoring rule: how a criterion's facts become points. Built-in rules live in this folder, one
 * file each; embedders define their own with `defineRule` and pass them to `parseCriteriaSet`.
 */
export interface RuleDefinition<Params = unknown, Facts = unknown> {
  /** The `kind` written in a criteria set, e.g. `tasks`. */
  readonly kind: string;
  /** One line on what the rule does, for documentation and the JSON Schema. */
  readonly description: string;
  /** The rule's parameters in the criteria set (every key of `rule` except `kind`). */
  readonly params: z.ZodType<Params>;
  /** The facts an assessment entry gives for this rule. */
  readonly facts: z.ZodType<Facts>;
  /** Checks parameters against the criterion's max once, when the set is parsed; returns a problem or undefined. */
  readonly checkParams?: (params: Params, max: Decimal) => string | undefined;
  /** Checks facts that their schema cannot judge alone (a level the params do not name); returns a problem or undefined. */
  readonly checkFacts?: (facts: Facts, params: Params) => string | undefined;
  /** Checks a score entered directly on a criterion with this rule (e.g. a step); returns a problem or undefined. */
  readonly checkEnteredScore?: (score: Decimal, params: Params) => string | undefined;
  /** Turns facts into an unrounded score in [0, max]. Pure and exact. */
  readonly compute: (facts: Facts, params: Params, max: Decimal) => RuleComputation;
}

/**
 * A rule as the scorer holds it: its types erased, since a set mixes rules of every kind. Each rule
 * only ever receives params and facts that its own schemas produced.
 */
export interface Rule {
  readonly kind: string;
  readonly description: string;
  readonly params: z.ZodType<unknown>;
  readonly facts: z.ZodType<unknown>;
  readonly checkParams: (params: unknown, max: Decimal) => string | undefined;
  readonly checkEnteredScore: (score: Decimal, params: unknown) => string | undefined;
  readonly checkFacts: (facts: unknown, params: unknown) => string | undefined;
  readonly compute: (facts: unknown, params: unknown, max: Decimal) => RuleComputation;
}

/** Declares a rule; its parameter and fact types are inferred from its schemas. */
export function defineRule<Params, Facts>(definition: RuleDefinition<Params, Facts>): Rule {
  return {
    kind: definition.kind,
    description: definition.description,
    params: definition.params,
    facts: definition.facts,
    checkParams: (params, max) => definition.checkParams?.(params as Params, max),
    checkEnteredScore: (score, params) => definition.checkEnteredScore?.(score, params as Params),
    checkFacts: (facts, params) => definition.checkFacts?.(facts as Facts, params as Params),
    compute: (facts, params, max) => definition.compute(facts as Facts, params as Params, max),
  };
}

/** `text = value`, the value shown with at most 4 decimals: a formula in a trace. */
export function formula(text: string, value: Decimal): string {
  return `${text} = ${decimalText(value.toDecimalPlaces(4))}`;
}

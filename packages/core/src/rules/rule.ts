import { z } from 'zod';
import type { Decimal } from '../decimal.js';
import { Exact } from '../exact.js';

/** What a rule computes from facts: the unrounded score and how it got there. */
export interface RuleComputation {
  readonly score: Decimal;
  /**
   * How the score came about, ending in its unrounded value: `3 × (13 + 0.5 × 11) / 29 = 1.9138`, `late → 0`.
   * Called once, when the criterion is scored: its text is the node's trace.
   */
  readonly explain: () => string;
}

/** The parts of a rule that do not depend on how it computes. */
interface RuleBasics<Params, Facts> {
  /** The `kind` written in a criteria set, e.g. `tasks`. */
  readonly kind: string;
  /** One line on what the rule does, for documentation and the JSON Schema. */
  readonly description: string;
  /** What the rule computes and what each fact is, in Vietnamese: the forms and sheets show these. */
  readonly vi?: RuleWords | undefined;
  /** The rule's parameters in the criteria set (every key of `rule` except `kind`). */
  readonly params: z.ZodType<Params>;
  /** The facts an assessment entry gives for this rule. */
  readonly facts: z.ZodType<Facts>;
  /**
   * Optionally, a reader of plainly valid facts that skips zod on the hot path (see `factsObject`). It must
   * return exactly what `facts` returns, or undefined to let `facts` decide.
   */
  readonly readFacts?: ((raw: unknown) => Facts | undefined) | undefined;
  /** Checks facts that their schema cannot judge alone (a level the params do not name); returns a problem or undefined. */
  readonly checkFacts?: ((facts: Facts, params: Params) => string | undefined) | undefined;
  /**
   * The values a fact may take under these parameters, where they are a short list (the levels of a `levels`
   * rule): a form offers them to choose from, each with its label.
   */
  readonly choices?: ((params: Params) => Readonly<Record<string, readonly FactChoice[]>>) | undefined;
}

/** A value a fact may take, and how a form says it. */
export interface FactChoice {
  readonly value: string;
  readonly label: string;
}

/**
 * A scoring rule: how a criterion's facts become points, written with Decimals. Embedders define their
 * own with `defineRule` and pass them to `parseCriteriaSet`.
 */
export interface RuleDefinition<Params = unknown, Facts = unknown> extends RuleBasics<Params, Facts> {
  /** Checks parameters against the criterion's max once, when the set is parsed; returns a problem or undefined. */
  readonly checkParams?: ((params: Params, max: Decimal) => string | undefined) | undefined;
  /** Checks a score entered directly on a criterion with this rule (e.g. a step); returns a problem or undefined. */
  readonly checkEnteredScore?: ((score: Decimal, params: Params) => string | undefined) | undefined;
  /** Turns facts into an unrounded score in [0, max]. Pure and exact. */
  readonly compute: (facts: Facts, params: Params, max: Decimal) => RuleComputation;
}

/** Receives how a score came about: the scorer keeps the text as the node's trace. */
export type Explain = (text: string) => void;

/**
 * A rule written with Exact figures, as the built-in rules are (this folder, one file each). `compute`
 * returns the unrounded score and says how it got there through `explain` (the scorer always gives one;
 * `explain?.(…)` lets a rule be called without it).
 */
export interface ExactRuleDefinition<Params, Facts> extends RuleBasics<Params, Facts> {
  readonly checkParams?: ((params: Params, max: Exact) => string | undefined) | undefined;
  readonly checkEnteredScore?: ((score: Exact, params: Params) => string | undefined) | undefined;
  readonly compute: (facts: Facts, params: Params, max: Exact, explain?: Explain) => Exact;
}

/**
 * A rule, as `defineRule` makes it and `parseCriteriaSet` takes it: its kind, what it does, and the schemas
 * of its parameters and facts. How the scorer calls it is internal (left out of the published types).
 * Each rule only ever receives params and facts that its own schemas produced.
 */
/** A rule's words for the people who fill in its facts. */
export interface RuleWords {
  /** The rule's name, a few words, as a form lists the rules to choose from. */
  readonly name?: string | undefined;
  /** What the rule computes, in a sentence. */
  readonly description: string;
  /** A label for each fact, by its name. */
  readonly facts?: Readonly<Record<string, string>> | undefined;
  /** A label for each of its parameters in a criteria set, by its name. */
  readonly params?: Readonly<Record<string, string>> | undefined;
}

export interface Rule {
  readonly kind: string;
  readonly description: string;
  /** What it computes and its facts' labels in Vietnamese, where the rule gives them. */
  readonly vi: RuleWords | undefined;
  readonly params: z.ZodType<unknown>;
  readonly facts: z.ZodType<unknown>;
  /** @internal The facts as `facts` parses them, or undefined when the fast reader passes (then `facts` decides). */
  readonly readFacts: (raw: unknown) => unknown;
  /** @internal */
  readonly checkParams: (params: unknown, max: Exact) => string | undefined;
  /** @internal */
  readonly checkEnteredScore: (score: Exact, params: unknown) => string | undefined;
  /** @internal */
  readonly checkFacts: (facts: unknown, params: unknown) => string | undefined;
  /** @internal The values each fact may take under these parameters, where they are a short list. */
  readonly choicesOf: (params: unknown) => Readonly<Record<string, readonly FactChoice[]>>;
  /** @internal Types erased (a set mixes rules of every kind); figures exact. */
  readonly compute: (facts: unknown, params: unknown, max: Exact, explain?: Explain) => Exact;
}

/** Declares a rule written with Exact figures (the built-in rules); its parameter and fact types are inferred from its schemas. */
export function defineExactRule<Params, Facts>(definition: ExactRuleDefinition<Params, Facts>): Rule {
  const noReader = () => undefined;
  return {
    kind: definition.kind,
    description: definition.description,
    vi: definition.vi,
    params: definition.params,
    facts: definition.facts,
    readFacts: definition.readFacts ?? noReader,
    checkParams: (params, max) => definition.checkParams?.(params as Params, max),
    checkEnteredScore: (score, params) => definition.checkEnteredScore?.(score, params as Params),
    checkFacts: (facts, params) => definition.checkFacts?.(facts as Facts, params as Params),
    choicesOf: (params) => definition.choices?.(params as Params) ?? {},
    compute: definition.compute as Rule['compute'],
  };
}

/**
 * Declares a rule written with Decimals; its parameter and fact types are inferred from its schemas. Its
 * figures cross into the scorer's exact values without loss (a Decimal's value is a finite decimal).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { Decimal, parseCriteriaSet } from '@cchc/core';
 * import { defineRule } from '@cchc/core/rules';
 * import { z } from 'zod';
 * const halfIfLate = defineRule({
 *   kind: 'half-if-late', description: 'full marks on time, half when late',
 *   params: z.object({}), facts: z.object({ late: z.boolean() }),
 *   compute: (facts, _params, max) => ({ score: facts.late ? max.div(2) : new Decimal(max), explain: () => (facts.late ? 'late' : 'on time') }),
 * });
 * const set = parseCriteriaSet({ id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }], criteria: [{ code: '1', name: 'Báo cáo', max: 1, rule: { kind: 'half-if-late' } }] }, { rules: [halfIfLate] });
 * assert.ok(set.success);
 * ```
 */
export function defineRule<Params, Facts>(definition: RuleDefinition<Params, Facts>): Rule {
  const { checkParams, checkEnteredScore, compute } = definition;
  return defineExactRule<Params, Facts>({
    ...definition,
    checkParams: checkParams && ((params, max) => checkParams(params, max.toDecimal())),
    checkEnteredScore: checkEnteredScore && ((score, params) => checkEnteredScore(score.toDecimal(), params)),
    compute: (facts, params, max, explain) => {
      const computed = compute(facts, params, max.toDecimal());
      explain?.(computed.explain());
      return Exact.fromDecimal(computed.score);
    },
  });
}

/** `text = value`, the value shown with at most 4 decimals: a formula in a trace. */
export function formula(text: string, value: Exact): string {
  return `${text} = ${value.round(4, 'half-up').toText()}`;
}

/** One fact a rule reads: its name in an entry's `facts`, and its JSON type (`integer`, `boolean`, `string`…). */
export interface RuleFact {
  readonly name: string;
  readonly type: string;
  /** The fact's label in Vietnamese, from the rule's words; its name where the rule gives none. */
  readonly label: string;
  /** The values it may take, where the criterion's parameters make them a short list (given `params`). */
  readonly choices?: readonly FactChoice[];
}

/**
 * The facts a rule reads, from its facts schema: what a form or a score sheet asks for an item scored by
 * the rule (on time or not, counts, a percentage). Given a criterion's parameters (`criterion.rule.params`),
 * a fact that may take only a few values lists them (`choices`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { builtinRules, factsOfRule } from '@cchc/core/rules';
 * const onTime = builtinRules.find((rule) => rule.kind === 'on-time')!;
 * assert.deepEqual(factsOfRule(onTime).map((fact) => [fact.name, fact.type]), [['onTime', 'boolean']]);
 * ```
 */
export function factsOfRule(rule: Rule, params?: unknown): RuleFact[] {
  const schema = z.toJSONSchema(rule.facts, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; anyOf?: { type?: string }[] }>;
  };
  const choices = params === undefined ? {} : rule.choicesOf(params);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: property.type ?? property.anyOf?.find((option) => option.type)?.type ?? 'string',
    label: rule.vi?.facts?.[name] ?? name,
    ...(Object.hasOwn(choices, name) ? { choices: choices[name]! } : {}),
  }));
}

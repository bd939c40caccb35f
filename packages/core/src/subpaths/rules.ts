// `@cchc/core/rules`: the scoring rules a criteria set names, and how to write one of your own.
export { builtinRules } from '../rules/index.js';
export {
  defineRule,
  type FactChoice,
  factsOfRule,
  type Rule,
  type RuleComputation,
  type RuleDefinition,
  type RuleFact,
  type RuleWords,
} from '../rules/rule.js';

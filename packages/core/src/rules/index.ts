import { conversionRule } from './conversion.js';
import { countRule } from './count.js';
import { deductionRule } from './deduction.js';
import { directRule } from './direct.js';
import { levelsRule } from './levels.js';
import { metRule } from './met.js';
import { onTimeRule } from './on-time.js';
import { proportionalRule } from './proportional.js';
import type { Rule } from './rule.js';
import { shareCompletedRule } from './share-completed.js';
import { surveyRule } from './survey.js';
import { tasksRule } from './tasks.js';
import { tiersRule } from './tiers.js';

/** Every rule that ships with cchc, in the order of the domain notes. */
export const builtinRules: readonly Rule[] = [
  directRule,
  onTimeRule,
  metRule,
  proportionalRule,
  tiersRule,
  tasksRule,
  shareCompletedRule,
  countRule,
  deductionRule,
  levelsRule,
  surveyRule,
  conversionRule,
];

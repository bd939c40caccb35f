import { z } from 'zod';
import { Exact } from '../exact.js';
import { percentInput, textInput } from '../schema/common.js';
import { factsObject, textField } from '../schema/fields.js';
import { percentOf } from './ratio.js';
import { defineExactRule, formula } from './rule.js';

const DEFAULT_LEVELS: Readonly<Record<string, Exact>> = {
  excellent: Exact.integer(100),
  good: Exact.integer(75),
  completed: Exact.integer(50),
  notCompleted: Exact.integer(0),
};

/** The default levels in Vietnamese, as a sheet offers them. */
const DEFAULT_LEVEL_WORDS: Readonly<Record<string, string>> = {
  excellent: 'Xuất sắc',
  good: 'Tốt',
  completed: 'Hoàn thành',
  notCompleted: 'Không hoàn thành',
};

/** A level of completion credits a share of the max (default excellent 100 %, good 75 %, completed 50 %, notCompleted 0). */
export const levelsRule = defineExactRule({
  kind: 'levels',
  description:
    'A named level credits a share of the max (default excellent 100, good 75, completed 50, notCompleted 0 %).',
  vi: {
    name: 'Theo mức đánh giá',
    params: { levels: 'Các mức (mỗi dòng: tên mức, dấu hai chấm, phần trăm điểm tối đa)' },
    description:
      'Mỗi mức đánh giá được một phần điểm tối đa (mặc định: xuất sắc 100 %, tốt 75 %, hoàn thành 50 %, không hoàn thành 0 %).',
    facts: { level: 'Mức đạt được' },
  },
  params: z.strictObject({ levels: z.record(textInput, percentInput).optional() }),
  ...factsObject({ level: textField }),
  checkFacts: (facts, params) => {
    const levels = params.levels ?? DEFAULT_LEVELS;
    return Object.hasOwn(levels, facts.level)
      ? undefined
      : `unknown level '${facts.level}' (levels: ${Object.keys(levels).join(', ')})`;
  },
  choices: (params) => ({
    level: Object.keys(params.levels ?? DEFAULT_LEVELS).map((value) => ({
      value,
      label: params.levels ? value : DEFAULT_LEVEL_WORDS[value]!,
    })),
  }),
  compute: (facts, params, max, explain) => {
    const share = (params.levels ?? DEFAULT_LEVELS)[facts.level]!;
    const score = percentOf(max, share);
    explain?.(formula(`${facts.level}: ${share.toText()}% × ${max.toText()}`, score));
    return score;
  },
});

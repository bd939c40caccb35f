/**
 * A rule of a criteria set as a form says it, both ways: the built-in rules by their Vietnamese names, each
 * parameter as a field (a number, a choice, or lines of `key: value`), the core's messages in an official's
 * words, and what a problem of the form is. The set editor's pages use it.
 */
import { decimalComma, parseDecimal } from '@cchc/core';
import { builtinRules } from '@cchc/core/rules';
import { linesOf } from './context.js';

/** A problem the editor shows: at an item's field (`code`, `field`), or for the set as a whole. */
export interface Problem {
  readonly code?: string | undefined;
  readonly field?: string | undefined;
  /** For a rule's problem, the parameter it is about. */
  readonly param?: string | undefined;
  readonly text: string;
}

/** How each parameter of a built-in rule is typed into the form: a number, a choice, or lines of `key: value`. */
export type ParamInput =
  | { readonly type: 'number' }
  | { readonly type: 'choice'; readonly choices: Readonly<Record<string, string>> }
  /** `uncounted`: the words that stand for a null value (a survey option left out of the count). */
  | { readonly type: 'pairs'; readonly uncounted?: string }
  | { readonly type: 'list'; readonly keys: readonly [string, string] };

const NUMBER: ParamInput = { type: 'number' };
const WHEN_NONE: ParamInput = { type: 'choice', choices: { full: 'Được đủ điểm', zero: 'Được 0 điểm' } };
export const PARAM_INPUTS: Readonly<Record<string, Readonly<Record<string, ParamInput>>>> = {
  direct: { step: NUMBER },
  count: { pointsEach: NUMBER },
  deduction: { perViolation: NUMBER },
  met: { threshold: NUMBER },
  'on-time': { lateShare: NUMBER },
  proportional: { threshold: NUMBER },
  'share-completed': { whenNone: WHEN_NONE },
  tasks: { lateWeight: NUMBER, whenNone: WHEN_NONE },
  levels: { levels: { type: 'pairs' } },
  survey: { credits: { type: 'pairs', uncounted: 'không tính' } },
  tiers: { tiers: { type: 'list', keys: ['min', 'points'] } },
  conversion: {
    breakpoints: { type: 'list', keys: ['from', 'points'] },
    interpolation: {
      type: 'choice',
      choices: { linear: 'Tính theo tỷ lệ giữa hai mốc', step: 'Lấy điểm của mốc dưới' },
    },
  },
};
export const RULES = new Map(builtinRules.map((rule) => [rule.kind, rule]));

/** A figure of the document as the form shows it: `1,5`; what does not read as a number, as typed. */
export function shownNumber(value: unknown): string {
  if (value === undefined || value === null) return '';
  const decimal = parseDecimal(value);
  return decimal ? decimalComma(decimal.toFixed()) : String(value);
}

/** A core message as an official reads it: rules and their parameters by their Vietnamese names. */
export function plainWords(text: string): string {
  let words = text.replace(/^cách tính điểm '[^']+' không hợp lệ: /, '');
  for (const rule of builtinRules) {
    words = words.replaceAll(`'${rule.kind}'`, `"${rule.vi?.name ?? rule.kind}"`);
    for (const [name, label] of Object.entries(rule.vi?.params ?? {}))
      words = words.replace(
        new RegExp(`\\b${name}\\b`, 'g'),
        `"${label.replace(/ \(.*$|, để trống.*$/, '')}"`,
      );
  }
  return words;
}

/** Lines of `key: value` (the last colon divides, so a level's name may hold one). */
function pairsOf(text: string): [string, string][] | undefined {
  const pairs = linesOf(text).map((line) => {
    const colon = line.lastIndexOf(':');
    return colon <= 0
      ? undefined
      : ([line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string]);
  });
  return pairs.every((pair) => pair !== undefined && pair[0] !== '' && pair[1] !== '')
    ? (pairs as [string, string][])
    : undefined;
}

/** A rule's parameter as the form shows it. */
export function paramText(input: ParamInput, value: unknown): string {
  if (value === undefined) return '';
  if (input.type === 'number') return shownNumber(value);
  if (input.type === 'choice') return String(value);
  if (input.type === 'pairs')
    return Object.entries((value ?? {}) as Record<string, unknown>)
      .map(
        ([key, share]) =>
          `${key}: ${share === null && input.uncounted ? input.uncounted : shownNumber(share)}`,
      )
      .join('\n');
  return ((value ?? []) as Record<string, unknown>[])
    .map((entry) => `${shownNumber(entry[input.keys[0]])}: ${shownNumber(entry[input.keys[1]])}`)
    .join('\n');
}

/** A rule's parameters from the form: the rule, or the problems of the fields that do not read. */
export function ruleFromForm(
  kind: string,
  form: URLSearchParams,
): { rule: Record<string, unknown> } | { problems: Problem[] } {
  const rule: Record<string, unknown> = { kind };
  const problems: Problem[] = [];
  const labels = RULES.get(kind)?.vi?.params ?? {};
  for (const [name, input] of Object.entries(PARAM_INPUTS[kind] ?? {})) {
    const text = form.get(`ts:${name}`)?.trim() ?? '';
    if (text === '') continue;
    const wrong = (what: string) => problems.push({ field: name, text: `${labels[name] ?? name}: ${what}` });
    if (input.type === 'number') {
      if (parseDecimal(text) === undefined) wrong(`"${text}" không phải là số (viết 0,5 hoặc 12).`);
      else rule[name] = text;
    } else if (input.type === 'choice') {
      if (!Object.hasOwn(input.choices, text)) wrong('hãy chọn một trong các cách có sẵn.');
      else rule[name] = text;
    } else {
      const pairs = pairsOf(text);
      const uncounted = (value: string) =>
        input.type === 'pairs' && input.uncounted !== undefined && value.toLowerCase() === input.uncounted;
      const unread = pairs?.find(
        ([key, value]) =>
          (parseDecimal(value) === undefined && !uncounted(value)) ||
          (input.type === 'list' && parseDecimal(key) === undefined),
      );
      if (!pairs) wrong('mỗi dòng một mục: phần đầu, dấu hai chấm, rồi con số.');
      else if (unread) wrong(`dòng "${unread.join(': ')}" có phần không phải là số.`);
      else if (input.type === 'pairs')
        rule[name] = Object.fromEntries(pairs.map(([key, value]) => [key, uncounted(value) ? null : value]));
      else rule[name] = pairs.map(([first, second]) => ({ [input.keys[0]]: first, [input.keys[1]]: second }));
    }
  }
  return problems.length > 0 ? { problems } : { rule };
}

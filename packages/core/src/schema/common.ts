import { z } from 'zod';
import { EXACT_HUNDRED, Exact, parseDecimal } from '../exact.js';
import { type DocumentPath, type Issue, issue } from '../issues.js';

/** The text form of a decimal input, as published in the JSON Schema. */
const DECIMAL_PATTERN = '^[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)$';

/**
 * A decimal given as a JSON number, `"0.25"` or `"0,25"`, read by `read`. One custom check rather than a
 * union of number and string: it is on the hot path of every entry, and a union pays for building an issue
 * for the branch that does not match.
 */
function decimalSchema<T>(read: (input: unknown) => T | undefined) {
  return z
    .custom<number | string>((value) => typeof value === 'number' || typeof value === 'string', {
      error: (raw) => (raw.input === undefined ? 'required' : 'invalid_decimal'),
    })
    .transform((value, ctx): T => {
      const parsed = read(value);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', message: 'invalid_decimal', params: { value: String(value) } });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({
      anyOf: [{ type: 'number' }, { type: 'string', pattern: DECIMAL_PATTERN }],
      description: 'A decimal: a JSON number, or a string with a decimal point or comma ("0,25").',
    });
}

const NOT_NEGATIVE = { message: 'invalid_value', params: { detail: 'must not be negative' } };
const PERCENTAGE = { message: 'invalid_value', params: { detail: 'a percentage between 0 and 100' } };

/** A decimal read as an exact Decimal: figures of a criteria set and stated results. */
export const decimalInput = decimalSchema(parseDecimal);

/** A decimal that may not be negative (maxima, caps). */
export const nonNegativeDecimal = decimalInput.refine((value) => !value.isNegative(), NOT_NEGATIVE);

/** A decimal read as an Exact, for what the scorer computes with: entries, and the rules' params and facts. */
export const exactInput = decimalSchema(Exact.parse);

export const nonNegativeExact = exactInput.refine((value) => !value.isNegative(), NOT_NEGATIVE);

/** A share given as a percentage (`85` for 85 %). */
export const percentInput = exactInput.refine(
  (value) => !value.isNegative() && value.lte(EXACT_HUNDRED),
  PERCENTAGE,
);

/**
 * A criterion code. Always text: `"1.10"` stays "1.10". A whole JSON number is accepted as its text
 * (`3` → "3"), but a fractional number is refused, since 1.10 would silently become "1.1".
 */
export const codeInput = z
  .union([z.string().trim().min(1), z.int().nonnegative()], {
    error: () => ({
      message: 'invalid_code',
      params: { detail: 'a code is a non-empty string such as "1.2.1"' },
    }),
  })
  .transform(String);

export const textInput = z.string().trim().min(1);

/** A count of things (tasks, answers, violations). */
export const countInput = z.int().nonnegative();

const ZOD_TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'text',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  int: 'a whole number',
};

/** Translates zod's issues into the project's closed set of issue codes, with paths under `prefix`. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: DocumentPath = []): Issue[] {
  const out: Issue[] = [];
  for (const raw of issues) {
    const path = [...prefix, ...raw.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
    const params = (raw as { params?: Record<string, string> }).params ?? {};
    switch (raw.code) {
      case 'unrecognized_keys':
        for (const key of raw.keys) out.push(issue('unknown_key', [...path, key], { key }));
        break;
      case 'invalid_type':
        if (raw.input === undefined) out.push(issue('required', path));
        else
          out.push(issue('invalid_type', path, { expected: ZOD_TYPE_NAMES[raw.expected] ?? raw.expected }));
        break;
      case 'invalid_union':
      case 'custom':
        out.push(ourIssueFromMessage(raw.message, path, params));
        break;
      default:
        out.push(ourIssueFromMessage(raw.message, path, { detail: raw.message, ...params }));
    }
  }
  return out;
}

function ourIssueFromMessage(message: string, path: DocumentPath, params: Record<string, string>): Issue {
  switch (message) {
    case 'required':
    case 'invalid_decimal':
    case 'invalid_code':
    case 'invalid_classes':
    case 'invalid_rounding':
      return issue(message, path, params);
    default:
      return issue(
        'invalid_value',
        path,
        message === 'invalid_value' ? params : { detail: message, ...params },
      );
  }
}

/**
 * A rule's schema issues (its params in a set, or its facts in an entry): unknown and missing keys keep
 * their own codes, everything else becomes `wrapAs`, with the rule's kind in the message.
 */
export function ruleSchemaIssues(
  issues: readonly z.core.$ZodIssue[],
  path: DocumentPath,
  wrapAs: 'invalid_rule' | 'invalid_facts',
  kind: string,
): Issue[] {
  return fromZodIssues(issues, path).map((found) =>
    found.code === 'unknown_key' || found.code === 'required'
      ? found
      : issue(wrapAs, found.path, { kind, detail: found.message }),
  );
}

/**
 * Parses with zod's fast path; only when the input is invalid is it parsed again with `reportInput`,
 * which zod needs to tell a missing key from a wrong one but which costs ten times as much.
 */
export function parseFast<T>(schema: z.ZodType<T>, input: unknown): z.ZodSafeParseResult<T> {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed : schema.safeParse(input, { reportInput: true });
}

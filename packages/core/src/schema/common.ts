import { z } from 'zod';
import { DECIMAL_BOUNDS, decimalProblem } from '../decimal-input.js';
import { EXACT_HUNDRED, Exact, parseDecimal } from '../exact.js';
import { type DocumentPath, type Issue, type IssueParams, issue } from '../issues.js';

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
        ctx.addIssue({
          code: 'custom',
          message: 'invalid_decimal',
          params: { value: shortened(String(value)), ...decimalProblem(value) },
        });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({
      anyOf: [{ type: 'number' }, { type: 'string', pattern: DECIMAL_PATTERN }],
      description: `A decimal: a JSON number, or a string with a decimal point or comma ("0,25"); at most ${DECIMAL_BOUNDS.places} decimals and ${DECIMAL_BOUNDS.significantDigits} significant digits.`,
    });
}

/** A value as a message quotes it: long ones cut, so that a message stays a line. */
function shortened(text: string, length = 40): string {
  return text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text;
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
/**
 * Characters that no one means in a document's text: control characters (but tab and line breaks),
 * bidirectional overrides and marks, zero-width and other invisible characters, and noncharacters. A code
 * "1\u200b" would look like "1" and be another code; a control character breaks the DOCX and the HTML.
 */
const UNMEANT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFDD0-\uFDEF\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]/;
const ASCII_ONLY = /^[\x20-\x7e]*$/;
/**
 * A character outside the text that is fine and already in NFC: printable ASCII, tab and line breaks,
 * Latin-1 but its controls and soft hyphen, the Latin letters to U+02FF and Vietnamese's precomposed
 * letters (U+1E00–U+1EFF), and the dashes, quotes and ellipsis of U+2010–U+2027. No character there is
 * changed or joined by NFC (the first that NFC touches is U+0300), and none is UNMEANT: almost every text of
 * a Vietnamese document has no other, and skips the slower search and normalization. Searched for rather
 * than the whole text matched (`^[…]*$`), which V8 ran a third slower on the reference district's texts.
 */
const NOT_PLAIN_NFC = /[^\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u1e00-\u1eff\u2010-\u2027]/;

/**
 * The longest text a document may hold in one field, in UTF-16 code units: a cause, a comment or an
 * explanation runs to a page or two; without a bound one field could hold a megabyte.
 */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * What is wrong with a text that cannot be meant: the character (as U+XXXX) and its position, or
 * undefined when the text is fine. Lone surrogate halves (text cut in the middle of a character) too.
 */
export function textProblem(text: string): { character: string; position: number } | undefined {
  if (ASCII_ONLY.test(text)) return undefined;
  const found = UNMEANT.exec(text);
  let at = found?.index;
  if (at === undefined && !(text as string & { isWellFormed(): boolean }).isWellFormed()) {
    at = [...text].findIndex((character) => /^[\uD800-\uDFFF]$/.test(character));
  }
  if (at === undefined) return undefined;
  const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
  return { character: `U+${code}`, position: at + 1 };
}

/**
 * A document's text as cchc keeps it: trimmed and in Unicode NFC (Vietnamese typed with combining marks,
 * "ê" + "́", is the same text as with precomposed letters, "ế"). Undefined when it is empty or holds a
 * character that cannot be meant (`textProblem` says which).
 */
export function readText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) return undefined;
  const trimmed = value.trim();
  if (!NOT_PLAIN_NFC.test(trimmed)) return trimmed === '' ? undefined : trimmed;
  if (trimmed === '' || textProblem(trimmed) !== undefined) return undefined;
  return ASCII_ONLY.test(trimmed) ? trimmed : trimmed.normalize('NFC');
}

/** Reads text as `readText` does, or says in `ctx` why it cannot. */
function textOrIssue(value: string, ctx: z.core.$RefinementCtx): string {
  const text = readText(value);
  if (text !== undefined) return text;
  if (value.length > MAX_TEXT_LENGTH) {
    ctx.addIssue({
      code: 'custom',
      message: 'too_large',
      params: { limit: 'text', max: MAX_TEXT_LENGTH },
    });
    return z.NEVER;
  }
  const problem = textProblem(value.trim());
  ctx.addIssue(
    problem
      ? { code: 'custom', message: 'invalid_text', params: problem }
      : { code: 'custom', message: 'required_text' },
  );
  return z.NEVER;
}

/** Text: trimmed, not empty, in NFC, without characters that cannot be meant. */
export const textInput = z.string().transform(textOrIssue).meta({ type: 'string', minLength: 1 });

/**
 * A criterion code. Always text: `"1.10"` stays "1.10". A whole JSON number is accepted as its text
 * (`3` → "3"), but a fractional number is refused, since 1.10 would silently become "1.1".
 */
export const codeInput = z
  .custom<string | number>(
    (value) =>
      typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0),
    {
      error: () => ({
        message: 'invalid_code',
        params: { detail: 'a code is a non-empty string such as "1.2.1"' },
      }),
    },
  )
  .transform((value, ctx) => (typeof value === 'number' ? String(value) : textOrIssue(value, ctx)))
  .meta({
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'integer', minimum: 0 },
    ],
  });

/** A calendar date written YYYY-MM-DD: `2021-99-99` and `2022-02-30` are refused. */
export const isoDateInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date is written YYYY-MM-DD' })
  .refine(
    (text) => {
      const [year, month, day] = text.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    },
    { message: 'not a date of the calendar' },
  );

/** The most of anything a count in facts may say (tasks, answers, respondents, violations). */
export const MAX_COUNT = 1_000_000;

/** A count of things (tasks, answers, violations), bounded so that every sum of counts stays exact. */
export const countInput = z
  .int()
  .nonnegative()
  .max(MAX_COUNT, { message: `a count is at most ${MAX_COUNT}` });

/** Whether a value is a count that `countInput` takes as it is. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_COUNT;
}

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
    const params = (raw as { params?: IssueParams }).params ?? {};
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
        // A union of what may be given (text or a number): nothing given is "required", not "Invalid input".
        if ((raw as { input?: unknown }).input === undefined) out.push(issue('required', path));
        else out.push(ourIssueFromMessage(raw.message, path, params));
        break;
      case 'custom':
        out.push(ourIssueFromMessage(raw.message, path, params));
        break;
      default:
        out.push(ourIssueFromMessage(raw.message, path, { detail: raw.message, ...params }));
    }
  }
  return out;
}

function ourIssueFromMessage(message: string, path: DocumentPath, params: IssueParams): Issue {
  switch (message) {
    case 'required':
    case 'invalid_decimal':
    case 'invalid_code':
    case 'invalid_classes':
    case 'invalid_rounding':
    case 'invalid_text':
    case 'too_large':
      return issue(message, path, params);
    case 'required_text':
      return issue('invalid_value', path, { detail: 'must not be empty' });
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

/** A plain object, as JSON and YAML readers make: not an array, a Date or an instance of a class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

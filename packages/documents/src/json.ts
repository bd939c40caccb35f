import type { DocumentPath, Issue, Outcome, SizeLimit } from '@cchc/core';
import { fail, issue, succeed } from '@cchc/core/internal';
import { FORBIDDEN_KEYS, type Limits, lineAndColumn } from './limits.js';

/** The longest number token read: a count or a score is a few characters; a longer one is refused unread. */
export const MAX_NUMBER_LENGTH = 64;

/**
 * Reads JSON text in one linear pass, without recursion, stricter than `JSON.parse` where JSON.parse would
 * silently change what the author wrote:
 * - a key given twice in one object is refused (JSON.parse keeps the last);
 * - a number is kept only when the double holds exactly the decimal written (`0.25`, `3`); `1e-400`,
 *   `9.9999999999999999999` or a 40-decimal `0.1…` are refused with their path, never rounded;
 * - nesting and list lengths are checked as the document is read, before anything deeper is built;
 * - `__proto__`, `constructor` and `prototype` keys are refused anywhere.
 * Syntax errors say the line and column.
 */
export function readJson(text: string, limits: Limits): Outcome<unknown> {
  return new JsonReader(text, limits).read();
}

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  /** The key being read in an object, or the position in a list: the frame's segment of the path. */
  key: string | number;
  /** The keys an object has had so far (counted, not recounted: an object's keys are many). */
  keys: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Stop {
  constructor(readonly issue: Issue) {}
}

class JsonReader {
  readonly #text: string;
  readonly #limits: Limits;
  #at = 0;
  readonly #stack: Frame[] = [];
  readonly #issues: Issue[] = [];

  constructor(text: string, limits: Limits) {
    this.#text = text;
    this.#limits = limits;
    // A byte order mark, as Windows editors write: not part of the document.
    if (text.charCodeAt(0) === 0xfeff) this.#at = 1;
  }

  read(): Outcome<unknown> {
    try {
      const value = this.#document();
      return this.#issues.length > 0 ? fail(this.#issues) : succeed(value);
    } catch (error) {
      if (error instanceof Stop) return fail([...this.#issues, error.issue]);
      throw error;
    }
  }

  #path(): DocumentPath {
    return this.#stack.map((frame) => frame.key);
  }

  #syntax(detail: string, at = this.#at): Stop {
    const { line, column } = lineAndColumn(this.#text, at);
    return new Stop(
      issue('invalid_syntax', [], { format: 'JSON', detail: `${detail} at line ${line}, column ${column}` }),
    );
  }

  #unexpected(expected: string): Stop {
    if (this.#at >= this.#text.length) return this.#syntax(`the text ends where ${expected} was expected`);
    const found = this.#text[this.#at]!;
    const shown = /[\x21-\x7e]/.test(found)
      ? `'${found}'`
      : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    let hint = '';
    // `"score": 0,25` in JSON: the comma ends the number and a key was expected.
    if (
      expected === 'a double-quoted key' &&
      /\d/.test(found) &&
      /\d,\s*$/.test(this.#text.slice(Math.max(0, this.#at - 8), this.#at))
    )
      hint = ' (a decimal comma: write "0,25" in quotes, or 0.25)';
    return this.#syntax(`expected ${expected}, found ${shown}${hint}`);
  }

  #skipSpace(): void {
    const text = this.#text;
    let at = this.#at;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === SPACE || code === LF || code === CR || code === TAB) at++;
      else break;
    }
    this.#at = at;
  }

  /** The whole document: one value, then nothing but white space. */
  #document(): unknown {
    this.#skipSpace();
    let root: unknown;
    let value = this.#valueOrOpen();
    // Containers are read with an explicit stack: deep nesting cannot exhaust the call stack.
    for (;;) {
      const frame = this.#stack.at(-1);
      if (frame === undefined) {
        root = value;
        break;
      }
      value = this.#afterValue(frame, value);
    }
    this.#skipSpace();
    if (this.#at < this.#text.length) throw this.#syntax('unexpected text after the document');
    return root;
  }

  /**
   * Places a finished value in the frame on top, then reads on: the next item's value (a scalar, or a
   * container opened on the stack), or the frame's end. Returns the next finished value for the frame now
   * on top of the stack.
   */
  #afterValue(frame: Frame, value: unknown): unknown {
    const { container } = frame;
    if (Array.isArray(container)) {
      container.push(value === SKIPPED ? null : value);
      if (container.length > this.#limits.maxItems)
        throw this.#tooLarge('items', this.#limits.maxItems, true);
    } else if (value !== SKIPPED && !FORBIDDEN_KEYS.has(frame.key as string)) {
      container[frame.key as string] = value;
    }
    this.#skipSpace();
    const code = this.#text.charCodeAt(this.#at);
    if (code === COMMA) {
      this.#at++;
      this.#skipSpace();
      if (Array.isArray(container)) frame.key = container.length;
      else this.#key(frame);
      return this.#valueOrOpen();
    }
    const closing = Array.isArray(container) ? CLOSE_BRACKET : CLOSE_BRACE;
    if (code !== closing) throw this.#unexpected(Array.isArray(container) ? "',' or ']'" : "',' or '}'");
    this.#at++;
    this.#stack.pop();
    return container;
  }

  #tooLarge(limit: SizeLimit, max: number, atContainer = false): Stop {
    const path = this.#path();
    return new Stop(issue('too_large', atContainer ? path.slice(0, -1) : path, { limit, max }));
  }

  /** A scalar value, or an opened container (pushed on the stack) whose first item is then read. */
  #valueOrOpen(): unknown {
    for (;;) {
      const code = this.#text.charCodeAt(this.#at);
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.#stack.length >= this.#limits.maxDepth) throw this.#tooLarge('depth', this.#limits.maxDepth);
        this.#at++;
        this.#skipSpace();
        const isList = code === OPEN_BRACKET;
        const container: Record<string, unknown> | unknown[] = isList ? [] : {};
        const empty = this.#text.charCodeAt(this.#at) === (isList ? CLOSE_BRACKET : CLOSE_BRACE);
        if (empty) {
          this.#at++;
          return container;
        }
        const frame: Frame = { container, key: 0, keys: 0 };
        this.#stack.push(frame);
        if (!isList) this.#key(frame);
        continue;
      }
      return this.#scalar();
    }
  }

  /** Reads `"key":` into the frame; a repeated or forbidden key is refused. */
  #key(frame: Frame): void {
    if (this.#text.charCodeAt(this.#at) !== QUOTE) throw this.#unexpected('a double-quoted key');
    const start = this.#at;
    const key = this.#string();
    const container = frame.container as Record<string, unknown>;
    frame.key = key;
    // Only keys of 9 or 11 characters can be forbidden ones: most keys skip the lookup.
    if ((key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key)) {
      this.#issues.push(issue('forbidden_key', this.#path(), { key }));
    } else if (container[key] !== undefined && Object.hasOwn(container, key)) {
      const { line, column } = lineAndColumn(this.#text, start);
      throw new Stop(
        issue('invalid_syntax', this.#path(), {
          format: 'JSON',
          detail: `the key '${key}' is given twice in one object (again at line ${line}, column ${column})`,
        }),
      );
    } else if (++frame.keys > this.#limits.maxItems) {
      throw this.#tooLarge('items', this.#limits.maxItems, true);
    }
    this.#skipSpace();
    if (this.#text.charCodeAt(this.#at) !== COLON) throw this.#unexpected("':'");
    this.#at++;
    this.#skipSpace();
  }

  #scalar(): unknown {
    const text = this.#text;
    const code = text.charCodeAt(this.#at);
    if (code === QUOTE) return this.#string();
    if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) return this.#number();
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return value;
      }
    }
    throw this.#unexpected('a value');
  }

  #string(): string {
    const text = this.#text;
    const start = ++this.#at;
    let at = start;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.#at = at + 1;
        return text.slice(start, at);
      }
      if (code === BACKSLASH) break;
      if (code < SPACE || Number.isNaN(code)) {
        this.#at = at;
        throw Number.isNaN(code) ? this.#syntax('a string is not closed') : this.#unexpected("text or '\"'");
      }
      at++;
    }
    // Escapes: built piece by piece, still in one pass.
    let value = text.slice(start, at);
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.#at = at + 1;
        return value;
      }
      if (Number.isNaN(code)) {
        this.#at = at;
        throw this.#syntax('a string is not closed');
      }
      if (code < SPACE) {
        this.#at = at;
        throw this.#unexpected("text or '\"'");
      }
      if (code !== BACKSLASH) {
        value += text[at];
        at++;
        continue;
      }
      const escaped = text[at + 1] ?? '';
      if (escaped === 'u') {
        const hex = text.slice(at + 2, at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.#at = at;
          throw this.#syntax('a \\u escape needs four hexadecimal digits');
        }
        value += String.fromCharCode(Number.parseInt(hex, 16));
        at += 6;
      } else if (ESCAPES[escaped] !== undefined) {
        value += ESCAPES[escaped];
        at += 2;
      } else {
        this.#at = at;
        throw this.#syntax(`unknown escape '\\${escaped}'`);
      }
    }
  }

  /** A number, kept only when the double holds exactly the decimal written. */
  #number(): number | typeof SKIPPED {
    const text = this.#text;
    const start = this.#at;
    let at = start;
    if (text.charCodeAt(at) === MINUS) at++;
    const integerStart = at;
    while (isDigit(text.charCodeAt(at))) at++;
    if (at === integerStart) {
      this.#at = at;
      throw this.#unexpected('a digit');
    }
    if (text.charCodeAt(integerStart) === DIGIT_0 && at - integerStart > 1) {
      this.#at = integerStart;
      throw this.#syntax('a number does not start with 0 (write 7, not 07; or "07" as text)');
    }
    let exact = true;
    if (text.charCodeAt(at) === DOT) {
      at++;
      const fractionStart = at;
      while (isDigit(text.charCodeAt(at))) at++;
      if (at === fractionStart) {
        this.#at = at;
        throw this.#unexpected('a digit after the decimal point');
      }
    }
    const code = text.charCodeAt(at);
    if (code === LOWER_E || code === UPPER_E) {
      exact = false;
      at++;
      if (text.charCodeAt(at) === PLUS || text.charCodeAt(at) === MINUS) at++;
      const exponentStart = at;
      while (isDigit(text.charCodeAt(at))) at++;
      if (at === exponentStart) {
        this.#at = at;
        throw this.#unexpected('a digit in the exponent');
      }
    }
    this.#at = at;
    const source = text.slice(start, at);
    if (source.length > MAX_NUMBER_LENGTH)
      return this.#inexact(source, `it has more than ${MAX_NUMBER_LENGTH} characters`);
    const value = Number(source);
    // Up to 15 significant digits without an exponent, a double always gives back the decimal written.
    if (!exact || significantDigits(source) > 15) {
      if (canonicalDecimal(source) !== canonicalDecimal(String(value)))
        return this.#inexact(
          source,
          `a JSON number is read as a double, which holds ${String(value)} instead`,
        );
    }
    return value || 0;
  }

  #inexact(source: string, detail: string): typeof SKIPPED {
    this.#issues.push(issue('inexact_number', this.#path(), { value: source, detail }));
    return SKIPPED;
  }
}

/** Stands for a value that is not kept (an issue says why): the key stays out of its object. */
const SKIPPED: unique symbol = Symbol('skipped');

const LITERALS: readonly (readonly [string, unknown])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** Digits from the first non-zero one, exponent aside: `0.00250` has 3. */
function significantDigits(source: string): number {
  let count = 0;
  let started = false;
  for (let at = 0; at < source.length; at++) {
    const code = source.charCodeAt(at);
    if (code === LOWER_E || code === UPPER_E) break;
    if (!isDigit(code)) continue;
    if (code !== DIGIT_0) started = true;
    if (started) count++;
  }
  return count;
}

/**
 * A decimal's value as `digits×10^exponent` text with no leading or trailing zeros (`0.250` and `2.5e-1`
 * are both `25e-2`), so that two texts of one value compare equal.
 */
export function canonicalDecimal(source: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(source);
  if (!match) return source;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let power = Number(exponent) - fraction.length;
  const first = digits.search(/[1-9]/);
  if (first === -1) return '0';
  digits = digits.slice(first);
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return `${sign}${digits}e${power}`;
}

/** How large and deep a document may be. */
export interface Limits {
  /** Deepest nesting of objects and lists. */
  readonly maxDepth: number;
  /** Longest list, and most keys in one object. */
  readonly maxItems: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 64, maxItems: 100_000 };

/** Keys that could reach an object's prototype: refused anywhere in a document. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The 1-based line and column of an offset in a text, for messages (computed only when one is needed). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

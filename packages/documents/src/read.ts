import type { Issue, Outcome } from '@cchc/core';
import { fail, issue, succeed } from '@cchc/core/internal';
import { parseDocument as parseYamlDocument, type Tags } from 'yaml';

export type DocumentFormat = 'json' | 'yaml';

export interface ReadOptions {
  /** The text's format; by default JSON when the text starts with `{` or `[`, else YAML. */
  readonly format?: DocumentFormat | undefined;
  /** Deepest nesting of objects and lists (default 64). */
  readonly maxDepth?: number;
  /** Longest list, and most keys in one object (default 100,000). */
  readonly maxItems?: number;
}

/** Keys that could reach an object's prototype: refused anywhere in a document. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * YAML's core schema without its float type: `1.10` is the text "1.10" (a code, or the exact decimal
 * 1.10), never the number 1.1. Users write YAML by hand and do not quote their codes. Whole numbers stay
 * numbers (counts of tasks), booleans stay booleans.
 */
const withoutFloats = (tags: Tags): Tags =>
  tags.filter((tag) => typeof tag === 'string' || tag.tag !== FLOAT_TAG);

/** The format a text is most likely in. */
export function detectFormat(text: string): DocumentFormat {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Reads one document from JSON or YAML text into a plain object, exactly as written. */
export function readDocument(text: string, options: ReadOptions = {}): Outcome<unknown> {
  const format = options.format ?? detectFormat(text);
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      return fail([issue('invalid_syntax', [], { format: 'JSON', detail: (error as Error).message })]);
    }
  } else {
    const document = parseYamlDocument(text, {
      schema: 'core',
      customTags: withoutFloats,
      uniqueKeys: true,
      prettyErrors: false,
    });
    const [first] = document.errors;
    if (first) {
      return fail([
        issue('invalid_syntax', [], {
          format: 'YAML',
          detail: first.message.split('\n')[0] ?? first.message,
        }),
      ]);
    }
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return fail([issue('invalid_syntax', [], { format: 'YAML', detail: (error as Error).message })]);
    }
  }
  const issues = checkShape(value, options.maxDepth ?? 64, options.maxItems ?? 100_000);
  return issues.length > 0 ? fail(issues) : succeed(value);
}

/**
 * Walks a parsed document once: forbidden keys, depth and size limits. Stops at the first limit. The path
 * is one stack, copied only into an issue: the walk runs on every request body.
 */
function checkShape(root: unknown, maxDepth: number, maxItems: number): Issue[] {
  const issues: Issue[] = [];
  const path: (string | number)[] = [];
  const tooLarge = (detail: string): false => {
    issues.push(issue('too_large', [...path], { detail }));
    return false;
  };
  const visitChild = (key: string | number, child: unknown): boolean => {
    path.push(key);
    const ok = visit(child);
    path.pop();
    return ok;
  };
  const visit = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object') return true;
    if (path.length >= maxDepth) return tooLarge(`nested deeper than ${maxDepth} levels`);
    if (value instanceof Date) return true;
    if (Array.isArray(value)) {
      if (value.length > maxItems) return tooLarge(`more than ${maxItems} items`);
      for (let index = 0; index < value.length; index++) if (!visitChild(index, value[index])) return false;
      return true;
    }
    // JSON and YAML readers make only own enumerable keys.
    const keys = Object.keys(value);
    if (keys.length > maxItems) return tooLarge(`more than ${maxItems} items`);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) issues.push(issue('forbidden_key', [...path, key], { key }));
    }
    for (const key of keys) {
      if (!FORBIDDEN_KEYS.has(key) && !visitChild(key, (value as Record<string, unknown>)[key])) return false;
    }
    return true;
  };
  visit(root);
  return issues;
}

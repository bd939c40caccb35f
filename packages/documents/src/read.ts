import type { Issue, Outcome, SizeLimit } from '@cchc/core';
import { fail, issue, succeed } from '@cchc/core/internal';
import {
  Composer,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  Parser,
  type Tags,
} from 'yaml';
import { readJson } from './json.js';
import { DEFAULT_LIMITS, FORBIDDEN_KEYS, type Limits, lineAndColumn } from './limits.js';

export type DocumentFormat = 'json' | 'yaml';

export interface ReadOptions {
  /** The text's format; by default JSON when the text starts with `{` or `[`, else YAML. */
  readonly format?: DocumentFormat | undefined;
  /** Deepest nesting of objects and lists (default 64). */
  readonly maxDepth?: number;
  /** Longest list, and most keys in one object (default 100,000). */
  readonly maxItems?: number;
}

const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * YAML's core schema without its float type: `1.10` is the text "1.10" (a code, or the exact decimal
 * 1.10), never the number 1.1. Users write YAML by hand and do not quote their codes. Whole numbers stay
 * numbers (counts of tasks), booleans stay booleans.
 */
const withoutFloats = (tags: Tags): Tags =>
  tags.filter((tag) => typeof tag === 'string' || tag.tag !== FLOAT_TAG);

/** Nodes a YAML document may expand to through its aliases: beyond this, it is refused unread. */
const MAX_YAML_NODES = 1_000_000;

/** The format a text is most likely in. */
export function detectFormat(text: string): DocumentFormat {
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/**
 * The format a file's name says (`.json`, `.yaml`, `.yml`, in any case), or undefined. The CLI and the app
 * read files by this one map.
 */
export function formatOfFileName(name: string): DocumentFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  return undefined;
}

/**
 * Reads one document from JSON or YAML text into a plain object, exactly as written. Depth and size are
 * bounded before a parser builds anything deep, so no document can exhaust the stack or the memory.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { readDocument } from '@cchc/documents';
 * const read = readDocument('entries:\n  "1.1": { score: "0,25" }\n'); // YAML or JSON, within bounds
 * assert.ok(read.success);
 * assert.deepEqual(read.data, { entries: { '1.1': { score: '0,25' } } });
 * ```
 */
export function readDocument(text: string, options: ReadOptions = {}): Outcome<unknown> {
  const limits: Limits = {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxItems: options.maxItems ?? DEFAULT_LIMITS.maxItems,
  };
  const format = options.format ?? detectFormat(text);
  if (format === 'json') return readJson(text, limits);
  const read = readYaml(text, limits);
  if (!read.success) return read;
  const issues = checkShape(read.data, limits);
  return issues.length > 0 ? fail(issues) : succeed(read.data);
}

function yamlSyntax(text: string, offset: number, message: string): Issue {
  const { line, column } = lineAndColumn(text, offset);
  const detail = `${message.split('\n')[0] ?? message} at line ${line}, column ${column}`;
  return issue('invalid_syntax', [], { format: 'YAML', detail });
}

/**
 * YAML in three steps: the parser (iterative) makes the concrete syntax tree, whose depth is checked
 * before the composer (recursive) builds a document from it; the document's depth and size, aliases
 * expanded, are checked before it becomes plain values.
 */
function readYaml(text: string, limits: Limits): Outcome<unknown> {
  const tokens = [...new Parser().parse(text)];
  const deep = tooDeepToken(tokens, limits.maxDepth);
  if (deep !== undefined) {
    const { line, column } = lineAndColumn(text, deep);
    return fail([
      issue('too_large', [], {
        detail: `nested deeper than ${limits.maxDepth} levels (line ${line}, column ${column})`,
      }),
    ]);
  }
  const composer = new Composer({
    schema: 'core',
    customTags: withoutFloats,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const documents = [...composer.compose(tokens, true, text.length)];
  const [document, extra] = documents;
  if (document === undefined) return succeed(null);
  const [error] = document.errors;
  if (error) return fail([yamlSyntax(text, error.pos[0], error.message)]);
  if (extra !== undefined)
    return fail([yamlSyntax(text, extra.range?.[0] ?? 0, 'one document per text: a second one starts here')]);
  const expanded = expandedSize(document, limits.maxDepth);
  if (expanded !== undefined) return fail([issue('too_large', [], expanded)]);
  const repeated = repeatedKey(document);
  if (repeated !== undefined) return fail([yamlSyntax(text, repeated.offset, repeated.message)]);
  try {
    return succeed(document.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    return fail([issue('invalid_syntax', [], { format: 'YAML', detail: (error as Error).message })]);
  }
}

interface CstToken {
  readonly type: string;
  readonly offset: number;
  readonly value?: unknown;
  readonly items?: readonly { readonly key?: unknown; readonly value?: unknown }[];
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** The offset of the first collection nested deeper than `maxDepth` in a YAML syntax tree, if any. */
function tooDeepToken(tokens: readonly unknown[], maxDepth: number): number | undefined {
  const stack: [CstToken, number][] = [];
  for (const token of tokens) stack.push([token as CstToken, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document' && token.value) stack.push([token.value as CstToken, depth]);
    if (!COLLECTIONS.has(token.type)) continue;
    if (depth >= maxDepth) return token.offset;
    for (const item of token.items ?? []) {
      if (item.key) stack.push([item.key as CstToken, depth + 1]);
      if (item.value) stack.push([item.value as CstToken, depth + 1]);
    }
  }
  return undefined;
}

/** Which limit a composed YAML document passes once its aliases are expanded, or undefined. */
function expandedSize(document: Document, maxDepth: number): { limit: SizeLimit; max: string } | undefined {
  const stack: [unknown, number][] = [[document.contents, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++nodes > MAX_YAML_NODES) return { limit: 'aliases', max: String(MAX_YAML_NODES) };
    if (isAlias(node)) {
      stack.push([node.resolve(document), depth]);
    } else if (isMap(node) || isSeq(node)) {
      if (depth >= maxDepth) return { limit: 'depth', max: String(maxDepth) };
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1]);
          stack.push([item.value, depth + 1]);
        } else {
          stack.push([item as Node, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

/** The first key given twice in one mapping (or one that is not text), found with a set per mapping. */
function repeatedKey(document: Document): { offset: number; message: string } | undefined {
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (key !== null && !isScalar(key))
          return { offset: (key as Node).range?.[0] ?? 0, message: 'a key is text, not a list or a mapping' };
        const name = String(key === null ? null : key.value);
        if (seen.has(name))
          return { offset: key?.range?.[0] ?? 0, message: `the key '${name}' is given twice in one mapping` };
        seen.add(name);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
}

/**
 * Walks a YAML document's plain values once: forbidden keys and list lengths (its depth is known to be
 * within the limit). The path is one stack, copied only into an issue.
 */
function checkShape(root: unknown, limits: Limits): Issue[] {
  const issues: Issue[] = [];
  const path: (string | number)[] = [];
  const tooLarge = (limit: SizeLimit, max: number): false => {
    issues.push(issue('too_large', [...path], { limit, max }));
    return false;
  };
  const visitChild = (key: string | number, child: unknown): boolean => {
    path.push(key);
    const ok = visit(child);
    path.pop();
    return ok;
  };
  const visit = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || value instanceof Date) return true;
    if (path.length >= limits.maxDepth) return tooLarge('depth', limits.maxDepth);
    if (Array.isArray(value)) {
      if (value.length > limits.maxItems) return tooLarge('items', limits.maxItems);
      for (let index = 0; index < value.length; index++) if (!visitChild(index, value[index])) return false;
      return true;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxItems) return tooLarge('items', limits.maxItems);
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

import { Exact } from '../exact.js';
import type { EntryDocument } from './assessment.js';

const TEXT_KEYS = new Set(['cause', 'note', 'responsibility']);
const LIST_KEYS = new Set(['responsible', 'evidence']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads a well-formed assessment entry without zod, for the hot path of scoring many units. It accepts
 * only what `entrySchema` accepts and returns exactly what it returns (a test checks both on random
 * entries); anything unusual returns undefined, and the caller parses with zod, which also words the issues.
 */
export function readEntryFast(raw: unknown): EntryDocument | undefined {
  if (!isPlainObject(raw)) return undefined;
  const entry: {
    score?: Exact;
    max?: Exact;
    facts?: Record<string, unknown>;
    notApplicable?: true;
    cause?: string;
    note?: string;
    responsibility?: string;
    responsible?: string[];
    evidence?: string[];
  } = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === 'score' || key === 'max') {
      if (typeof value !== 'number' && typeof value !== 'string') return undefined;
      const decimal = Exact.parse(value);
      if (decimal === undefined) return undefined;
      entry[key] = decimal;
    } else if (key === 'facts') {
      if (!isPlainObject(value) || Object.hasOwn(value, '__proto__')) return undefined;
      entry.facts = { ...value };
    } else if (key === 'notApplicable') {
      if (value !== true) return undefined;
      entry.notApplicable = true;
    } else if (TEXT_KEYS.has(key)) {
      const trimmed = text(value);
      if (trimmed === undefined) return undefined;
      entry[key as 'cause' | 'note' | 'responsibility'] = trimmed;
    } else if (LIST_KEYS.has(key)) {
      if (!Array.isArray(value)) return undefined;
      const items: string[] = [];
      for (const item of value) {
        const trimmed = text(item);
        if (trimmed === undefined) return undefined;
        items.push(trimmed);
      }
      entry[key as 'responsible' | 'evidence'] = items;
    } else {
      return undefined;
    }
  }
  return entry;
}

import { Exact } from '../exact.js';
import type { EntryDocument } from './assessment.js';

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
  let score: Exact | undefined;
  let max: Exact | undefined;
  let facts: Record<string, unknown> | undefined;
  let notApplicable: true | undefined;
  let cause: string | undefined;
  let note: string | undefined;
  let responsibility: string | undefined;
  let responsible: string[] | undefined;
  let evidence: string[] | undefined;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) return undefined;
    const value = raw[key];
    switch (key) {
      case 'score':
      case 'max': {
        const decimal =
          typeof value === 'number' || typeof value === 'string' ? Exact.parse(value) : undefined;
        if (decimal === undefined) return undefined;
        if (key === 'score') score = decimal;
        else max = decimal;
        break;
      }
      case 'facts':
        // Kept as given: the criterion's rule reads the facts when the entry is scored.
        if (!isPlainObject(value) || Object.hasOwn(value, '__proto__')) return undefined;
        facts = value;
        break;
      case 'notApplicable':
        if (value !== true) return undefined;
        notApplicable = true;
        break;
      case 'cause':
      case 'note':
      case 'responsibility': {
        const trimmed = text(value);
        if (trimmed === undefined) return undefined;
        if (key === 'cause') cause = trimmed;
        else if (key === 'note') note = trimmed;
        else responsibility = trimmed;
        break;
      }
      case 'responsible':
      case 'evidence': {
        if (!Array.isArray(value)) return undefined;
        const items: string[] = [];
        for (const item of value) {
          const trimmed = text(item);
          if (trimmed === undefined) return undefined;
          items.push(trimmed);
        }
        if (key === 'responsible') responsible = items;
        else evidence = items;
        break;
      }
      default:
        return undefined;
    }
  }
  return { score, max, facts, notApplicable, cause, responsible, responsibility, evidence, note };
}

/**
 * The same entry with every key present, in one order: entries read by zod and by the fast path then have
 * one shape, which keeps the scorer's property reads monomorphic.
 */
export function shapedEntry(entry: EntryDocument): EntryDocument {
  const { score, max, facts, notApplicable, cause, responsible, responsibility, evidence, note } = entry;
  return { score, max, facts, notApplicable, cause, responsible, responsibility, evidence, note };
}

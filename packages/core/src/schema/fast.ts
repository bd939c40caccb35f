import type { Decimal } from '../decimal.js';
import { parseDecimal } from '../exact.js';
import type { ParsedAssessmentEnvelope, StatedDocument } from './assessment.js';
import { readText as text } from './common.js';

/*
 * Readers of well-formed documents without zod, for the hot path of scoring many units. Each accepts only
 * what its zod schema accepts and returns exactly what it returns (property tests check both on random
 * input); anything unusual returns undefined, and the caller parses with zod, which also words the issues.
 */

/** A plain object, as JSON and YAML readers make: not an array, a Date or an instance of a class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A decimal figure as `decimalInput` reads it. */
function decimal(value: unknown): Decimal | undefined {
  return typeof value === 'number' || typeof value === 'string' ? parseDecimal(value) : undefined;
}

/** An assessment without its entries checked, as `assessmentEnvelopeSchema` reads it. */
export function readEnvelopeFast(raw: unknown): ParsedAssessmentEnvelope | undefined {
  if (!isPlainObject(raw)) return undefined;
  let criteriaSet: string | undefined;
  let unit: ParsedAssessmentEnvelope['unit'] | undefined;
  let period: string | undefined;
  let layer: ParsedAssessmentEnvelope['layer'] = 'appraised';
  let unscored: ParsedAssessmentEnvelope['unscored'] = 'error';
  let entries: Record<string, unknown> = {};
  let stated: StatedDocument | undefined;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) return undefined;
    const value = raw[key];
    switch (key) {
      case 'criteriaSet':
        // A set given inline goes through the schema.
        criteriaSet = text(value);
        if (criteriaSet === undefined) return undefined;
        break;
      case 'unit':
        unit = readUnit(value);
        if (unit === undefined) return undefined;
        break;
      case 'period':
        period = Number.isSafeInteger(value) ? String(value) : text(value);
        if (period === undefined) return undefined;
        break;
      case 'layer':
        if (value !== 'self' && value !== 'appraised') return undefined;
        layer = value;
        break;
      case 'unscored':
        if (value !== 'error' && value !== 'full') return undefined;
        unscored = value;
        break;
      case 'entries':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
        entries = value as Record<string, unknown>;
        break;
      case 'stated':
        stated = readStated(value);
        if (stated === undefined) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (criteriaSet === undefined || unit === undefined || period === undefined) return undefined;
  const envelope = { criteriaSet, unit, period, layer, unscored, entries };
  return stated === undefined ? envelope : { ...envelope, stated };
}

function readUnit(raw: unknown): ParsedAssessmentEnvelope['unit'] | undefined {
  if (!isPlainObject(raw)) return undefined;
  let id: string | undefined;
  let name: string | undefined;
  let group: string | undefined;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) return undefined;
    const value = text(raw[key]);
    if (value === undefined) return undefined;
    if (key === 'id') id = value;
    else if (key === 'name') name = value;
    else if (key === 'group') group = value;
    else return undefined;
  }
  if (id === undefined || name === undefined) return undefined;
  return group === undefined ? { id, name } : { id, name, group };
}

/** Published figures, as `statedSchema` reads them. */
function readStated(raw: unknown): StatedDocument | undefined {
  if (!isPlainObject(raw)) return undefined;
  const stated: { -readonly [K in keyof StatedDocument]: StatedDocument[K] } = {};
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) return undefined;
    const value = raw[key];
    if (key === 'achieved' || key === 'max' || key === 'index') {
      const figure = decimal(value);
      if (figure === undefined) return undefined;
      stated[key] = figure;
    } else if (key === 'classification') {
      const label = text(value);
      if (label === undefined) return undefined;
      stated.classification = label;
    } else if (key === 'rank') {
      if (!Number.isSafeInteger(value) || (value as number) <= 0) return undefined;
      stated.rank = value as number;
    } else if (key === 'areas') {
      const areas = readStatedAreas(value);
      if (areas === undefined) return undefined;
      stated.areas = areas;
    } else {
      return undefined;
    }
  }
  return stated;
}

function readStatedAreas(raw: unknown): NonNullable<StatedDocument['areas']> | undefined {
  if (!isPlainObject(raw)) return undefined;
  const areas: Record<string, NonNullable<StatedDocument['areas']>[string]> = {};
  for (const code in raw) {
    if (!Object.hasOwn(raw, code) || code === '__proto__') return undefined;
    const value = raw[code];
    if (!isPlainObject(value)) {
      const figure = decimal(value);
      if (figure === undefined) return undefined;
      areas[code] = figure;
      continue;
    }
    let achieved: Decimal | undefined;
    let max: Decimal | undefined;
    for (const key in value) {
      const figure = Object.hasOwn(value, key) ? decimal(value[key]) : undefined;
      if (figure === undefined) return undefined;
      if (key === 'achieved') achieved = figure;
      else if (key === 'max') max = figure;
      else return undefined;
    }
    if (achieved === undefined) return undefined;
    areas[code] = max === undefined ? { achieved } : { achieved, max };
  }
  return areas;
}

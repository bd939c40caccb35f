import { z } from 'zod';
import type { Exact } from '../exact.js';
import { LAYERS } from '../layers.js';
import { exactInput, isPlainObject, readText, textInput } from './common.js';
import {
  decimalField,
  described,
  enumField,
  type Field,
  fieldsObject,
  fileHashesField,
  optional,
  recordField,
  textField,
  textListField,
  trueField,
  UNREAD,
  withDefault,
} from './fields.js';

const unitFields = fieldsObject({
  id: textField,
  name: textField,
  group: optional(described(textField, 'A ranking group, e.g. "huyện" or "xã"')),
});

/**
 * An assessment entry, declared once as fields: its schema, its fast reader and its shape all come from
 * here (adding a field is one edit).
 */
export const entryFields = fieldsObject({
  score: optional(decimalField),
  max: optional(described(decimalField, "This unit's applicable max here, when part of it does not apply")),
  facts: optional(described(recordField, "The facts the criterion's rule reads")),
  notApplicable: optional(trueField),
  cause: optional(textField),
  responsible: optional(described(textListField, 'The agencies responsible for lost points')),
  responsibility: optional(
    described(
      textField,
      'The responsibility as a report words it, when it says more than the list of agencies (roles, order)',
    ),
  ),
  evidence: optional(textListField),
  files: optional(
    described(fileHashesField, "Evidence files, each by its SHA-256 as the round's store keeps it"),
  ),
  note: optional(textField),
});
export const entrySchema = entryFields.schema;

const statedAreaFields = fieldsObject({ achieved: decimalField, max: optional(decimalField) });

/** Published area figures by code: a decimal, or { achieved, max }. */
const statedAreasField: Field<z.ZodRecord<z.ZodString, z.ZodType<StatedArea>>> = {
  // The object form first: zod tries a union's branches in order, and a failed branch costs an issue.
  schema: z.record(
    z.string(),
    z.union([statedAreaFields.schema, exactInput], {
      error: () => 'a published figure is a decimal, or { achieved, max }',
    }),
  ),
  read: (value) => {
    if (!isPlainObject(value)) return UNREAD;
    const areas: Record<string, StatedArea> = {};
    for (const code in value) {
      if (!Object.hasOwn(value, code) || code === '__proto__') return UNREAD;
      const area = isPlainObject(value[code])
        ? statedAreaFields.read(value[code])
        : decimalField.read(value[code]);
      if (area === undefined || area === UNREAD) return UNREAD;
      areas[code] = area;
    }
    return areas;
  },
};
type StatedArea = Exact | { readonly achieved: Exact; readonly max?: Exact | undefined };

/**
 * The figures a unit's report published. Read as Exact values, as entries' points are: reconciling them with
 * what cchc computes compares exact values, with no Decimal made for each.
 */
const statedFields = fieldsObject({
  achieved: optional(decimalField),
  max: optional(decimalField),
  index: optional(decimalField),
  classification: optional(textField),
  rank: optional({
    schema: z.int().positive(),
    read: (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : UNREAD),
  }),
  areas: optional(statedAreasField),
});

/** The fields of an assessment but its entries, which are read one by one (most by `entryFields.read`). */
const envelopeFields = {
  criteriaSet: described(
    {
      schema: z.union([textInput, z.looseObject({})]),
      // A set given inline goes through the schema.
      read: (value: unknown) => readText(value) ?? UNREAD,
    },
    'The id of the criteria set, or the set itself inline',
  ),
  unit: unitFields.field,
  period: {
    schema: z.union([textInput, z.int()]).transform(String),
    read: (value: unknown) => (Number.isSafeInteger(value) ? String(value) : (readText(value) ?? UNREAD)),
  },
  layer: withDefault(enumField(LAYERS), () => 'appraised' as const),
  unscored: withDefault(enumField(['error', 'full']), () => 'error' as const),
};

export const assessmentSchema = fieldsObject({
  ...envelopeFields,
  entries: withDefault({ schema: z.record(z.string(), entrySchema), read: () => UNREAD }, () => ({})),
  stated: optional(statedFields.field),
}).schema.meta({
  title: 'cchc assessment',
  description: 'The scores of one unit, for one period, in one score layer.',
});

/** The assessment without its entries checked: they are read one by one, most by a fast path. */
export const envelope = fieldsObject({
  ...envelopeFields,
  entries: withDefault(
    {
      schema: z.custom<Record<string, unknown>>(isPlainRecord),
      read: (value: unknown) => (isPlainRecord(value) ? value : UNREAD),
    },
    () => ({}),
  ),
  stated: optional(statedFields.field),
});

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type AssessmentInput = z.input<typeof assessmentSchema>;
export type ParsedAssessmentDocument = z.output<typeof assessmentSchema>;
export type EntryDocument = z.output<typeof entrySchema>;
export type StatedDocument = z.output<typeof statedFields.schema>;

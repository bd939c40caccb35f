import { z } from 'zod';
import { decimalInput, textInput } from './common.js';
import {
  decimalField,
  described,
  fieldsObject,
  optional,
  recordField,
  textField,
  textListField,
  trueField,
} from './facts.js';

export const unitSchema = z.strictObject({
  id: textInput,
  name: textInput,
  group: textInput.optional().meta({ description: 'A ranking group, e.g. "huyện" or "xã"' }),
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
  note: optional(textField),
});
export const entrySchema = entryFields.schema;

// The object form first: zod tries a union's branches in order, and a failed branch costs an issue.
const statedNodeSchema = z.union(
  [z.strictObject({ achieved: decimalInput, max: decimalInput.optional() }), decimalInput],
  { error: () => 'a published figure is a decimal, or { achieved, max }' },
);

export const statedSchema = z.strictObject({
  achieved: decimalInput.optional(),
  max: decimalInput.optional(),
  index: decimalInput.optional(),
  classification: textInput.optional(),
  rank: z.int().positive().optional(),
  areas: z.record(z.string(), statedNodeSchema).optional(),
});

export const assessmentSchema = z
  .strictObject({
    criteriaSet: z.union([textInput, z.looseObject({})]).meta({
      description: 'The id of the criteria set, or the set itself inline',
    }),
    unit: unitSchema,
    period: z.union([textInput, z.int()]).transform(String),
    layer: z.enum(['self', 'appraised']).default('appraised'),
    unscored: z.enum(['error', 'full']).default('error'),
    entries: z.record(z.string(), entrySchema).default({}),
    stated: statedSchema.optional(),
  })
  .meta({
    title: 'cchc assessment',
    description: 'The scores of one unit, for one period, in one score layer.',
  });

/** The assessment without its entries checked: they are read one by one, most by a fast path (fast.ts). */
export const assessmentEnvelopeSchema = assessmentSchema.extend({
  entries: z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    )
    .default({}),
});

export type AssessmentInput = z.input<typeof assessmentSchema>;
export type ParsedAssessmentDocument = z.output<typeof assessmentSchema>;
export type EntryDocument = z.output<typeof entrySchema>;
export type StatedDocument = z.output<typeof statedSchema>;
export type ParsedAssessmentEnvelope = z.output<typeof assessmentEnvelopeSchema>;

import { z } from 'zod';
import type { Decimal } from '../decimal.js';
import { codeInput, decimalInput, isoDateInput, nonNegativeDecimal, textInput } from './common.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, {
  message: 'an id is a slug: lower-case letters, digits, ".", "_" and "-"',
});

/** A date as YAML reads it (`2021-07-12` may arrive as a Date) or as text. */
const dateInput = z.union([isoDateInput, z.date().transform((d) => d.toISOString().slice(0, 10))]);

export const decisionSchema = z.strictObject({
  number: textInput.meta({ description: 'The decision number, e.g. 609/QĐ-UBND' }),
  date: dateInput.meta({ description: 'The date of signature, YYYY-MM-DD' }),
  title: textInput.optional(),
});

export const roundingSchema = z.strictObject({
  score: z.int().min(0).max(10).default(2).meta({ description: "Decimals of a rule's computed score" }),
  index: z.int().min(0).max(10).default(2).meta({ description: 'Decimals of the index' }),
  mode: z.enum(['half-up', 'half-even']).default('half-up'),
});

export const classBandSchema = z.strictObject({
  label: textInput,
  min: decimalInput.meta({ description: 'Inclusive lower bound on the index' }),
});

/** A rule on a criterion: its kind, and the kind's own parameters (validated by the rule). */
export const ruleInputSchema = z.looseObject({ kind: z.string().min(1) });

/** A criterion as a document writes it: an area, criterion or sub-criterion, with its children. */
export interface CriterionInput {
  readonly code: string | number;
  readonly name: string;
  readonly max?: string | number | undefined;
  readonly rule?: { readonly kind: string; readonly [parameter: string]: unknown } | undefined;
  readonly note?: string | undefined;
  readonly requiredEvidence?: string | undefined;
  readonly children?: readonly CriterionInput[] | undefined;
}

/** A criterion as its schema reads it (before the tree is built). */
export interface ParsedCriterion {
  readonly code: string;
  readonly name: string;
  readonly max?: Decimal | undefined;
  readonly rule?: { readonly kind: string; readonly [parameter: string]: unknown } | undefined;
  readonly note?: string | undefined;
  readonly requiredEvidence?: string | undefined;
  readonly children?: readonly ParsedCriterion[] | undefined;
}

// Declared with its types: a recursive schema's inferred type is elided to `any` in declaration files.
export const criterionSchema: z.ZodType<ParsedCriterion, CriterionInput> = z
  .strictObject({
    code: codeInput,
    name: textInput,
    max: nonNegativeDecimal.optional(),
    rule: ruleInputSchema.optional(),
    note: textInput
      .optional()
      .meta({ description: 'Why the criterion is set up as it is, its source, caveats' }),
    requiredEvidence: textInput.optional().meta({
      description:
        'The evidence (tài liệu kiểm chứng, TLKC) a unit shows for this item, as the decision lists it: shown to units beside the item',
    }),
    get children(): z.ZodOptional<z.ZodArray<z.ZodType<ParsedCriterion, CriterionInput>>> {
      return z.array(criterionSchema).optional();
    },
  })
  .meta({ id: 'CriterionNode', title: 'A criterion, with its children' });

export const adjustmentDefinitionSchema = z.strictObject({
  code: codeInput,
  name: textInput,
  kind: z.enum(['bonus', 'penalty']),
  max: nonNegativeDecimal.meta({ description: 'The cap: at most this many points are added or taken away' }),
});

export const criteriaSetSchema = z
  .strictObject({
    id: slug,
    title: textInput,
    version: textInput.optional(),
    issuer: textInput.optional(),
    decision: decisionSchema.optional(),
    validFrom: dateInput.optional(),
    rounding: roundingSchema.default({ score: 2, index: 2, mode: 'half-up' }),
    classes: z.array(classBandSchema).min(1),
    criteria: z.array(criterionSchema).min(1),
    adjustments: z.array(adjustmentDefinitionSchema).optional(),
    note: textInput.optional(),
  })
  .meta({
    title: 'cchc criteria set',
    description: 'A PAR-index criteria set (Bộ tiêu chí), as issued by decision.',
  });

export type CriteriaSetInput = z.input<typeof criteriaSetSchema>;
export type ParsedCriteriaSetDocument = z.output<typeof criteriaSetSchema>;

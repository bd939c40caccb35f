import { MAX_TEXT_LENGTH } from '@cchc/core/internal';
import { z } from 'zod';
import { remediationExportSchema } from './remediation.js';
import { LAYERS, roundDocumentSchema } from './schema.js';
import { surveyExportSchema } from './survey-transfer.js';

export const EXPORT_FORMAT = 'cchc-round-export/1';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * A stored text of an export: what PostgreSQL can hold (no NUL, no lone surrogate half) and bounded. The
 * texts of documents and rounds are checked again by their own schemas when the export is read.
 */
const text = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .refine((value) => !value.includes('\u0000') && !LONE_SURROGATE.test(value), {
    message: 'a text with a NUL character or a cut character cannot be stored',
  });
const maybeText = text.nullable();
/** A revision number as the store keeps it (a PostgreSQL integer). */
const revisionNumber = z.int().positive().max(2_147_483_647);
/** What `exportRound` writes and `importRound` reads. */
export const roundExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  round: z.object({
    id: z.string(),
    document: roundDocumentSchema,
    key: text,
    createdAt: text,
    updatedAt: text,
    locks: z.partialRecord(z.enum(LAYERS), z.object({ key: text, at: text })),
    published: z
      .object({
        at: text,
        key: text,
        results: z.array(z.looseObject({})),
        report: z.unknown().optional(),
        shared: z.object({ at: text, key: text }).optional(),
      })
      .nullable(),
  }),
  criteriaSets: z.array(z.object({ id: text, document: z.unknown(), key: text, storedAt: text })),
  revisions: z.array(
    z.object({
      unit: text,
      layer: z.enum(LAYERS),
      revision: revisionNumber,
      document: z.record(z.string(), z.unknown()),
      changes: z.array(text),
      key: text,
      at: text,
    }),
  ),
  submissions: z.array(z.object({ unit: text, submittedAt: maybeText, key: text, at: text })),
  /** A round of two passes: when each unit closed its explanations (absent from exports made before). */
  explanationClosures: z.array(z.object({ unit: text, closedAt: maybeText, key: text, at: text })).optional(),
  explanations: z.array(
    z.object({
      unit_id: text,
      code: text,
      request: maybeText,
      requested_by: maybeText,
      requested_at: maybeText,
      answer: z.unknown(),
      answered_by: maybeText,
      answered_at: maybeText,
    }),
  ),
  /** Every request and answer in order (absent from exports made before it was kept). */
  explanationHistory: z
    .array(
      z.object({
        unit: text,
        code: text,
        kind: z.enum(['request', 'answer']),
        text,
        evidence: z.array(text).optional(),
        files: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
        key: text,
        at: text,
      }),
    )
    .optional(),
  remediation: remediationExportSchema.default([]),
  /** The round's changes with their reasons: deadlines moved, units reopened (absent from older exports). */
  events: z
    .array(
      z.object({
        kind: z.enum(['deadline', 'reopen']),
        unit: maybeText,
        detail: z.object({
          deadline: z.enum(['self', 'appraisal1', 'explanation', 'appraisal', 'remediation']).optional(),
          from: maybeText.optional(),
          to: text.optional(),
          /** What a reopen opened: the self-assessment (absent), or the unit's explanations. */
          phase: z.literal('explanation').optional(),
        }),
        reason: text,
        key: text,
        at: text,
      }),
    )
    .default([]),
  /**
   * The units' evidence files, as a manifest: their bytes travel in the round's archive (`exportArchive`),
   * or apart, by hash (`putFileBytes` on the store that imports, before the import). The import refuses the
   * whole round when one is missing.
   */
  /** The round's survey, when it has one (absent from exports made before surveys). */
  survey: surveyExportSchema.optional(),
  files: z
    .array(
      z.object({
        unit: text,
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        name: text,
        size: z.int().positive(),
        type: text,
        key: text,
        at: text,
        layer: z.enum(['self', 'appraised']),
        removedAt: maybeText,
        removedBy: maybeText,
      }),
    )
    .default([]),
});
export type RoundExport = z.output<typeof roundExportSchema>;

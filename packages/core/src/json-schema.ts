import { z } from 'zod';
import { unitResultJsonSchema } from './json.js';
import { builtinRules } from './rules/index.js';
import { assessmentSchema } from './schema/assessment.js';
import { criteriaSetSchema } from './schema/criteria-set.js';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, id: string, io: 'input' | 'output' = 'input'): JsonSchema {
  return {
    $id: id,
    ...z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }),
  };
}

/**
 * The JSON Schema (draft 2020-12) of a criteria set document, generated from the same zod schema that parses it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { criteriaSetJsonSchema } from '@cchc/core/schema';
 * assert.deepEqual(criteriaSetJsonSchema()['required'], ['id', 'title', 'classes', 'criteria']);
 * ```
 */
export function criteriaSetJsonSchema(): JsonSchema {
  return toSchema(criteriaSetSchema, 'urn:cchc:schema:criteria-set');
}

/** The JSON Schema of an assessment document. */
export function assessmentJsonSchema(): JsonSchema {
  const withInlineSet = assessmentSchema.extend({
    criteriaSet: z.union([z.string().min(1), criteriaSetSchema]),
  });
  return toSchema(withInlineSet, 'urn:cchc:schema:assessment');
}

/** The built-in rule kinds, with what each does: for documentation and editors. */
export function ruleCatalogue(): { kind: string; description: string }[] {
  return builtinRules.map((rule) => ({ kind: rule.kind, description: rule.description }));
}

/** The JSON Schema of a result as `resultToJson` writes it (and `POST /v1/score` answers). */
export function resultJsonSchema(): JsonSchema {
  return toSchema(unitResultJsonSchema, 'urn:cchc:schema:result', 'output');
}

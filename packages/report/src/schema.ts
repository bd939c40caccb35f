import { assessmentJsonSchema, criteriaSetJsonSchema, scoreRequestSchema } from '@cchc/core/schema';
import { z } from 'zod';
import { reportInputSchema } from './input.js';

type JsonSchema = Record<string, unknown>;

/** The body of `POST /v1/report`, declared once: the documents to score, and the report input (checked later, with its paths). */
export const reportRequestSchema = scoreRequestSchema
  .extend({ report: z.unknown().meta({ description: 'The report input' }) })
  .meta({ title: 'cchc report request' });

/** The JSON Schema of a report input (the text and frame of a report). */
export function reportInputJsonSchema(): JsonSchema {
  return {
    $id: 'urn:cchc:schema:report-input',
    ...z.toJSONSchema(reportInputSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

/**
 * The JSON Schema of a report file, as the CLI reads it and `POST /v1/report` takes it: the criteria sets
 * and assessments (inline, or as paths relative to the file), and the report input.
 */
export function reportFileJsonSchema(): JsonSchema {
  const strip = ({ $schema: _schema, $id: _id, ...rest }: JsonSchema) => rest;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:cchc:schema:report',
    title: 'cchc report file',
    type: 'object',
    required: ['assessments', 'report'],
    additionalProperties: false,
    properties: {
      criteriaSets: {
        type: 'array',
        items: {
          anyOf: [
            { type: 'string', description: 'A path relative to this file' },
            strip(criteriaSetJsonSchema()),
          ],
        },
      },
      assessments: {
        type: 'array',
        items: {
          anyOf: [
            { type: 'string', description: 'A path relative to this file' },
            strip(assessmentJsonSchema()),
          ],
        },
      },
      report: strip(reportInputJsonSchema()),
    },
  };
}

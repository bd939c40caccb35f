import type { Outcome } from '@cchc/core';
import { fail, issue } from '@cchc/core/internal';
import { type DocumentFormat, readDocument } from '@cchc/documents';

const JSON_TYPES = new Set(['application/json', 'application/problem+json']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

/** The document format a Content-Type names, or undefined when it names none the API reads. */
export function formatOfContentType(contentType: string | undefined): DocumentFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPES.has(type) || type.endsWith('+json')) return 'json';
  if (YAML_TYPES.has(type)) return 'yaml';
  return undefined;
}

export interface BodyLimits {
  readonly maxDepth: number;
  readonly maxItems: number;
}

/** Reads a request body as a document of the given format, within the limits. */
export function readBody(text: string, format: DocumentFormat, limits: BodyLimits): Outcome<unknown> {
  if (text.trim() === '')
    return fail([issue('invalid_syntax', [], { format: format.toUpperCase(), detail: 'the body is empty' })]);
  return readDocument(text, { format, ...limits });
}

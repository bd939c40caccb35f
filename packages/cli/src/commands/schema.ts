import { assessmentJsonSchema, criteriaSetJsonSchema } from '@cchc/core/schema';
import { reportFileJsonSchema } from '@cchc/report';
import { type CliIo, EXIT_OK, UsageError } from '../io.js';

export const SCHEMA_HELP = `Usage: cchc schema <criteria-set|assessment|report>

Prints the JSON Schema of a document kind (draft 2020-12), for editors and validators.
`;

const SCHEMAS: Readonly<Record<string, () => Record<string, unknown>>> = {
  'criteria-set': criteriaSetJsonSchema,
  assessment: assessmentJsonSchema,
  report: reportFileJsonSchema,
};

export async function schemaCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const [kind, ...extra] = args;
  const schema = kind === undefined ? undefined : SCHEMAS[kind];
  if (!schema || extra.length > 0) throw new UsageError('give one kind: criteria-set, assessment or report');
  io.stdout(`${JSON.stringify(schema(), null, 2)}\n`);
  return EXIT_OK;
}

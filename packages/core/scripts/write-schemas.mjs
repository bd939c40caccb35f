// Writes the JSON Schemas of the document formats beside the build, so that editors and validators can
// use them as files (@cchc/core/schema/criteria-set.json). They come from the same zod schemas as parsing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { assessmentJsonSchema, criteriaSetJsonSchema, resultJsonSchema } from '../dist/schema.js';

mkdirSync(new URL('../dist/schema/', import.meta.url), { recursive: true });
for (const [name, schema] of Object.entries({
  'criteria-set': criteriaSetJsonSchema(),
  assessment: assessmentJsonSchema(),
  result: resultJsonSchema(),
})) {
  writeFileSync(
    new URL(`../dist/schema/${name}.json`, import.meta.url),
    `${JSON.stringify(schema, null, 2)}\n`,
  );
}

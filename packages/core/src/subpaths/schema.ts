// `@cchc/core/schema`: the documents' JSON Schemas (also as files: `@cchc/core/schema/criteria-set.json`…),
// the rule catalogue, and the zod schemas of the score request and of a result in JSON.
export { scoreRequestSchema } from '../batch.js';
export { resultNodeJsonSchema, unitResultJsonSchema } from '../json.js';
export {
  assessmentJsonSchema,
  criteriaSetJsonSchema,
  resultJsonSchema,
  ruleCatalogue,
} from '../json-schema.js';

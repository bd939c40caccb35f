import { LAYERS } from '@cchc/core';
import {
  assessmentJsonSchema,
  criteriaSetJsonSchema,
  resultJsonSchema,
  scoreRequestSchema,
} from '@cchc/core/schema';
import { reportInputJsonSchema, reportRequestSchema } from '@cchc/report';
import {
  accountDocumentSchema,
  assignmentsDocumentSchema,
  directoryDocumentSchema,
  explanationSchema,
  layerBodySchema,
  noticeDocumentSchema,
  planDocumentSchema,
  roundDocumentSchema,
  roundExportSchema,
  taskDocumentSchema,
  taskReportDocumentSchema,
  unitDocumentSchema,
} from '@cchc/rounds';
import { z } from 'zod';
import { mediaTypeOf, RESULT_FORMATS } from './formats.js';
import { ROUND_ROUTES, type RoundRouteDeclaration } from './routes/round-routes.js';
import { STATELESS_ROUTES, type StatelessRouteDeclaration } from './routes/stateless-routes.js';

type Schema = Record<string, unknown>;

/**
 * The generated JSON Schemas as OpenAPI components: without $schema and $id, and with their named
 * definitions (`CriterionNode`, `ResultNode`: the recursive ones) lifted into components of their own,
 * every `#/$defs/…` reference pointing there. A `$defs` left inside a component would resolve against the
 * root of the OpenAPI document, where there is none.
 */
function components(schemas: Readonly<Record<string, Schema>>): Record<string, Schema> {
  const lifted: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const {
      $schema: _schema,
      $id: _id,
      $defs,
      ...rest
    } = schema as Schema & { $defs?: Record<string, Schema> };
    lifted[name] = rest;
    for (const [definition, body] of Object.entries($defs ?? {})) {
      const { id: _ownId, ...clean } = body as Schema & { id?: string };
      lifted[definition] = clean;
    }
  }
  return JSON.parse(JSON.stringify(lifted).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<
    string,
    Schema
  >;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const DOCUMENT_TYPES = ['application/json', 'application/yaml'];
const body = (schema: Schema, description: string) => ({
  required: true,
  description,
  content: Object.fromEntries(DOCUMENT_TYPES.map((type) => [type, { schema }])),
});
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: PROBLEM_TEXT[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    ]),
  );
const PROBLEM_TEXT: Record<number, string> = {
  400: 'The body cannot be read (syntax, forbidden key)',
  401: 'No API key, an unknown one, or none configured on the server',
  403: 'The key may not do this (its role, unit or criteria)',
  404: 'Not found',
  409: 'A conflict: a set in use, units not appraised, a report input missing…',
  412: 'If-Match is not the current revision: nothing was changed',
  423: 'Closed for writing: deadline passed, layer locked or submitted, round published',
  413: 'Over a limit: body or YAML size, depth, list length, assessments, sets, criteria or criteria scored',
  415: 'The content type is neither JSON nor YAML',
  422: 'A document is invalid: every error with its path',
  503: 'Rendering took too long, or every renderer is busy (then with Retry-After)',
};

/** Where each document of a request body is described: its component. */
const DOCUMENT_COMPONENTS: Readonly<Record<string, string>> = {
  criteriaSets: 'CriteriaSet',
  assessments: 'Assessment',
  report: 'ReportInput',
};

/**
 * A request body's schema, generated from the zod schema that parses it (declared once, in core and
 * report); each document in it points to its component.
 */
function requestSchema(schema: z.ZodType): Schema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as Schema;
  const properties = { ...(json['properties'] as Record<string, Schema>) };
  for (const [property, component] of Object.entries(DOCUMENT_COMPONENTS)) {
    const described = properties[property];
    if (described === undefined) continue;
    properties[property] =
      described['type'] === 'array'
        ? { ...described, items: ref(component) }
        : { ...described, ...ref(component) };
  }
  return { ...json, properties };
}

/** What a stateless route's success holds, by its declaration's `answer.content`. */
const ANSWERS = {
  Results: {
    'application/json': {
      schema: { type: 'object', properties: { results: { type: 'array', items: ref('Result') } } },
    },
  },
  CriteriaSet: { 'application/json': { schema: ref('CriteriaSet') } },
  ReportFormats: Object.fromEntries(RESULT_FORMATS.map((format) => [mediaTypeOf(format).split(';')[0]!, {}])),
} as const;

/** The request bodies of the stateless routes, by their declaration's `body.schema`. */
const STATELESS_BODIES = {
  ScoreRequest: () => requestSchema(scoreRequestSchema),
  ReportRequest: () => requestSchema(reportRequestSchema),
  Document: () => ({ anyOf: [ref('CriteriaSet'), ref('Assessment')] }),
} as const;

/** The paths that need no store, from the routes the app mounts (STATELESS_ROUTES). */
function statelessPaths(): Record<string, Record<string, Schema>> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of STATELESS_ROUTES as readonly StatelessRouteDeclaration[]) {
    const parameters = [
      ...[...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map(([, name]) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      // The description stands before the schema of an optional parameter and after that of a required
      // one, as the document has always written them: the published document stays the same to the byte.
      ...(route.query
        ? [
            {
              name: route.query.name,
              in: 'query',
              required: route.query.required,
              ...(route.query.required ? {} : { description: route.query.description }),
              schema: {
                type: 'string',
                enum: [...route.query.values],
                ...(route.query.default === undefined ? {} : { default: route.query.default }),
              },
              ...(route.query.required ? { description: route.query.description } : {}),
            },
          ]
        : []),
    ];
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? { requestBody: body(STATELESS_BODIES[route.body.schema](), route.body.description) }
        : {}),
      responses: {
        200: {
          description: route.answer.description,
          ...(route.answer.content ? { content: ANSWERS[route.answer.content] } : {}),
        },
        ...problems(...route.statuses),
      },
    };
  }
  return paths;
}

/** The stored rounds' paths, from the routes the app mounts (ROUND_ROUTES): one declaration for both. */
function roundPaths(): Record<string, Record<string, Schema>> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of ROUND_ROUTES as readonly RoundRouteDeclaration[]) {
    const parameters = [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: name === 'layer' ? { type: 'string', enum: [...LAYERS] } : { type: 'string' },
    }));
    const success = route.statuses.includes(201) ? [200, 201] : [200];
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      tags: ['rounds'],
      summary: route.summary,
      description: `Who: ${route.who}.`,
      security: route.public ? [] : [{ apiKey: [] }],
      parameters,
      ...(route.body === undefined
        ? {}
        : {
            requestBody: body(
              ROUND_BODIES[route.body as keyof typeof ROUND_BODIES],
              route.body === 'Assessment'
                ? 'An assessment; the round fills in what it leaves out'
                : route.body,
            ),
          }),
      responses: {
        ...Object.fromEntries(
          success.map((status) => [String(status), { description: status === 201 ? 'Created' : 'Done' }]),
        ),
        ...problems(...(route.public ? [] : [401]), ...route.statuses.filter((status) => status >= 400)),
      },
    };
  }
  return paths;
}

/** A survey response's answers, as a respondent sends them and an import carries them. */
const SURVEY_ANSWERS = {
  type: 'object',
  description: 'By unit id, by criterion code: the option chosen, or null when left blank',
  additionalProperties: {
    type: 'object',
    additionalProperties: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
} as const;

const ROUND_BODIES = {
  CriteriaSet: ref('CriteriaSet'),
  Assessment: ref('Assessment'),
  Round: jsonSchemaOf(roundDocumentSchema),
  Explanation: jsonSchemaOf(explanationSchema),
  LayerBody: jsonSchemaOf(layerBodySchema),
  RoundExport: jsonSchemaOf(roundExportSchema),
  Directory: jsonSchemaOf(directoryDocumentSchema),
  Assignments: jsonSchemaOf(assignmentsDocumentSchema),
  Notice: jsonSchemaOf(noticeDocumentSchema),
  RemediationTask: jsonSchemaOf(taskDocumentSchema),
  RemediationPlan: jsonSchemaOf(planDocumentSchema),
  TaskReport: jsonSchemaOf(taskReportDocumentSchema),
  Account: jsonSchemaOf(accountDocumentSchema),
  Unit: jsonSchemaOf(unitDocumentSchema),
  Token: {
    type: 'object',
    required: ['name', 'expires'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      expires: {
        type: 'string',
        description: 'A date (YYYY-MM-DD) or an instant with its offset, within a year',
      },
    },
  },
  Survey: {
    type: 'object',
    required: ['criteriaSet', 'title', 'closes', 'groups'],
    properties: {
      criteriaSet: {
        type: 'string',
        description: "The set whose survey criteria (rule 'survey') the questions ask about",
      },
      title: { type: 'string', minLength: 1, maxLength: 300 },
      closes: {
        type: 'string',
        description: 'The last day answers are taken (YYYY-MM-DD, the end of that day in Vietnam)',
      },
      minimumRespondents: {
        type: 'integer',
        minimum: 1,
        description: 'Fewer counted for a unit and criterion: that criterion is not applicable there (1)',
      },
      pooling: { type: 'string', enum: ['pooled', 'by-group'] },
      doubleEntry: { type: 'boolean', description: 'Paper forms typed twice and compared before they count' },
      anonymity: {
        type: 'object',
        description:
          "By group id, how its responses are kept: 'apart' (the default: nothing joins a response to its link or respondent), 'none' (with the respondent its link was sent to), 'signed' (with the name and position the respondent writes)",
        additionalProperties: { type: 'string', enum: ['apart', 'none', 'signed'] },
      },
      groups: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          required: ['id', 'name', 'units', 'questions'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            units: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 200 },
            questions: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              items: {
                type: 'object',
                required: ['code', 'text'],
                properties: { code: { type: 'string' }, text: { type: 'string' } },
              },
            },
            quota: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
  },
  SurveyLinks: {
    type: 'object',
    required: ['group', 'count'],
    properties: {
      group: { type: 'string' },
      count: { type: 'integer', minimum: 1, maximum: 5000 },
      paper: { type: 'boolean', description: 'Numbered paper forms, typed later by their serial' },
    },
  },
  SurveyRespondents: {
    type: 'object',
    required: ['respondents'],
    properties: {
      respondents: {
        type: 'array',
        minItems: 1,
        maxItems: 5000,
        items: {
          type: 'object',
          required: ['group', 'name'],
          properties: {
            group: { type: 'string' },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            email: { type: 'string', format: 'email', description: 'Once per survey; invited through it' },
            organisation: { type: 'string', maxLength: 300 },
          },
        },
      },
    },
  },
  SurveyImport: {
    type: 'object',
    required: ['responses'],
    properties: {
      responses: {
        type: 'array',
        minItems: 1,
        maxItems: 5000,
        items: {
          type: 'object',
          required: ['group', 'answers'],
          properties: {
            group: { type: 'string' },
            serial: { type: 'integer', minimum: 1, description: 'The paper form it is, marked entered' },
            answers: SURVEY_ANSWERS,
          },
        },
      },
    },
  },
  SurveyCounts: {
    type: 'object',
    required: ['counts'],
    properties: {
      counts: {
        type: 'array',
        minItems: 1,
        maxItems: 5000,
        items: {
          type: 'object',
          required: ['group', 'unit', 'respondents', 'answers'],
          properties: {
            group: { type: 'string' },
            unit: { type: 'string' },
            respondents: { type: 'integer', minimum: 0, maximum: 1000000 },
            answers: {
              type: 'object',
              description:
                'By criterion code, by option: how many chose it (the rest of the respondents left it blank)',
              additionalProperties: {
                type: 'object',
                additionalProperties: { type: 'integer', minimum: 0, maximum: 1000000 },
              },
            },
          },
        },
      },
    },
  },
  SurveySignature: {
    type: 'object',
    required: ['name', 'position'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      position: { type: 'string', minLength: 1, maxLength: 200 },
    },
  },
  SurveyAnswers: SURVEY_ANSWERS,
} as const satisfies Readonly<Record<string, Schema>>;

function jsonSchemaOf(schema: z.ZodType): Schema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as Schema;
  return json;
}

/**
 * The OpenAPI 3.1 description of the API. Its document schemas are the JSON Schemas that core and report
 * generate from the zod schemas that validate every request.
 */
export function openApiDocument(version: string, options: { readonly rounds?: boolean } = {}): Schema {
  const document: Schema = {
    openapi: '3.1.0',
    info: {
      title: 'cchc API',
      version,
      description:
        'Scores Vietnam\'s administrative-reform index (Chỉ số CCHC) exactly and writes its reports. Bodies in JSON or YAML; decimals as numbers or strings ("0,25"); errors as application/problem+json (Accept-Language: vi for Vietnamese).',
    },
    paths: statelessPaths(),
    ...(options.rounds
      ? {
          security: [],
          tags: [
            {
              name: 'rounds',
              description: 'The stored yearly cycle (rounds.md): every route asks for an API key',
            },
          ],
        }
      : {}),
    components: {
      ...(options.rounds
        ? {
            securitySchemes: {
              apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of CCHC_API_KEYS' },
            },
          }
        : {}),
      schemas: {
        ...components({
          CriteriaSet: criteriaSetJsonSchema(),
          Assessment: assessmentJsonSchema(),
          Result: resultJsonSchema(),
          ReportInput: reportInputJsonSchema(),
        }),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            requestId: { type: 'string' },
            errorCount: {
              type: 'integer',
              description: 'How many errors there were, when more than are listed',
            },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'string' },
                  pointer: { type: 'array' },
                  code: { type: 'string' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  };
  if (options.rounds) {
    const paths = document['paths'] as Record<string, Record<string, Schema>>;
    for (const [path, methods] of Object.entries(roundPaths())) paths[path] = { ...paths[path], ...methods };
  }
  return document;
}

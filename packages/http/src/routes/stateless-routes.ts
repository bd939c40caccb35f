import { RESULT_DETAILS } from '@cchc/core';
import { RESULT_FORMATS } from '../formats.js';
import type { RouteKeyOf } from './declaration.js';

/** A query parameter of a route, as its OpenAPI parameter says it. */
export interface QueryDeclaration {
  readonly name: string;
  readonly required: boolean;
  readonly values: readonly string[];
  readonly default?: string;
  readonly description: string;
}

/**
 * A route that needs no store. The app mounts each with its handler (routes/stateless.ts) and the OpenAPI
 * document describes each from here (openapi.ts): one declaration for both. `body` names the schema of the
 * request body; `answer` what a success holds (`Result` list, a criteria set, a report's media types).
 */
export interface StatelessRouteDeclaration {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly query?: QueryDeclaration;
  readonly body?: {
    readonly schema: 'ScoreRequest' | 'ReportRequest' | 'Document';
    readonly description: string;
  };
  readonly answer: {
    readonly description: string;
    readonly content?: 'Results' | 'CriteriaSet' | 'ReportFormats';
  };
  readonly statuses: readonly number[];
}

export const STATELESS_ROUTES = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    answer: { description: 'The service is up' },
    statuses: [],
  },
  {
    method: 'get',
    path: '/v1/criteria-sets',
    summary: 'The criteria sets the server holds',
    answer: { description: 'Their ids, titles and decisions' },
    statuses: [],
  },
  {
    method: 'get',
    path: '/v1/criteria-sets/{id}',
    summary: 'One criteria set, as its document',
    answer: { description: 'The set', content: 'CriteriaSet' },
    statuses: [404],
  },
  {
    method: 'post',
    path: '/v1/score',
    summary: 'Score and rank assessments',
    query: {
      name: 'detail',
      required: false,
      values: RESULT_DETAILS,
      default: 'full',
      description:
        'How much of each result to write: full (default: the whole traced tree), areas (the top-level nodes without their children) or totals (no nodes). Dashboards that show totals or areas do not pay for the tree.',
    },
    body: {
      schema: 'ScoreRequest',
      description:
        "Each assessment's criteriaSet id is looked up among the sets sent, then those the server holds; a set may be inline.",
    },
    answer: { description: 'The results, ranked within each criteria set', content: 'Results' },
    statuses: [400, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/v1/report',
    summary: 'Write the report',
    query: {
      name: 'format',
      required: true,
      values: RESULT_FORMATS,
      description: 'md, txt, html or docx: the report; xlsx: the results as an Excel workbook',
    },
    body: { schema: 'ReportRequest', description: 'The documents and the report input' },
    answer: { description: 'The report document, or the results workbook', content: 'ReportFormats' },
    statuses: [400, 413, 415, 422, 503],
  },
  {
    method: 'post',
    path: '/v1/validate',
    summary: 'Check a document and list its errors (200 either way)',
    body: { schema: 'Document', description: 'A criteria set or an assessment' },
    answer: { description: '{ kind, valid, errors, errorCount? }' },
    statuses: [400, 413, 415],
  },
] as const satisfies readonly StatelessRouteDeclaration[];

/** `method path` of each declared route, and only those: every route has a handler, every handler a route. */
export type StatelessRouteKey = RouteKeyOf<(typeof STATELESS_ROUTES)[number]>;

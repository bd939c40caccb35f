import {
  type CriteriaSet,
  RESULT_DETAILS,
  type ResultDetail,
  resultToJsonText,
  type ScoreOptions,
  scoringSteps,
} from '@cchc/core';
import { fromZodIssues, parseFast } from '@cchc/core/internal';
import { scoreRequestSchema } from '@cchc/core/schema';
import { reportRequestSchema } from '@cchc/report';
import { RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { RESULT_FORMATS, type ResultFormat } from '../formats.js';
import { DETAILS, problem } from '../problem.js';
import { type CchcAppOptions, type Env, VERSION } from '../settings.js';
import { routerPath } from './declaration.js';
import { STATELESS_ROUTES, type StatelessRouteKey } from './stateless-routes.js';
import { inSlices, jsonList, type RequestTools, STORED_SETS_WAIT_MS, validate } from './tools.js';

/** The routes that need no store (STATELESS_ROUTES): health, criteria sets, score, report, validate. */
export function mountStateless(app: Hono<Env>, options: CchcAppOptions, tools: RequestTools): void {
  const { held, limits, locale, fail, document, reportResponse, invalidProblem } = tools;
  /** The sets the server holds, then those stored through the rounds (a held id wins). */
  const allSets = async (): Promise<{ sets: CriteriaSet[]; storeUnavailable: boolean }> => {
    if (!options.rounds) return { sets: [...held.values()], storeUnavailable: false };
    try {
      // A store still opening (an embedded one takes seconds) does not hold this stateless route up.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const listed = await Promise.race([
        options.rounds.criteriaSets(),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), STORED_SETS_WAIT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      if (listed === undefined) return { sets: [...held.values()], storeUnavailable: true };
      const stored = listed.filter((set) => !held.has(set.id));
      return { sets: [...held.values(), ...stored], storeUnavailable: false };
    } catch (error) {
      if (!(error instanceof RoundsError) || error.kind !== 'unavailable') throw error;
      return { sets: [...held.values()], storeUnavailable: true };
    }
  };

  const scoreRequest = async (
    c: Context<Env>,
    schema: typeof scoreRequestSchema | typeof reportRequestSchema,
    options: ScoreOptions = {},
  ) => {
    const body = await document(c);
    const envelope = parseFast(schema as z.ZodType<z.output<typeof reportRequestSchema>>, body);
    if (!envelope.success) throw invalidProblem(fromZodIssues(envelope.error.issues));
    // Built key by key: with an object literal that starts with a spread and goes on (`{ ...a, key }`),
    // Node 20's V8 promoted about 450 bytes a request to the old generation, left for full collections.
    const scored = await inSlices(
      scoringSteps(envelope.data, {
        maxCriteria: limits.maxCriteria,
        limits,
        trace: options.trace,
        knownSets: held.values(),
      }),
    );
    if (!scored.success) throw invalidProblem(scored.issues);
    return { results: scored.data, body: envelope.data };
  };

  const handlers: Record<StatelessRouteKey, (c: Context<Env>) => Promise<Response> | Response> = {
    'get /health': (c) => c.json({ status: 'ok', name: options.name ?? 'cchc', version: VERSION }),

    'get /v1/criteria-sets': async (c) => {
      const { sets, storeUnavailable } = await allSets();
      return c.json({
        criteriaSets: sets.map((set) => ({
          id: set.id,
          title: set.title,
          version: set.version,
          issuer: set.issuer,
          decision: set.decision,
          max: set.max.toFixed(),
          stored: !held.has(set.id),
        })),
        // Said, not hidden: the stored sets could not be listed just now.
        ...(storeUnavailable ? { storedSets: 'unavailable' } : {}),
      });
    },

    'get /v1/criteria-sets/{id}': async (c) => {
      const id = c.req.param('id')!;
      const set = held.get(id) ?? (await allSets()).sets.find((candidate) => candidate.id === id);
      return set ? c.json(set.document) : fail(c, 'not-found', DETAILS.noCriteriaSet(id));
    },

    'post /v1/score': async (c) => {
      const detail = (c.req.query('detail') ?? 'full') as ResultDetail;
      if (!RESULT_DETAILS.includes(detail))
        return fail(c, 'malformed', DETAILS.queryValue('detail', RESULT_DETAILS));
      // Totals need no traces: a dashboard's request does not pay for them.
      const scored = await scoreRequest(c, scoreRequestSchema, { trace: detail !== 'totals' });
      // Written a result at a time as the answer is sent: a large one does not hold the other requests up.
      const body = jsonList('results', scored.results, (result) => resultToJsonText(result, { detail }));
      return c.body(body, 200, { 'content-type': 'application/json' });
    },

    'post /v1/report': async (c) => {
      const format = c.req.query('format') as ResultFormat | undefined;
      if (format === undefined || !RESULT_FORMATS.includes(format)) {
        return fail(c, 'malformed', DETAILS.queryValue('format', RESULT_FORMATS));
      }
      const scored = await scoreRequest(c, reportRequestSchema);
      return reportResponse(c, scored.results, scored.body.report, format);
    },

    'post /v1/validate': async (c) => {
      const { kind, issues } = validate(await document(c), held, limits.maxCriteria);
      const listed = problem('invalid-document', locale(c), '', issues, limits.maxErrors);
      return c.json({
        kind,
        valid: issues.length === 0,
        errors: listed.errors ?? [],
        ...(listed.errorCount === undefined ? {} : { errorCount: listed.errorCount }),
      });
    },
  };

  for (const route of STATELESS_ROUTES)
    app.on(
      route.method.toUpperCase(),
      routerPath(route.path),
      handlers[`${route.method} ${route.path}` as StatelessRouteKey],
    );
}

import { createFollowUpReportModel, REPORT_FORMATS } from '@cchc/report';
import {
  type Caller,
  type IfMatch,
  type KeyRing,
  LAYERS,
  type Layer,
  layerBodySchema,
  layerNamed,
  type RoundDocument,
  type Rounds,
  RoundsError,
  requireMay,
} from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { importAccountsWorkbook } from '../accounts-import.js';
import { isXlsx } from '../body.js';
import { attachment, fileResponse, RESULT_FORMATS, roundArchiveResponse } from '../formats.js';
import { publicOrigin } from '../pages/context.js';
import { PROBLEM_OF_REFUSAL } from '../problem.js';
import type { Env } from '../settings.js';
import { routerPath } from './declaration.js';
import { type PublicRouteKey, ROUND_ROUTES, type RouteKey } from './round-routes.js';
import { surveyHandlers } from './survey-handlers.js';
import type { RequestTools } from './tools.js';

/** The largest revision number a store can hold (a PostgreSQL integer). */
const MAX_REVISION = 2_147_483_647;

/** Mounts the round routes on `app`; every route but none of the stateless ones asks for a key. */
export function mountRounds(
  app: Hono<Env>,
  rounds: Rounds,
  keys: KeyRing,
  tools: RequestTools,
  publicUrl?: string,
): void {
  const { fail } = tools;
  type C = Context<Env>;
  /** The caller of a request: a configured key's, or a person's by a token of theirs (`cchc_…`). */
  const callerOf = async (c: C): Promise<Caller | Response> => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const presented = match?.[1];
    const caller =
      presented === undefined
        ? undefined
        : (keys.callerOf(presented) ??
          (presented.startsWith('cchc_') ? await rounds.tokenCaller(presented) : undefined));
    if (caller) return caller;
    if (keys.size === 0)
      return fail(c, 'unauthorized', {
        en: 'no API keys are configured: set CCHC_API_KEYS (or CCHC_API_KEYS_FILE) to a list of { name, role, sha256 } to use the stored rounds',
        vi: 'máy chủ chưa cấu hình khóa API: đặt CCHC_API_KEYS (hoặc CCHC_API_KEYS_FILE) là danh sách { name, role, sha256 } để dùng các đợt đánh giá',
      });
    c.header('WWW-Authenticate', 'Bearer');
    return fail(c, 'unauthorized', {
      en: match ? 'this key is not known' : 'send an API key: Authorization: Bearer <key>',
      vi: match ? 'khóa API không hợp lệ' : 'hãy gửi khóa API: Authorization: Bearer <khóa>',
    });
  };

  /** An evidence file uploaded as the body, its name in `?name=`; streamed into the store. */
  const upload = async (c: C, caller: Caller, hash?: string) => {
    const stored = await rounds.putFile(caller, c.req.param('round')!, c.req.param('unit')!, {
      name: c.req.query('name') ?? '',
      bytes: tools.uploadBody(c, tools.fileBytes),
      ...(hash === undefined ? {} : { hash }),
    });
    const { created, ...file } = stored;
    return json(c, file, created ? 201 : 200);
  };

  const refused = (c: C, error: unknown): Response => {
    if (!(error instanceof RoundsError)) throw error;
    const revision = error.details['revision'];
    if (typeof revision === 'number') c.header('ETag', `"${revision}"`);
    if (error.kind === 'unavailable')
      c.header('Retry-After', String(error.details['retryAfterSeconds'] ?? 5));
    // What the client can act on (the layer and the deadline, the current revision, the units missing).
    return fail(
      c,
      PROBLEM_OF_REFUSAL[error.kind],
      { en: error.message, vi: error.vi },
      error.issues,
      error.details,
    );
  };

  const layerOf = (c: C): Layer | undefined => {
    return layerNamed(c.req.param('layer') ?? '');
  };

  /** `If-Match: "7"` as 7, `*` as any; undefined when absent; NaN (never current) for anything else. */
  const ifMatch = (c: C): IfMatch | undefined => {
    const header = c.req.header('if-match');
    if (header === undefined) return undefined;
    if (header.trim() === '*') return '*';
    const match = /^\s*"(\d{1,9})"\s*$/.exec(header);
    return match ? Number(match[1]) : Number.NaN;
  };

  /** The format asked for (`?format=`) among `formats`, or the problem that says which there are. */
  const formatOf = <F extends string>(c: C, formats: readonly F[]): F | Response => {
    const format = c.req.query('format') as F | undefined;
    if (format !== undefined && formats.includes(format)) return format;
    return fail(c, 'malformed', {
      en: `format is one of ${formats.join(', ')}`,
      vi: `format là một trong ${formats.join(', ')}`,
    });
  };

  /** A filled score sheet read into the layer's assessment document, or the problem with its cells. */
  const sheetDocument = async (c: C, caller: Caller, layer: Layer): Promise<unknown> => {
    const bytes = await tools.workbookBody(c);
    const { set, unit, period } = await rounds.sheetOf(
      caller,
      c.req.param('round')!,
      c.req.param('unit')!,
      layer,
    );
    const read = await tools.readSheet(bytes, set, { unit, period });
    if (!read.success) throw tools.sheetInvalid(c, read.issues);
    return read.data;
  };

  /** A layer, task, plan or report answered with its revision as a strong ETag (`"7"`), for If-Match. */
  const revisioned = (c: C, value: { readonly revision: number }, status: 200 | 201 = 200) =>
    revisionedAs(c, value, value, status);
  /** An answer with the ETag of the record it is about. */
  const revisionedAs = (
    c: C,
    record: { readonly revision: number },
    value: unknown,
    status: 200 | 201 = 200,
  ) => {
    c.header('ETag', `"${record.revision}"`);
    return json(c, value, status);
  };

  const json = (c: C, value: unknown, status: 200 | 201 = 200) =>
    c.body(JSON.stringify(value), status, { 'content-type': 'application/json' });

  const noLayer = (c: C) =>
    fail(c, 'not-found', {
      en: `a layer is ${LAYERS.join(' or ')}`,
      vi: `lớp điểm là ${LAYERS.join(' hoặc ')}`,
    });

  /** `{ "layer": … }` of a lock or unlock, as sent: the rounds check it after the caller's role. */
  const layerBody = async (c: C) => {
    const parsed = layerBodySchema.safeParse(await tools.optionalDocument(c));
    return (parsed.success ? parsed.data.layer : undefined) as Layer;
  };

  const survey = surveyHandlers(rounds, tools, {
    json,
    formatOf,
    publicUrlOf: (c) => publicOrigin(c.req.url, publicUrl),
  });
  const handlers: Record<Exclude<RouteKey, PublicRouteKey>, (c: C, caller: Caller) => Promise<Response>> = {
    ...survey.handlers,
    'put /v1/criteria-sets/{id}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const { created } = await rounds.putCriteriaSet(caller, c.req.param('id')!, body);
      return json(c, { id: c.req.param('id'), created }, created ? 201 : 200);
    },
    'get /v1/rounds': async (c, caller) => json(c, { rounds: await rounds.listRounds(caller) }),
    'put /v1/rounds/{round}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      // A round may name any set the server lists: one it holds is stored with the round.
      const { created, round } = await rounds.putRound(caller, c.req.param('round')!, body, {
        sets: tools.heldDocuments,
      });
      return json(c, round, created ? 201 : 200);
    },
    'get /v1/accounts': async (c, caller) => json(c, { accounts: await rounds.listAccounts(caller) }),
    'put /v1/accounts/{login}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const { created, account, oneTimePassword } = await rounds.putAccount(
        caller,
        c.req.param('login')!,
        body,
        ifMatch(c),
      );
      // The one-time password is in this answer only: no cache keeps it.
      c.header('Cache-Control', 'no-store');
      return revisionedAs(
        c,
        account,
        created ? { account, oneTimePassword } : { account },
        created ? 201 : 200,
      );
    },
    'get /v1/accounts/{login}': async (c, caller) => {
      const login = c.req.param('login')!;
      const account = await rounds.getAccount(caller, login);
      return revisionedAs(c, account, { account, events: await rounds.accountEvents(caller, login) });
    },
    'post /v1/accounts/import': async (c, caller) => {
      // Refused before the workbook is read: reading one is work only an admin may ask for.
      requireMay(caller, 'manage');
      const outcome = await importAccountsWorkbook(rounds, caller, await tools.workbookBody(c));
      if ('issues' in outcome) throw tools.sheetInvalid(c, outcome.issues);
      c.header('Cache-Control', 'no-store');
      return json(c, { accounts: outcome.imported }, 201);
    },
    'get /v1/units': async (c, caller) => json(c, { units: await rounds.listUnits(caller) }),
    'put /v1/units/{id}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const { created, unit } = await rounds.putUnit(caller, c.req.param('id')!, body, ifMatch(c));
      return revisioned(c, unit, created ? 201 : 200);
    },
    'get /v1/units/{id}': async (c, caller) =>
      revisioned(c, await rounds.getUnit(caller, c.req.param('id')!)),
    'get /v1/directory': async (c, caller) => {
      const directory = await rounds.exportDirectory(caller);
      c.header('content-disposition', attachment('cchc-directory.json'));
      return json(c, directory);
    },
    'post /v1/directory/import': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const imported = await rounds.importDirectory(caller, body);
      c.header('Cache-Control', 'no-store');
      return json(c, imported, 201);
    },
    'get /v1/tokens': async (c, caller) => json(c, { tokens: await rounds.listTokens(caller) }),
    'post /v1/tokens': async (c, caller) => {
      const body = (await tools.optionalDocument(c)) as { name?: unknown; expires?: unknown } | undefined;
      const minted = await rounds.mintToken(caller, String(body?.name ?? ''), String(body?.expires ?? ''));
      c.header('Cache-Control', 'no-store');
      return json(c, minted, 201);
    },
    'delete /v1/tokens/{id}': async (c, caller) =>
      json(c, await rounds.revokeToken(caller, c.req.param('id')!)),
    'post /v1/accounts/{login}/reset': async (c, caller) => {
      c.header('Cache-Control', 'no-store');
      const reset = await rounds.resetPassword(caller, c.req.param('login')!);
      // `password` is the contract's name (rounds.md); `oneTimePassword` the name clients have read so far.
      return json(c, { ...reset, password: reset.oneTimePassword });
    },
    'get /v1/rounds/{round}': async (c, caller) =>
      json(c, await rounds.getRound(caller, c.req.param('round')!)),
    'get /v1/rounds/{round}/units/{unit}/history': async (c, caller) =>
      json(c, { revisions: await rounds.history(caller, c.req.param('round')!, c.req.param('unit')!) }),
    'get /v1/rounds/{round}/units/{unit}/sheet.xlsx': async (c, caller) => {
      const layer = layerNamed(c.req.query('layer') ?? 'self');
      if (!layer) return noLayer(c);
      return tools.sheetResponse(c, rounds, c.req.param('round')!, c.req.param('unit')!, layer, caller);
    },
    'put /v1/files/{hash}': async (c, caller) =>
      json(
        c,
        await rounds.putFileBytes(caller, {
          name: c.req.query('name') ?? '',
          bytes: tools.uploadBody(c, tools.fileBytes),
          hash: c.req.param('hash')!,
        }),
      ),
    'get /v1/rounds/{round}/units/{unit}/files': async (c, caller) =>
      json(c, { files: await rounds.unitFiles(caller, c.req.param('round')!, c.req.param('unit')!) }),
    'post /v1/rounds/{round}/units/{unit}/files': (c, caller) => upload(c, caller),
    'put /v1/rounds/{round}/units/{unit}/files/{hash}': (c, caller) =>
      upload(c, caller, c.req.param('hash')!),
    'get /v1/rounds/{round}/units/{unit}/files/{hash}': async (c, caller) => {
      const { file, chunks } = await rounds.readFile(
        caller,
        c.req.param('round')!,
        c.req.param('unit')!,
        c.req.param('hash')!,
      );
      return fileResponse(c, file, chunks);
    },
    'delete /v1/rounds/{round}/units/{unit}/files/{hash}': async (c, caller) => {
      await rounds.removeFile(caller, c.req.param('round')!, c.req.param('unit')!, c.req.param('hash')!);
      return c.body(null, 204);
    },
    'put /v1/rounds/{round}/units/{unit}/{layer}': async (c, caller) => {
      const layer = layerOf(c);
      if (!layer) return noLayer(c);
      const body = isXlsx(c.req.header('content-type'))
        ? await sheetDocument(c, caller, layer)
        : await tools.optionalDocument(c);
      const stored = await rounds.putLayer(
        caller,
        c.req.param('round')!,
        c.req.param('unit')!,
        layer,
        body,
        ifMatch(c),
      );
      return revisioned(c, stored);
    },
    'get /v1/rounds/{round}/units/{unit}/{layer}': async (c, caller) => {
      const layer = layerOf(c);
      if (!layer) return noLayer(c);
      const asked = c.req.query('revision');
      const revision = asked === undefined ? undefined : Number(asked);
      // A revision is a PostgreSQL integer: one past its range is no revision there can be.
      if (
        revision !== undefined &&
        !(Number.isSafeInteger(revision) && revision > 0 && revision <= MAX_REVISION)
      )
        return fail(c, 'malformed', {
          en: 'revision is a whole number from 1',
          vi: 'revision là số nguyên từ 1',
        });
      const stored = await rounds.getLayer(
        caller,
        c.req.param('round')!,
        c.req.param('unit')!,
        layer,
        revision,
      );
      return revisioned(c, stored);
    },
    'put /v1/rounds/{round}/units/{unit}/explanations/{code}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      await rounds.explain(caller, c.req.param('round')!, c.req.param('unit')!, c.req.param('code')!, body);
      return json(c, { code: c.req.param('code'), saved: true });
    },
    'get /v1/rounds/{round}/units/{unit}/explanations': async (c, caller) =>
      json(c, {
        explanations: await rounds.explanations(caller, c.req.param('round')!, c.req.param('unit')!),
      }),
    'post /v1/rounds/{round}/units/{unit}/explanations/submit': async (c, caller) =>
      json(c, await rounds.closeExplanations(caller, c.req.param('round')!, c.req.param('unit')!)),
    'post /v1/rounds/{round}/units/{unit}/explanations/reopen': async (c, caller) => {
      const body = (await tools.optionalDocument(c)) as { reason?: unknown } | undefined;
      const reason = typeof body?.reason === 'string' ? body.reason : '';
      return json(
        c,
        await rounds.reopenExplanations(caller, c.req.param('round')!, c.req.param('unit')!, reason),
      );
    },
    'post /v1/rounds/{round}/units/{unit}/self/submit': async (c, caller) =>
      json(c, await rounds.submit(caller, c.req.param('round')!, c.req.param('unit')!)),
    'post /v1/rounds/{round}/units/{unit}/self/reopen': async (c, caller) => {
      const body = (await tools.optionalDocument(c)) as { reason?: unknown } | undefined;
      const reason = body?.reason === undefined ? undefined : String(body.reason);
      return json(c, await rounds.reopen(caller, c.req.param('round')!, c.req.param('unit')!, reason));
    },
    'post /v1/rounds/{round}/deadlines/{deadline}': async (c, caller) => {
      const body = (await tools.optionalDocument(c)) as { to?: unknown; reason?: unknown } | undefined;
      // `appraisal2` is the last pass's deadline, `appraisal`, by its two-pass name.
      const named = c.req.param('deadline')!;
      const deadline = (named === 'appraisal2' ? 'appraisal' : named) as keyof RoundDocument['deadlines'];
      return json(
        c,
        await rounds.moveDeadline(
          caller,
          c.req.param('round')!,
          deadline,
          String(body?.to ?? ''),
          String(body?.reason ?? ''),
        ),
      );
    },
    'get /v1/rounds/{round}/events': async (c, caller) =>
      json(c, { events: await rounds.roundEvents(caller, c.req.param('round')!) }),
    'post /v1/rounds/{round}/lock': async (c, caller) => {
      const layer = await layerBody(c);
      return json(c, await rounds.lock(caller, c.req.param('round')!, layer));
    },
    'post /v1/rounds/{round}/unlock': async (c, caller) => {
      const layer = await layerBody(c);
      return json(c, await rounds.unlock(caller, c.req.param('round')!, layer));
    },
    'post /v1/rounds/{round}/publish': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const report = (body as { report?: unknown } | undefined)?.report;
      return json(c, await rounds.publish(caller, c.req.param('round')!, report));
    },
    'get /v1/rounds/{round}/results': async (c, caller) => {
      const layer = layerNamed(c.req.query('layer') ?? 'appraised');
      if (!layer) return noLayer(c);
      return json(c, await rounds.results(caller, c.req.param('round')!, layer));
    },
    'get /v1/rounds/{round}/assignments': async (c, caller) =>
      json(c, { assignments: await rounds.assignments(caller, c.req.param('round')!) }),
    'put /v1/rounds/{round}/assignments': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      return json(c, { assignments: await rounds.putAssignments(caller, c.req.param('round')!, body) });
    },
    'get /v1/rounds/{round}/export': async (c, caller) => {
      const exported = await rounds.exportRound(caller, c.req.param('round')!);
      c.header('content-disposition', attachment(`cchc-round-${c.req.param('round')}.json`));
      return json(c, exported);
    },
    'put /v1/rounds/{round}/import': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      return json(c, await rounds.importRound(caller, c.req.param('round')!, body), 201);
    },
    'get /v1/notices': async (c, caller) => json(c, { notices: await rounds.notices(caller) }),
    'post /v1/notices': async (c, caller) =>
      json(c, await rounds.postNotice(caller, await tools.optionalDocument(c)), 201),
    'delete /v1/notices/{id}': async (c, caller) => {
      await rounds.removeNotice(caller, c.req.param('id')!);
      return c.body(null, 204);
    },
    'get /v1/rounds/{round}/archive': async (c, caller) => {
      const round = c.req.param('round')!;
      return roundArchiveResponse(c, round, await rounds.exportArchive(caller, round));
    },
    'put /v1/rounds/{round}/archive': async (c, caller) =>
      // No limit on the whole: each file is held to the file limit, and only files its round lists are taken.
      json(
        c,
        await rounds.importArchive(
          caller,
          c.req.param('round')!,
          tools.uploadBody(c, Number.MAX_SAFE_INTEGER),
        ),
        201,
      ),
    'get /v1/rounds/{round}/report': async (c, caller) => {
      const format = formatOf(c, RESULT_FORMATS);
      if (format instanceof Response) return format;
      const { results, input, earlier } = await rounds.reportOf(caller, c.req.param('round')!);
      return tools.reportResponse(
        c,
        results,
        input,
        format,
        () => rounds.roundFileNames(caller, c.req.param('round')!),
        earlier,
      );
    },
    'get /v1/rounds/{round}/tasks': async (c, caller) =>
      json(c, await rounds.tasks(caller, c.req.param('round')!)),
    'put /v1/rounds/{round}/tasks/{task}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const stored = await rounds.putTask(
        caller,
        c.req.param('round')!,
        c.req.param('task')!,
        body,
        ifMatch(c),
      );
      return revisioned(c, stored, stored.created ? 201 : 200);
    },
    'get /v1/rounds/{round}/tasks/{task}': async (c, caller) => {
      const task = await rounds.getTask(caller, c.req.param('round')!, c.req.param('task')!);
      return revisioned(c, task);
    },
    'put /v1/rounds/{round}/tasks/{task}/reports/{agency}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const stored = await rounds.putTaskReport(
        caller,
        c.req.param('round')!,
        c.req.param('task')!,
        c.req.param('agency')!,
        body,
        ifMatch(c),
      );
      return revisioned(c, stored);
    },
    'put /v1/rounds/{round}/units/{unit}/remediation/{code}': async (c, caller) => {
      const body = await tools.optionalDocument(c);
      const stored = await rounds.putPlan(
        caller,
        c.req.param('round')!,
        c.req.param('unit')!,
        c.req.param('code')!,
        body,
        ifMatch(c),
      );
      return revisioned(c, stored);
    },
    'get /v1/rounds/{round}/remediation': async (c, caller) => {
      const late = c.req.query('late');
      if (late !== undefined && late !== 'true' && late !== 'false')
        return fail(c, 'malformed', { en: 'late is true or false', vi: 'late là true hoặc false' });
      return json(c, await rounds.followUp(caller, c.req.param('round')!, { late: late === 'true' }));
    },
    'get /v1/rounds/{round}/remediation/report': async (c, caller) => {
      const format = formatOf(c, REPORT_FORMATS);
      if (format instanceof Response) return format;
      const round = c.req.param('round')!;
      const model = createFollowUpReportModel(await rounds.followUpReport(caller, round));
      return tools.modelResponse(c, model, format, `bao-cao-khac-phuc-${round}.docx`);
    },
  };

  for (const route of ROUND_ROUTES) {
    const key = `${route.method} ${route.path}` as RouteKey;
    app.on(route.method.toUpperCase(), routerPath(route.path), async (c) => {
      try {
        if ('public' in route) return await survey.publicHandlers[key as PublicRouteKey](c);
        const caller = await callerOf(c);
        if (caller instanceof Response) return caller;
        return await handlers[key as Exclude<RouteKey, PublicRouteKey>](c, caller);
      } catch (error) {
        return refused(c, error);
      }
    });
  }
}

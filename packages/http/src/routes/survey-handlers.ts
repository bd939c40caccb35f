import { REPORT_FORMATS } from '@cchc/report';
import { type Caller, type Rounds, requireMay } from '@cchc/rounds';
import type { Context } from 'hono';
import { isXlsx } from '../body.js';
import { surveyFormsResponse, surveyWorkbookResponse } from '../formats.js';
import { surveyMailWords } from '../reminders.js';
import type { Env } from '../settings.js';
import { importSurveyCountsWorkbook, importSurveyWorkbook } from '../survey-import.js';
import type { PublicRouteKey, SurveyRouteKey } from './round-routes.js';
import type { RequestTools } from './tools.js';

type C = Context<Env>;

/** What the survey's handlers share with the other round routes' (rounds.ts). */
export interface RoundAnswers {
  /** A JSON answer. */
  json(c: C, value: unknown, status?: 200 | 201): Response;
  /** The format asked for (`?format=`) among `formats`, or the problem that says which there are. */
  formatOf<F extends string>(c: C, formats: readonly F[]): F | Response;
  /** The address of the pages, for the links sent out (the survey's invitations). */
  publicUrlOf(c: C): string;
}

/** `?group=&offset=&limit=` of a listing, as given (the store bounds them). */
function pageQuery(c: C) {
  const number = (name: string) => {
    const value = Number(c.req.query(name));
    return Number.isSafeInteger(value) ? value : undefined;
  };
  const group = c.req.query('group');
  const [offset, limit] = [number('offset'), number('limit')];
  return {
    ...(group ? { group } : {}),
    ...(offset === undefined ? {} : { offset }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/**
 * The handlers of a round's survey routes (survey-routes.ts): the respondent's, answered without a key,
 * and those of the admin, appraisers and entry officers, given the caller.
 */
export function surveyHandlers(
  rounds: Rounds,
  tools: RequestTools,
  { json, formatOf, publicUrlOf }: RoundAnswers,
): {
  publicHandlers: Record<PublicRouteKey, (c: C) => Promise<Response>>;
  handlers: Record<SurveyRouteKey, (c: C, caller: Caller) => Promise<Response>>;
} {
  const { fail } = tools;

  /**
   * An import of forms or of tally sheets: a JSON body goes to the store as it is (`fromJson`); a workbook
   * is read into the store (`fromWorkbook`), its errors answered at their cells.
   */
  const imported = async (
    c: C,
    caller: Caller,
    fromJson: (caller: Caller, round: string, body: unknown) => Promise<unknown>,
    fromWorkbook: typeof importSurveyWorkbook,
  ): Promise<Response> => {
    const round = c.req.param('round')!;
    if (!isXlsx(c.req.header('content-type')))
      return json(c, await fromJson(caller, round, await tools.optionalDocument(c)), 201);
    // Refused before the workbook is read: reading one is work only an entry officer may ask for.
    requireMay(caller, 'enter-survey');
    const outcome = await fromWorkbook(rounds, caller, round, await tools.workbookBody(c));
    if ('issues' in outcome) throw tools.sheetInvalid(c, outcome.issues);
    return json(c, outcome, 201);
  };

  return {
    publicHandlers: {
      'get /v1/survey/{token}': async (c) => json(c, await rounds.surveyForm(c.req.param('token')!)),
      'put /v1/survey/{token}/draft': async (c) => {
        await rounds.saveSurveyDraft(c.req.param('token')!, await tools.optionalDocument(c));
        return c.body(null, 204);
      },
      'put /v1/survey/{token}/signature': async (c) => {
        await rounds.signSurvey(c.req.param('token')!, await tools.optionalDocument(c));
        return c.body(null, 204);
      },
      'post /v1/survey/{token}': async (c) => {
        await rounds.submitSurveyResponse(c.req.param('token')!, await tools.optionalDocument(c));
        return json(c, { sent: true }, 201);
      },
    },
    handlers: {
      'put /v1/rounds/{round}/survey': async (c, caller) =>
        json(c, await rounds.putSurvey(caller, c.req.param('round')!, await tools.optionalDocument(c))),
      'get /v1/rounds/{round}/survey': async (c, caller) =>
        json(c, await rounds.getSurvey(caller, c.req.param('round')!)),
      'post /v1/rounds/{round}/survey/links': async (c, caller) =>
        json(
          c,
          await rounds.issueSurveyLinks(caller, c.req.param('round')!, await tools.optionalDocument(c)),
          201,
        ),
      'put /v1/rounds/{round}/survey/paper/{serial}': async (c, caller) => {
        const serial = Number(c.req.param('serial'));
        if (!Number.isSafeInteger(serial) || serial < 1 || serial > 1_000_000)
          return fail(c, 'not-found', {
            en: 'a paper form is named by its serial number (1, 2, …)',
            vi: 'phiếu giấy được gọi theo số thứ tự in trên phiếu (1, 2, …)',
          });
        const body = await tools.optionalDocument(c);
        const entry = await rounds.enterSurveyPaper(caller, c.req.param('round')!, serial, body, {
          settle: c.req.query('settle') === 'true',
        });
        // The first of two typings is kept, not yet counted: accepted, not created.
        return c.body(JSON.stringify(entry), entry.state === 'first' ? 202 : 201, {
          'content-type': 'application/json',
        });
      },
      'get /v1/rounds/{round}/survey/versions': async (c, caller) =>
        json(c, { versions: await rounds.surveyVersions(caller, c.req.param('round')!) }),
      'post /v1/rounds/{round}/survey/respondents': async (c, caller) =>
        json(
          c,
          await rounds.addSurveyRespondents(caller, c.req.param('round')!, await tools.optionalDocument(c)),
          201,
        ),
      'get /v1/rounds/{round}/survey/respondents': async (c, caller) => {
        c.header('Cache-Control', 'no-store');
        return json(c, await rounds.surveyRespondents(caller, c.req.param('round')!, pageQuery(c)));
      },
      'delete /v1/rounds/{round}/survey/respondents/{id}': async (c, caller) => {
        await rounds.removeSurveyRespondent(caller, c.req.param('round')!, c.req.param('id')!);
        return c.body(null, 204);
      },
      'post /v1/rounds/{round}/survey/invitations': async (c, caller) => {
        const group = c.req.query('group');
        const invited = await rounds.inviteSurveyRespondents(
          caller,
          c.req.param('round')!,
          surveyMailWords(publicUrlOf(c)),
          group ? { group } : {},
        );
        // The links handed out are answered once: never kept by a cache.
        c.header('Cache-Control', 'no-store');
        return json(c, invited, 201);
      },
      'post /v1/rounds/{round}/survey/reminders': async (c, caller) =>
        json(
          c,
          await rounds.remindSurveyRespondents(
            caller,
            c.req.param('round')!,
            surveyMailWords(publicUrlOf(c)),
          ),
          201,
        ),
      'get /v1/rounds/{round}/survey/responses': async (c, caller) => {
        c.header('Cache-Control', 'no-store');
        return json(c, await rounds.surveyResponses(caller, c.req.param('round')!, pageQuery(c)));
      },
      'post /v1/rounds/{round}/survey/import': (c, caller) =>
        imported(c, caller, (...args) => rounds.importSurveyResponses(...args), importSurveyWorkbook),
      'post /v1/rounds/{round}/survey/counts': (c, caller) =>
        imported(c, caller, (...args) => rounds.importSurveyCounts(...args), importSurveyCountsWorkbook),
      'get /v1/rounds/{round}/survey/counts.xlsx': (c, caller) =>
        surveyFormsResponse(c, rounds, caller, c.req.param('round')!, 'counts'),
      'get /v1/rounds/{round}/survey/forms.xlsx': (c, caller) =>
        surveyFormsResponse(c, rounds, caller, c.req.param('round')!),
      'post /v1/rounds/{round}/survey/close': async (c, caller) =>
        json(c, await rounds.closeSurvey(caller, c.req.param('round')!)),
      'get /v1/rounds/{round}/survey/results': async (c, caller) =>
        json(c, await rounds.surveyResults(caller, c.req.param('round')!)),
      'get /v1/rounds/{round}/survey/comparison': async (c, caller) =>
        json(c, await rounds.surveyComparison(caller, c.req.param('round')!)),
      'get /v1/rounds/{round}/survey/results.xlsx': (c, caller) =>
        surveyWorkbookResponse(c, rounds, caller, c.req.param('round')!),
      'get /v1/rounds/{round}/survey/report': async (c, caller) => {
        const format = formatOf(c, REPORT_FORMATS);
        if (format instanceof Response) return format;
        return tools.surveyReportResponse(c, rounds, caller, c.req.param('round')!, format);
      },
    },
  };
}

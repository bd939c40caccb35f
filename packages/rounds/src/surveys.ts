/**
 * The survey of a round (điều tra xã hội học): the admin plans it (groups, the units each rates, their
 * forms of questions tied to the set's survey criteria, the minimum respondents, until when it runs),
 * issues one-time links and numbered paper forms; respondents answer through a link without an account,
 * saving and coming back through the same link, and send once; an entry officer types the paper forms;
 * when the survey closes, its counts are written into each unit's appraisal as the entries the `survey`
 * rule scores (core's `tallySurvey`), a new revision in the layer's history like any other write. Its other
 * rooms: paper forms, imported forms and tally sheets (survey-entry.ts), the respondent list and its
 * invitations (survey-respondents.ts), the close and the counts' reading (survey-results.ts), the survey
 * against the assessments (survey-comparison.ts).
 *
 * Anonymity: by default responses are held apart from the links. A link is kept as the SHA-256 of its token
 * and whether it was used; a response keeps its group, its answers and its day, and no column joins the two.
 * A group whose form is not anonymous keeps the respondent; a signed one, the name the respondent writes.
 */
import { parseSurveyPlan, type SurveyPlan } from '@cchc/core';
import { canonicalJson, fromZodIssues, issue } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import type { SqlClient } from './sql.js';
import { type SurveyComparisonMethods, surveyComparisonMethods } from './survey-comparison.js';
import { type SurveyEntryMethods, surveyEntryMethods } from './survey-entry.js';
import { type SurveyRespondentMethods, surveyRespondentMethods } from './survey-respondents.js';
import { type SurveyResultMethods, surveyCounting, surveyResultMethods } from './survey-results.js';
import {
  anonymityOf,
  newToken,
  SURVEY_LINK_LIMITS,
  type SurveyAnonymity,
  type SurveyDocument,
  type SurveyForm,
  type SurveyRow,
  signatureSchema,
  surveyBodySchema,
  surveyStore,
} from './survey-store.js';
import type { Rounds } from './types.js';

/** A survey as planned: core's plan with the set it asks about and until when it runs. */
export interface StoredSurvey {
  readonly round: string;
  /** The criteria set whose survey criteria the questions ask about. */
  readonly criteriaSet: string;
  readonly title: string;
  /** The last day answers are taken (the end of that day in Vietnam). */
  readonly closes: string;
  readonly plan: SurveyPlan;
  /** Whether paper forms are typed twice and compared before they count. */
  readonly doubleEntry: boolean;
  /** By group id, how its responses are kept (see `SurveyAnonymity`). */
  readonly anonymity: Readonly<Record<string, SurveyAnonymity>>;
  /** The plan's version: each change of its forms before the first link is issued makes a new one. */
  readonly version: number;
  /** When an admin closed it before its day, or null. */
  readonly closedAt: string | null;
  /** When its counts were written into the units' appraisals, or null. */
  readonly appliedAt: string | null;
  /** Whether it takes answers now. */
  readonly open: boolean;
  readonly key: string;
  readonly at: string;
  /**
   * Per group id: links and paper forms issued and used, responses stored, and per unit the responses that
   * rate it (the response rate against the group's quota).
   */
  readonly groups: Readonly<Record<string, SurveyGroupCounts>>;
}

/** What a group of a survey was issued and sent back. */
export interface SurveyGroupCounts {
  readonly links: number;
  readonly paper: number;
  readonly used: number;
  readonly responses: number;
  /** People of the group on the respondent list. */
  readonly respondents: number;
  /** Respondents counted on tally sheets (`importSurveyCounts`), not as forms. */
  readonly counted: number;
  /** By unit id, the respondents who rate it: the responses that rate it and those on its tally sheet. */
  readonly byUnit: Readonly<Record<string, number>>;
}

export interface SurveyMethods
  extends SurveyEntryMethods,
    SurveyRespondentMethods,
    SurveyComparisonMethods,
    SurveyResultMethods {
  /**
   * Plans the round's survey (admin): `{ criteriaSet, title, closes, groups, minimumRespondents?, pooling?, … }`
   * (groups as core's `parseSurveyPlan` reads them, their units the round's units scored by that set),
   * with `doubleEntry?` and `anonymity?` (by group: `apart`, `none` or `signed`). Each change of the forms
   * makes a new version, all kept; once a link or paper form is issued they are frozen: only `closes` may
   * change.
   */
  putSurvey(caller: Caller, round: string, body: unknown): Promise<StoredSurvey>;
  /** The round's survey with what was issued and answered (admin, appraisers). */
  getSurvey(caller: Caller, round: string): Promise<StoredSurvey>;
  /**
   * Issues `count` one-time links (answered once each) or, with `paper`, numbered paper forms for a group
   * (admin). The tokens are answered once, here, and kept as hashes.
   */
  issueSurveyLinks(
    caller: Caller,
    round: string,
    body: unknown,
  ): Promise<{
    readonly group: string;
    readonly links: readonly { readonly token: string; readonly serial?: number }[];
  }>;
  /** The form a link opens, with the answers saved through it; refused once used, or the survey closed. */
  surveyForm(token: string): Promise<SurveyForm>;
  /** Saves answers through a link without sending them (checked as a response is). */
  saveSurveyDraft(token: string, answers: unknown): Promise<void>;
  /**
   * Saves the respondent's `{ name, position }` through a link of a signed form, kept with the answers
   * when they are sent; refused on any other form (`survey-signature-unexpected`).
   */
  signSurvey(token: string, signature: unknown): Promise<void>;
  /**
   * Sends a link's answers: stored once; a second sending through the link is refused (`survey-link-used`).
   * A signed form is sent once signed (`survey-signature-needed`).
   */
  submitSurveyResponse(token: string, answers: unknown): Promise<void>;
  /** The plan's versions, oldest first: what each said, who wrote it and when (admin, appraisers). */
  surveyVersions(
    caller: Caller,
    round: string,
  ): Promise<
    readonly {
      readonly version: number;
      readonly document: Readonly<Record<string, unknown>>;
      readonly key: string;
      readonly at: string;
    }[]
  >;
}

const issueBodySchema = z.strictObject({
  group: z.string().min(1).max(200),
  count: z.int().min(1).max(SURVEY_LINK_LIMITS.perRequest),
  paper: z.boolean().optional(),
});

export function surveyMethods(context: RoundsContext, editLayer: Rounds['editLayer']): SurveyMethods {
  const { sql, stamp, loadSet, loadRound } = context;

  const store = surveyStore(context);
  const counting = surveyCounting(context, store);
  const {
    surveyRow,
    planOf,
    isOpen,
    requireOpenSurvey,
    openLink,
    insertLinks,
    checkedAnswers,
    storeResponse,
    formOf,
  } = store;

  async function stored(tx: SqlClient, row: SurveyRow): Promise<StoredSurvey> {
    const set = await loadSet(tx, row.document.criteriaSet);
    const plan = planOf(set, row);
    const links = await tx.query<{ group_id: string; paper: number; links: number; used: number }>(
      `select group_id, count(serial)::int as paper, (count(*) - count(serial))::int as links,
              count(used_at)::int as used
         from cchc_survey_links where round_id = $1 group by group_id`,
      [row.round_id],
    );
    const responses = await tx.query<{ group_id: string; count: number }>(
      'select group_id, count(*)::int as count from cchc_survey_responses where round_id = $1 group by group_id',
      [row.round_id],
    );
    const sheets = await tx.query<{ group_id: string; unit_id: string; respondents: number }>(
      'select group_id, unit_id, respondents from cchc_survey_counts where round_id = $1',
      [row.round_id],
    );
    const listed = await tx.query<{ group_id: string; count: number }>(
      'select group_id, count(*)::int as count from cchc_survey_respondents where round_id = $1 group by group_id',
      [row.round_id],
    );
    // Counted by the store, the answers not brought over: a response rates a unit when it answers at
    // least one question about it (one left all blank does not).
    const rated = await tx.query<{ group_id: string; unit: string; count: number }>(
      `select response.group_id, unit.key as unit, count(*)::int as count
         from cchc_survey_responses response, jsonb_each(response.answers) unit
        where response.round_id = $1
          and exists (select 1 from jsonb_each(unit.value) answer where answer.value <> 'null'::jsonb)
        group by response.group_id, unit.key`,
      [row.round_id],
    );
    return {
      round: row.round_id,
      criteriaSet: row.document.criteriaSet,
      title: row.document.title,
      closes: row.document.closes,
      plan,
      doubleEntry: row.document.doubleEntry === true,
      anonymity: Object.fromEntries(plan.groups.map((group) => [group.id, anonymityOf(row, group.id)])),
      version: row.version,
      closedAt: row.closed_at,
      appliedAt: row.applied_at,
      open: isOpen(row),
      key: row.key_name,
      at: row.at,
      groups: Object.fromEntries(
        plan.groups.map((group) => {
          const issued = links.find((found) => found.group_id === group.id);
          return [
            group.id,
            {
              links: issued?.links ?? 0,
              paper: issued?.paper ?? 0,
              used: issued?.used ?? 0,
              responses: responses.find((found) => found.group_id === group.id)?.count ?? 0,
              respondents: listed.find((found) => found.group_id === group.id)?.count ?? 0,
              counted: sheets
                .filter((sheet) => sheet.group_id === group.id)
                .reduce((sum, sheet) => sum + sheet.respondents, 0),
              byUnit: Object.fromEntries(
                group.units.map((unit) => [
                  unit,
                  (rated.find((found) => found.group_id === group.id && found.unit === unit)?.count ?? 0) +
                    (sheets.find((sheet) => sheet.group_id === group.id && sheet.unit_id === unit)
                      ?.respondents ?? 0),
                ]),
              ),
            },
          ];
        }),
      ),
    };
  }

  return {
    async putSurvey(caller, roundId, body) {
      requireMay(caller, 'manage');
      const document = parsedOrRefused(surveyBodySchema, body, 'survey-errors');
      return sql.transaction(async (tx) => {
        const round = context.requireUnpublished(await loadRound(tx, roundId, caller, 'update'));
        const set = await loadSet(tx, document.criteriaSet);
        const { groups, minimumRespondents, pooling } = document;
        const plan = parseSurveyPlan(set, { groups, minimumRespondents, pooling });
        if (!plan.success) throw new RoundsError('survey-errors', {}, { issues: plan.issues });
        for (const group of plan.data.groups)
          for (const unit of group.units) {
            const inRound = round.document.units.find((candidate) => candidate.id === unit);
            if (inRound?.criteriaSet !== document.criteriaSet)
              throw new RoundsError('survey-set-mismatch', { unit, set: document.criteriaSet });
          }
        for (const group of Object.keys(document.anonymity ?? {}))
          if (!plan.data.groups.some((planned) => planned.id === group))
            throw new RoundsError(
              'survey-errors',
              {},
              {
                issues: [issue('invalid_survey', ['anonymity', group], { problem: 'unknown_group', group })],
              },
            );
        // Compared as read, whatever the order of keys the store keeps them in: the closing day aside.
        const forms = (body: SurveyDocument, read: SurveyPlan) =>
          canonicalJson({
            criteriaSet: body.criteriaSet,
            title: body.title,
            doubleEntry: body.doubleEntry === true,
            anonymity: Object.fromEntries(
              read.groups.map((group) => [group.id, body.anonymity?.[group.id] ?? 'apart']),
            ),
            plan: read,
          });
        const existing = await surveyRow(tx, roundId, 'update').catch((error: unknown) => {
          if (error instanceof RoundsError && error.code === 'survey-not-found') return undefined;
          throw error;
        });
        let version = 1;
        if (existing) {
          const before = planOf(await loadSet(tx, existing.document.criteriaSet), existing);
          const changed = forms(existing.document, before) !== forms(document, plan.data);
          const [issued] = await tx.query<{ count: number }>(
            'select count(*)::int as count from cchc_survey_links where round_id = $1',
            [roundId],
          );
          if (changed && issued!.count > 0) throw new RoundsError('survey-frozen', { issued: issued!.count });
          version = existing.version + (changed ? 1 : 0);
        }
        const at = stamp();
        await tx.query(
          `insert into cchc_surveys (round_id, document, version, key_name, at) values ($1, $2, $3, $4, $5)
             on conflict (round_id) do update
               set document = excluded.document, version = excluded.version, key_name = excluded.key_name, at = excluded.at`,
          [roundId, JSON.stringify(document), version, caller.name, at],
        );
        // Each version kept as it was last written (the closing day may change within one).
        await tx.query(
          `insert into cchc_survey_versions (round_id, version, document, key_name, at) values ($1, $2, $3, $4, $5)
             on conflict (round_id, version) do update
               set document = excluded.document, key_name = excluded.key_name, at = excluded.at`,
          [roundId, version, JSON.stringify(document), caller.name, at],
        );
        return stored(tx, await surveyRow(tx, roundId));
      });
    },

    async getSurvey(caller, roundId) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        return stored(tx, await surveyRow(tx, roundId));
      });
    },

    async issueSurveyLinks(caller, roundId, body) {
      requireMay(caller, 'manage');
      const { group, count, paper } = parsedOrRefused(issueBodySchema, body, 'survey-errors');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        requireOpenSurvey(row);
        const set = await loadSet(tx, row.document.criteriaSet);
        if (!planOf(set, row).groups.some((planned) => planned.id === group))
          throw new RoundsError(
            'survey-errors',
            {},
            {
              issues: [issue('invalid_survey', ['group'], { problem: 'unknown_group', group })],
            },
          );
        const [issued] = await tx.query<{ count: number; serial: number | null }>(
          'select count(*)::int as count, max(serial) as serial from cchc_survey_links where round_id = $1',
          [roundId],
        );
        if (issued!.count + count > SURVEY_LINK_LIMITS.perSurvey)
          throw new RoundsError('survey-links-full', { limit: SURVEY_LINK_LIMITS.perSurvey });
        const firstSerial = (issued!.serial ?? 0) + 1;
        const links = Array.from({ length: count }, (_, at) => ({
          token: newToken(),
          ...(paper ? { serial: firstSerial + at } : {}),
        }));
        await insertLinks(tx, row, group, links);
        return { group, links };
      });
    },

    async surveyForm(token) {
      return sql.transaction(async (tx) => {
        const { link, row } = await openLink(tx, token);
        return formOf(tx, row, link.group_id, link);
      });
    },

    async saveSurveyDraft(token, answers) {
      await sql.transaction(async (tx) => {
        const { link, row } = await openLink(tx, token, 'update');
        const response = await checkedAnswers(tx, row, link.group_id, answers);
        await tx.query('update cchc_survey_links set draft = $2 where token_sha256 = $1', [
          link.token_sha256,
          JSON.stringify(response.answers),
        ]);
      });
    },

    async signSurvey(token, signature) {
      await sql.transaction(async (tx) => {
        const { link, row } = await openLink(tx, token, 'update');
        if (anonymityOf(row, link.group_id) !== 'signed')
          throw new RoundsError('survey-signature-unexpected', {});
        const parsed = signatureSchema.safeParse(signature);
        if (!parsed.success)
          throw new RoundsError(
            'survey-signature-needed',
            {},
            { issues: fromZodIssues(parsed.error.issues) },
          );
        const signed = parsed.data;
        await tx.query('update cchc_survey_links set signature = $2 where token_sha256 = $1', [
          link.token_sha256,
          JSON.stringify(signed),
        ]);
      });
    },

    async submitSurveyResponse(token, answers) {
      await sql.transaction(async (tx) => {
        // The link's row locked: of two sendings at once, the second waits and finds it used.
        const { link, row } = await openLink(tx, token, 'update');
        const response = await checkedAnswers(tx, row, link.group_id, answers);
        const anonymity = anonymityOf(row, link.group_id);
        if (anonymity === 'signed' && link.signature === null)
          throw new RoundsError('survey-signature-needed', {});
        const used = await tx.query(
          `update cchc_survey_links set used_at = $2, draft = null, signature = null
            where token_sha256 = $1 and used_at is null returning 1`,
          [link.token_sha256, stamp()],
        );
        if (used.length === 0) throw new RoundsError('survey-link-used', {});
        // Read only for a form that is not anonymous: otherwise nothing joins the response to its link.
        const [respondent] =
          anonymity === 'none'
            ? await tx.query<{ id: string }>(
                'select id from cchc_survey_respondents where token_sha256 = $1',
                [link.token_sha256],
              )
            : [];
        await storeResponse(tx, row, response, 'link', {
          respondent: respondent?.id,
          signature: link.signature ?? undefined,
        });
      });
    },

    async surveyVersions(caller, roundId) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        await surveyRow(tx, roundId);
        const rows = await tx.query<{
          version: number;
          document: Record<string, unknown>;
          key_name: string;
          at: string;
        }>(
          'select version, document, key_name, at from cchc_survey_versions where round_id = $1 order by version',
          [roundId],
        );
        return rows.map((row) => ({
          version: row.version,
          document: row.document,
          key: row.key_name,
          at: row.at,
        }));
      });
    },

    ...surveyEntryMethods(context, store),
    ...surveyRespondentMethods(context, store),
    ...surveyResultMethods(context, store, counting, editLayer),
    ...surveyComparisonMethods(context, store, counting.tallied),
  };
}

/**
 * The survey's respondent list (admin only): the people each group asks, invited by e-mail through the
 * outbox (or handed their link) and reminded while their link is unused. The list knows who was sent a link
 * and whether it was used, never what was answered: a response keeps its respondent only when its group's
 * form is not anonymous (`anonymity: none`), and a signed form keeps the name the respondent wrote.
 */
import { randomUUID } from 'node:crypto';
import type { SurveyResponse } from '@cchc/core';
import { issue } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { type MailMessage, queueMailIn } from './outbox.js';
import type { SqlClient } from './sql.js';
import {
  newToken,
  SURVEY_LINK_LIMITS,
  type SurveyRow,
  type SurveySignature,
  type SurveyStore,
  tokenHash,
} from './survey-store.js';

/** A person on the survey's respondent list, and where their link stands. */
export interface SurveyRespondent {
  readonly id: string;
  readonly group: string;
  readonly name: string;
  readonly email: string | null;
  /** Where they work, as the list gives it. */
  readonly organisation: string | null;
  /** `listed`: no link yet; `invited`: a link sent or handed out, not used; `answered`: the link sent answers. */
  readonly state: 'listed' | 'invited' | 'answered';
  readonly invitedAt: string | null;
  /** Reminders sent after the invitation. */
  readonly reminders: number;
}

export interface SurveyRespondentList {
  readonly total: number;
  readonly byState: Readonly<Record<SurveyRespondent['state'], number>>;
  /** A page of the list, by group then name. */
  readonly respondents: readonly SurveyRespondent[];
}

/** What an invitation or a reminder says, for the caller to word (its link carries `token`). */
export interface SurveyInvitation {
  readonly kind: 'invitation' | 'reminder';
  readonly token: string;
  readonly name: string;
  readonly round: string;
  readonly title: string;
  readonly closes: string;
  readonly group: string;
}

/** Words an invitation or reminder as a message. */
export type SurveyMailWords = (
  invitation: SurveyInvitation,
) => Pick<MailMessage, 'subject' | 'text' | 'html'>;

/** A stored response as the admin reads it, with who answered where the group's form says so. */
export interface StoredSurveyResponse {
  readonly group: string;
  /** The day it came (in Vietnam): no time, so that it cannot be joined to a link's time of use. */
  readonly day: string;
  readonly source: 'link' | 'paper' | 'import';
  readonly serial: number | null;
  /** The respondent its link was sent to, on a form that is not anonymous. */
  readonly respondent: { readonly name: string; readonly organisation: string | null } | null;
  /** The name and position written on a signed form. */
  readonly signature: SurveySignature | null;
  readonly answers: SurveyResponse['answers'];
}

export interface SurveyRespondentMethods {
  /**
   * Adds people to the respondent list (admin): `{ respondents: [{ group, name, email?, organisation? }] }`,
   * at most 5,000 a request and 200,000 a survey; an e-mail address once per survey. Refused once the
   * survey is closed (`survey-closed`), as is taking someone off.
   */
  addSurveyRespondents(caller: Caller, round: string, body: unknown): Promise<{ readonly added: number }>;
  /** The respondent list (admin), a page at a time (`limit` ≤ 1,000), with how many stand where. */
  surveyRespondents(
    caller: Caller,
    round: string,
    options?: { readonly group?: string; readonly offset?: number; readonly limit?: number },
  ): Promise<SurveyRespondentList>;
  /** Takes someone off the list (admin), until they were sent a link. */
  removeSurveyRespondent(caller: Caller, round: string, id: string): Promise<void>;
  /**
   * Issues a link to each listed person not invited yet (admin; at most 5,000 a call, `remaining` says how
   * many wait): those with an e-mail address are sent it through the outbox, in the same transaction; the
   * others' links are answered once, here, to be handed out.
   */
  inviteSurveyRespondents(
    caller: Caller,
    round: string,
    words: SurveyMailWords,
    options?: { readonly group?: string },
  ): Promise<{
    readonly mailed: number;
    readonly handed: readonly { readonly id: string; readonly name: string; readonly token: string }[];
    readonly remaining: number;
  }>;
  /**
   * Reminds by e-mail each invited person whose link is unused (admin; at most 5,000 a call): their link
   * is issued again under a new token (the one in the earlier message no longer opens it), answers saved
   * through it kept.
   */
  remindSurveyRespondents(
    caller: Caller,
    round: string,
    words: SurveyMailWords,
  ): Promise<{ readonly reminded: number }>;
  /** The stored responses (admin), a page at a time (`limit` ≤ 500), with who answered where the form says so. */
  surveyResponses(
    caller: Caller,
    round: string,
    options?: { readonly group?: string; readonly offset?: number; readonly limit?: number },
  ): Promise<{ readonly total: number; readonly responses: readonly StoredSurveyResponse[] }>;
}

const respondentsSchema = z.strictObject({
  respondents: z
    .array(
      z.strictObject({
        group: z.string().min(1).max(200),
        name: z.string().trim().min(1).max(200),
        email: z.email().max(254).optional(),
        organisation: z.string().trim().min(1).max(300).optional(),
      }),
    )
    .min(1)
    .max(SURVEY_LINK_LIMITS.perRequest),
});

interface RespondentRow {
  id: string;
  group_id: string;
  name: string;
  email: string | null;
  organisation: string | null;
  token_sha256: string | null;
  invited_at: string | null;
  reminders: number;
  used_at: string | null;
}

const stateOf = (row: Pick<RespondentRow, 'token_sha256' | 'used_at'>): SurveyRespondent['state'] =>
  row.token_sha256 === null ? 'listed' : row.used_at === null ? 'invited' : 'answered';

const pageOf = (options: { readonly offset?: number; readonly limit?: number }, most: number) => ({
  offset: Math.max(0, Math.trunc(options.offset ?? 0)),
  limit: Math.min(Math.max(1, Math.trunc(options.limit ?? most)), most),
});

export function surveyRespondentMethods(context: RoundsContext, store: SurveyStore): SurveyRespondentMethods {
  const { sql, stamp, loadSet, loadRound } = context;
  const { surveyRow, planOf, requireOpenSurvey, insertLinks } = store;

  /** The plan's groups by id with their names, to check a group named and to word a message. */
  async function groupNames(tx: SqlClient, row: SurveyRow): Promise<Map<string, string>> {
    const plan = planOf(await loadSet(tx, row.document.criteriaSet), row);
    return new Map(plan.groups.map((group) => [group.id, group.name]));
  }

  const mailFor = (
    caller: Caller,
    row: SurveyRow,
    words: SurveyMailWords,
    invitation: Omit<SurveyInvitation, 'round' | 'title' | 'closes'>,
    to: string,
    key: string,
  ): MailMessage => ({
    key,
    to,
    authority: caller.authority,
    ...words({ ...invitation, round: row.round_id, title: row.document.title, closes: row.document.closes }),
  });

  return {
    async addSurveyRespondents(caller, roundId, body) {
      requireMay(caller, 'manage');
      const { respondents } = parsedOrRefused(respondentsSchema, body, 'survey-respondents-errors');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        // Closed, the survey takes nobody more: nothing of it changes any more.
        requireOpenSurvey(row);
        const groups = await groupNames(tx, row);
        const issues = [];
        const emails = new Map<string, number>();
        for (const [at, respondent] of respondents.entries()) {
          if (!groups.has(respondent.group))
            issues.push(
              issue('invalid_survey', ['respondents', at, 'group'], {
                problem: 'unknown_group',
                group: respondent.group,
              }),
            );
          const email = respondent.email?.toLowerCase();
          if (email === undefined) continue;
          const first = emails.get(email);
          if (first !== undefined)
            issues.push(
              issue('invalid_value', ['respondents', at, 'email'], {
                detail: `${respondent.email} is also respondent ${first}`,
              }),
            );
          else emails.set(email, at);
        }
        const listed = await tx.query<{ email: string }>(
          'select lower(email) as email from cchc_survey_respondents where round_id = $1 and lower(email) = any($2)',
          [roundId, [...emails.keys()]],
        );
        for (const { email } of listed)
          issues.push(
            issue('invalid_value', ['respondents', emails.get(email)!, 'email'], {
              detail: `${email} is on the list already`,
            }),
          );
        if (issues.length > 0) throw new RoundsError('survey-respondents-errors', {}, { issues });
        const [{ count }] = (await tx.query<{ count: number }>(
          'select count(*)::int as count from cchc_survey_respondents where round_id = $1',
          [roundId],
        )) as [{ count: number }];
        if (count + respondents.length > SURVEY_LINK_LIMITS.perSurvey)
          throw new RoundsError('survey-respondents-full', { limit: SURVEY_LINK_LIMITS.perSurvey });
        const at = stamp();
        for (let start = 0; start < respondents.length; start += 1000) {
          const slice = respondents.slice(start, start + 1000);
          await tx.query(
            `insert into cchc_survey_respondents (id, round_id, group_id, name, email, organisation, key_name, at)
               select id, $2, group_id, name, email, organisation, $7, $8
                 from unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                   as listed(id, group_id, name, email, organisation)`,
            [
              slice.map(() => randomUUID()),
              roundId,
              slice.map((respondent) => respondent.group),
              slice.map((respondent) => respondent.name),
              slice.map((respondent) => respondent.email ?? null),
              slice.map((respondent) => respondent.organisation ?? null),
              caller.name,
              at,
            ],
          );
        }
        return { added: respondents.length };
      });
    },

    async surveyRespondents(caller, roundId, options = {}) {
      requireMay(caller, 'manage');
      const { offset, limit } = pageOf(options, 1000);
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        await surveyRow(tx, roundId);
        const from = `from cchc_survey_respondents respondent
            left join cchc_survey_links link on link.token_sha256 = respondent.token_sha256
           where respondent.round_id = $1 and ($2::text is null or respondent.group_id = $2)`;
        const counts = await tx.query<{ state: SurveyRespondent['state']; count: number }>(
          `select case when respondent.token_sha256 is null then 'listed'
                       when link.used_at is null then 'invited' else 'answered' end as state,
                  count(*)::int as count ${from} group by 1`,
          [roundId, options.group ?? null],
        );
        const rows = await tx.query<RespondentRow>(
          `select respondent.id, respondent.group_id, respondent.name, respondent.email, respondent.organisation,
                  respondent.token_sha256, respondent.invited_at, respondent.reminders, link.used_at
             ${from} order by respondent.group_id, respondent.name, respondent.id offset $3 limit $4`,
          [roundId, options.group ?? null, offset, limit],
        );
        const byState = { listed: 0, invited: 0, answered: 0 };
        for (const { state, count } of counts) byState[state] = count;
        return {
          total: byState.listed + byState.invited + byState.answered,
          byState,
          respondents: rows.map((row) => ({
            id: row.id,
            group: row.group_id,
            name: row.name,
            email: row.email,
            organisation: row.organisation,
            state: stateOf(row),
            invitedAt: row.invited_at,
            reminders: row.reminders,
          })),
        };
      });
    },

    async removeSurveyRespondent(caller, roundId, id) {
      requireMay(caller, 'manage');
      await sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        requireOpenSurvey(await surveyRow(tx, roundId, 'update'));
        const [found] = await tx.query<{ name: string; token_sha256: string | null }>(
          'select name, token_sha256 from cchc_survey_respondents where round_id = $1 and id = $2 for update',
          [roundId, id],
        );
        if (!found) throw new RoundsError('survey-respondent-not-found', { id });
        if (found.token_sha256 !== null)
          throw new RoundsError('survey-respondent-invited', { name: found.name });
        await tx.query('delete from cchc_survey_respondents where id = $1', [id]);
      });
    },

    async inviteSurveyRespondents(caller, roundId, words, options = {}) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        requireOpenSurvey(row);
        const groups = await groupNames(tx, row);
        const waiting = await tx.query<RespondentRow>(
          `select id, group_id, name, email from cchc_survey_respondents
            where round_id = $1 and token_sha256 is null and ($2::text is null or group_id = $2)
            order by group_id, name, id limit $3`,
          [roundId, options.group ?? null, SURVEY_LINK_LIMITS.perRequest],
        );
        const [issued] = await tx.query<{ count: number }>(
          'select count(*)::int as count from cchc_survey_links where round_id = $1',
          [roundId],
        );
        if (issued!.count + waiting.length > SURVEY_LINK_LIMITS.perSurvey)
          throw new RoundsError('survey-links-full', { limit: SURVEY_LINK_LIMITS.perSurvey });
        const at = stamp();
        const invited = waiting.map((respondent) => ({ respondent, token: newToken() }));
        for (const group of new Set(waiting.map((respondent) => respondent.group_id)))
          await insertLinks(
            tx,
            row,
            group,
            invited.filter((link) => link.respondent.group_id === group),
          );
        await tx.query(
          `update cchc_survey_respondents respondent set token_sha256 = issued.hash, invited_at = $3
             from unnest($1::text[], $2::text[]) as issued(id, hash) where respondent.id = issued.id`,
          [invited.map(({ respondent }) => respondent.id), invited.map(({ token }) => tokenHash(token)), at],
        );
        const mail: MailMessage[] = [];
        for (const { respondent, token } of invited) {
          if (respondent.email !== null)
            mail.push(
              mailFor(
                caller,
                row,
                words,
                { kind: 'invitation', token, name: respondent.name, group: groups.get(respondent.group_id)! },
                respondent.email,
                `khao-sat:moi:${roundId}:${respondent.id}`,
              ),
            );
        }
        await queueMailIn(tx, mail, at);
        const [left] = await tx.query<{ count: number }>(
          `select count(*)::int as count from cchc_survey_respondents
            where round_id = $1 and token_sha256 is null and ($2::text is null or group_id = $2)`,
          [roundId, options.group ?? null],
        );
        return {
          mailed: mail.length,
          handed: invited
            .filter(({ respondent }) => respondent.email === null)
            .map(({ respondent, token }) => ({ id: respondent.id, name: respondent.name, token })),
          remaining: left!.count,
        };
      });
    },

    async remindSurveyRespondents(caller, roundId, words) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        requireOpenSurvey(row);
        const groups = await groupNames(tx, row);
        const unanswered = await tx.query<RespondentRow & { email: string }>(
          `select respondent.id, respondent.group_id, respondent.name, respondent.email,
                  respondent.token_sha256, respondent.reminders
             from cchc_survey_respondents respondent
             join cchc_survey_links link on link.token_sha256 = respondent.token_sha256
            where respondent.round_id = $1 and respondent.email is not null and link.used_at is null
            order by respondent.reminders, respondent.id limit $2`,
          [roundId, SURVEY_LINK_LIMITS.perRequest],
        );
        const at = stamp();
        // A new token for each link: the message carries the token, the store only its hash.
        const tokens = unanswered.map(() => newToken());
        const [ids, before, after] = [
          unanswered.map((respondent) => respondent.id),
          unanswered.map((respondent) => respondent.token_sha256),
          tokens.map(tokenHash),
        ];
        await tx.query(
          `update cchc_survey_links link set token_sha256 = renewed.after
             from unnest($1::text[], $2::text[]) as renewed(before, after) where link.token_sha256 = renewed.before`,
          [before, after],
        );
        await tx.query(
          `update cchc_survey_respondents respondent
              set token_sha256 = renewed.after, reminders = respondent.reminders + 1
             from unnest($1::text[], $2::text[]) as renewed(id, after) where respondent.id = renewed.id`,
          [ids, after],
        );
        const mail: MailMessage[] = [];
        for (const [position, respondent] of unanswered.entries()) {
          const token = tokens[position]!;
          mail.push(
            mailFor(
              caller,
              row,
              words,
              { kind: 'reminder', token, name: respondent.name, group: groups.get(respondent.group_id)! },
              respondent.email,
              `khao-sat:nhac:${roundId}:${respondent.id}:${respondent.reminders + 1}`,
            ),
          );
        }
        await queueMailIn(tx, mail, at);
        return { reminded: mail.length };
      });
    },

    async surveyResponses(caller, roundId, options = {}) {
      requireMay(caller, 'manage');
      const { offset, limit } = pageOf(options, 500);
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        await surveyRow(tx, roundId);
        const [counted] = await tx.query<{ count: number }>(
          `select count(*)::int as count from cchc_survey_responses
            where round_id = $1 and ($2::text is null or group_id = $2)`,
          [roundId, options.group ?? null],
        );
        // By day, then by the response's random id: not in the order they came, which would tell
        // the order of the links used.
        const rows = await tx.query<{
          group_id: string;
          day: string;
          source: StoredSurveyResponse['source'];
          serial: number | null;
          answers: SurveyResponse['answers'];
          signature: SurveySignature | null;
          name: string | null;
          organisation: string | null;
        }>(
          `select response.group_id, response.day, response.source, response.serial, response.answers,
                  response.signature, respondent.name, respondent.organisation
             from cchc_survey_responses response
             left join cchc_survey_respondents respondent on respondent.id = response.respondent_id
            where response.round_id = $1 and ($2::text is null or response.group_id = $2)
            order by response.day, response.id offset $3 limit $4`,
          [roundId, options.group ?? null, offset, limit],
        );
        return {
          total: counted!.count,
          responses: rows.map((response) => ({
            group: response.group_id,
            day: response.day,
            source: response.source,
            serial: response.serial,
            respondent:
              response.name === null ? null : { name: response.name, organisation: response.organisation },
            signature: response.signature,
            answers: response.answers,
          })),
        };
      });
    },
  };
}

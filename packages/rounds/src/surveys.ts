/**
 * The survey of a round (điều tra xã hội học): the admin plans it (groups, the units each rates, their
 * forms of questions tied to the set's survey criteria, the minimum respondents, until when it runs),
 * issues one-time links and numbered paper forms; respondents answer through a link without an account,
 * saving and coming back through the same link, and send once; an entry officer types the paper forms;
 * when the survey closes, its counts are written into each unit's appraisal as the entries the `survey`
 * rule scores (core's `tallySurvey`), a new revision in the layer's history like any other write.
 *
 * Anonymity: responses are held apart from the links. A link is kept as the SHA-256 of its token and
 * whether it was used; a response keeps its group, its answers and its day, and no column joins the two.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type CriteriaSet,
  isDeadline,
  isPast,
  parseSurveyPlan,
  type SurveyPlan,
  type SurveyResponse,
  type SurveyTally,
  surveyResponseIssues,
  tallySurvey,
  vietnamDate,
} from '@cchc/core';
import { canonicalJson, fromZodIssues, issue, surveyCredits } from '@cchc/core/internal';
import { z } from 'zod';
import { may, requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { layerClosure } from './layer-state.js';
import { type Layer, layerBefore } from './schema.js';
import type { SqlClient } from './sql.js';
import type { Rounds } from './types.js';

/** The most links and paper forms one survey issues, and in one request. */
export const SURVEY_LINK_LIMITS = { perSurvey: 200_000, perRequest: 5_000 } as const;

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
  /** By unit id, the responses that rate it. */
  readonly byUnit: Readonly<Record<string, number>>;
}

/** What typing a paper form did: stored as a response, or kept as the first of two typings. */
export interface PaperEntry {
  readonly serial: number;
  readonly state: 'stored' | 'first';
}

/** One place where two typings of a paper form differ. */
export interface PaperDifference {
  readonly unit: string;
  readonly code: string;
  readonly first: string | null;
  readonly second: string | null;
}

/** What a respondent sees through a link: the form, and what they saved before. */
export interface SurveyForm {
  readonly round: string;
  readonly title: string;
  readonly closes: string;
  readonly group: { readonly id: string; readonly name: string };
  readonly units: readonly { readonly id: string; readonly name: string }[];
  readonly questions: readonly {
    readonly code: string;
    readonly text: string;
    readonly options: readonly string[];
  }[];
  /** Answers saved through this link and not sent yet. */
  readonly draft: SurveyResponse['answers'] | null;
}

/** Per unit, what the survey's answers say: core's tally, for the admin, appraisers, and the unit after publication. */
export interface SurveyResults {
  readonly round: string;
  readonly criteriaSet: string;
  readonly minimumRespondents: number;
  /** The survey's name. */
  readonly title: string;
  /** The respondent groups, by id, with their names. */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** The survey criteria its forms ask about, in the forms' order, with their names in the set. */
  readonly criteria: readonly { readonly code: string; readonly name: string }[];
  readonly units: SurveyTally['units'];
}

/** A survey closed: its counts, and the units whose appraisal took them and those that could not yet. */
export interface ClosedSurvey extends SurveyResults {
  readonly written: readonly string[];
  /** Each with why (in Vietnamese): an appraisal locked, or a unit with nothing to start from yet. */
  readonly notWritten: readonly { readonly unit: string; readonly code: string; readonly reason: string }[];
}

export interface SurveyMethods {
  /**
   * Plans the round's survey (admin): `{ criteriaSet, title, closes, groups, minimumRespondents?, pooling? }`
   * (groups as core's `parseSurveyPlan` reads them, their units the round's units scored by that set).
   * Once a link or paper form is issued its forms are frozen: only `closes` may change.
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
  /** Sends a link's answers: stored once; a second sending through the link is refused (`survey-link-used`). */
  submitSurveyResponse(token: string, answers: unknown): Promise<void>;
  /** The form of the group a paper form's serial number belongs to, for typing it (admin, appraisers). */
  surveyPaperForm(caller: Caller, round: string, serial: number): Promise<SurveyForm>;
  /**
   * Types a paper form by its serial number (admin, appraisers): stored once per serial. With `doubleEntry`
   * in the plan, the first typing is kept aside (`first`) and the second compared with it: the same, the
   * response is stored; otherwise refused (`survey-entries-differ`, its details list each difference), until
   * one typing is confirmed with `settle` after the differences were looked at.
   */
  enterSurveyPaper(
    caller: Caller,
    round: string,
    serial: number,
    answers: unknown,
    options?: { readonly settle?: boolean },
  ): Promise<PaperEntry>;
  /**
   * Closes the survey (admin) if still open, counts it and writes each unit's survey criteria into its
   * appraisal (a new revision by the caller, the other entries as they were; an appraisal not begun starts
   * from the layer before it). A unit whose appraisal cannot take them yet (locked, or no assessment to
   * start from) is said in `notWritten`; closing again writes it then, the others unchanged.
   */
  closeSurvey(caller: Caller, round: string): Promise<ClosedSurvey>;
  /**
   * The counts per unit and criterion (admin, appraisers); a unit reads its own, after publication, with
   * the groups fewer than the minimum counted left out.
   */
  surveyResults(caller: Caller, round: string): Promise<SurveyResults>;
}

const surveyBodySchema = z.strictObject({
  criteriaSet: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(300),
  closes: z.string().refine(isDeadline, { message: 'a date (2026-03-31) or a date-time with its offset' }),
  groups: z.unknown(),
  minimumRespondents: z.unknown().optional(),
  pooling: z.unknown().optional(),
  /** Paper forms typed twice and compared before they count (default false). */
  doubleEntry: z.boolean().optional(),
});

const issueBodySchema = z.strictObject({
  group: z.string().min(1).max(200),
  count: z.int().min(1).max(SURVEY_LINK_LIMITS.perRequest),
  paper: z.boolean().optional(),
});

/** Answers as a response gives them: by unit, by criterion code, an option or null (bounded before core reads them). */
export const answersSchema = z
  .record(
    z.string().min(1).max(200),
    z.record(z.string().min(1).max(50), z.string().min(1).max(200).nullable()),
  )
  .refine((answers) => Object.keys(answers).length <= 200, { message: 'at most 200 units' });

export interface SurveyRow {
  round_id: string;
  document: z.output<typeof surveyBodySchema> & { groups: unknown };
  closed_at: string | null;
  applied_at: string | null;
  key_name: string;
  at: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** `2026-03-31`: the day of an instant in Vietnam. */
function dayInVietnam(instant: Date): string {
  const { year, month, day } = vietnamDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function surveyMethods(context: RoundsContext, editLayer: Rounds['editLayer']): SurveyMethods {
  const { sql, now, stamp, loadSet, loadRound } = context;

  async function surveyRow(tx: SqlClient, round: string, lock?: 'update'): Promise<SurveyRow> {
    const [row] = await tx.query<SurveyRow>(
      `select round_id, document, closed_at, applied_at, key_name, at from cchc_surveys where round_id = $1${lock ? ' for update' : ''}`,
      [round],
    );
    if (!row) throw new RoundsError('survey-not-found', { round });
    return row;
  }

  /** The plan as core reads it, against its set (stored plans were checked when stored). */
  function planOf(set: CriteriaSet, row: SurveyRow): SurveyPlan {
    const { groups, minimumRespondents, pooling } = row.document;
    const parsed = parseSurveyPlan(set, { groups, minimumRespondents, pooling });
    if (!parsed.success) throw new Error(`the stored survey of '${row.round_id}' no longer reads`);
    return parsed.data;
  }

  const isOpen = (row: SurveyRow) => row.closed_at === null && !isPast(row.document.closes, now());

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
              byUnit: Object.fromEntries(
                group.units.map((unit) => [
                  unit,
                  rated.find((found) => found.group_id === group.id && found.unit === unit)?.count ?? 0,
                ]),
              ),
            },
          ];
        }),
      ),
    };
  }

  /** The link a token names, with its survey; refused when unknown. */
  async function linkOf(tx: SqlClient, token: string, lock?: 'update') {
    if (!TOKEN_PATTERN.test(token)) throw new RoundsError('survey-link-unknown', {});
    const [link] = await tx.query<{
      token_sha256: string;
      round_id: string;
      group_id: string;
      serial: number | null;
      draft: SurveyResponse['answers'] | null;
      used_at: string | null;
    }>(
      `select token_sha256, round_id, group_id, serial, draft, used_at from cchc_survey_links
        where token_sha256 = $1${lock ? ' for update' : ''}`,
      [tokenHash(token)],
    );
    // A paper form's token is never handed to a respondent: it opens nothing.
    if (!link || link.serial !== null) throw new RoundsError('survey-link-unknown', {});
    return link;
  }

  /** A link that still takes answers, with its survey: refused when used, or when the survey is closed. */
  async function openLink(tx: SqlClient, token: string, lock?: 'update') {
    const link = await linkOf(tx, token, lock);
    if (link.used_at !== null) throw new RoundsError('survey-link-used', {});
    const row = await surveyRow(tx, link.round_id);
    requireOpenSurvey(row);
    return { link, row };
  }

  /** The answers of a response, read and checked against the plan; refused with every issue and its path. */
  async function checkedAnswers(
    tx: SqlClient,
    row: SurveyRow,
    group: string,
    answers: unknown,
  ): Promise<SurveyResponse> {
    const parsed = answersSchema.safeParse(answers);
    if (!parsed.success) {
      const issues = fromZodIssues(parsed.error.issues, ['answers']);
      throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
    }
    const response: SurveyResponse = { group, answers: parsed.data };
    const set = await loadSet(tx, row.document.criteriaSet);
    const issues = surveyResponseIssues(set, planOf(set, row), response);
    if (issues.length > 0)
      throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
    return response;
  }

  function requireOpenSurvey(row: SurveyRow): void {
    if (!isOpen(row)) throw new RoundsError('survey-closed', { closes: row.document.closes });
  }

  async function storeResponse(
    tx: SqlClient,
    row: SurveyRow,
    response: SurveyResponse,
    source: 'link' | 'paper',
    paper?: { serial: number; key: string },
  ) {
    await tx.query(
      `insert into cchc_survey_responses (id, round_id, group_id, answers, source, serial, key_name, day)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        row.round_id,
        response.group,
        JSON.stringify(response.answers),
        source,
        paper?.serial ?? null,
        paper?.key ?? null,
        // The day alone, in Vietnam: a response's time would join it to its link's time of use.
        dayInVietnam(now()),
      ],
    );
  }

  async function tallied(
    tx: SqlClient,
    row: SurveyRow,
  ): Promise<{ set: CriteriaSet; plan: SurveyPlan; tally: SurveyTally }> {
    const set = await loadSet(tx, row.document.criteriaSet);
    const plan = planOf(set, row);
    // Closed, the counts no longer change: those kept at the close are read.
    if (row.closed_at !== null) {
      const [kept] = await tx.query<{ tally: SurveyTally | null }>(
        'select tally from cchc_surveys where round_id = $1',
        [row.round_id],
      );
      if (kept?.tally) return { set, plan, tally: inPlanOrder(kept.tally, plan, set) };
    }
    const responses = await tx.query<{ group_id: string; answers: SurveyResponse['answers'] }>(
      'select group_id, answers from cchc_survey_responses where round_id = $1',
      [row.round_id],
    );
    const counted = tallySurvey(
      set,
      plan,
      responses.map((response) => ({ group: response.group_id, answers: response.answers })),
    );
    // Every response was checked against the frozen plan when stored.
    if (!counted.success) throw new Error(`the stored responses of '${row.round_id}' no longer count`);
    return { set, plan, tally: counted.data };
  }

  /** What every reader of the counts needs with them, the criteria's names read from the set here once. */
  const results = (
    row: SurveyRow,
    set: CriteriaSet,
    plan: SurveyPlan,
    tally: SurveyTally,
  ): SurveyResults => ({
    round: row.round_id,
    criteriaSet: row.document.criteriaSet,
    title: row.document.title,
    minimumRespondents: plan.minimumRespondents,
    groups: plan.groups.map((group) => ({ id: group.id, name: group.name })),
    criteria: [
      ...new Set(plan.groups.flatMap((group) => group.questions.map((question) => question.code))),
    ].map((code) => ({ code, name: set.byCode.get(code)!.name })),
    units: tally.units,
  });

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
        const [existing] = await tx.query<SurveyRow>(
          'select round_id, document, closed_at, applied_at, key_name, at from cchc_surveys where round_id = $1 for update',
          [roundId],
        );
        if (existing) {
          const [issued] = await tx.query<{ count: number }>(
            'select count(*)::int as count from cchc_survey_links where round_id = $1',
            [roundId],
          );
          // Compared as read, whatever the order of keys the store keeps them in: the closing day aside.
          const frozen = (body: z.output<typeof surveyBodySchema>, read: SurveyPlan) =>
            canonicalJson({
              criteriaSet: body.criteriaSet,
              title: body.title,
              doubleEntry: body.doubleEntry === true,
              plan: read,
            });
          const before = planOf(await loadSet(tx, existing.document.criteriaSet), existing);
          if (issued!.count > 0 && frozen(existing.document, before) !== frozen(document, plan.data))
            throw new RoundsError('survey-frozen', { issued: issued!.count });
        }
        const at = stamp();
        await tx.query(
          `insert into cchc_surveys (round_id, document, key_name, at) values ($1, $2, $3, $4)
             on conflict (round_id) do update set document = excluded.document, key_name = excluded.key_name, at = excluded.at`,
          [roundId, JSON.stringify(document), caller.name, at],
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
        const at = stamp();
        const links = Array.from({ length: count }, (_, at) => ({
          // 128 bits, URL-safe: a link cannot be guessed.
          token: randomBytes(16).toString('base64url'),
          ...(paper ? { serial: firstSerial + at } : {}),
        }));
        // In slices: one statement per thousand links rather than per link.
        for (let start = 0; start < links.length; start += 1000) {
          const slice = links.slice(start, start + 1000);
          await tx.query(
            `insert into cchc_survey_links (token_sha256, round_id, group_id, serial, issued_at)
               select hash, $2, $3, serial, $4 from unnest($1::text[], $5::int[]) as issued(hash, serial)`,
            [
              slice.map((link) => tokenHash(link.token)),
              roundId,
              group,
              at,
              slice.map((link) => link.serial ?? null),
            ],
          );
        }
        return { group, links };
      });
    },

    async surveyForm(token) {
      return sql.transaction(async (tx) => {
        const { link, row } = await openLink(tx, token);
        return formOf(tx, row, link.group_id, link.draft);
      });
    },

    async surveyPaperForm(caller, roundId, serial) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        requireOpenSurvey(row);
        const [form] = await tx.query<{ group_id: string; used_at: string | null }>(
          'select group_id, used_at from cchc_survey_links where round_id = $1 and serial = $2',
          [roundId, serial],
        );
        if (!form) throw new RoundsError('survey-serial-unknown', { serial });
        if (form.used_at !== null) throw new RoundsError('survey-serial-used', { serial });
        return formOf(tx, row, form.group_id, null);
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

    async submitSurveyResponse(token, answers) {
      await sql.transaction(async (tx) => {
        // The link's row locked: of two sendings at once, the second waits and finds it used.
        const { link, row } = await openLink(tx, token, 'update');
        const response = await checkedAnswers(tx, row, link.group_id, answers);
        const used = await tx.query(
          'update cchc_survey_links set used_at = $2, draft = null where token_sha256 = $1 and used_at is null returning 1',
          [link.token_sha256, stamp()],
        );
        if (used.length === 0) throw new RoundsError('survey-link-used', {});
        await storeResponse(tx, row, response, 'link');
      });
    },

    async enterSurveyPaper(caller, roundId, serial, answers, options = {}) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx): Promise<PaperEntry> => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        requireOpenSurvey(row);
        const [form] = await tx.query<{
          token_sha256: string;
          group_id: string;
          used_at: string | null;
          draft: SurveyResponse['answers'] | null;
          entered_by: string | null;
        }>(
          `select token_sha256, group_id, used_at, draft, entered_by from cchc_survey_links
            where round_id = $1 and serial = $2 for update`,
          [roundId, serial],
        );
        if (!form) throw new RoundsError('survey-serial-unknown', { serial });
        if (form.used_at !== null) throw new RoundsError('survey-serial-used', { serial });
        const response = await checkedAnswers(tx, row, form.group_id, answers);
        if (row.document.doubleEntry && !options.settle) {
          if (form.draft === null) {
            await tx.query(
              'update cchc_survey_links set draft = $2, entered_by = $3 where token_sha256 = $1',
              [form.token_sha256, JSON.stringify(response.answers), caller.name],
            );
            return { serial, state: 'first' };
          }
          const differences = paperDifferences(form.draft, response.answers);
          if (differences.length > 0)
            throw new RoundsError(
              'survey-entries-differ',
              { serial, count: differences.length },
              { details: { differences, firstBy: form.entered_by } },
            );
        }
        await tx.query('update cchc_survey_links set used_at = $2, draft = null where token_sha256 = $1', [
          form.token_sha256,
          stamp(),
        ]);
        await storeResponse(tx, row, response, 'paper', { serial, key: caller.name });
        return { serial, state: 'stored' };
      });
    },

    async closeSurvey(caller, roundId) {
      requireMay(caller, 'manage');
      const { row, set, plan, tally, units } = await sql.transaction(async (tx) => {
        const round = context.requireUnpublished(await loadRound(tx, roundId, caller));
        let row = await surveyRow(tx, roundId, 'update');
        if (row.closed_at === null) {
          await tx.query('update cchc_surveys set closed_at = $2 where round_id = $1', [roundId, stamp()]);
          row = await surveyRow(tx, roundId);
        }
        const counted = await tallied(tx, row);
        await tx.query('update cchc_surveys set tally = $2 where round_id = $1', [
          roundId,
          JSON.stringify(counted.tally),
        ]);
        return { row, ...counted, units: round.document.units };
      });
      // Each unit's appraisal is written as any write is: its own transaction, checks and revision.
      const written: string[] = [];
      const notWritten: { unit: string; code: string; reason: string }[] = [];
      for (const [unit, unitTally] of Object.entries(tally.units)) {
        if (!units.some((candidate) => candidate.id === unit)) continue;
        try {
          const { layer, before } = await appraisalLayerOpen(roundId, unit, caller);
          await editLayer(caller, roundId, unit, layer, ({ document }) => {
            // An appraisal not yet begun starts from the layer before it (its own layer named by the round).
            const { layer: _before, ...base } = document ?? before ?? {};
            return {
              ...base,
              entries: { ...((base['entries'] as object | undefined) ?? {}), ...unitTally.entries },
            };
          });
          written.push(unit);
        } catch (error) {
          if (!(error instanceof RoundsError)) throw error;
          notWritten.push({ unit, code: error.code, reason: error.vi });
        }
      }
      if (notWritten.length === 0)
        await sql.query('update cchc_surveys set applied_at = $2 where round_id = $1', [roundId, stamp()]);
      return { ...results(row, set, plan, tally), written, notWritten };
    },

    async surveyResults(caller, roundId) {
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        const { set, plan, tally } = await tallied(tx, row);
        if (may(caller, 'enter-survey')) return results(row, set, plan, tally);
        const { role } = caller;
        // A unit reads its own figures once published; a group with fewer than the minimum counted
        // is left out, so that a few respondents' answers are not told apart.
        if (role.kind !== 'unit' || !round.published) throw new RoundsError('survey-hidden', {});
        const own = tally.units[role.unit];
        const minimum = plan.minimumRespondents;
        const units = own
          ? {
              [role.unit]: {
                ...own,
                respondents: Object.fromEntries(
                  Object.entries(own.respondents).filter(([, count]) => count >= minimum),
                ),
                criteria: Object.fromEntries(
                  Object.entries(own.criteria).map(([code, criterion]) => [
                    code,
                    {
                      ...criterion,
                      groups: Object.fromEntries(
                        Object.entries(criterion.groups).filter(([, count]) => count.answered >= minimum),
                      ),
                    },
                  ]),
                ),
              },
            }
          : {};
        return results(row, set, plan, { units });
      });
    },
  };

  /** The form of a group of the survey: the units it rates by name, its questions with their options. */
  async function formOf(
    tx: SqlClient,
    row: SurveyRow,
    groupId: string,
    draft: SurveyResponse['answers'] | null,
  ): Promise<SurveyForm> {
    const set = await loadSet(tx, row.document.criteriaSet);
    const group = planOf(set, row).groups.find((planned) => planned.id === groupId)!;
    const round = await loadRound(tx, row.round_id, null);
    const nameOf = (unit: string) =>
      round.document.units.find((candidate) => candidate.id === unit)?.name ?? unit;
    return {
      round: row.round_id,
      title: row.document.title,
      closes: row.document.closes,
      group: { id: group.id, name: group.name },
      units: group.units.map((unit) => ({ id: unit, name: nameOf(unit) })),
      questions: group.questions.map((question) => ({
        code: question.code,
        text: question.text,
        options: Object.keys(surveyCredits(set.byCode.get(question.code)!.rule!.params)),
      })),
      draft,
    };
  }

  /**
   * The appraisal layer a survey writes now (the final one, or with two passes the first while it is
   * open), and the document of the layer before it, where an appraisal not yet begun starts.
   */
  async function appraisalLayerOpen(
    roundId: string,
    unit: string,
    caller: Caller,
  ): Promise<{ layer: Layer; before: Record<string, unknown> | undefined }> {
    return sql.transaction(async (tx) => {
      const round = await context.loadRoundForUnit(tx, roundId, unit, caller);
      const facts = await context.unitPhase(tx, round, unit);
      const refusal = layerClosure({ ...round, ...facts }, unit, 'appraised', caller, now());
      const layer: Layer | undefined = !refusal
        ? 'appraised'
        : !layerClosure({ ...round, ...facts }, unit, 'appraised-1', caller, now())
          ? 'appraised-1'
          : undefined;
      if (layer === undefined) throw refusal;
      const before = await context.storedRevision(tx, roundId, unit, layerBefore(round.document, layer));
      return { layer, before: before?.document };
    });
  }
}

/**
 * Counts kept as jsonb come back with their keys in jsonb's order (shorter keys first): put back in the
 * plan's (units as the groups list them, criteria as the forms ask them) and the set's (options).
 */
function inPlanOrder(tally: SurveyTally, plan: SurveyPlan, set: CriteriaSet): SurveyTally {
  const ordered = <T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> =>
    Object.fromEntries(keys.filter((key) => Object.hasOwn(record, key)).map((key) => [key, record[key]!]));
  const units = [...new Set(plan.groups.flatMap((group) => group.units))];
  const codes = [
    ...new Set(plan.groups.flatMap((group) => group.questions.map((question) => question.code))),
  ];
  const groups = plan.groups.map((group) => group.id);
  const optionsOf = (code: string) => Object.keys(surveyCredits(set.byCode.get(code)!.rule!.params));
  return {
    units: Object.fromEntries(
      units
        .filter((unit) => Object.hasOwn(tally.units, unit))
        .map((unit) => {
          const unitTally = tally.units[unit]!;
          return [
            unit,
            {
              entries: ordered(unitTally.entries, codes),
              respondents: ordered(unitTally.respondents, groups),
              criteria: Object.fromEntries(
                codes
                  .filter((code) => Object.hasOwn(unitTally.criteria, code))
                  .map((code) => {
                    const criterion = unitTally.criteria[code]!;
                    const options = optionsOf(code);
                    return [
                      code,
                      {
                        ...criterion,
                        options: ordered(criterion.options, options),
                        groups: Object.fromEntries(
                          groups
                            .filter((group) => Object.hasOwn(criterion.groups, group))
                            .map((group) => [
                              group,
                              {
                                ...criterion.groups[group]!,
                                options: ordered(criterion.groups[group]!.options, options),
                              },
                            ]),
                        ),
                      },
                    ];
                  }),
              ),
            },
          ];
        }),
    ),
  };
}

/** Where two typings of a paper form differ: each unit and question answered otherwise (a blank as null). */
export function paperDifferences(
  first: SurveyResponse['answers'],
  second: SurveyResponse['answers'],
): PaperDifference[] {
  const differences: PaperDifference[] = [];
  for (const unit of new Set([...Object.keys(first), ...Object.keys(second)]))
    for (const code of new Set([...Object.keys(first[unit] ?? {}), ...Object.keys(second[unit] ?? {})])) {
      const [one, two] = [first[unit]?.[code] ?? null, second[unit]?.[code] ?? null];
      if (one !== two) differences.push({ unit, code, first: one, second: two });
    }
  return differences;
}

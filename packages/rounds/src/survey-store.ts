/**
 * What the survey's rooms share (surveys.ts: the plan, links, answers and counts; survey-entry.ts: paper
 * forms and imported ones; survey-respondents.ts: the respondent list and its invitations): the stored row
 * and its plan, the links, how a response is checked and stored, and the form a group answers.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type CriteriaSet,
  isDeadline,
  isPast,
  parseSurveyPlan,
  type SurveyPlan,
  type SurveyResponse,
  surveyResponseIssues,
  vietnamDate,
} from '@cchc/core';
import { fromZodIssues, surveyCredits } from '@cchc/core/internal';
import { z } from 'zod';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import type { SqlClient } from './sql.js';

/** The most links and paper forms one survey issues, and in one request. */
export const SURVEY_LINK_LIMITS = { perSurvey: 200_000, perRequest: 5_000 } as const;

/**
 * How a group's responses are kept: `apart` (the default) holds them apart from the links and the
 * respondent list, no column joining them; `none` keeps with each response the respondent its link was
 * sent to; `signed` asks the respondent for a name and position, kept with the response.
 */
export type SurveyAnonymity = 'apart' | 'none' | 'signed';
export const SURVEY_ANONYMITY = ['apart', 'none', 'signed'] as const;

export const surveyBodySchema = z.strictObject({
  criteriaSet: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(300),
  closes: z.string().refine(isDeadline, { message: 'a date (2026-03-31) or a date-time with its offset' }),
  groups: z.unknown(),
  minimumRespondents: z.unknown().optional(),
  pooling: z.unknown().optional(),
  /** Paper forms typed twice and compared before they count (default false). */
  doubleEntry: z.boolean().optional(),
  /** By group id, how its responses are kept (default `apart`). */
  anonymity: z.record(z.string().min(1).max(200), z.enum(SURVEY_ANONYMITY)).optional(),
});
export type SurveyDocument = z.output<typeof surveyBodySchema>;

/** Answers as a response gives them: by unit, by criterion code, an option or null (bounded before core reads them). */
export const answersSchema = z
  .record(
    z.string().min(1).max(200),
    z.record(z.string().min(1).max(50), z.string().min(1).max(200).nullable()),
  )
  .refine((answers) => Object.keys(answers).length <= 200, { message: 'at most 200 units' });

/** A signed form's signature: who answered, as they write it. */
export const signatureSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  position: z.string().trim().min(1).max(200),
});
export type SurveySignature = z.output<typeof signatureSchema>;

export interface SurveyRow {
  round_id: string;
  document: SurveyDocument & { groups: unknown };
  closed_at: string | null;
  applied_at: string | null;
  version: number;
  key_name: string;
  at: string;
}

/** What a respondent sees through a link: the form, and what they saved before. */
export interface SurveyForm {
  readonly round: string;
  readonly title: string;
  readonly closes: string;
  /** The version of the plan the form is of (each change before the first link is a new version). */
  readonly version: number;
  readonly group: { readonly id: string; readonly name: string };
  /** How the answers are kept: apart from who answered, with the respondent invited, or signed. */
  readonly anonymity: SurveyAnonymity;
  readonly units: readonly { readonly id: string; readonly name: string }[];
  readonly questions: readonly {
    readonly code: string;
    readonly text: string;
    readonly options: readonly string[];
  }[];
  /** Answers saved through this link and not sent yet. */
  readonly draft: SurveyResponse['answers'] | null;
  /** On a signed form, the name and position saved through this link. */
  readonly signature: SurveySignature | null;
}

/** A link's row: its hash, survey and group, its paper serial, what was saved through it. */
export interface LinkRow {
  token_sha256: string;
  round_id: string;
  group_id: string;
  serial: number | null;
  draft: SurveyResponse['answers'] | null;
  signature: SurveySignature | null;
  used_at: string | null;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** 128 bits, URL-safe: a link cannot be guessed. */
export const newToken = () => randomBytes(16).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** `2026-03-31`: the day of an instant in Vietnam. */
function dayInVietnam(instant: Date): string {
  const { year, month, day } = vietnamDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** How a group's responses are kept, as its plan says. */
export const anonymityOf = (row: SurveyRow, group: string): SurveyAnonymity =>
  row.document.anonymity?.[group] ?? 'apart';

const SURVEY_COLUMNS = 'round_id, document, closed_at, applied_at, version, key_name, at';

export function surveyStore(context: RoundsContext) {
  const { now, stamp, loadSet, loadRound } = context;

  async function surveyRow(tx: SqlClient, round: string, lock?: 'update'): Promise<SurveyRow> {
    const [row] = await tx.query<SurveyRow>(
      `select ${SURVEY_COLUMNS} from cchc_surveys where round_id = $1${lock ? ' for update' : ''}`,
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

  function requireOpenSurvey(row: SurveyRow): void {
    if (!isOpen(row)) throw new RoundsError('survey-closed', { closes: row.document.closes });
  }

  /** The link a token names; refused when unknown, or a paper form's (its token is never handed out). */
  async function linkOf(tx: SqlClient, token: string, lock?: 'update'): Promise<LinkRow> {
    if (!TOKEN_PATTERN.test(token)) throw new RoundsError('survey-link-unknown', {});
    const [link] = await tx.query<LinkRow>(
      `select token_sha256, round_id, group_id, serial, draft, signature, used_at from cchc_survey_links
        where token_sha256 = $1${lock ? ' for update' : ''}`,
      [tokenHash(token)],
    );
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

  /**
   * Stores links of a group (in slices: one statement per thousand), under the plan's version. Answers
   * nothing: the tokens are the caller's, hashed here.
   */
  async function insertLinks(
    tx: SqlClient,
    row: SurveyRow,
    group: string,
    links: readonly { readonly token: string; readonly serial?: number | undefined }[],
  ): Promise<void> {
    const at = stamp();
    for (let start = 0; start < links.length; start += 1000) {
      const slice = links.slice(start, start + 1000);
      await tx.query(
        `insert into cchc_survey_links (token_sha256, round_id, group_id, serial, issued_at, version)
           select hash, $2, $3, serial, $4, $6 from unnest($1::text[], $5::int[]) as issued(hash, serial)`,
        [
          slice.map((link) => tokenHash(link.token)),
          row.round_id,
          group,
          at,
          slice.map((link) => link.serial ?? null),
          row.version,
        ],
      );
    }
  }

  /**
   * A checker of responses against the survey's plan, the set and plan read once: each response's answers
   * read and checked, or refused with every issue and its path (`survey-answers-invalid`).
   */
  async function answersChecker(tx: SqlClient, row: SurveyRow) {
    const set = await loadSet(tx, row.document.criteriaSet);
    const plan = planOf(set, row);
    return (group: string, answers: unknown, path: readonly (string | number)[] = []): SurveyResponse => {
      const parsed = answersSchema.safeParse(answers);
      if (!parsed.success) {
        const issues = fromZodIssues(parsed.error.issues, [...path, 'answers']);
        throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
      }
      const response: SurveyResponse = { group, answers: parsed.data };
      const issues = surveyResponseIssues(set, plan, response, [...path]);
      if (issues.length > 0)
        throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
      return response;
    };
  }

  /** The answers of one response, read and checked against the plan; refused with every issue and its path. */
  const checkedAnswers = async (tx: SqlClient, row: SurveyRow, group: string, answers: unknown) =>
    (await answersChecker(tx, row))(group, answers);

  /**
   * Stores responses (a thousand to a statement). The respondent is kept only for a group whose form is not
   * anonymous, the signature only for a signed one: the caller passes what the group's anonymity allows.
   */
  async function storeResponses(
    tx: SqlClient,
    row: SurveyRow,
    source: 'link' | 'paper' | 'import',
    stored: readonly {
      readonly response: SurveyResponse;
      readonly serial?: number | undefined;
      readonly key?: string | undefined;
      readonly respondent?: string | undefined;
      readonly signature?: SurveySignature | undefined;
    }[],
  ): Promise<void> {
    // The day alone, in Vietnam: a response's time would join it to its link's time of use.
    const day = dayInVietnam(now());
    for (let start = 0; start < stored.length; start += 1000) {
      const slice = stored.slice(start, start + 1000);
      const anonymity = slice.map(({ response }) => anonymityOf(row, response.group));
      await tx.query(
        `insert into cchc_survey_responses
           (id, round_id, group_id, answers, source, serial, key_name, day, respondent_id, signature)
           select id, $2, group_id, answers::jsonb, $5, serial, key_name, $8, respondent_id, signature::jsonb
             from unnest($1::text[], $3::text[], $4::text[], $6::int[], $7::text[], $9::text[], $10::text[])
               as kept(id, group_id, answers, serial, key_name, respondent_id, signature)`,
        [
          slice.map(() => randomUUID()),
          row.round_id,
          slice.map(({ response }) => response.group),
          slice.map(({ response }) => JSON.stringify(response.answers)),
          source,
          slice.map((kept) => kept.serial ?? null),
          slice.map((kept) => kept.key ?? null),
          day,
          slice.map((kept, at) => (anonymity[at] === 'none' ? (kept.respondent ?? null) : null)),
          slice.map((kept, at) =>
            anonymity[at] === 'signed' && kept.signature ? JSON.stringify(kept.signature) : null,
          ),
        ],
      );
    }
  }

  /** Stores one response, as `storeResponses` does. */
  const storeResponse = (
    tx: SqlClient,
    row: SurveyRow,
    response: SurveyResponse,
    source: 'link' | 'paper' | 'import',
    kept: Omit<Parameters<typeof storeResponses>[3][number], 'response'> = {},
  ) => storeResponses(tx, row, source, [{ ...kept, response }]);

  /** The form of a group of the survey: the units it rates by name, its questions with their options. */
  async function formOf(
    tx: SqlClient,
    row: SurveyRow,
    groupId: string,
    saved: Pick<LinkRow, 'draft' | 'signature'> = { draft: null, signature: null },
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
      version: row.version,
      group: { id: group.id, name: group.name },
      anonymity: anonymityOf(row, group.id),
      units: group.units.map((unit) => ({ id: unit, name: nameOf(unit) })),
      questions: group.questions.map((question) => ({
        code: question.code,
        text: question.text,
        options: Object.keys(surveyCredits(set.byCode.get(question.code)!.rule!.params)),
      })),
      draft: saved.draft,
      signature: saved.signature,
    };
  }

  return {
    surveyRow,
    planOf,
    isOpen,
    requireOpenSurvey,
    linkOf,
    openLink,
    insertLinks,
    answersChecker,
    checkedAnswers,
    storeResponses,
    storeResponse,
    formOf,
  };
}

export type SurveyStore = ReturnType<typeof surveyStore>;

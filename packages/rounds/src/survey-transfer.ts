/**
 * A round's survey in its export and back (transfer.ts): the plan and its versions, the links by their
 * hashes, the respondent list and the responses, held apart as they are stored.
 */
import { randomUUID } from 'node:crypto';
import type { SurveyResponse } from '@cchc/core';
import { z } from 'zod';
import { RoundsError } from './errors.js';
import type { SqlClient } from './sql.js';
import {
  answersSchema,
  SURVEY_LINK_LIMITS,
  type SurveyRow,
  type SurveySignature,
  signatureSchema,
} from './survey-store.js';

/** The survey of a round in its export: the plan, the links (by hash) and the responses, held apart as stored. */
export const surveyExportSchema = z.object({
  document: z.record(z.string(), z.unknown()),
  closedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  tally: z.unknown().nullable(),
  /** Exports written before the plan had versions have none: the plan is its first. */
  version: z.int().positive().optional(),
  versions: z
    .array(
      z.object({
        version: z.int().positive(),
        document: z.record(z.string(), z.unknown()),
        key: z.string(),
        at: z.string(),
      }),
    )
    .max(10_000)
    .optional(),
  key: z.string(),
  at: z.string(),
  respondents: z
    .array(
      z.object({
        id: z.string(),
        group: z.string(),
        name: z.string(),
        email: z.string().nullable(),
        organisation: z.string().nullable(),
        tokenSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .nullable(),
        invitedAt: z.string().nullable(),
        reminders: z.int().nonnegative(),
        key: z.string(),
        at: z.string(),
      }),
    )
    .max(SURVEY_LINK_LIMITS.perSurvey)
    .optional(),
  /** Answers counted elsewhere, a tally sheet per group and unit (exports written before them have none). */
  counts: z
    .array(
      z.object({
        group: z.string(),
        unit: z.string(),
        respondents: z.int().nonnegative(),
        answers: z.record(z.string(), z.record(z.string(), z.int().nonnegative())),
        key: z.string(),
        at: z.string(),
      }),
    )
    .max(SURVEY_LINK_LIMITS.perSurvey)
    .optional(),
  links: z
    .array(
      z.object({
        tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
        group: z.string(),
        serial: z.int().positive().nullable(),
        draft: answersSchema.nullable(),
        /** Who typed the first of a paper form's two typings (its draft). */
        enteredBy: z.string().nullable().optional(),
        signature: signatureSchema.nullable().optional(),
        version: z.int().positive().optional(),
        issuedAt: z.string(),
        usedAt: z.string().nullable(),
      }),
    )
    .max(SURVEY_LINK_LIMITS.perSurvey),
  responses: z.array(
    z.object({
      id: z.string(),
      group: z.string(),
      answers: answersSchema,
      source: z.enum(['link', 'paper', 'import']),
      serial: z.int().positive().nullable(),
      key: z.string().nullable(),
      day: z.string(),
      /** The respondent (an id of `respondents`), kept only on a form that is not anonymous. */
      respondent: z.string().nullable().optional(),
      signature: signatureSchema.nullable().optional(),
    }),
  ),
});
export type SurveyExport = z.output<typeof surveyExportSchema>;

/** A round's survey for its export, or undefined when it has none. */
export async function exportSurvey(tx: SqlClient, round: string): Promise<SurveyExport | undefined> {
  const [row] = await tx.query<SurveyRow & { tally: unknown }>(
    'select round_id, document, closed_at, applied_at, tally, version, key_name, at from cchc_surveys where round_id = $1',
    [round],
  );
  if (!row) return undefined;
  const versions = await tx.query<{
    version: number;
    document: Record<string, unknown>;
    key_name: string;
    at: string;
  }>(
    'select version, document, key_name, at from cchc_survey_versions where round_id = $1 order by version',
    [round],
  );
  const respondents = await tx.query<{
    id: string;
    group_id: string;
    name: string;
    email: string | null;
    organisation: string | null;
    token_sha256: string | null;
    invited_at: string | null;
    reminders: number;
    key_name: string;
    at: string;
  }>(
    `select id, group_id, name, email, organisation, token_sha256, invited_at, reminders, key_name, at
       from cchc_survey_respondents where round_id = $1 order by group_id, name, id`,
    [round],
  );
  const counts = await tx.query<{
    group_id: string;
    unit_id: string;
    respondents: number;
    answers: Record<string, Record<string, number>>;
    key_name: string;
    at: string;
  }>(
    `select group_id, unit_id, respondents, answers, key_name, at from cchc_survey_counts
      where round_id = $1 order by group_id, unit_id`,
    [round],
  );
  const links = await tx.query<{
    token_sha256: string;
    group_id: string;
    serial: number | null;
    draft: SurveyResponse['answers'] | null;
    entered_by: string | null;
    signature: SurveySignature | null;
    version: number;
    issued_at: string;
    used_at: string | null;
  }>(
    `select token_sha256, group_id, serial, draft, entered_by, signature, version, issued_at, used_at
       from cchc_survey_links where round_id = $1 order by issued_at, serial, token_sha256`,
    [round],
  );
  const responses = await tx.query<{
    id: string;
    group_id: string;
    answers: SurveyResponse['answers'];
    source: 'link' | 'paper' | 'import';
    serial: number | null;
    key_name: string | null;
    day: string;
    respondent_id: string | null;
    signature: SurveySignature | null;
  }>(
    `select id, group_id, answers, source, serial, key_name, day, respondent_id, signature
       from cchc_survey_responses where round_id = $1 order by id`,
    [round],
  );
  return {
    document: row.document,
    closedAt: row.closed_at,
    appliedAt: row.applied_at,
    tally: row.tally ?? null,
    version: row.version,
    versions: versions.map((kept) => ({
      version: kept.version,
      document: kept.document,
      key: kept.key_name,
      at: kept.at,
    })),
    key: row.key_name,
    at: row.at,
    respondents: respondents.map((respondent) => ({
      id: respondent.id,
      group: respondent.group_id,
      name: respondent.name,
      email: respondent.email,
      organisation: respondent.organisation,
      tokenSha256: respondent.token_sha256,
      invitedAt: respondent.invited_at,
      reminders: respondent.reminders,
      key: respondent.key_name,
      at: respondent.at,
    })),
    counts: counts.map((sheet) => ({
      group: sheet.group_id,
      unit: sheet.unit_id,
      respondents: sheet.respondents,
      answers: sheet.answers,
      key: sheet.key_name,
      at: sheet.at,
    })),
    links: links.map((link) => ({
      tokenSha256: link.token_sha256,
      group: link.group_id,
      serial: link.serial,
      draft: link.draft,
      enteredBy: link.entered_by,
      signature: link.signature,
      version: link.version,
      issuedAt: link.issued_at,
      usedAt: link.used_at,
    })),
    responses: responses.map((response) => ({
      id: response.id,
      group: response.group_id,
      answers: response.answers,
      source: response.source,
      serial: response.serial,
      key: response.key_name,
      day: response.day,
      respondent: response.respondent_id,
      signature: response.signature,
    })),
  };
}

/** Rows inserted a thousand at a time: one statement per slice, the columns as arrays. */
async function insertSlices<T>(
  tx: SqlClient,
  rows: readonly T[],
  statement: string,
  columns: (slice: readonly T[]) => unknown[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000)
    await tx.query(statement, columns(rows.slice(start, start + 1000)));
}

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Stores an exported survey into a round being imported (inside the import's transaction). Its links keep
 * their hashes, so that the tokens handed out still open them: a store that holds them already (the same
 * round copied beside itself) is refused, a link answering for two rounds being no link.
 */
export async function importSurvey(tx: SqlClient, round: string, survey: SurveyExport): Promise<void> {
  const [taken] = await tx.query<{ round_id: string }>(
    'select round_id from cchc_survey_links where token_sha256 = any($1) limit 1',
    [survey.links.map((link) => link.tokenSha256)],
  );
  if (taken) throw new RoundsError('survey-links-taken', { round: taken.round_id });
  const version = survey.version ?? 1;
  await tx.query(
    `insert into cchc_surveys (round_id, document, closed_at, applied_at, tally, version, key_name, at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      round,
      JSON.stringify(survey.document),
      survey.closedAt,
      survey.appliedAt,
      jsonOrNull(survey.tally),
      version,
      survey.key,
      survey.at,
    ],
  );
  const versions = survey.versions ?? [
    { version, document: survey.document, key: survey.key, at: survey.at },
  ];
  await insertSlices(
    tx,
    versions,
    `insert into cchc_survey_versions (round_id, version, document, key_name, at)
       select $2, version, document::jsonb, key_name, at
         from unnest($1::int[], $3::text[], $4::text[], $5::text[]) as kept(version, document, key_name, at)`,
    (slice) => [
      slice.map((kept) => kept.version),
      round,
      slice.map((kept) => JSON.stringify(kept.document)),
      slice.map((kept) => kept.key),
      slice.map((kept) => kept.at),
    ],
  );
  // New ids: a respondent's and a response's id are the store's own, and a copy of a round holds copies.
  const respondentIds = new Map(
    (survey.respondents ?? []).map((respondent) => [respondent.id, randomUUID()]),
  );
  await insertSlices(
    tx,
    survey.respondents ?? [],
    `insert into cchc_survey_respondents
       (id, round_id, group_id, name, email, organisation, token_sha256, invited_at, reminders, key_name, at)
       select id, $2, group_id, name, email, organisation, token_sha256, invited_at, reminders, key_name, at
         from unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::int[], $10::text[], $11::text[])
           as listed(id, group_id, name, email, organisation, token_sha256, invited_at, reminders, key_name, at)`,
    (slice) => [
      slice.map((respondent) => respondentIds.get(respondent.id)),
      round,
      slice.map((respondent) => respondent.group),
      slice.map((respondent) => respondent.name),
      slice.map((respondent) => respondent.email),
      slice.map((respondent) => respondent.organisation),
      slice.map((respondent) => respondent.tokenSha256),
      slice.map((respondent) => respondent.invitedAt),
      slice.map((respondent) => respondent.reminders),
      slice.map((respondent) => respondent.key),
      slice.map((respondent) => respondent.at),
    ],
  );
  await insertSlices(
    tx,
    survey.counts ?? [],
    `insert into cchc_survey_counts (round_id, group_id, unit_id, respondents, answers, key_name, at)
       select $2, group_id, unit_id, respondents, answers::jsonb, key_name, at
         from unnest($1::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
           as sheet(group_id, unit_id, respondents, answers, key_name, at)`,
    (slice) => [
      slice.map((sheet) => sheet.group),
      round,
      slice.map((sheet) => sheet.unit),
      slice.map((sheet) => sheet.respondents),
      slice.map((sheet) => JSON.stringify(sheet.answers)),
      slice.map((sheet) => sheet.key),
      slice.map((sheet) => sheet.at),
    ],
  );
  await insertSlices(
    tx,
    survey.links,
    `insert into cchc_survey_links
       (token_sha256, round_id, group_id, serial, draft, entered_by, signature, version, issued_at, used_at)
       select hash, $2, group_id, serial, draft::jsonb, entered_by, signature::jsonb, version, issued_at, used_at
         from unnest($1::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[],
                     $9::text[], $10::text[])
           as link(hash, group_id, serial, draft, entered_by, signature, version, issued_at, used_at)`,
    (slice) => [
      slice.map((link) => link.tokenSha256),
      round,
      slice.map((link) => link.group),
      slice.map((link) => link.serial),
      slice.map((link) => jsonOrNull(link.draft)),
      slice.map((link) => link.enteredBy ?? null),
      slice.map((link) => jsonOrNull(link.signature)),
      slice.map((link) => link.version ?? 1),
      slice.map((link) => link.issuedAt),
      slice.map((link) => link.usedAt),
    ],
  );
  await insertSlices(
    tx,
    survey.responses,
    `insert into cchc_survey_responses
       (id, round_id, group_id, answers, source, serial, key_name, day, respondent_id, signature)
       select id, $2, group_id, answers::jsonb, source, serial, key_name, day, respondent_id, signature::jsonb
         from unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[],
                     $9::text[], $10::text[])
           as response(id, group_id, answers, source, serial, key_name, day, respondent_id, signature)`,
    (slice) => [
      slice.map(() => randomUUID()),
      round,
      slice.map((response) => response.group),
      slice.map((response) => JSON.stringify(response.answers)),
      slice.map((response) => response.source),
      slice.map((response) => response.serial),
      slice.map((response) => response.key),
      slice.map((response) => response.day),
      slice.map((response) =>
        response.respondent ? (respondentIds.get(response.respondent) ?? null) : null,
      ),
      slice.map((response) => jsonOrNull(response.signature)),
    ],
  );
}

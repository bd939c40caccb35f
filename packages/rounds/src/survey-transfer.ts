/**
 * A round's survey in its export and back (transfer.ts): the plan, the links by their hashes and the
 * responses, held apart as they are stored.
 */
import { randomUUID } from 'node:crypto';
import type { SurveyResponse } from '@cchc/core';
import { z } from 'zod';
import { RoundsError } from './errors.js';
import type { SqlClient } from './sql.js';
import { answersSchema, SURVEY_LINK_LIMITS, type SurveyRow } from './surveys.js';

/** The survey of a round in its export: the plan, the links (by hash) and the responses, held apart as stored. */
export const surveyExportSchema = z.object({
  document: z.record(z.string(), z.unknown()),
  closedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  tally: z.unknown().nullable(),
  key: z.string(),
  at: z.string(),
  links: z
    .array(
      z.object({
        tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
        group: z.string(),
        serial: z.int().positive().nullable(),
        draft: answersSchema.nullable(),
        /** Who typed the first of a paper form's two typings (its draft). */
        enteredBy: z.string().nullable().optional(),
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
      source: z.enum(['link', 'paper']),
      serial: z.int().positive().nullable(),
      key: z.string().nullable(),
      day: z.string(),
    }),
  ),
});
export type SurveyExport = z.output<typeof surveyExportSchema>;

/** A round's survey for its export, or undefined when it has none. */
export async function exportSurvey(tx: SqlClient, round: string): Promise<SurveyExport | undefined> {
  const [row] = await tx.query<SurveyRow & { tally: unknown }>(
    'select round_id, document, closed_at, applied_at, tally, key_name, at from cchc_surveys where round_id = $1',
    [round],
  );
  if (!row) return undefined;
  const links = await tx.query<{
    token_sha256: string;
    group_id: string;
    serial: number | null;
    draft: SurveyResponse['answers'] | null;
    entered_by: string | null;
    issued_at: string;
    used_at: string | null;
  }>(
    `select token_sha256, group_id, serial, draft, entered_by, issued_at, used_at from cchc_survey_links
      where round_id = $1 order by issued_at, serial, token_sha256`,
    [round],
  );
  const responses = await tx.query<{
    id: string;
    group_id: string;
    answers: SurveyResponse['answers'];
    source: 'link' | 'paper';
    serial: number | null;
    key_name: string | null;
    day: string;
  }>(
    'select id, group_id, answers, source, serial, key_name, day from cchc_survey_responses where round_id = $1 order by id',
    [round],
  );
  return {
    document: row.document,
    closedAt: row.closed_at,
    appliedAt: row.applied_at,
    tally: row.tally ?? null,
    key: row.key_name,
    at: row.at,
    links: links.map((link) => ({
      tokenSha256: link.token_sha256,
      group: link.group_id,
      serial: link.serial,
      draft: link.draft,
      enteredBy: link.entered_by,
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
    })),
  };
}

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
  await tx.query(
    `insert into cchc_surveys (round_id, document, closed_at, applied_at, tally, key_name, at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      round,
      JSON.stringify(survey.document),
      survey.closedAt,
      survey.appliedAt,
      survey.tally === null ? null : JSON.stringify(survey.tally),
      survey.key,
      survey.at,
    ],
  );
  // In slices: one statement per thousand rows.
  for (let start = 0; start < survey.links.length; start += 1000) {
    const slice = survey.links.slice(start, start + 1000);
    await tx.query(
      `insert into cchc_survey_links (token_sha256, round_id, group_id, serial, draft, entered_by, issued_at, used_at)
         select hash, $2, group_id, serial, draft::jsonb, entered_by, issued_at, used_at
           from unnest($1::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
             as link(hash, group_id, serial, draft, entered_by, issued_at, used_at)`,
      [
        slice.map((link) => link.tokenSha256),
        round,
        slice.map((link) => link.group),
        slice.map((link) => link.serial),
        slice.map((link) => (link.draft === null ? null : JSON.stringify(link.draft))),
        slice.map((link) => link.enteredBy ?? null),
        slice.map((link) => link.issuedAt),
        slice.map((link) => link.usedAt),
      ],
    );
  }
  for (let start = 0; start < survey.responses.length; start += 1000) {
    const slice = survey.responses.slice(start, start + 1000);
    await tx.query(
      `insert into cchc_survey_responses (id, round_id, group_id, answers, source, serial, key_name, day)
         select id, $2, group_id, answers::jsonb, source, serial, key_name, day
           from unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
             as response(id, group_id, answers, source, serial, key_name, day)`,
      [
        // New ids: a response's id is the store's own, and a copy of a round holds copies of them.
        slice.map(() => randomUUID()),
        round,
        slice.map((response) => response.group),
        slice.map((response) => JSON.stringify(response.answers)),
        slice.map((response) => response.source),
        slice.map((response) => response.serial),
        slice.map((response) => response.key),
        slice.map((response) => response.day),
      ],
    );
  }
}

import type { SqlClient } from './sql.js';

/**
 * The schema, as numbered migrations: each runs once, in order, and is never edited once released (a
 * change is a new migration). Times are ISO 8601 text in UTC, which sorts as time does in either store;
 * documents are JSON.
 */
export const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
create table cchc_criteria_sets (
  id text primary key,
  document jsonb not null,
  key_name text not null,
  stored_at text not null
);
create table cchc_rounds (
  id text primary key,
  document jsonb not null,
  key_name text not null,
  created_at text not null,
  updated_at text not null,
  locks jsonb not null default '{}',
  published jsonb
);
create table cchc_revisions (
  -- The order of every write in the store: revisions of two layers written in the same millisecond
  -- still have an order.
  seq bigint generated always as identity,
  round_id text not null references cchc_rounds (id),
  unit_id text not null,
  layer text not null check (layer in ('self', 'appraised')),
  revision integer not null check (revision > 0),
  document jsonb not null,
  changes jsonb not null,
  key_name text not null,
  at text not null,
  primary key (round_id, unit_id, layer, revision)
);
create table cchc_submissions (
  round_id text not null references cchc_rounds (id),
  unit_id text not null,
  submitted_at text,
  key_name text not null,
  at text not null,
  primary key (round_id, unit_id)
);
create table cchc_explanations (
  round_id text not null references cchc_rounds (id),
  unit_id text not null,
  code text not null,
  request text,
  requested_by text,
  requested_at text,
  answer jsonb,
  answered_by text,
  answered_at text,
  primary key (round_id, unit_id, code)
);`,
  },
  {
    // Remediation: tasks (subject: the task), plans (subject: the unit, item: the code) and task reports
    // (subject: the task, item: the agency); every change a revision, as for layers.
    version: 2,
    sql: `
create table cchc_remediation (
  seq bigint generated always as identity,
  round_id text not null references cchc_rounds (id),
  kind text not null check (kind in ('task', 'plan', 'report')),
  subject text not null,
  item text not null,
  revision integer not null,
  document jsonb not null,
  key_name text not null,
  at text not null,
  primary key (round_id, kind, subject, item, revision)
);`,
  },
  {
    // Page sessions ended before their time (sign-out): every app process on the store refuses them.
    version: 3,
    sql: `
create table cchc_ended_sessions (
  session text primary key,
  until text not null
);`,
  },
  {
    // Every request for an explanation and every answer, in order: a new request no longer erases the
    // answer to the one before from the record.
    version: 4,
    sql: `
create table cchc_explanation_history (
  seq bigint generated always as identity primary key,
  round_id text not null references cchc_rounds (id),
  unit_id text not null,
  code text not null,
  kind text not null check (kind in ('request', 'answer')),
  content jsonb not null,
  key_name text not null,
  at text not null
);`,
  },
  {
    // People's accounts: a login (one spelling however it is typed), a password's argon2id hash, a role as
    // keys have; `epoch` grows when a password is set, a role changes or the account is deactivated, and
    // ends every session signed in before. Sign-in failures are counted per account and per address.
    version: 5,
    sql: `
create table cchc_accounts (
  login_key text primary key,
  login text not null,
  name text not null,
  email text,
  role text not null,
  deactivated text,
  password_hash text,
  must_change boolean not null,
  epoch integer not null,
  last_sign_in text,
  revision integer not null,
  key_name text not null,
  at text not null
);
create table cchc_account_events (
  seq bigint generated always as identity primary key,
  login text not null,
  kind text not null,
  address text,
  key_name text,
  at text not null
);
create index cchc_account_events_login on cchc_account_events (login, seq);
create table cchc_sign_in_failures (
  subject text primary key,
  failures integer not null,
  last_at text not null,
  locked_until text
);`,
  },
  {
    // Personal API tokens: a person's, acting with their role, kept as the SHA-256 of their secret (a
    // random 192 bits: no password to guess, so a fast hash is enough), until they expire or are revoked.
    version: 6,
    sql: `
create table cchc_tokens (
  id text primary key,
  login_key text not null,
  name text not null,
  secret_sha256 text not null,
  expires text not null,
  created text not null,
  revoked text
);
create index cchc_tokens_login on cchc_tokens (login_key);`,
  },
  {
    // The register of units and agencies an authority assesses: their ids, names, groups and parents;
    // a unit retired from a date stays in the record of the rounds it was in.
    version: 7,
    sql: `
create table cchc_units (
  id text primary key,
  name text not null,
  unit_group text,
  parent text,
  retired text,
  revision integer not null,
  key_name text not null,
  at text not null
);`,
  },
  {
    // An account, and a criteria set, may belong to one authority (a district's): a limited admin acts
    // on its own alone. None: every authority's (the province's, or a single authority's install).
    version: 8,
    sql: `
alter table cchc_accounts add column authority text;
alter table cchc_criteria_sets add column authority text;`,
  },
  {
    // A second factor (TOTP, RFC 6238) for a person who turns it on: its secret (the authenticator app
    // holds the same: it cannot be a hash), the last time step used (a code is used once), the SHA-256 of
    // each recovery code left (80 random bits each), and the pending sign-in that waits for a code.
    version: 9,
    sql: `
alter table cchc_accounts add column totp_secret text, add column totp_pending text,
  add column totp_last_step bigint, add column recovery_sha256 jsonb,
  add column challenge_sha256 text, add column challenge_until text;`,
  },
  {
    // Who appraises what in a round: an appraiser's account, the units it appraises and the criteria it
    // appraises there (none: all). A round with none appraises as the roles say.
    version: 10,
    sql: `
create table cchc_assignments (
  round_id text not null,
  login_key text not null,
  units jsonb not null,
  codes jsonb not null,
  key_name text not null,
  at text not null,
  primary key (round_id, login_key)
);`,
  },
  {
    // What an admin changed of a running round and why: a deadline moved, a unit's self-assessment reopened.
    version: 11,
    sql: `
create table cchc_round_events (
  seq bigint generated always as identity primary key,
  round_id text not null,
  kind text not null,
  unit_id text,
  detail jsonb not null,
  reason text not null,
  key_name text not null,
  at text not null
);
create index cchc_round_events_round on cchc_round_events (round_id, seq);`,
  },
  {
    // Evidence files: bytes once by their hash in chunks (an upload's until it ends), and each unit's
    // library of a round. An upload under way is listed so that one cut off can be swept.
    version: 12,
    sql: `
create table cchc_uploads (upload text primary key, started_at text not null);
create table cchc_file_chunks (
  upload text not null,
  seq integer not null,
  bytes bytea not null,
  primary key (upload, seq)
);
create table cchc_files (
  hash text primary key,
  upload text not null,
  size bigint not null,
  type text not null,
  stored_at text not null
);
create table cchc_unit_files (
  round_id text not null,
  unit_id text not null,
  hash text not null references cchc_files (hash),
  name text not null,
  key_name text not null,
  at text not null,
  layer text not null,
  removed_at text,
  removed_by text,
  primary key (round_id, unit_id, hash)
);`,
  },
  {
    // Notices of an authority to its people, some public (read on the sign-in page).
    version: 13,
    sql: `
create table cchc_notices (
  id text primary key,
  title text not null,
  body text not null,
  units jsonb not null,
  public boolean not null,
  authority text,
  key_name text not null,
  at text not null
);
create index cchc_notices_at on cchc_notices (at);`,
  },
  {
    // Mail to send (reminders), once per key, claimed by one sender at a time for a lease.
    version: 14,
    sql: `
create table cchc_outbox (
  key text primary key,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  authority text,
  state text not null check (state in ('waiting', 'sending', 'sent', 'failed')),
  attempts integer not null,
  queued_at text not null,
  next_try_at text not null,
  sender text,
  lease_until text,
  sent_at text,
  last_error text
);
create index cchc_outbox_due on cchc_outbox (state, next_try_at);`,
  },
  {
    version: 15,
    // Two appraisal passes: the first kept as its own layer, and each unit's closing of its explanations
    // (closed_at null once an admin reopened them).
    sql: `
alter table cchc_revisions drop constraint cchc_revisions_layer_check;
alter table cchc_revisions add constraint cchc_revisions_layer_check
  check (layer in ('self', 'appraised-1', 'appraised'));
create table cchc_explanation_closures (
  round_id text not null references cchc_rounds (id),
  unit_id text not null,
  closed_at text,
  key_name text not null,
  at text not null,
  primary key (round_id, unit_id)
);`,
  },
  {
    version: 16,
    // The survey of a round: its plan; its links and paper forms, each kept as the hash of its token (a
    // paper form by its serial too) and whether it was used; and the responses, held apart from the links
    // (no column joins them: who answered what is not stored).
    sql: `
create table cchc_surveys (
  round_id text primary key references cchc_rounds (id),
  document jsonb not null,
  closed_at text,
  applied_at text,
  key_name text not null,
  at text not null
);
create table cchc_survey_links (
  token_sha256 text primary key,
  round_id text not null references cchc_rounds (id),
  group_id text not null,
  serial integer,
  draft jsonb,
  issued_at text not null,
  used_at text
);
create unique index cchc_survey_links_serial on cchc_survey_links (round_id, serial) where serial is not null;
create table cchc_survey_responses (
  id text primary key,
  round_id text not null references cchc_rounds (id),
  group_id text not null,
  answers jsonb not null,
  source text not null check (source in ('link', 'paper')),
  serial integer,
  key_name text,
  day text not null
);
create index cchc_survey_responses_round on cchc_survey_responses (round_id);`,
  },
  {
    version: 17,
    // A closed survey's counts, kept: no answer comes after the close, and reading thousands of responses
    // again for every look at the results took over a second.
    sql: 'alter table cchc_surveys add column tally jsonb;',
  },
  {
    version: 18,
    // Paper forms typed twice: who typed the first entry (kept in the form's draft until the second).
    sql: 'alter table cchc_survey_links add column entered_by text;',
  },
  {
    version: 19,
    // The survey's respondent list (admin only: invited by e-mail, reminded while their link is unused),
    // joined to its link but never to a response, unless the group's form is not anonymous; a response's
    // respondent (form not anonymous) or signature (signed form); responses typed from an Excel file; the
    // plan's versions, each kept, and the version each link was issued under.
    sql: `
create table cchc_survey_respondents (
  id text primary key,
  round_id text not null references cchc_rounds (id),
  group_id text not null,
  name text not null,
  email text,
  organisation text,
  token_sha256 text,
  invited_at text,
  reminders integer not null default 0,
  key_name text not null,
  at text not null
);
create index cchc_survey_respondents_round on cchc_survey_respondents (round_id, group_id);
create unique index cchc_survey_respondents_email on cchc_survey_respondents (round_id, lower(email))
  where email is not null;
create unique index cchc_survey_respondents_link on cchc_survey_respondents (token_sha256)
  where token_sha256 is not null;
alter table cchc_survey_links add column signature jsonb;
alter table cchc_survey_links add column version integer not null default 1;
alter table cchc_survey_responses add column respondent_id text;
alter table cchc_survey_responses add column signature jsonb;
alter table cchc_survey_responses drop constraint cchc_survey_responses_source_check;
alter table cchc_survey_responses add constraint cchc_survey_responses_source_check
  check (source in ('link', 'paper', 'import'));
alter table cchc_surveys add column version integer not null default 1;
create table cchc_survey_versions (
  round_id text not null references cchc_rounds (id),
  version integer not null,
  document jsonb not null,
  key_name text not null,
  at text not null,
  primary key (round_id, version)
);
insert into cchc_survey_versions (round_id, version, document, key_name, at)
  select round_id, 1, document, key_name, at from cchc_surveys;`,
  },
  {
    version: 20,
    // Answers counted elsewhere (a tally sheet): per group and unit rated, the respondents and each option's
    // count; a sheet for the same group and unit replaces the one before.
    sql: `
create table cchc_survey_counts (
  round_id text not null references cchc_rounds (id),
  group_id text not null,
  unit_id text not null,
  respondents integer not null,
  answers jsonb not null,
  key_name text not null,
  at text not null,
  primary key (round_id, group_id, unit_id)
);`,
  },
];

/** Any number that no other application's advisory lock is likely to use: "cchc" in ASCII. */
const MIGRATION_LOCK = 0x63636863;

/**
 * Brings the schema up to date in one transaction. Processes that start together wait on an advisory
 * lock and find the work done; a migration that fails leaves the schema as it was.
 */
export async function migrate(sql: SqlClient): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists cchc_migrations (version integer primary key, applied_at text not null)',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('select version from cchc_migrations')).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into cchc_migrations (version, applied_at) values ($1, $2)', [
        migration.version,
        new Date().toISOString(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

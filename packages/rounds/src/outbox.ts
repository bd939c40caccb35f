/**
 * The mail outbox: messages to send (reminders), each under a key that says what it is about, so that the
 * same reminder queued by several app processes, or again after a restart, is kept once. A sender claims due
 * messages for a while (a lease; `FOR UPDATE SKIP LOCKED`, so that two senders never claim the same), sends
 * them, and says each sent or failed; a message whose sender stopped mid-send is claimed again when its lease
 * ends. A failed send is tried again later, less and less often, and given up after `MAIL_ATTEMPTS`.
 */

import { requireMay, withinAuthority } from './access.js';
import type { Caller } from './keys.js';
import type { SqlClient } from './sql.js';

/** A message to send. */
export interface MailMessage {
  /** What it is about, one per person and event (`nhac:self:-3d:<round>:<login>`): queued once. */
  readonly key: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The authority of the person it goes to (none: the province's): an admin lists its own authority's. */
  readonly authority?: string | undefined;
}

/** A message in the outbox, with where it stands. */
export interface OutboxEntry extends MailMessage {
  readonly state: 'waiting' | 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly queuedAt: string;
  readonly sentAt: string | null;
  readonly lastError: string | null;
}

export interface OutboxMethods {
  /** Queues messages; one whose key is queued already is left as it is. Answers how many were new. */
  queueMail(messages: readonly MailMessage[]): Promise<number>;
  /** Claims up to `limit` due messages for `sender` until `leaseMs` from now. */
  claimMail(
    sender: string,
    options: { readonly limit: number; readonly leaseMs: number },
  ): Promise<OutboxEntry[]>;
  /** Says a claimed message sent (only by the sender that holds it). */
  mailSent(key: string, sender: string): Promise<void>;
  /** Says a claimed message failed: tried again later, or given up after `MAIL_ATTEMPTS`. */
  mailFailed(key: string, sender: string, error: string): Promise<void>;
  /** The outbox, newest first, for the admin: what was sent, what waits, what failed and why. */
  outbox(caller: Caller, options?: { readonly limit?: number }): Promise<OutboxEntry[]>;
}

/** How many times a message is tried before it is given up. */
export const MAIL_ATTEMPTS = 6;

/** The wait before the next try after `attempts` failed ones: 1, 2, 4, 8… minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

interface OutboxRow {
  key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  state: OutboxEntry['state'];
  attempts: number;
  queued_at: string;
  sent_at: string | null;
  last_error: string | null;
}

const entryOf = (row: OutboxRow & { authority?: string | null }): OutboxEntry => ({
  key: row.key,
  to: row.to_address,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body,
  state: row.state,
  attempts: row.attempts,
  queuedAt: row.queued_at,
  sentAt: row.sent_at,
  lastError: row.last_error,
});

/** A text with every survey link's token (the last part of `…/khao-sat/<token>`) hidden. */
const withoutSurveyLinks = (text: string) => text.replace(/(\/khao-sat\/)[A-Za-z0-9_-]{22}/g, '$1…');

const COLUMNS =
  'key, to_address, subject, text_body, html_body, state, attempts, queued_at, sent_at, last_error';

/**
 * Queues messages through `client`: inside a transaction, they are queued with its writes or not at all.
 * One whose key is queued already is left as it is. Answers how many were new.
 */
export async function queueMailIn(
  client: SqlClient,
  messages: readonly MailMessage[],
  queuedAt: string,
): Promise<number> {
  let queued = 0;
  for (const message of messages) {
    const rows = await client.query(
      `insert into cchc_outbox (key, to_address, subject, text_body, html_body, authority, state, attempts,
                                queued_at, next_try_at)
         values ($1, $2, $3, $4, $5, $6, 'waiting', 0, $7, $7)
       on conflict (key) do nothing
       returning key`,
      [
        message.key,
        message.to,
        message.subject,
        message.text,
        message.html,
        message.authority ?? null,
        queuedAt,
      ],
    );
    queued += rows.length;
  }
  return queued;
}

export function outboxMethods(context: { readonly sql: SqlClient; readonly now: () => Date }): OutboxMethods {
  const { sql, now } = context;
  const at = (offsetMs = 0) => new Date(now().getTime() + offsetMs).toISOString();
  return {
    async queueMail(messages) {
      return queueMailIn(sql, messages, at());
    },

    async claimMail(sender, { limit, leaseMs }) {
      const rows = await sql.query<OutboxRow>(
        `update cchc_outbox set state = 'sending', sender = $1, lease_until = $2, attempts = attempts + 1
          where key in (
            select key from cchc_outbox
             where (state = 'waiting' and next_try_at <= $3) or (state = 'sending' and lease_until <= $3)
             order by next_try_at, key
             limit $4
             for update skip locked)
          returning ${COLUMNS}`,
        [sender, at(leaseMs), at(), limit],
      );
      return rows.map(entryOf);
    },

    async mailSent(key, sender) {
      await sql.query(
        `update cchc_outbox set state = 'sent', sent_at = $3, lease_until = null, last_error = null
          where key = $1 and sender = $2 and state = 'sending'`,
        [key, sender, at()],
      );
    },

    async mailFailed(key, sender, error) {
      await sql.transaction(async (tx) => {
        const [row] = await tx.query<{ attempts: number }>(
          "select attempts from cchc_outbox where key = $1 and sender = $2 and state = 'sending' for update",
          [key, sender],
        );
        if (!row) return;
        const givenUp = row.attempts >= MAIL_ATTEMPTS;
        await tx.query(
          `update cchc_outbox set state = $3, next_try_at = $4, lease_until = null, last_error = $5
            where key = $1 and sender = $2`,
          [key, sender, givenUp ? 'failed' : 'waiting', at(retryDelayMs(row.attempts)), error.slice(0, 1000)],
        );
      });
    },

    async outbox(caller, options = {}) {
      requireMay(caller, 'manage');
      const rows = await sql.query<OutboxRow & { authority: string | null }>(
        `select ${COLUMNS}, authority from cchc_outbox order by queued_at desc, key limit $1`,
        [Math.min(Math.max(1, options.limit ?? 200), 1000)],
      );
      return rows
        .filter((row) => withinAuthority(caller, row.authority))
        .map((row) => ({
          ...entryOf(row),
          // A survey invitation's link is its respondent's alone: the admin sees that it went, not the link.
          text: withoutSurveyLinks(row.text_body),
          html: withoutSurveyLinks(row.html_body),
        }));
    },
  };
}

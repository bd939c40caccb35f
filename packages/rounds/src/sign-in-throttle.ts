/**
 * The throttle of sign-ins and the record of an account's events: the password and the second factor are
 * both checked through them, so that a guesser meets one counter whichever it guesses.
 */
import { RoundsError } from './errors.js';
import { loginKey } from './schema.js';
import type { SqlClient } from './sql.js';

/** Failures in a row before each attempt must wait, and before a lock-out. */
export const SIGN_IN_FAILURES = { beforeDelay: 5, beforeLock: 8, lockMinutes: 15 } as const;

/** What the record of an account holds: sign-ins, failures, lock-outs, passwords and second factors. */
export type AccountEventKind =
  | 'sign-in'
  | 'failure'
  | 'lock-out'
  | 'password-changed'
  | 'password-reset'
  | 'created'
  | 'second-factor-on'
  | 'second-factor-off'
  | 'recovery-code-used';

/** Records an event of an account; `key` names who did it when another than the person. */
export const recordEvent = (
  tx: SqlClient,
  at: string,
  login: string,
  kind: AccountEventKind,
  extra: { address?: string; key?: string } = {},
) =>
  tx.query(
    'insert into cchc_account_events (login, kind, address, key_name, at) values ($1, $2, $3, $4, $5)',
    [loginKey(login), kind, extra.address ?? null, extra.key ?? null, at],
  );

export function signInThrottle(clock: { readonly now: () => Date; readonly stamp: () => string }) {
  const { now, stamp } = clock;
  /** Refuses a sign-in while a subject (an account, an address) is locked or must still wait. */
  const requireNotThrottled = async (tx: SqlClient, subjects: readonly string[]) => {
    const rows = await tx.query<{ failures: number; last_at: string; locked_until: string | null }>(
      'select failures, last_at, locked_until from cchc_sign_in_failures where subject = any($1)',
      [subjects],
    );
    const at = now().getTime();
    for (const row of rows) {
      if (row.locked_until !== null && Date.parse(row.locked_until) > at)
        throw new RoundsError(
          'sign-in-locked',
          { minutes: SIGN_IN_FAILURES.lockMinutes },
          { details: { retryAfterSeconds: Math.ceil((Date.parse(row.locked_until) - at) / 1000) } },
        );
      if (row.failures >= SIGN_IN_FAILURES.beforeDelay) {
        const waitMs = 1000 * 2 ** (row.failures - SIGN_IN_FAILURES.beforeDelay);
        const left = Date.parse(row.last_at) + waitMs - at;
        const seconds = Math.ceil(left / 1000);
        if (left > 0)
          throw new RoundsError('sign-in-wait', { seconds }, { details: { retryAfterSeconds: seconds } });
      }
    }
  };
  /** Counts a failure against each subject; the one that reaches the limit is locked, and the lock-out recorded. */
  /** `login`: the account whose record says so; null for a key typed at the sign-in (no account to record it). */
  const countFailure = async (
    tx: SqlClient,
    subjects: readonly string[],
    login: string | null,
    address: string,
  ) => {
    const at = stamp();
    let locked = false;
    for (const subject of subjects) {
      const [row] = await tx.query<{ failures: number }>(
        `insert into cchc_sign_in_failures (subject, failures, last_at) values ($1, 1, $2)
           on conflict (subject) do update set
             failures = case when cchc_sign_in_failures.locked_until is not null then 1
                             else cchc_sign_in_failures.failures + 1 end,
             last_at = excluded.last_at, locked_until = null
           returning failures`,
        [subject, at],
      );
      if (row!.failures >= SIGN_IN_FAILURES.beforeLock) {
        const until = new Date(now().getTime() + SIGN_IN_FAILURES.lockMinutes * 60_000).toISOString();
        await tx.query('update cchc_sign_in_failures set locked_until = $2 where subject = $1', [
          subject,
          until,
        ]);
        locked = true;
      }
    }
    if (login === null) return;
    await recordEvent(tx, at, login, 'failure', { address });
    if (locked) await recordEvent(tx, at, login, 'lock-out', { address });
  };

  /** Forgets the failures of subjects that signed in (or whose password an admin reset). */
  const clearFailures = (tx: SqlClient, subjects: readonly string[]) =>
    tx.query('delete from cchc_sign_in_failures where subject = any($1)', [subjects]);
  return { requireNotThrottled, countFailure, clearFailures };
}

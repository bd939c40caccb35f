/**
 * A person's second factor: a code of an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds,
 * what every such app reads), or one of ten recovery codes, asked after the password. Optional; an admin
 * resetting the password removes it (the person who lost their phone and codes sets it up again).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import {
  type AccountRow,
  type AccountView,
  type SignedIn,
  secondFactorState,
  signedInOf,
} from './accounts.js';
import { RoundsError } from './errors.js';
import { passwordMatches } from './passwords.js';
import { loginKey } from './schema.js';
import { recordEvent, signInThrottle } from './sign-in-throttle.js';
import type { SqlClient } from './sql.js';

/** How long a sign-in whose password was right waits for its code. */
export const CHALLENGE_MINUTES = 5;
/** How many recovery codes a person gets, each used once. */
export const RECOVERY_CODES = 10;
/** A code of the step before or after the present one is taken too: a phone's clock is rarely exact. */
const TOLERANCE_SECONDS = 30;
/** The name authenticator apps show beside the login. */
const ISSUER = 'CCHC';

/** A sign-in whose password was right, waiting for the second factor: `challenge` is answered with the code. */
export interface SecondFactorNeeded {
  readonly secondFactor: 'needed';
  readonly login: string;
  /** A random secret that stands for the right password for `CHALLENGE_MINUTES` (kept as its hash). */
  readonly challenge: string;
}

export interface SecondFactorMethods {
  /** Whether a person's second factor is on, and how many recovery codes they have left. */
  secondFactorOf(login: string): Promise<AccountView['secondFactor']>;
  /**
   * Starts setting up a person's second factor: a new secret for their authenticator app, typed in or
   * opened as its `otpauth://` address (the same one again while the setting up is not finished). Not on
   * until `confirmSecondFactor` reads a code of it.
   */
  startSecondFactor(login: string): Promise<{ secret: string; uri: string }>;
  /**
   * Turns the second factor on with a code the app shows: answers the recovery codes, once, and the
   * person's session anew (every other one ends).
   */
  confirmSecondFactor(login: string, code: string): Promise<{ signedIn: SignedIn; recoveryCodes: string[] }>;
  /** Turns the second factor off, with the person's password; every other session ends. */
  removeSecondFactor(login: string, password: string): Promise<SignedIn>;
  /**
   * Completes a sign-in that `signIn` left waiting: with the app's code (each used once) or a recovery code
   * (then spent). Throttled and recorded as a password is.
   */
  signInSecondFactor(challenge: string, code: string, address: string): Promise<SignedIn>;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** A recovery code as typed, without spaces, dashes or case. */
const recoveryKey = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
/** Letters and digits that read as themselves (no 0/o, 1/l/i): 31 of them, 16 a code, 79 bits. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const recoveryCode = () => {
  const letters = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return [0, 4, 8, 12].map((at) => letters.slice(at, at + 4).join('')).join('-');
};

/** The time step of `code` for `secret` at `at`, later than `after`; undefined when it is not one. */
async function codeStep(secret: string, code: string, at: Date, after: string | number | null) {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(after === null ? {} : { afterTimeStep: Number(after) }),
  });
  // The time step is TOTP's (the result's type is shared with HOTP's, which has none).
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** A new challenge for an account whose password was right (pages call `signIn`, which calls this). */
export async function newChallenge(tx: SqlClient, row: AccountRow, now: Date): Promise<SecondFactorNeeded> {
  const challenge = randomBytes(24).toString('base64url');
  const until = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
  await tx.query(
    'update cchc_accounts set challenge_sha256 = $2, challenge_until = $3 where login_key = $1',
    [row.login_key, sha256(challenge), until],
  );
  return { secondFactor: 'needed', login: row.login, challenge };
}

export function secondFactorMethods(context: {
  readonly sql: SqlClient;
  readonly now: () => Date;
  readonly stamp: () => string;
}): SecondFactorMethods {
  const { sql, now, stamp } = context;
  const { requireNotThrottled, countFailure, clearFailures } = signInThrottle({ now, stamp });
  const accountOf = async (tx: SqlClient, login: string) => {
    const [row] = await tx.query<AccountRow>('select * from cchc_accounts where login_key = $1 for update', [
      loginKey(login),
    ]);
    if (!row) throw new RoundsError('account-not-found', { login });
    return row;
  };

  return {
    async secondFactorOf(login) {
      return secondFactorState(await sql.transaction((tx) => accountOf(tx, login)));
    },

    async startSecondFactor(login) {
      return sql.transaction(async (tx) => {
        const row = await accountOf(tx, login);
        if (row.totp_secret !== null) throw new RoundsError('second-factor-on', {});
        // Shown again, not replaced: the person may have scanned it before a code was mistyped.
        const secret = row.totp_pending ?? generateSecret();
        await tx.query('update cchc_accounts set totp_pending = $2 where login_key = $1', [
          row.login_key,
          secret,
        ]);
        return { secret, uri: generateURI({ issuer: ISSUER, label: row.login, secret }) };
      });
    },

    async confirmSecondFactor(login, code) {
      return sql.transaction(async (tx) => {
        const row = await accountOf(tx, login);
        if (row.totp_secret !== null) throw new RoundsError('second-factor-on', {});
        if (row.totp_pending === null) throw new RoundsError('second-factor-off', {});
        const step = await codeStep(row.totp_pending, code, now(), null);
        if (step === undefined) throw new RoundsError('second-factor-code', {});
        const recoveryCodes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
        const [updated] = await tx.query<AccountRow>(
          `update cchc_accounts set totp_secret = totp_pending, totp_pending = null, totp_last_step = $2,
             recovery_sha256 = $3, epoch = epoch + 1 where login_key = $1 returning *`,
          [row.login_key, step, JSON.stringify(recoveryCodes.map((one) => sha256(recoveryKey(one))))],
        );
        await recordEvent(tx, stamp(), row.login, 'second-factor-on');
        return { signedIn: signedInOf(updated!), recoveryCodes };
      });
    },

    async removeSecondFactor(login, password) {
      const before = await sql.transaction((tx) => accountOf(tx, login));
      if (!(await passwordMatches(before.password_hash, password)))
        throw new RoundsError('password-wrong', {});
      return sql.transaction(async (tx) => {
        const row = await accountOf(tx, login);
        if (row.totp_secret === null) throw new RoundsError('second-factor-off', {});
        const [updated] = await tx.query<AccountRow>(
          `update cchc_accounts set totp_secret = null, totp_pending = null, totp_last_step = null,
             recovery_sha256 = null, epoch = epoch + 1 where login_key = $1 returning *`,
          [row.login_key],
        );
        await recordEvent(tx, stamp(), row.login, 'second-factor-off');
        return signedInOf(updated!);
      });
    },

    async signInSecondFactor(challenge, code, address) {
      const row = await sql.transaction(async (tx) => {
        const [found] = await tx.query<AccountRow>(
          'select * from cchc_accounts where challenge_sha256 = $1 for update',
          [sha256(challenge)],
        );
        if (!found || found.challenge_until === null || Date.parse(found.challenge_until) <= now().getTime())
          throw new RoundsError('second-factor-expired', {});
        await requireNotThrottled(tx, [`login:${found.login_key}`, `address:${address}`]);
        return found;
      });
      const subjects = [`login:${row.login_key}`, `address:${address}`];
      const step =
        row.totp_secret === null
          ? undefined
          : await codeStep(row.totp_secret, code, now(), row.totp_last_step);
      const recovery = sha256(recoveryKey(code));
      const recoveryLeft = (row.recovery_sha256 as string[] | null) ?? [];
      const byRecovery = step === undefined && recoveryLeft.includes(recovery);
      if (step === undefined && !byRecovery) {
        await sql.transaction((tx) => countFailure(tx, subjects, row.login, address));
        throw new RoundsError('second-factor-failed', {});
      }
      return sql.transaction(async (tx) => {
        // The challenge is answered once, and only while it is the account's own: a second answer, or
        // one to a challenge a newer sign-in replaced, is refused.
        const [updated] = await tx.query<AccountRow>(
          `update cchc_accounts set challenge_sha256 = null, challenge_until = null, last_sign_in = $3,
             totp_last_step = coalesce($4, totp_last_step), recovery_sha256 = $5
           where login_key = $1 and challenge_sha256 = $2 returning *`,
          [
            row.login_key,
            sha256(challenge),
            stamp(),
            step ?? null,
            JSON.stringify(byRecovery ? recoveryLeft.filter((one) => one !== recovery) : recoveryLeft),
          ],
        );
        if (!updated) throw new RoundsError('second-factor-expired', {});
        await clearFailures(tx, subjects);
        if (byRecovery) await recordEvent(tx, stamp(), row.login, 'recovery-code-used', { address });
        await recordEvent(tx, stamp(), row.login, 'sign-in', { address });
        return signedInOf(updated);
      });
    },
  };
}

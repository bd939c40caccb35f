import { isPast } from '@cchc/core';
import { requireMay, withinAuthority } from './access.js';
import {
  insertAccounts,
  madeAccounts,
  notRegistered,
  readAccounts,
  storedAccountIssues,
  unitOfRole,
  unregistered,
} from './account-import.js';
import { type IfMatch, parsedOrRefused, RoundsError, requireRevision } from './errors.js';
import { type Caller, parseRole } from './keys.js';
import {
  hashPassword,
  MIN_PASSWORD_LENGTH,
  oneTimePassword,
  passwordMatches,
  passwordProblem,
} from './passwords.js';
import { accountDocumentSchema, loginKey, loginSchema } from './schema.js';
import { newChallenge, type SecondFactorNeeded } from './second-factor.js';
import { type AccountEventKind, recordEvent, signInThrottle } from './sign-in-throttle.js';
import type { SqlClient } from './sql.js';

/** An account as the admin's screens and the API show it: never its password or its hash. */
export interface AccountView {
  readonly login: string;
  readonly name: string;
  readonly email?: string;
  /** As a key's role is written: `admin`, `appraiser`, `appraiser:<codes>`, `unit:<id>`, `agency:<name>`. */
  readonly role: string;
  /** When the account stops (or stopped) signing in, as the admin wrote it. */
  readonly deactivated?: string;
  /** The authority the person acts within; none: every authority. */
  readonly authority?: string;
  /** Whether it signs in now. */
  readonly active: boolean;
  /** Whether its password is a one-time one, to be changed at the next sign-in. */
  readonly mustChange: boolean;
  /** Whether a sign-in asks for a second factor after the password, and how many recovery codes are left. */
  readonly secondFactor: { readonly on: boolean; readonly recoveryCodesLeft: number };
  readonly lastSignIn?: string;
  readonly revision: number;
  /** Who wrote the account last, and when. */
  readonly key: string;
  readonly at: string;
}

/** A person signed in: who acts (their name, recorded with every write, and their role), and the session's epoch. */
export interface SignedIn {
  readonly caller: Caller;
  readonly login: string;
  /** Sessions carry it: a new password, a new role or a deactivation raises it, and every older session ends. */
  readonly epoch: number;
  /** The password is a one-time one: the person sets their own before anything else. */
  readonly mustChange: boolean;
}

/** A sign-in, a failure, a lock-out, a password set or reset: the record of an account. */
export interface AccountEvent {
  readonly kind: AccountEventKind;
  readonly address?: string;
  /** Who did it, when another than the person (an admin's reset). */
  readonly key?: string;
  readonly at: string;
}

export interface AccountMethods {
  /**
   * Creates or changes an account (admin). A new account gets a one-time password, answered once and never
   * stored but as its hash; its first sign-in must set another. A new role or a deactivation ends the
   * person's sessions.
   */
  putAccount(
    caller: Caller,
    login: string,
    document: unknown,
    ifMatch?: IfMatch,
  ): Promise<{ created: boolean; account: AccountView; oneTimePassword?: string }>;
  getAccount(caller: Caller, login: string): Promise<AccountView>;
  listAccounts(caller: Caller): Promise<AccountView[]>;
  /**
   * A new one-time password for an account (admin), answered once; the person's sessions end, and their
   * second factor is removed (a person who lost the phone and the recovery codes sets it up again).
   */
  resetPassword(caller: Caller, login: string): Promise<{ account: AccountView; oneTimePassword: string }>;
  /**
   * Signs a person in, throttled per account and per address: after 5 failures in a row each attempt waits
   * longer (1, 2, 4 s), after 8 both are locked for 15 minutes, the right password too. A failure never
   * says whether the login exists. Every sign-in, failure and lock-out is recorded. A person with a second
   * factor is not signed in yet: the answer says so, with the challenge `signInSecondFactor` completes.
   */
  signIn(login: string, password: string, address: string): Promise<SignedIn | SecondFactorNeeded>;
  /**
   * Throttles a sign-in with an API key typed at the pages (the first admin's), per address, as a person's
   * is and in the same store, so that every process counts the same failures: refused while the address
   * must wait or is locked, the right key too; a failure (`matched` false) counted and refused.
   */
  keySignIn(address: string, matched: boolean): Promise<void>;
  /** The person's own new password, checked against the current one; every other session ends. */
  changePassword(login: string, current: string, next: string): Promise<SignedIn>;
  /** Who a session signed in as, while it stands: undefined once the account's epoch moved on or it was deactivated. */
  accountSession(login: string, epoch: number): Promise<SignedIn | undefined>;
  /** An account's record: sign-ins, failures, lock-outs and passwords set, newest first (admin). */
  accountEvents(caller: Caller, login: string): Promise<AccountEvent[]>;
  /**
   * Creates many accounts at once (admin), all or none: every error of every account is said, with its path
   * (`accounts[3].login`), before anything is stored. Answers each person's one-time password, once.
   */
  importAccounts(
    caller: Caller,
    accounts: readonly unknown[],
  ): Promise<{ login: string; name: string; oneTimePassword: string }[]>;
}

/** An account as the store holds it (its password's hash with it: never answered). */
export interface AccountRow {
  login_key: string;
  login: string;
  name: string;
  email: string | null;
  role: string;
  deactivated: string | null;
  authority: string | null;
  password_hash: string | null;
  must_change: boolean;
  epoch: number;
  totp_secret: string | null;
  totp_pending: string | null;
  /** A bigint: node-postgres answers it as text, PGlite as a number. */
  totp_last_step: string | number | null;
  /** The SHA-256 of each recovery code not used yet. */
  recovery_sha256: unknown;
  challenge_sha256: string | null;
  challenge_until: string | null;
  last_sign_in: string | null;
  revision: number;
  key_name: string;
  at: string;
}

/** Whether an account's second factor is on, and its recovery codes left. */
export const secondFactorState = (row: AccountRow): AccountView['secondFactor'] => ({
  on: row.totp_secret !== null,
  recoveryCodesLeft: Array.isArray(row.recovery_sha256) ? row.recovery_sha256.length : 0,
});

/** A person signed in, from their account as stored. */
export function signedInOf(row: AccountRow): SignedIn {
  return {
    caller: {
      name: row.name,
      role: parseRole(row.role)!,
      account: row.login,
      ...(row.authority === null ? {} : { authority: row.authority }),
    },
    login: row.login,
    epoch: row.epoch,
    mustChange: row.must_change,
  };
}

/** The accounts need only the store and the clock (none of the rounds' context: types.ts declares their methods). */
export function accountsMethods(context: {
  readonly sql: SqlClient;
  readonly now: () => Date;
  readonly stamp: () => string;
}): AccountMethods {
  const { sql, now, stamp } = context;

  const viewOf = (row: AccountRow): AccountView => ({
    login: row.login,
    name: row.name,
    ...(row.email === null ? {} : { email: row.email }),
    role: row.role,
    ...(row.deactivated === null ? {} : { deactivated: row.deactivated }),
    ...(row.authority === null ? {} : { authority: row.authority }),
    active: row.deactivated === null || !isPast(row.deactivated, now()),
    mustChange: row.must_change,
    secondFactor: secondFactorState(row),
    ...(row.last_sign_in === null ? {} : { lastSignIn: row.last_sign_in }),
    revision: row.revision,
    key: row.key_name,
    at: row.at,
  });
  const accountRow = async (tx: SqlClient, login: string) =>
    (await tx.query<AccountRow>('select * from cchc_accounts where login_key = $1', [loginKey(login)]))[0];
  const validLogin = (login: string): string => {
    const parsed = loginSchema.safeParse(login);
    if (!parsed.success) throw new RoundsError('login-invalid', { login });
    return parsed.data;
  };
  /** The account, for `caller` (`null`: the person themself): another authority's is not found. */
  const requireAccount = async (tx: SqlClient, login: string, caller: Caller | null) => {
    const row = await accountRow(tx, login);
    if (!row || (caller && !withinAuthority(caller, row.authority)))
      throw new RoundsError('account-not-found', { login });
    return row;
  };
  const record = (
    tx: SqlClient,
    login: string,
    kind: AccountEvent['kind'],
    extra: { address?: string; key?: string } = {},
  ) => recordEvent(tx, stamp(), login, kind, extra);
  const { requireNotThrottled, countFailure, clearFailures } = signInThrottle({ now, stamp });
  const requireStrong = (password: string, login: string) => {
    const problem = passwordProblem(password, login);
    if (problem) throw new RoundsError('password-weak', { reason: problem, min: MIN_PASSWORD_LENGTH });
  };

  return {
    async putAccount(caller, login, document, ifMatch) {
      requireMay(caller, 'manage');
      const spelled = validLogin(login);
      const account = parsedOrRefused(accountDocumentSchema, document, 'account-errors');
      // A limited admin grants nothing beyond its authority: no account of every authority, nor another's.
      requireMay(caller, 'manage', { authority: account.authority ?? null });
      return sql.transaction(async (tx) => {
        const existing = await accountRow(tx, spelled);
        if (existing && existing.login !== spelled)
          throw new RoundsError('login-taken', { login: spelled, existing: existing.login });
        if (existing) requireMay(caller, 'manage', { authority: existing.authority });
        requireRevision(ifMatch, existing?.revision ?? 0, { record: true });
        const unit = unitOfRole(account.role);
        if (unit !== undefined && (await unregistered(tx, caller, [unit])).size > 0)
          throw new RoundsError('account-errors', {}, { issues: [notRegistered(caller, ['role'], unit)] });
        const at = stamp();
        if (!existing) {
          // Hashed only for a new account: a change of name or role sets no password.
          const firstPassword = oneTimePassword();
          const firstHash = await hashPassword(firstPassword);
          const [row] = await tx.query<AccountRow>(
            `insert into cchc_accounts (login_key, login, name, email, role, deactivated, authority, password_hash,
               must_change, epoch, revision, key_name, at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, true, 1, 1, $9, $10) returning *`,
            [
              loginKey(spelled),
              spelled,
              account.name,
              account.email ?? null,
              account.role,
              account.deactivated ?? null,
              account.authority ?? null,
              firstHash,
              caller.name,
              at,
            ],
          );
          await record(tx, spelled, 'created', { key: caller.name });
          return { created: true, account: viewOf(row!), oneTimePassword: firstPassword };
        }
        // A new role, authority or deactivation ends the sessions the person has open: they acted as before.
        const endsSessions =
          existing.role !== account.role ||
          existing.deactivated !== (account.deactivated ?? null) ||
          existing.authority !== (account.authority ?? null);
        const [row] = await tx.query<AccountRow>(
          `update cchc_accounts set name = $2, email = $3, role = $4, deactivated = $5, authority = $6,
             epoch = epoch + $7, revision = revision + 1, key_name = $8, at = $9 where login_key = $1 returning *`,
          [
            existing.login_key,
            account.name,
            account.email ?? null,
            account.role,
            account.deactivated ?? null,
            account.authority ?? null,
            endsSessions ? 1 : 0,
            caller.name,
            at,
          ],
        );
        return { created: false, account: viewOf(row!) };
      });
    },

    async getAccount(caller, login) {
      requireMay(caller, 'manage');
      return viewOf(await sql.transaction((tx) => requireAccount(tx, login, caller)));
    },

    async listAccounts(caller) {
      requireMay(caller, 'manage');
      const rows = await sql.transaction((tx) =>
        tx.query<AccountRow>('select * from cchc_accounts order by login_key'),
      );
      return rows.filter((row) => withinAuthority(caller, row.authority)).map(viewOf);
    },

    async resetPassword(caller, login) {
      requireMay(caller, 'manage');
      const password = oneTimePassword();
      const hashed = await hashPassword(password);
      return sql.transaction(async (tx) => {
        const existing = await requireAccount(tx, login, caller);
        const [row] = await tx.query<AccountRow>(
          `update cchc_accounts set password_hash = $2, must_change = true, epoch = epoch + 1,
             totp_secret = null, totp_pending = null, totp_last_step = null, recovery_sha256 = null,
             challenge_sha256 = null, challenge_until = null
           where login_key = $1 returning *`,
          [existing.login_key, hashed],
        );
        await record(tx, existing.login, 'password-reset', { key: caller.name });
        // An account locked by failures opens with its new password.
        await clearFailures(tx, [`login:${existing.login_key}`]);
        return { account: viewOf(row!), oneTimePassword: password };
      });
    },

    async signIn(login, password, address) {
      const subjects = [`login:${loginKey(login)}`, `address:${address}`];
      const row = await sql.transaction(async (tx) => {
        await requireNotThrottled(tx, subjects);
        return accountRow(tx, login);
      });
      // Checked outside a transaction: the hash takes tens of milliseconds, on the thread pool.
      const matches = await passwordMatches(row?.password_hash, password);
      if (!row || !matches) {
        // Counted in a transaction of its own, committed before the refusal is thrown.
        await sql.transaction((tx) => countFailure(tx, subjects, row?.login ?? login.slice(0, 64), address));
        throw new RoundsError('sign-in-failed', {});
      }
      if (row.deactivated !== null && isPast(row.deactivated, now()))
        throw new RoundsError('account-inactive', { since: row.deactivated });
      return sql.transaction(async (tx) => {
        // The failures stay counted until the second factor is answered too.
        if (row.totp_secret !== null) return newChallenge(tx, row, now());
        await clearFailures(tx, subjects);
        const [updated] = await tx.query<AccountRow>(
          'update cchc_accounts set last_sign_in = $2 where login_key = $1 returning *',
          [row.login_key, stamp()],
        );
        await record(tx, row.login, 'sign-in', { address });
        return signedInOf(updated!);
      });
    },

    async keySignIn(address, matched) {
      const subjects = [`address:${address}`];
      await sql.transaction((tx) => requireNotThrottled(tx, subjects));
      if (!matched) {
        await sql.transaction((tx) => countFailure(tx, subjects, null, address));
        throw new RoundsError('sign-in-failed', {});
      }
      await sql.transaction((tx) => clearFailures(tx, subjects));
    },

    async changePassword(login, current, next) {
      const before = await sql.transaction((tx) => requireAccount(tx, login, null));
      if (!(await passwordMatches(before.password_hash, current)))
        throw new RoundsError('password-wrong', {});
      requireStrong(next, before.login);
      const hashed = await hashPassword(next);
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<AccountRow>(
          `update cchc_accounts set password_hash = $2, must_change = false, epoch = epoch + 1
             where login_key = $1 and epoch = $3 returning *`,
          [before.login_key, hashed, before.epoch],
        );
        // Reset, deactivated or changed meanwhile: the session that asked has ended with it.
        if (!row) throw new RoundsError('password-wrong', {});
        await record(tx, row.login, 'password-changed');
        return signedInOf(row);
      });
    },

    async accountSession(login, epoch) {
      const row = await sql.transaction((tx) => accountRow(tx, login));
      if (!row || row.epoch !== epoch) return undefined;
      if (row.deactivated !== null && isPast(row.deactivated, now())) return undefined;
      return signedInOf(row);
    },

    async importAccounts(caller, accounts) {
      requireMay(caller, 'manage');
      const { issues, read } = readAccounts(caller, accounts, ['accounts']);
      issues.push(...(await sql.transaction((tx) => storedAccountIssues(tx, caller, read, ['accounts']))));
      if (issues.length > 0) throw new RoundsError('account-errors', {}, { issues });
      const made = await madeAccounts(read);
      return sql.transaction(async (tx) => {
        await insertAccounts(tx, caller, made, stamp());
        return made.map(({ login, document, oneTimePassword }) => ({
          login,
          name: document.name,
          oneTimePassword,
        }));
      });
    },

    async accountEvents(caller, login) {
      requireMay(caller, 'manage');
      const rows = await sql.transaction(async (tx) => {
        await requireAccount(tx, login, caller);
        return tx.query<{
          kind: AccountEvent['kind'];
          address: string | null;
          key_name: string | null;
          at: string;
        }>(
          'select kind, address, key_name, at from cchc_account_events where login = $1 order by seq desc limit 200',
          [loginKey(login)],
        );
      });
      return rows.map((row) => ({
        kind: row.kind,
        ...(row.address === null ? {} : { address: row.address }),
        ...(row.key_name === null ? {} : { key: row.key_name }),
        at: row.at,
      }));
    },
  };
}

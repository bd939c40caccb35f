/**
 * Many accounts at once, all or none: read with every error at its path, checked against the store (logins
 * taken, units outside the register), given one-time passwords, and stored in one transaction. The Excel
 * import and the directory's import both go through here.
 */
import type { Issue } from '@cchc/core';
import { fromZodIssues, issue, parseFast } from '@cchc/core/internal';
import { withinAuthority } from './access.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { hashPassword, oneTimePassword } from './passwords.js';
import { type AccountDocument, accountDocumentSchema, loginKey, loginSchema } from './schema.js';
import { recordEvent } from './sign-in-throttle.js';
import type { SqlClient } from './sql.js';

/** An account read from a list: its login as spelled, its document, and where it stands in the list. */
export interface ReadAccount {
  readonly login: string;
  readonly document: AccountDocument;
  readonly position: number;
}

/**
 * The units among `units` that are not in the register, or not under the caller's authority, once there is
 * a register (an authority that has not written one yet names its units in its rounds alone). `registering`:
 * units the same write registers, counted as in the register.
 */
export async function unregistered(
  tx: SqlClient,
  caller: Caller,
  units: readonly string[],
  registering: readonly { readonly id: string; readonly parent?: string | undefined }[] = [],
): Promise<Set<string>> {
  if (units.length === 0) return new Set();
  const [{ count }] = (await tx.query<{ count: number }>(
    'select count(*)::int as count from cchc_units',
  )) as [{ count: number }];
  if (count === 0 && registering.length === 0) return new Set();
  const stored = await tx.query<{ id: string; parent: string | null }>(
    'select id, parent from cchc_units where id = any($1)',
    [units],
  );
  const found = new Set(
    [...stored, ...registering.map((unit) => ({ id: unit.id, parent: unit.parent ?? null }))]
      .filter((row) => withinAuthority(caller, row.parent))
      .map((row) => row.id),
  );
  return new Set(units.filter((unit) => !found.has(unit)));
}

/** The unit a role is of (`unit:<id>`), if it is a unit's. */
export const unitOfRole = (role: string): string | undefined =>
  role.startsWith('unit:') ? role.slice('unit:'.length) : undefined;

/** The issue of a unit that is not in the (caller's) register. */
export const notRegistered = (caller: Caller, path: readonly (string | number)[], unit: string) =>
  issue('invalid_value', [...path], {
    detail:
      caller.authority === undefined
        ? `unit '${unit}' is not in the register`
        : `unit '${unit}' is not in the register of ${caller.authority}`,
  });

/** Reads a list of accounts (`path`: where the list is), every error with its path; a login given twice too. */
export function readAccounts(
  caller: Caller,
  inputs: readonly unknown[],
  path: readonly (string | number)[],
): { issues: Issue[]; read: ReadAccount[] } {
  const issues: Issue[] = [];
  const read: ReadAccount[] = [];
  const first = new Set<string>();
  for (const [position, input] of inputs.entries()) {
    const { login, ...rest } = (input ?? {}) as { login?: unknown };
    const spelled = loginSchema.safeParse(login);
    const document = parseFast(accountDocumentSchema, rest);
    if (!spelled.success) issues.push(...fromZodIssues(spelled.error.issues, [...path, position, 'login']));
    if (!document.success) issues.push(...fromZodIssues(document.error.issues, [...path, position]));
    if (!spelled.success || !document.success) continue;
    if (!withinAuthority(caller, document.data.authority ?? null))
      issues.push(
        issue('invalid_value', [...path, position, 'authority'], {
          detail: `you grant rights within ${caller.authority} only`,
        }),
      );
    const key = loginKey(spelled.data);
    if (first.has(key))
      issues.push(
        issue('invalid_value', [...path, position, 'login'], { detail: 'the login is given twice' }),
      );
    first.add(key);
    read.push({ login: spelled.data, document: document.data, position });
  }
  return { issues, read };
}

/** What the store refuses of read accounts: logins that have an account, units outside the register. */
export async function storedAccountIssues(
  tx: SqlClient,
  caller: Caller,
  read: readonly ReadAccount[],
  path: readonly (string | number)[],
  registering: readonly { readonly id: string; readonly parent?: string | undefined }[] = [],
): Promise<Issue[]> {
  const issues: Issue[] = [];
  const positionOf = new Map(read.map((account) => [loginKey(account.login), account.position]));
  const taken = await tx.query<{ login_key: string }>(
    'select login_key from cchc_accounts where login_key = any($1)',
    [[...positionOf.keys()]],
  );
  for (const { login_key } of taken)
    issues.push(
      issue('invalid_value', [...path, positionOf.get(login_key)!, 'login'], {
        detail: 'this login has an account already',
      }),
    );
  const outside = await unregistered(
    tx,
    caller,
    read.flatMap(({ document }) => unitOfRole(document.role) ?? []),
    registering,
  );
  for (const { document, position } of read) {
    const unit = unitOfRole(document.role);
    if (unit !== undefined && outside.has(unit))
      issues.push(notRegistered(caller, [...path, position, 'role'], unit));
  }
  return issues;
}

/** Read accounts with their one-time passwords, hashed side by side on the thread pool (1,000 in a few seconds). */
export async function madeAccounts(read: readonly ReadAccount[]) {
  const passwords = read.map(() => oneTimePassword());
  const hashes = await Promise.all(passwords.map(hashPassword));
  return read.map((account, position) => ({
    ...account,
    oneTimePassword: passwords[position]!,
    hash: hashes[position]!,
  }));
}

/** Stores made accounts in the caller's transaction; a login made meanwhile by someone else refuses them all. */
export async function insertAccounts(
  tx: SqlClient,
  caller: Caller,
  made: readonly (ReadAccount & { readonly hash: string })[],
  at: string,
): Promise<void> {
  for (const { login, document, hash } of made) {
    const [row] = await tx.query<{ login_key: string }>(
      `insert into cchc_accounts (login_key, login, name, email, role, deactivated, authority, password_hash,
         must_change, epoch, revision, key_name, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, 1, 1, $9, $10)
         on conflict (login_key) do nothing returning login_key`,
      [
        loginKey(login),
        login,
        document.name,
        document.email ?? null,
        document.role,
        document.deactivated ?? null,
        document.authority ?? null,
        hash,
        caller.name,
        at,
      ],
    );
    if (!row) throw new RoundsError('login-taken', { login, existing: login });
    await recordEvent(tx, at, login, 'created', { key: caller.name });
  }
}

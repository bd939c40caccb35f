/**
 * The register of units and the people's accounts as one document: a backup, or the move of an authority's
 * people to another store (from the embedded store to a server), beside each round's export. Never a
 * password, a hash, a second factor's secret or a token: the accounts it makes get one-time passwords.
 */
import type { Issue } from '@cchc/core';
import { fromZodIssues, issue, parseFast } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay, withinAuthority } from './access.js';
import { insertAccounts, madeAccounts, readAccounts, storedAccountIssues } from './account-import.js';
import type { AccountView } from './accounts.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { type RegisteredUnit, type UnitRow, unitFieldsOf } from './register.js';
import { accountDocumentSchema, idSchema, loginSchema, unitDocumentSchema } from './schema.js';
import type { SqlClient } from './sql.js';

/** The directory's format, and its version: a later version adds, never changes. */
export const DIRECTORY_FORMAT = 'cchc-directory';

/** A directory as `importDirectory` reads it (`POST /v1/directory/import`). */
export const directoryDocumentSchema = z.strictObject({
  format: z.literal(DIRECTORY_FORMAT),
  version: z.literal(1),
  exportedAt: z.string().max(100).optional(),
  units: z.array(unitDocumentSchema.extend({ id: idSchema })).max(10_000),
  accounts: z.array(accountDocumentSchema.extend({ login: loginSchema })).max(10_000),
});

/** A directory as exported: the units of the register, the accounts (their state, never a secret). */
export interface Directory {
  readonly format: typeof DIRECTORY_FORMAT;
  readonly version: 1;
  readonly exportedAt: string;
  readonly units: readonly Pick<RegisteredUnit, 'id' | 'name' | 'group' | 'parent' | 'retired'>[];
  readonly accounts: readonly Pick<
    AccountView,
    'login' | 'name' | 'email' | 'role' | 'deactivated' | 'authority'
  >[];
}

export interface DirectoryMethods {
  /** The register and the accounts, as one document (admin; a limited admin, its authority's). */
  exportDirectory(caller: Caller): Promise<Directory>;
  /**
   * A directory read into this store, all or none (admin): its units registered (one registered already
   * as the file says is left as it is; one registered otherwise is an error), its accounts made, each with
   * a one-time password answered once (a login that has an account here is an error).
   */
  importDirectory(
    caller: Caller,
    document: unknown,
  ): Promise<{ units: number; accounts: { login: string; name: string; oneTimePassword: string }[] }>;
}

type UnitFields = Pick<UnitRow, 'id' | 'name' | 'unit_group' | 'parent' | 'retired'>;

/** Whether two units are written alike, field by field (absent fields alike). */
const sameUnit = (a: Directory['units'][number], b: Directory['units'][number]) =>
  a.id === b.id &&
  a.name === b.name &&
  a.group === b.group &&
  a.parent === b.parent &&
  a.retired === b.retired;

export function directoryMethods(context: {
  readonly sql: SqlClient;
  readonly stamp: () => string;
}): DirectoryMethods {
  const { sql, stamp } = context;
  return {
    async exportDirectory(caller) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const units = await tx.query<UnitFields>(
          'select id, name, unit_group, parent, retired from cchc_units order by id',
        );
        const accounts = await tx.query<{
          login: string;
          name: string;
          email: string | null;
          role: string;
          deactivated: string | null;
          authority: string | null;
        }>('select login, name, email, role, deactivated, authority from cchc_accounts order by login_key');
        return {
          format: DIRECTORY_FORMAT,
          version: 1,
          exportedAt: stamp(),
          units: units.filter((row) => withinAuthority(caller, row.parent)).map(unitFieldsOf),
          accounts: accounts
            .filter((row) => withinAuthority(caller, row.authority))
            .map((row) => ({
              login: row.login,
              name: row.name,
              ...(row.email === null ? {} : { email: row.email }),
              role: row.role,
              ...(row.deactivated === null ? {} : { deactivated: row.deactivated }),
              ...(row.authority === null ? {} : { authority: row.authority }),
            })),
        };
      });
    },

    async importDirectory(caller, input) {
      requireMay(caller, 'manage');
      const parsed = parseFast(directoryDocumentSchema, input);
      if (!parsed.success)
        throw new RoundsError('directory-errors', {}, { issues: fromZodIssues(parsed.error.issues, []) });
      const issues: Issue[] = [];
      const units = parsed.data.units.map(({ id, name, group, parent, retired }, position) => {
        if (!withinAuthority(caller, parent ?? null))
          issues.push(
            issue('invalid_value', ['units', position, 'parent'], {
              detail: `you register units of ${caller.authority} only`,
            }),
          );
        return unitFieldsOf({
          id,
          name,
          unit_group: group ?? null,
          parent: parent ?? null,
          retired: retired ?? null,
        });
      });
      const accounts = readAccounts(caller, parsed.data.accounts, ['accounts']);
      issues.push(...accounts.issues);
      const stored = await sql.transaction(async (tx) => {
        const found = await tx.query<UnitFields>(
          'select id, name, unit_group, parent, retired from cchc_units where id = any($1)',
          [units.map((unit) => unit.id)],
        );
        const storedOf = new Map(found.map((row) => [row.id, unitFieldsOf(row)]));
        const unitIssues = units.flatMap((unit, position) => {
          const existing = storedOf.get(unit.id);
          return existing && !sameUnit(existing, unit)
            ? [
                issue('invalid_value', ['units', position], {
                  detail: `unit '${unit.id}' is registered otherwise`,
                }),
              ]
            : [];
        });
        return {
          fresh: units.filter((unit) => !storedOf.has(unit.id)),
          issues: [
            ...unitIssues,
            ...(await storedAccountIssues(tx, caller, accounts.read, ['accounts'], units)),
          ],
        };
      });
      issues.push(...stored.issues);
      if (issues.length > 0) throw new RoundsError('directory-errors', {}, { issues });
      const made = await madeAccounts(accounts.read);
      return sql.transaction(async (tx) => {
        const at = stamp();
        for (const unit of stored.fresh)
          await tx.query(
            `insert into cchc_units (id, name, unit_group, parent, retired, revision, key_name, at)
               values ($1, $2, $3, $4, $5, 1, $6, $7)`,
            [
              unit.id,
              unit.name,
              unit.group ?? null,
              unit.parent ?? null,
              unit.retired ?? null,
              caller.name,
              at,
            ],
          );
        await insertAccounts(tx, caller, made, at);
        return {
          units: stored.fresh.length,
          accounts: made.map(({ login, document, oneTimePassword }) => ({
            login,
            name: document.name,
            oneTimePassword,
          })),
        };
      });
    },
  };
}

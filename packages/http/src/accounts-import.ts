import type { Issue } from '@cchc/core';
import { readAccountsSheet } from '@cchc/excel';
import { type Caller, type Rounds, RoundsError } from '@cchc/rounds';

/**
 * The units a person may belong to, by id with their names: the register's, once it has units (retired ones
 * left out); until then, the units the rounds name.
 */
export async function knownUnits(rounds: Rounds, caller: Caller): Promise<Map<string, string>> {
  const registered = await rounds.listUnits(caller);
  if (registered.length > 0)
    return new Map(registered.filter((unit) => unit.active).map((unit) => [unit.id, unit.name]));
  const units = new Map<string, string>();
  for (const round of await rounds.listRounds(caller))
    for (const unit of round.units) units.set(unit.id, unit.name);
  return units;
}

/**
 * The authorities this install knows, to offer where one is typed: the parents of the register's units and
 * the authorities of the rounds, as they are written.
 */
export async function knownAuthorities(rounds: Rounds, caller: Caller): Promise<string[]> {
  const names = new Set<string>();
  for (const unit of await rounds.listUnits(caller)) if (unit.parent) names.add(unit.parent);
  for (const round of await rounds.listRounds(caller)) names.add(round.authority.name);
  return [...names].sort((a, b) => a.localeCompare(b, 'vi'));
}

/** The cell of an account's field, as the workbook's row holds it (`accounts[3].login` → that row's login cell). */
const CELL_OF_FIELD: Readonly<Record<string, 'name' | 'login' | 'email' | 'role'>> = {
  name: 'name',
  login: 'login',
  email: 'email',
  role: 'role',
  deactivated: 'role',
};

/**
 * People read from a workbook (`accountsTemplate`'s) and made accounts, all or none: the one-time passwords
 * of everyone made, or every error placed at its cell, those the store finds too (a login taken, written
 * twice). The API and the pages import through it.
 */
export async function importAccountsWorkbook(
  rounds: Rounds,
  caller: Caller,
  bytes: Uint8Array,
): Promise<
  | { readonly imported: readonly { login: string; name: string; oneTimePassword: string }[] }
  | { readonly issues: readonly Issue[] }
> {
  const read = await readAccountsSheet(bytes, { units: await knownUnits(rounds, caller) });
  if (!read.success) return { issues: read.issues };
  try {
    return {
      imported: await rounds.importAccounts(
        caller,
        // A limited admin's people belong to its authority; an admin of every authority's, to every one.
        read.data.map(({ cells: _cells, ...account }) =>
          caller.authority === undefined ? account : { ...account, authority: caller.authority },
        ),
      ),
    };
  } catch (error) {
    if (!(error instanceof RoundsError) || error.issues.length === 0) throw error;
    return {
      issues: error.issues.map((found) => {
        const [, position, field] = found.path;
        const row = typeof position === 'number' ? read.data[position] : undefined;
        const cell =
          row && typeof field === 'string' ? row.cells[CELL_OF_FIELD[field] ?? 'login'] : undefined;
        return { ...found, path: [], cell: cell ?? '(workbook)' };
      }),
    };
  }
}

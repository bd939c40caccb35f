import { isPast } from '@cchc/core';
import { requireMay, withinAuthority } from './access.js';
import { type IfMatch, parsedOrRefused, RoundsError, requireRevision } from './errors.js';
import type { Caller } from './keys.js';
import { idSchema, unitDocumentSchema } from './schema.js';
import type { SqlClient } from './sql.js';

/** A unit of the register as it is answered. */
export interface RegisteredUnit {
  readonly id: string;
  readonly name: string;
  readonly group?: string;
  readonly parent?: string;
  /** When it left, or leaves, the register. */
  readonly retired?: string;
  /** Whether it is in the register now. */
  readonly active: boolean;
  readonly revision: number;
  readonly key: string;
  readonly at: string;
}

export interface RegisterMethods {
  /** Registers a unit, or renames, regroups or retires it (admin); a revision each time. */
  putUnit(
    caller: Caller,
    id: string,
    document: unknown,
    ifMatch?: IfMatch,
  ): Promise<{ created: boolean; unit: RegisteredUnit }>;
  getUnit(caller: Caller, id: string): Promise<RegisteredUnit>;
  /** The register, retired units too (admin). */
  listUnits(caller: Caller): Promise<RegisteredUnit[]>;
}

/** A unit of the register as the store holds it. */
export interface UnitRow {
  id: string;
  name: string;
  unit_group: string | null;
  parent: string | null;
  retired: string | null;
  revision: number;
  key_name: string;
  at: string;
}

/** A stored unit's own fields, as an admin wrote them (the register and the directory answer them alike). */
export const unitFieldsOf = (
  row: Pick<UnitRow, 'id' | 'name' | 'unit_group' | 'parent' | 'retired'>,
): Pick<RegisteredUnit, 'id' | 'name' | 'group' | 'parent' | 'retired'> => ({
  id: row.id,
  name: row.name,
  ...(row.unit_group === null ? {} : { group: row.unit_group }),
  ...(row.parent === null ? {} : { parent: row.parent }),
  ...(row.retired === null ? {} : { retired: row.retired }),
});

/** The register of units: the store and the clock are all it needs. */
export function registerMethods(context: {
  readonly sql: SqlClient;
  readonly now: () => Date;
  readonly stamp: () => string;
}): RegisterMethods {
  const { sql, now, stamp } = context;
  const unitOf = (row: UnitRow): RegisteredUnit => ({
    ...unitFieldsOf(row),
    active: row.retired === null || !isPast(row.retired, now()),
    revision: row.revision,
    key: row.key_name,
    at: row.at,
  });
  return {
    async putUnit(caller, id, document, ifMatch) {
      requireMay(caller, 'manage');
      if (!idSchema.safeParse(id).success) throw new RoundsError('unit-id-invalid', { id });
      const unit = parsedOrRefused(unitDocumentSchema, document, 'unit-errors');
      // A limited admin registers the units under its own authority, and moves none out of it.
      requireMay(caller, 'manage', { authority: unit.parent ?? null });
      return sql.transaction(async (tx) => {
        const [existing] = await tx.query<UnitRow>('select * from cchc_units where id = $1 for update', [id]);
        if (existing) requireMay(caller, 'manage', { authority: existing.parent });
        requireRevision(ifMatch, existing?.revision ?? 0, { record: true });
        const [row] = await tx.query<UnitRow>(
          `insert into cchc_units (id, name, unit_group, parent, retired, revision, key_name, at)
             values ($1, $2, $3, $4, $5, 1, $6, $7)
           on conflict (id) do update set name = excluded.name, unit_group = excluded.unit_group,
             parent = excluded.parent, retired = excluded.retired, revision = cchc_units.revision + 1,
             key_name = excluded.key_name, at = excluded.at
           returning *`,
          [
            id,
            unit.name,
            unit.group ?? null,
            unit.parent ?? null,
            unit.retired ?? null,
            caller.name,
            stamp(),
          ],
        );
        return { created: !existing, unit: unitOf(row!) };
      });
    },

    async getUnit(caller, id) {
      requireMay(caller, 'manage');
      const [row] = await sql.transaction((tx) =>
        tx.query<UnitRow>('select * from cchc_units where id = $1', [id]),
      );
      if (!row || !withinAuthority(caller, row.parent)) throw new RoundsError('unit-not-registered', { id });
      return unitOf(row);
    },

    async listUnits(caller) {
      requireMay(caller, 'manage');
      const rows = await sql.transaction((tx) =>
        tx.query<UnitRow>("select * from cchc_units order by coalesce(parent, ''), unit_group, name"),
      );
      return rows.filter((row) => withinAuthority(caller, row.parent)).map(unitOf);
    },
  };
}

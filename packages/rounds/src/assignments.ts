/**
 * Who appraises what in a round: each appraiser's account with the units it appraises and the criteria it
 * appraises there. Once a round has any assignment, an appraiser who signs in as a person appraises only what
 * was assigned to them (keys of `CCHC_API_KEYS`, which are no one's, keep their role's reach).
 */
import type { Issue } from '@cchc/core';
import { fromZodIssues, issue, parseFast } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay, withinAuthority, withinCodes } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import { type Caller, parseRole } from './keys.js';
import { idSchema, loginKey, loginSchema } from './schema.js';
import type { SqlClient } from './sql.js';

/** One appraiser's assignment in a round: no units, every unit; no codes, every criterion. */
export interface Assignment {
  readonly login: string;
  /** The appraiser's name, as their account says it. */
  readonly name: string;
  readonly units: readonly string[];
  readonly codes: readonly string[];
}

export interface AssignmentMethods {
  /**
   * The round's assignment of appraisers, all at once (admin): each an appraiser's account of the caller's
   * authority, units of the round, criteria of the round's sets. An empty list: appraisers appraise as their
   * roles say.
   */
  putAssignments(caller: Caller, round: string, assignments: unknown): Promise<Assignment[]>;
  /** The round's assignment (admin, appraisers). */
  assignments(caller: Caller, round: string): Promise<Assignment[]>;
}

/** The round's assignment as an admin writes it (`PUT /v1/rounds/{round}/assignments`). */
export const assignmentsDocumentSchema = z
  .array(
    z.strictObject({
      login: loginSchema,
      units: z.array(idSchema).max(10_000).optional(),
      codes: z
        .array(z.string().regex(/^[\p{L}\p{N}.]{1,50}$/u, 'a criterion code'))
        .max(1_000)
        .optional(),
    }),
  )
  .max(1_000);

/** The codes both lists allow: each code of one that stands within the other. */
function narrowedCodes(a: readonly string[], b: readonly string[]): string[] {
  return [
    ...new Set([...a.filter((code) => withinCodes(b, code)), ...b.filter((code) => withinCodes(a, code))]),
  ];
}

/**
 * The caller as it appraises `unit` of a round: as it is, unless the round assigns appraisers and the caller
 * is an appraiser's account; then refused where nothing of that unit was assigned to it, and limited to the
 * codes assigned (and those of its role).
 */
export async function appraiserInRound(
  tx: SqlClient,
  caller: Caller,
  round: string,
  unit: string,
): Promise<Caller> {
  if (caller.role.kind !== 'appraiser' || caller.account === undefined) return caller;
  const rows = await tx.query<{ login_key: string; units: string[]; codes: string[] }>(
    'select login_key, units, codes from cchc_assignments where round_id = $1',
    [round],
  );
  if (rows.length === 0) return caller;
  const own = rows.find((row) => row.login_key === loginKey(caller.account!));
  if (!own) throw new RoundsError('not-assigned', { round });
  if (own.units.length > 0 && !own.units.includes(unit)) throw new RoundsError('not-assigned-unit', { unit });
  if (own.codes.length === 0) return caller;
  const codes = caller.role.codes ? narrowedCodes(caller.role.codes, own.codes) : own.codes;
  return { ...caller, role: { kind: 'appraiser', codes } };
}

export function assignmentMethods(context: RoundsContext): AssignmentMethods {
  const { sql, stamp, loadRound, loadSet } = context;

  const read = async (tx: SqlClient, round: string): Promise<Assignment[]> =>
    (
      await tx.query<{ login: string; name: string; units: string[]; codes: string[] }>(
        `select a.login, a.name, s.units, s.codes from cchc_assignments s
           join cchc_accounts a on a.login_key = s.login_key where s.round_id = $1 order by a.name, a.login`,
        [round],
      )
    ).map((row) => ({ login: row.login, name: row.name, units: row.units, codes: row.codes }));

  return {
    async putAssignments(caller, roundId, input) {
      requireMay(caller, 'manage');
      const parsed = parseFast(assignmentsDocumentSchema, input);
      if (!parsed.success)
        throw new RoundsError('assignment-errors', {}, { issues: fromZodIssues(parsed.error.issues, []) });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        const roundUnits = new Set(round.document.units.map((unit) => unit.id));
        const sets = await Promise.all(
          [...new Set(round.document.units.map((unit) => unit.criteriaSet))].map((id) => loadSet(tx, id)),
        );
        const issues: Issue[] = [];
        const seen = new Set<string>();
        for (const [position, assignment] of parsed.data.entries()) {
          const key = loginKey(assignment.login);
          const [account] = await tx.query<{ role: string; authority: string | null }>(
            'select role, authority from cchc_accounts where login_key = $1',
            [key],
          );
          if (
            !account ||
            parseRole(account.role)?.kind !== 'appraiser' ||
            !withinAuthority(caller, account.authority)
          )
            issues.push(
              issue('invalid_value', [position, 'login'], { detail: 'not an appraiser’s account' }),
            );
          if (seen.has(key))
            issues.push(issue('invalid_value', [position, 'login'], { detail: 'assigned twice' }));
          seen.add(key);
          for (const [at, unit] of (assignment.units ?? []).entries())
            if (!roundUnits.has(unit))
              issues.push(
                issue('invalid_value', [position, 'units', at], {
                  detail: `the round has no unit '${unit}'`,
                }),
              );
          for (const [at, code] of (assignment.codes ?? []).entries())
            if (!sets.some((set) => set.byCode.has(code)))
              issues.push(
                issue('invalid_value', [position, 'codes', at], { detail: `no criterion '${code}'` }),
              );
        }
        if (issues.length > 0) throw new RoundsError('assignment-errors', {}, { issues });
        await tx.query('delete from cchc_assignments where round_id = $1', [roundId]);
        const at = stamp();
        for (const assignment of parsed.data)
          await tx.query(
            `insert into cchc_assignments (round_id, login_key, units, codes, key_name, at) values ($1, $2, $3, $4, $5, $6)`,
            [
              roundId,
              loginKey(assignment.login),
              JSON.stringify(assignment.units ?? []),
              JSON.stringify(assignment.codes ?? []),
              caller.name,
              at,
            ],
          );
        return read(tx, roundId);
      });
    },

    async assignments(caller, roundId) {
      requireMay(caller, 'appraise');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        return read(tx, roundId);
      });
    },
  };
}

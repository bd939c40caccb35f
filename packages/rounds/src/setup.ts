/** Criteria sets and rounds: stored, listed, read. */
import { createHash } from 'node:crypto';
import { type Issue, parseCriteriaSet } from '@cchc/core';
import { canonicalJson, issue } from '@cchc/core/internal';
import { may, requireMay } from './access.js';
import { notRegistered, unregistered } from './account-import.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import { idSchema, roundDocumentSchema } from './schema.js';
import type { RoundRow, Rounds } from './types.js';

/**
 * A short fingerprint of a criteria set document as stored (its canonical JSON's SHA-256): an edit form carries
 * it, and `putCriteriaSet`'s `replacing` checks that nobody changed the set in between.
 */
export function criteriaSetTag(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('base64url');
}

export function setupMethods(
  context: RoundsContext,
): Pick<Rounds, 'putCriteriaSet' | 'criteriaSets' | 'putRound' | 'listRounds' | 'getRound'> {
  const { sql, stamp, loadSet, loadRound, view, visibleTo, requireUnitsKept } = context;
  return {
    async putCriteriaSet(caller, id, document, options = {}) {
      requireMay(caller, 'manage');
      const parsed = parseCriteriaSet(document);
      if (!parsed.success)
        throw new RoundsError('set-errors', { count: parsed.issues.length }, { issues: parsed.issues });
      if (parsed.data.id !== id)
        throw new RoundsError(
          'set-id-mismatch',
          { id: parsed.data.id, route: id },
          { issues: [issue('invalid_value', ['id'], { detail: `the route names '${id}'` })] },
        );
      return sql.transaction(async (tx) => {
        const [existing] = await tx.query<{ document: unknown; authority: string | null }>(
          'select document, authority from cchc_criteria_sets where id = $1 for update',
          [id],
        );
        // Another authority's set is theirs to change; a new one belongs to the caller's authority.
        if (existing) requireMay(caller, 'manage', { authority: existing.authority });
        if (options.replacing === null && existing) throw new RoundsError('set-exists', { id });
        if (
          typeof options.replacing === 'string' &&
          (!existing || criteriaSetTag(existing.document) !== options.replacing)
        )
          throw new RoundsError('set-changed', { id });
        if (existing && canonicalJson(existing.document) === canonicalJson(document))
          return { created: false };
        if (existing) {
          const [used] = await tx.query<{ id: string }>(
            `select id from cchc_rounds where exists (select 1 from jsonb_array_elements(document->'units') unit where unit->>'criteriaSet' = $1) limit 1`,
            [id],
          );
          if (used)
            throw new RoundsError('set-in-use', { id, round: used.id }, { details: { round: used.id } });
        }
        await tx.query(
          `insert into cchc_criteria_sets (id, document, key_name, stored_at, authority) values ($1, $2, $3, $4, $5)
             on conflict (id) do update set document = excluded.document, key_name = excluded.key_name, stored_at = excluded.stored_at`,
          [id, JSON.stringify(document), caller.name, stamp(), caller.authority ?? null],
        );
        return { created: !existing };
      });
    },

    async criteriaSets() {
      return sql.transaction(async (tx) => {
        const rows = await tx.query<{ id: string }>('select id from cchc_criteria_sets order by id');
        return Promise.all(rows.map((row) => loadSet(tx, row.id)));
      });
    },

    async putRound(caller, id, input, options = {}) {
      requireMay(caller, 'manage');
      requireRoundId(id);
      const document = parsedOrRefused(roundDocumentSchema, input, 'round-errors');
      requireMay(caller, 'manage', { authority: document.authority.name });
      return sql.transaction(async (tx) => {
        const issues: Issue[] = [];
        const storing = new Set<string>();
        for (const [position, unit] of document.units.entries()) {
          if (storing.has(unit.criteriaSet)) continue;
          const [set] = await tx.query('select id from cchc_criteria_sets where id = $1', [unit.criteriaSet]);
          if (set) continue;
          // A set the caller gives with the round (one the server holds), stored with it if it parses as that id.
          const given = options.sets?.get(unit.criteriaSet);
          const parsed = given === undefined ? undefined : parseCriteriaSet(given);
          if (parsed?.success && parsed.data.id === unit.criteriaSet) {
            await tx.query(
              `insert into cchc_criteria_sets (id, document, key_name, stored_at, authority) values ($1, $2, $3, $4, $5)`,
              [unit.criteriaSet, JSON.stringify(given), caller.name, stamp(), caller.authority ?? null],
            );
            storing.add(unit.criteriaSet);
            continue;
          }
          issues.push(
            issue('unknown_criteria_set', ['units', position, 'criteriaSet'], { id: unit.criteriaSet }),
          );
        }
        if (issues.length > 0) throw new RoundsError('round-sets-missing', {}, { issues });
        // Once there is a register, a round picks its units from it (the caller's authority's).
        const outside = await unregistered(
          tx,
          caller,
          document.units.map((unit) => unit.id),
        );
        for (const [position, unit] of document.units.entries())
          if (outside.has(unit.id)) issues.push(notRegistered(caller, ['units', position, 'id'], unit.id));
        if (issues.length > 0) throw new RoundsError('round-units-unregistered', {}, { issues });
        const [existing] = await tx.query<Pick<RoundRow, 'id' | 'published'> & { authority: string }>(
          "select id, published, document->'authority'->>'name' as authority from cchc_rounds where id = $1 for update",
          [id],
        );
        // A round of another authority is not moved into the caller's by writing it again.
        if (existing) requireMay(caller, 'manage', { authority: existing.authority });
        if (existing?.published)
          throw new RoundsError(
            'round-published',
            { round: id },
            { details: { published: existing.published.at } },
          );
        if (existing) await requireUnitsKept(tx, id, document);
        const at = stamp();
        await tx.query(
          `insert into cchc_rounds (id, document, key_name, created_at, updated_at) values ($1, $2, $3, $4, $4)
             on conflict (id) do update set document = excluded.document, key_name = excluded.key_name, updated_at = excluded.updated_at`,
          [id, JSON.stringify(document), caller.name, at],
        );
        return { created: !existing, round: await view(tx, await loadRound(tx, id, caller)) };
      });
    },

    async listRounds(caller) {
      return sql.transaction(async (tx) => {
        const rows = await tx.query<RoundRow>(
          'select id, document, locks, published from cchc_rounds order by id',
        );
        const visible = rows.filter((row) =>
          may(caller, 'see-round', {
            units: row.document.units.map((unit) => unit.id),
            authority: row.document.authority.name,
          }),
        );
        return Promise.all(visible.map((row) => view(tx, row)));
      });
    },

    async getRound(caller, id) {
      return sql.transaction(async (tx) => view(tx, visibleTo(caller, await loadRound(tx, id, caller))));
    },
  };
}

/** A round's id follows the rule of unit and set ids: it goes into addresses and file names. */
export function requireRoundId(id: string): void {
  const parsed = idSchema.safeParse(id);
  if (parsed.success) return;
  // The id rule's own words, as the schema of unit and set ids says them.
  const rule = parsed.error.issues[0]!.message;
  throw new RoundsError(
    'round-id',
    { id, rule },
    { issues: [issue('invalid_value', ['id'], { detail: rule })] },
  );
}

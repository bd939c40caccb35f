/** The layers of a unit: written and read revision by revision, submitted, reopened, locked. */

import { resultToJson } from '@cchc/core';
import { issue } from '@cchc/core/internal';
import { may, requireMay } from './access.js';
import { appraiserInRound } from './assignments.js';
import { changedEntries, changedFigures, sameAssessment } from './changes.js';
import type { RoundsContext } from './context.js';
import { RoundsError, requireRevision } from './errors.js';
import { requireFilesInLibrary } from './files.js';
import type { Caller } from './keys.js';
import { reasonOf, recordRoundEvent } from './round-events.js';
import { LAYERS, type Layer, layerBefore, layerNamed, passesOf } from './schema.js';
import { lockRecord, type SqlClient } from './sql.js';
import type { Rounds } from './types.js';

export function layersMethods(
  context: RoundsContext,
): Pick<
  Rounds,
  | 'putLayer'
  | 'editLayer'
  | 'sheetOf'
  | 'sheetView'
  | 'getLayer'
  | 'history'
  | 'submit'
  | 'reopen'
  | 'lock'
  | 'unlock'
> {
  const {
    sql,
    stamp,
    loadSet,
    loadRound,
    loadRoundForUnit,
    unitOf,
    view,
    requireUnpublished,
    requireOpen,
    storedRevision,
    latestRevision,
    completeDocument,
    scored,
    scoredOrUndefined,
    unitPhase,
  } = context;
  const editLayer: Rounds['editLayer'] = async (asked, roundId, unitId, layer, edit, ifMatch) => {
    requireMay(asked, 'write-layer', { unit: unitId, layer });
    return sql.transaction(async (tx) => {
      const round = await loadRoundForUnit(tx, roundId, unitId, asked, layer);
      // An appraiser of a round that assigns appraisers writes what was assigned to it, no more.
      const caller = layer === 'self' ? asked : await appraiserInRound(tx, asked, roundId, unitId);
      const unit = unitOf(round, unitId);
      // One write at a time per layer (its revisions are numbered from the last), any number across layers.
      await lockRecord(tx, `${roundId}/${unitId}/${layer}`);
      await requireOpen(tx, round, unitId, layer, caller);
      const current = await latestRevision(tx, round, unitId, layer);
      const currentRevision = current?.revision ?? 0;
      requireRevision(ifMatch, currentRevision, { layer });
      const set = await loadSet(tx, unit.criteriaSet, round.unitSetStoredAt);
      const document = completeDocument(round, unitId, layer, edit({ set, document: current?.document }));
      await requireFilesInLibrary(tx, roundId, unitId, document);
      const result = scored(set, document);
      // A write that says what is stored already is no new revision: the client is told so.
      if (current && sameAssessment(current.document, document))
        return {
          revision: current.revision,
          key: current.key_name,
          at: current.at,
          document: current.document,
          result: resultToJson(result),
          unchanged: true,
        };
      const changes = changedEntries(current?.document, document);
      if (caller.role.kind === 'appraiser' && caller.role.codes) {
        // Judged by what the write changes, entries and figures: an envelope such as `unscored: full`
        // changes figures no entry names. An appraisal starts from the layer before it (the unit's
        // self-assessment, or with two passes the first appraisal for the second).
        const codes = caller.role.codes;
        const baseline =
          current?.document ??
          (await storedRevision(tx, roundId, unitId, layerBefore(round.document, layer)))?.document;
        const touched = new Set([
          ...changedEntries(baseline, document),
          // A parent's figures change with those of the codes below it: they are the appraiser's too.
          ...changedFigures(baseline && scoredOrUndefined(set, baseline), result).filter(
            (code) => !codes.some((allowed) => allowed.startsWith(`${code}.`)),
          ),
        ]);
        const outside = [...touched].filter((code) => !may(caller, 'appraise', { code })).sort();
        if (outside.length > 0) requireMay(caller, 'appraise', { code: outside.join(', ') });
      }
      const revision = currentRevision + 1;
      const at = stamp();
      await tx.query(
        `insert into cchc_revisions (round_id, unit_id, layer, revision, document, changes, key_name, at)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          roundId,
          unitId,
          layer,
          revision,
          JSON.stringify(document),
          JSON.stringify(changes),
          caller.name,
          at,
        ],
      );
      return { revision, key: caller.name, at, document, result: resultToJson(result) };
    });
  };

  return {
    putLayer: (caller, roundId, unitId, layer, input, ifMatch) =>
      editLayer(caller, roundId, unitId, layer, () => input, ifMatch),
    editLayer,

    async sheetOf(caller, roundId, unitId, layer) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRoundForUnit(tx, roundId, unitId, caller);
        const unit = unitOf(round, unitId);
        return {
          set: await loadSet(tx, unit.criteriaSet, round.unitSetStoredAt),
          unit,
          period: round.document.period,
          document: (await storedRevision(tx, roundId, unitId, layer))?.document,
        };
      });
    },

    async sheetView(caller, roundId, unitId, layer) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRoundForUnit(tx, roundId, unitId, caller);
        const unit = unitOf(round, unitId);
        const set = await loadSet(tx, unit.criteriaSet, round.unitSetStoredAt);
        const row = await storedRevision(tx, roundId, unitId, layer);
        const phase = await unitPhase(tx, round, unitId);
        return {
          set,
          unit,
          period: round.document.period,
          stored: row && {
            revision: row.revision,
            key: row.key_name,
            at: row.at,
            document: row.document,
            result: resultToJson(scored(set, row.document)),
          },
          round: {
            id: round.id,
            deadlines: round.document.deadlines,
            passes: passesOf(round.document),
            locks: round.locks,
            published: round.published && { at: round.published.at },
          },
          ...phase,
        };
      });
    },

    async getLayer(caller, roundId, unitId, layer, revision) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const unit = unitOf(round, unitId);
        const row = await storedRevision(tx, roundId, unitId, layer, revision);
        if (!row) throw new RoundsError('layer-not-found', { unit: unitId, layer, revision });
        const set = await loadSet(tx, unit.criteriaSet);
        return {
          revision: row.revision,
          key: row.key_name,
          at: row.at,
          document: row.document,
          result: resultToJson(scored(set, row.document)),
        };
      });
    },

    async history(caller, roundId, unitId) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        unitOf(await loadRound(tx, roundId, caller), unitId);
        const rows = await tx.query<{
          revision: number;
          layer: Layer;
          key_name: string;
          at: string;
          changes: string[];
        }>(
          `select revision, layer, key_name, at, changes from cchc_revisions
             where round_id = $1 and unit_id = $2 order by seq`,
          [roundId, unitId],
        );
        return rows.map((row) => ({
          revision: row.revision,
          layer: row.layer,
          key: row.key_name,
          at: row.at,
          changes: row.changes,
        }));
      });
    },

    async submit(caller, roundId, unitId) {
      requireMay(caller, 'submit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        unitOf(round, unitId);
        await requireOpen(tx, round, unitId, 'self', caller);
        const stored = await storedRevision(tx, roundId, unitId, 'self');
        if (!stored) throw new RoundsError('nothing-to-submit', { unit: unitId });
        // An item whose evidence the set requires is handed in with a file, or explained in its note.
        const set = await loadSet(tx, unitOf(round, unitId).criteriaSet);
        const unbacked = [...set.byCode.values()]
          .filter((criterion) => criterion.requiredEvidence !== undefined && criterion.children.length === 0)
          .filter((criterion) => {
            const entry = (stored.document as { entries?: Record<string, Record<string, unknown>> })
              .entries?.[criterion.code];
            if (!entry || entry['notApplicable'] === true) return false;
            const files = entry['files'];
            const note = entry['note'];
            return (
              !(Array.isArray(files) && files.length > 0) && !(typeof note === 'string' && note.trim() !== '')
            );
          })
          .map((criterion) => criterion.code);
        if (unbacked.length > 0)
          throw new RoundsError('evidence-missing', { items: unbacked }, { details: { items: unbacked } });
        const at = stamp();
        await setSubmission(tx, roundId, unitId, at, caller, at);
        return view(tx, round);
      });
    },

    async reopen(caller, roundId, unitId, reason) {
      requireMay(caller, 'manage');
      const why = reason === undefined ? undefined : reasonOf(reason);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, caller, 'update'));
        unitOf(round, unitId);
        const at = stamp();
        await setSubmission(tx, roundId, unitId, null, caller, at);
        // Kept with who and when, for the unit to read why its sheet is open again.
        if (why !== undefined)
          await recordRoundEvent(tx, {
            caller,
            round: roundId,
            kind: 'reopen',
            unit: unitId,
            detail: {},
            reason: why,
            at,
          });
        return view(tx, round);
      });
    },

    async lock(caller, roundId, name) {
      requireMay(caller, 'manage');
      const layer = requireLayer(name);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, caller, 'update'));
        const locks = { ...round.locks, [layer]: { key: caller.name, at: stamp() } };
        await tx.query('update cchc_rounds set locks = $2 where id = $1', [roundId, JSON.stringify(locks)]);
        return view(tx, { ...round, locks });
      });
    },

    async unlock(caller, roundId, name) {
      requireMay(caller, 'manage');
      const layer = requireLayer(name);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, caller, 'update'));
        const { [layer]: _unlocked, ...locks } = round.locks;
        await tx.query('update cchc_rounds set locks = $2 where id = $1', [roundId, JSON.stringify(locks)]);
        return view(tx, { ...round, locks });
      });
    },
  };
}

/** A layer named by a client (a lock's body): refused with its path when it is none. */
function requireLayer(name: unknown): Layer {
  const layer = typeof name === 'string' ? layerNamed(name) : undefined;
  if (layer === undefined)
    throw new RoundsError(
      'layer-body',
      {},
      { issues: [issue('invalid_value', ['layer'], { detail: LAYERS.join(', ') })] },
    );
  return layer;
}

async function setSubmission(
  tx: SqlClient,
  round: string,
  unit: string,
  submittedAt: string | null,
  caller: Caller,
  at: string,
) {
  await tx.query(
    `insert into cchc_submissions (round_id, unit_id, submitted_at, key_name, at) values ($1, $2, $3, $4, $5)
       on conflict (round_id, unit_id) do update set submitted_at = excluded.submitted_at, key_name = excluded.key_name, at = excluded.at`,
    [round, unit, submittedAt, caller.name, at],
  );
}

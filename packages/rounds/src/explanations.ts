/** Requests for explanations and the units' answers, with every one kept in order. */

import { requireMay } from './access.js';
import { appraiserInRound } from './assignments.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import { requireHashesInLibrary } from './files.js';
import { explanationClosure } from './layer-state.js';
import { reasonOf, recordRoundEvent } from './round-events.js';
import { explanationSchema } from './schema.js';
import type { SqlClient } from './sql.js';
import type { RoundExport } from './transfer-schema.js';
import type { ExplanationEntry, ExplanationRow, Rounds } from './types.js';

export function explanationsMethods(
  context: RoundsContext,
): Pick<Rounds, 'explain' | 'explanations' | 'closeExplanations' | 'reopenExplanations'> {
  const { sql, now, stamp, loadSet, loadRound, unitOf, unitPhase, view, requireUnpublished } = context;
  return {
    async explain(caller, roundId, unitId, code, body) {
      const explanation = parsedOrRefused(explanationSchema, body, 'explanation-errors');
      const asking = 'request' in explanation;
      requireMay(caller, asking ? 'ask-explanation' : 'answer-explanation', { unit: unitId, code });
      await sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        const unit = unitOf(round, unitId);
        // A request is the assigned appraiser's: for its units and criteria.
        if (asking)
          requireMay(await appraiserInRound(tx, caller, roundId, unitId), 'ask-explanation', {
            unit: unitId,
            code,
          });
        // A request belongs to the appraisal it is made in; an answer to the explanations' phase.
        const closed = explanationClosure(
          { ...round, ...(await unitPhase(tx, round, unitId)) },
          unitId,
          asking,
          caller,
          now(),
        );
        if (closed) throw closed;
        const set = await loadSet(tx, unit.criteriaSet);
        // A bonus or penalty claim is explained as an item is.
        if (!set.byCode.has(code) && !set.adjustments.some((adjustment) => adjustment.code === code))
          throw new RoundsError('criterion-not-found', { code });
        if (!asking)
          await requireHashesInLibrary(
            tx,
            roundId,
            unitId,
            (explanation as { files?: string[] }).files ?? [],
          );
        const at = stamp();
        if (asking)
          await tx.query(
            `insert into cchc_explanations (round_id, unit_id, code, request, requested_by, requested_at) values ($1, $2, $3, $4, $5, $6)
               on conflict (round_id, unit_id, code) do update set request = excluded.request, requested_by = excluded.requested_by, requested_at = excluded.requested_at, answer = null`,
            [roundId, unitId, code, (explanation as { request: string }).request, caller.name, at],
          );
        else
          await tx.query(
            `insert into cchc_explanations (round_id, unit_id, code, answer, answered_by, answered_at) values ($1, $2, $3, $4, $5, $6)
               on conflict (round_id, unit_id, code) do update set answer = excluded.answer, answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
            [roundId, unitId, code, JSON.stringify(explanation), caller.name, at],
          );
        const { request, ...answer } = explanation as { request?: string; text?: string };
        await tx.query(
          `insert into cchc_explanation_history (round_id, unit_id, code, kind, content, key_name, at)
             values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            roundId,
            unitId,
            code,
            asking ? 'request' : 'answer',
            JSON.stringify(asking ? { text: request } : answer),
            caller.name,
            at,
          ],
        );
      });
    },

    async closeExplanations(caller, roundId, unitId) {
      requireMay(caller, 'answer-explanation', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        unitOf(round, unitId);
        // Closed once: a second close changes nothing (its time stays the first's).
        const phase = await unitPhase(tx, round, unitId);
        if (!phase.explanationsClosed) {
          const closed = explanationClosure({ ...round, ...phase }, unitId, false, caller, now());
          if (closed) throw closed;
          await setClosure(tx, roundId, unitId, stamp(), caller.name, stamp());
        }
        return view(tx, round);
      });
    },

    async reopenExplanations(caller, roundId, unitId, reason) {
      requireMay(caller, 'manage');
      const why = reasonOf(reason);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, caller, 'update'));
        unitOf(round, unitId);
        const at = stamp();
        await setClosure(tx, roundId, unitId, null, caller.name, at);
        await recordRoundEvent(tx, {
          caller,
          round: roundId,
          kind: 'reopen',
          unit: unitId,
          detail: { phase: 'explanation' },
          reason: why,
          at,
        });
        return view(tx, round);
      });
    },

    async explanations(caller, roundId, unitId) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        unitOf(await loadRound(tx, roundId, caller), unitId);
        const rows = await tx.query<ExplanationRow>(
          `select unit_id, code, request, requested_by, requested_at, answer, answered_by, answered_at
             from cchc_explanations where round_id = $1 and unit_id = $2 order by code`,
          [roundId, unitId],
        );
        const historyOf = new Map<string, ExplanationEntry[]>();
        for (const { unit: _unit, code, evidence, files, ...entry } of await explanationHistory(
          tx,
          roundId,
          unitId,
        ))
          historyOf.set(code, [
            ...(historyOf.get(code) ?? []),
            { ...entry, ...(evidence ? { evidence } : {}), ...(files ? { files } : {}) },
          ]);
        return rows.map((row) => {
          const answer = row.answer as { text: string; evidence?: string[]; files?: string[] } | null;
          return {
            code: row.code,
            request:
              row.request === null
                ? null
                : { text: row.request, key: row.requested_by!, at: row.requested_at! },
            answer:
              answer === null
                ? null
                : {
                    text: answer.text,
                    evidence: answer.evidence ?? [],
                    files: answer.files ?? [],
                    key: row.answered_by!,
                    at: row.answered_at!,
                  },
            history: historyOf.get(row.code) ?? [],
          };
        });
      });
    },
  };
}

/** The explanation history of a round (or one unit of it), oldest first, as the export writes it. */
export async function explanationHistory(
  tx: SqlClient,
  roundId: string,
  unitId?: string,
): Promise<NonNullable<RoundExport['explanationHistory']>> {
  const rows = await tx.query<{
    unit_id: string;
    code: string;
    kind: 'request' | 'answer';
    content: { text: string; evidence?: string[]; files?: string[] };
    key_name: string;
    at: string;
  }>(
    `select unit_id, code, kind, content, key_name, at from cchc_explanation_history
       where round_id = $1 ${unitId === undefined ? '' : 'and unit_id = $2'} order by seq`,
    unitId === undefined ? [roundId] : [roundId, unitId],
  );
  return rows.map((row) => ({
    unit: row.unit_id,
    code: row.code,
    kind: row.kind,
    text: row.content.text,
    ...(row.content.evidence ? { evidence: row.content.evidence } : {}),
    ...(row.content.files ? { files: row.content.files } : {}),
    key: row.key_name,
    at: row.at,
  }));
}

/** A unit's explanations closed at `closedAt`, or (null) open again, with who did it and when. */
const setClosure = (
  tx: SqlClient,
  round: string,
  unit: string,
  closedAt: string | null,
  key: string,
  at: string,
) =>
  tx.query(
    `insert into cchc_explanation_closures (round_id, unit_id, closed_at, key_name, at) values ($1, $2, $3, $4, $5)
       on conflict (round_id, unit_id) do update set closed_at = excluded.closed_at, key_name = excluded.key_name, at = excluded.at`,
    [round, unit, closedAt, key, at],
  );

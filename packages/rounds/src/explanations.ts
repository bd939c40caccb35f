/** Requests for explanations and the units' answers, with every one kept in order. */

import { isPast } from '@cchc/core';
import { requireMay } from './access.js';
import { appraiserInRound } from './assignments.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import { requireHashesInLibrary } from './files.js';
import { explanationSchema } from './schema.js';
import type { SqlClient } from './sql.js';
import type { RoundExport } from './transfer-schema.js';
import type { ExplanationEntry, ExplanationRow, Rounds } from './types.js';

export function explanationsMethods(context: RoundsContext): Pick<Rounds, 'explain' | 'explanations'> {
  const { sql, now, stamp, loadSet, loadRound, unitOf } = context;
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
        if (round.published)
          throw new RoundsError(
            'round-published-explanations',
            { round: roundId },
            { details: { published: round.published.at } },
          );
        const set = await loadSet(tx, unit.criteriaSet);
        if (!set.byCode.has(code)) throw new RoundsError('criterion-not-found', { code });
        const deadline = round.document.deadlines.explanation;
        if (!asking && deadline !== undefined && isPast(deadline, now()))
          throw new RoundsError('explanation-deadline', { deadline }, { details: { deadline } });
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

/**
 * What an admin changes of a running round, with who and why: a deadline moved (the remediation deadline
 * after publication too), a unit's submitted self-assessment reopened. The unit reads why it was reopened.
 */
import { isDeadline } from '@cchc/core';
import { textInput } from '@cchc/core/internal';
import { may, requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { type RoundDocument, roundDocumentSchema } from './schema.js';
import type { SqlClient } from './sql.js';
import type { RoundExport } from './transfer-schema.js';
import type { RoundView } from './types.js';

type DeadlineKey = keyof RoundDocument['deadlines'];
const DEADLINE_KEYS: readonly DeadlineKey[] = [
  'self',
  'appraisal1',
  'explanation',
  'appraisal',
  'remediation',
];

/** One change of a round: a deadline moved, or a unit reopened. */
export type RoundEvent =
  | {
      readonly kind: 'deadline';
      readonly deadline: DeadlineKey;
      readonly from: string | null;
      readonly to: string;
      readonly reason: string;
      readonly key: string;
      readonly at: string;
    }
  | {
      readonly kind: 'reopen';
      readonly unit: string;
      /** What was opened again: the self-assessment, or the unit's explanations. */
      readonly phase: 'self' | 'explanation';
      readonly reason: string;
      readonly key: string;
      readonly at: string;
    };

export interface RoundEventMethods {
  /**
   * Moves one deadline of a round (admin), with the reason kept beside who and when: before publication any
   * deadline, after it the remediation deadline alone.
   */
  moveDeadline(
    caller: Caller,
    round: string,
    deadline: DeadlineKey,
    to: string,
    reason: string,
  ): Promise<RoundView>;
  /** The round's changes, oldest first (admin); a unit reads why it was reopened. */
  roundEvents(caller: Caller, round: string): Promise<RoundEvent[]>;
}

/** A reason as given: text by the core's rule, not empty, at most 2,000 characters. */
export const reasonOf = (reason: string) => {
  const parsed = textInput.safeParse(reason);
  if (!parsed.success || parsed.data === '') throw new RoundsError('reason-required', {});
  return parsed.data.slice(0, 2000);
};

/** Records a change of a round in the caller's transaction. */
export const recordRoundEvent = (
  tx: SqlClient,
  event: {
    readonly caller: Caller;
    readonly round: string;
    readonly kind: RoundEvent['kind'];
    readonly unit: string | null;
    readonly detail: Record<string, unknown>;
    readonly reason: string;
    readonly at: string;
  },
) =>
  tx.query(
    `insert into cchc_round_events (round_id, kind, unit_id, detail, reason, key_name, at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.round,
      event.kind,
      event.unit,
      JSON.stringify(event.detail),
      event.reason,
      event.caller.name,
      event.at,
    ],
  );

/** A round's changes as its export carries them, oldest first. */
export async function exportRoundEvents(tx: SqlClient, round: string): Promise<RoundExport['events']> {
  const rows = await tx.query<{
    kind: RoundEvent['kind'];
    unit_id: string | null;
    detail: RoundExport['events'][number]['detail'];
    reason: string;
    key_name: string;
    at: string;
  }>(
    'select kind, unit_id, detail, reason, key_name, at from cchc_round_events where round_id = $1 order by seq',
    [round],
  );
  return rows.map((row) => ({
    kind: row.kind,
    unit: row.unit_id,
    detail: row.detail,
    reason: row.reason,
    key: row.key_name,
    at: row.at,
  }));
}

/** An export's changes into the round being imported, in the import's transaction, in their order. */
export async function importRoundEvents(tx: SqlClient, round: string, events: RoundExport['events']) {
  for (const event of events)
    await tx.query(
      `insert into cchc_round_events (round_id, kind, unit_id, detail, reason, key_name, at)
         values ($1, $2, $3, $4, $5, $6, $7)`,
      [round, event.kind, event.unit, JSON.stringify(event.detail), event.reason, event.key, event.at],
    );
}

export function roundEventMethods(context: RoundsContext): RoundEventMethods {
  const { sql, stamp, loadRound, view } = context;
  return {
    async moveDeadline(caller, roundId, deadline, to, reason) {
      requireMay(caller, 'manage');
      const why = reasonOf(reason);
      if (!DEADLINE_KEYS.includes(deadline) || !isDeadline(to))
        throw new RoundsError('deadline-invalid', { deadline: String(deadline) });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        // After publication only the remediation goes on: its deadline alone may move.
        if (round.published && deadline !== 'remediation')
          throw new RoundsError('round-published-remediation', { round: roundId });
        const from = round.document.deadlines[deadline] ?? null;
        // Read as a round is written: a two-pass round's phases keep their order.
        const moved = roundDocumentSchema.safeParse({
          ...round.document,
          deadlines: { ...round.document.deadlines, [deadline]: to },
        });
        if (!moved.success) throw new RoundsError('deadline-invalid', { deadline });
        const document = moved.data;
        await tx.query('update cchc_rounds set document = $2, key_name = $3, updated_at = $4 where id = $1', [
          roundId,
          JSON.stringify(document),
          caller.name,
          stamp(),
        ]);
        await recordRoundEvent(tx, {
          caller,
          round: roundId,
          kind: 'deadline',
          unit: null,
          detail: { deadline, from, to },
          reason: why,
          at: stamp(),
        });
        return view(tx, { ...round, document });
      });
    },

    async roundEvents(caller, roundId) {
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const events: RoundEvent[] = (await exportRoundEvents(tx, roundId)).map((row) =>
          row.kind === 'deadline'
            ? {
                kind: 'deadline',
                deadline: row.detail.deadline!,
                from: row.detail.from ?? null,
                to: row.detail.to!,
                reason: row.reason,
                key: row.key,
                at: row.at,
              }
            : {
                kind: 'reopen',
                unit: row.unit!,
                phase: row.detail.phase ?? 'self',
                reason: row.reason,
                key: row.key,
                at: row.at,
              },
        );
        // An admin reads them all; a unit, why it was reopened.
        if (may(caller, 'manage')) return events;
        const { role } = caller;
        return events.filter(
          (event) => event.kind === 'reopen' && role.kind === 'unit' && event.unit === role.unit,
        );
      });
    },
  };
}

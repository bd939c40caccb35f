import { type CriteriaSet, lostItems, type UnitResult } from '@cchc/core';
import { issue } from '@cchc/core/internal';
import {
  draftTasks,
  type FollowUp,
  followUp,
  lateOnly,
  type RemediationPlan,
  type RemediationTask,
  type TaskDraft,
  type TaskReport,
  taskHeading,
} from '@cchc/core/remediation';
import type { FollowUpReportOptions } from '@cchc/report';
import { z } from 'zod';
import { requireMay } from './access.js';
import { type IfMatch, parsedOrRefused, RoundsError, requireRevision } from './errors.js';
import type { Caller } from './keys.js';
import {
  type PlanDocument,
  planDocumentSchema,
  type RoundDocument,
  type TaskDocument,
  type TaskReportDocument,
  taskDocumentSchema,
  taskReportDocumentSchema,
} from './schema.js';
import { lockRecord, type SqlClient } from './sql.js';

/** A stored task: the task with its latest revision, who wrote it and when. */
export type StoredTask = RemediationTask & {
  readonly revision: number;
  readonly key: string;
  readonly at: string;
};

/** What a remediation write answers: the revision it made, by whom and when. */
export interface RemediationWrite<T> {
  readonly revision: number;
  readonly key: string;
  readonly at: string;
  readonly document: T;
}

/** What `followUpReport` gives a renderer (`createFollowUpReportModel` of @cchc/report). */
/** What `createFollowUpReportModel` of @cchc/report takes: the report's own options, declared there once. */
export type FollowUpReportInput = FollowUpReportOptions;

export interface RemediationMethods {
  /** The stored tasks, or drafts made from the published results while none is stored. */
  tasks(caller: Caller, round: string): Promise<{ tasks: (StoredTask | TaskDraft)[]; drafts: boolean }>;
  getTask(caller: Caller, round: string, task: string): Promise<StoredTask>;
  putTask(
    caller: Caller,
    round: string,
    task: string,
    body: unknown,
    ifMatch?: IfMatch,
  ): Promise<RemediationWrite<TaskDocument> & { created: boolean }>;
  putPlan(
    caller: Caller,
    round: string,
    unit: string,
    code: string,
    body: unknown,
    ifMatch?: IfMatch,
  ): Promise<RemediationWrite<PlanDocument>>;
  putTaskReport(
    caller: Caller,
    round: string,
    task: string,
    agency: string,
    body: unknown,
    ifMatch?: IfMatch,
  ): Promise<RemediationWrite<TaskReportDocument>>;
  /** Who has done what, at the store's clock; `late` keeps only the late and the missing. */
  followUp(caller: Caller, round: string, options?: { late?: boolean }): Promise<FollowUp>;
  followUpReport(caller: Caller, round: string): Promise<FollowUpReportInput>;
}

/** What remediation needs of the round service. */
export interface RemediationContext {
  readonly sql: SqlClient;
  readonly now: () => Date;
  /** A published round (409 before publication), with its sets and frozen results read when asked for. */
  readonly publishedRound: (
    tx: SqlClient,
    round: string,
    caller: Caller,
  ) => Promise<{
    document: RoundDocument;
    report: unknown;
    sets: () => Promise<CriteriaSet[]>;
    results: () => Promise<UnitResult[]>;
    /** One unit's published result (404 for a unit the round does not have). */
    resultOf: (unit: string) => Promise<UnitResult>;
  }>;
}

type Kind = 'task' | 'plan' | 'report';

interface RemediationRow {
  subject: string;
  item: string;
  revision: number;
  document: Record<string, unknown>;
  key_name: string;
  at: string;
}

/** Every revision of one kind in a round, oldest first. */
async function revisionsOf(tx: SqlClient, round: string, kind: Kind): Promise<RemediationRow[]> {
  return tx.query<RemediationRow>(
    `select subject, item, revision, document, key_name, at from cchc_remediation
       where round_id = $1 and kind = $2 order by subject, item, revision`,
    [round, kind],
  );
}

/** The latest document of each subject and item, with the time of its first revision and its first `done`. */
function latestOf(rows: readonly RemediationRow[]) {
  const latest = new Map<string, { row: RemediationRow; submittedAt: string; doneAt: string | undefined }>();
  for (const row of rows) {
    const key = `${row.subject}\u0000${row.item}`;
    const before = latest.get(key);
    const done = row.document['status'] === 'done';
    latest.set(key, {
      row,
      submittedAt: before?.submittedAt ?? row.at,
      doneAt: before?.doneAt ?? (done ? row.at : undefined),
    });
  }
  return [...latest.values()];
}

/** When a plan or report was first sent, last changed and first said done, and by whom last. */
const submission = ({ row, submittedAt, doneAt }: ReturnType<typeof latestOf>[number]) => ({
  submittedAt,
  updatedAt: row.at,
  by: row.key_name,
  doneAt,
});

const taskOf = (row: RemediationRow): StoredTask => {
  const document = row.document as TaskDocument;
  return {
    id: row.subject,
    ...document,
    revision: row.revision,
    key: row.key_name,
    at: row.at,
  };
};

/** The latest revision of every task of a round (within the caller's transaction). */
export async function storedTasks(tx: SqlClient, round: string): Promise<StoredTask[]> {
  return latestOf(await revisionsOf(tx, round, 'task')).map(({ row }) => taskOf(row));
}

export function remediationMethods(context: RemediationContext): RemediationMethods {
  const { sql, now } = context;
  const stamp = () => now().toISOString();

  /** Writes the next revision of one record, under a lock of its own; If-Match as for layers. */
  async function writeRevision(
    tx: SqlClient,
    caller: Caller,
    round: string,
    kind: Kind,
    subject: string,
    item: string,
    document: unknown,
    ifMatch: IfMatch | undefined,
  ): Promise<{ revision: number; at: string }> {
    await lockRecord(tx, `${round}/${kind}/${subject}/${item}`);
    const [current] = await tx.query<{ revision: number }>(
      `select max(revision)::int as revision from cchc_remediation
         where round_id = $1 and kind = $2 and subject = $3 and item = $4`,
      [round, kind, subject, item],
    );
    const currentRevision = current?.revision ?? 0;
    requireRevision(ifMatch, currentRevision, { record: true });
    const revision = currentRevision + 1;
    const at = stamp();
    await tx.query(
      `insert into cchc_remediation (round_id, kind, subject, item, revision, document, key_name, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [round, kind, subject, item, revision, JSON.stringify(document), caller.name, at],
    );
    return { revision, at };
  }

  /** The state of the whole remediation of a published round at the store's clock. */
  async function stateOf(tx: SqlClient, round: string, caller: Caller) {
    const published = await context.publishedRound(tx, round, caller);
    const tasks = await storedTasks(tx, round);
    const plans: RemediationPlan[] = latestOf(await revisionsOf(tx, round, 'plan')).map((latest) => ({
      ...(latest.row.document as PlanDocument),
      unit: latest.row.subject,
      code: latest.row.item,
      ...submission(latest),
    }));
    const reports: TaskReport[] = latestOf(await revisionsOf(tx, round, 'report')).map((latest) => ({
      ...(latest.row.document as TaskReportDocument),
      task: latest.row.subject,
      agency: latest.row.item,
      ...submission(latest),
    }));
    const state = followUp({
      results: await published.results(),
      tasks,
      plans,
      reports,
      planDeadline: published.document.deadlines.remediation,
      at: now(),
    });
    return { published, tasks, state };
  }

  return {
    async tasks(caller, round) {
      return sql.transaction(async (tx) => {
        const published = await context.publishedRound(tx, round, caller);
        const stored = await storedTasks(tx, round);
        if (stored.length > 0) return { tasks: stored, drafts: false };
        return {
          tasks: draftTasks(await published.results(), {
            deadline: published.document.deadlines.remediation,
          }),
          drafts: true,
        };
      });
    },

    async getTask(caller, round, task) {
      return sql.transaction(async (tx) => {
        await context.publishedRound(tx, round, caller);
        const found = (await storedTasks(tx, round)).find((stored) => stored.id === task);
        if (!found) throw new RoundsError('task-not-found', { task, round });
        return found;
      });
    },

    async putTask(caller, round, task, body, ifMatch) {
      requireMay(caller, 'manage');
      const document = parsedOrRefused(taskDocumentSchema, body, 'task-errors');
      return sql.transaction(async (tx) => {
        const published = await context.publishedRound(tx, round, caller);
        const sets = await published.sets();
        const areas = new Set(sets.flatMap((set) => set.criteria.map((area) => area.code)));
        const units = new Set(published.document.units.map((unit) => unit.id));
        const issues = [
          ...(areas.has(document.area)
            ? []
            : [
                issue('invalid_value', ['area'], {
                  detail: `no criteria set of the round has an area '${document.area}'`,
                }),
              ]),
          ...(document.units ?? []).flatMap((unit, position) =>
            units.has(unit)
              ? []
              : [issue('invalid_value', ['units', position], { detail: `the round has no unit '${unit}'` })],
          ),
        ];
        if (issues.length > 0) throw new RoundsError('task-mismatch', {}, { issues });
        const area = sets.flatMap((set) => set.criteria).find((node) => node.code === document.area);
        const complete = { ...document, heading: document.heading ?? taskHeading(area!.name) };
        const { revision, at } = await writeRevision(tx, caller, round, 'task', task, '', complete, ifMatch);
        return { revision, key: caller.name, at, document: complete, created: revision === 1 };
      });
    },

    async putPlan(caller, round, unit, code, body, ifMatch) {
      const document = parsedOrRefused(planDocumentSchema, body, 'plan-errors');
      return sql.transaction(async (tx) => {
        const result = await (await context.publishedRound(tx, round, caller)).resultOf(unit);
        const lost = lostItems(result.nodes).find((node) => node.code === code);
        requireMay(caller, 'write-plan', { unit, code, agencies: lost?.responsible ?? [] });
        if (!lost) throw new RoundsError('lost-item-not-found', { code, unit });
        const { revision, at } = await writeRevision(
          tx,
          caller,
          round,
          'plan',
          unit,
          code,
          document,
          ifMatch,
        );
        return { revision, key: caller.name, at, document };
      });
    },

    async putTaskReport(caller, round, task, agency, body, ifMatch) {
      requireMay(caller, 'report-task', { agencies: [agency] });
      const document = parsedOrRefused(taskReportDocumentSchema, body, 'task-report-errors');
      return sql.transaction(async (tx) => {
        await context.publishedRound(tx, round, caller);
        const found = (await storedTasks(tx, round)).find((stored) => stored.id === task);
        if (!found) throw new RoundsError('task-not-found', { task, round });
        if (!found.lead.includes(agency)) throw new RoundsError('not-task-lead', { agency, task });
        const { revision, at } = await writeRevision(
          tx,
          caller,
          round,
          'report',
          task,
          agency,
          document,
          ifMatch,
        );
        return { revision, key: caller.name, at, document };
      });
    },

    async followUp(caller, round, options = {}) {
      return sql.transaction(async (tx) => {
        const { state } = await stateOf(tx, round, caller);
        return options.late ? lateOnly(state) : state;
      });
    },

    async followUpReport(caller, round) {
      return sql.transaction(async (tx) => {
        const { published, tasks, state } = await stateOf(tx, round, caller);
        if (published.report === undefined) throw new RoundsError('no-report-input', { round });
        return { followUp: state, tasks, input: published.report, period: published.document.period };
      });
    },
  };
}

/** What export and import carry of remediation: every revision, as stored. */
export const remediationExportSchema = z.array(
  z.object({
    kind: z.enum(['task', 'plan', 'report']),
    subject: z.string(),
    item: z.string(),
    revision: z.int().min(1),
    document: z.record(z.string(), z.unknown()),
    key: z.string(),
    at: z.string(),
  }),
);

export async function exportRemediation(tx: SqlClient, round: string) {
  const rows = await tx.query<RemediationRow & { kind: Kind }>(
    `select kind, subject, item, revision, document, key_name, at from cchc_remediation
       where round_id = $1 order by seq`,
    [round],
  );
  return rows.map((row) => ({
    kind: row.kind,
    subject: row.subject,
    item: row.item,
    revision: row.revision,
    document: row.document,
    key: row.key_name,
    at: row.at,
  }));
}

export async function importRemediation(
  tx: SqlClient,
  round: string,
  rows: z.output<typeof remediationExportSchema>,
): Promise<void> {
  for (const row of rows)
    await tx.query(
      `insert into cchc_remediation (round_id, kind, subject, item, revision, document, key_name, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [round, row.kind, row.subject, row.item, row.revision, JSON.stringify(row.document), row.key, row.at],
    );
}

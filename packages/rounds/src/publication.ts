import type { EarlierLayers, ExplainedItem, UnitResult } from '@cchc/core';
import { prefixIssues } from '@cchc/core/internal';
import { draftTasks, type RemediationTask } from '@cchc/core/remediation';
import { createReportModel } from '@cchc/report';
import { may, requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import { storedTasks } from './remediation.js';
import { passesOf, type RoundDocument } from './schema.js';
import type { SqlClient } from './sql.js';
import type { ExplanationRow, RoundRow, Rounds } from './types.js';

export function publicationMethods(
  context: RoundsContext,
): Pick<
  Rounds,
  | 'publish'
  | 'results'
  | 'reportOf'
  | 'previewReport'
  | 'shareResults'
  | 'publicResultsTag'
  | 'publicResults'
  | 'sharedRounds'
> {
  const { sql, stamp, loadRound, view, visibleTo, scoredLayer, computeResults, publishedRound } = context;
  /**
   * A round of two passes: each unit's self-assessment, first pass and explanations, for the report and the
   * workbook to read beside the results (nothing for a round of one pass, whose report stays as it was).
   */
  async function earlierLayers(
    tx: SqlClient,
    round: RoundRow,
  ): Promise<{ earlier?: ReadonlyMap<string, EarlierLayers> }> {
    if (passesOf(round.document) === 1) return {};
    const { selfOf, firstPassOf } = await scoredLayer(tx, round, 'appraised');
    const explained = new Map<string, Map<string, ExplainedItem>>();
    for (const row of await tx.query<ExplanationRow>(
      `select unit_id, code, request, answer from cchc_explanations where round_id = $1 order by unit_id, code`,
      [round.id],
    )) {
      const answer = (row.answer as { text?: string } | null)?.text;
      const codes = explained.get(row.unit_id) ?? new Map<string, ExplainedItem>();
      codes.set(row.code, {
        ...(row.request === null ? {} : { request: row.request }),
        ...(answer === undefined ? {} : { answer }),
      });
      explained.set(row.unit_id, codes);
    }
    return {
      earlier: new Map(
        round.document.units.map((unit) => [
          unit.id,
          {
            self: selfOf.get(unit.id),
            firstPass: firstPassOf.get(unit.id),
            explanations: explained.get(unit.id),
          },
        ]),
      ),
    };
  }

  return {
    async publish(caller, roundId, report) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        if (round.published)
          throw new RoundsError(
            'published-already',
            { round: roundId },
            { details: { published: round.published.at } },
          );
        const appraised = new Set(
          (
            await tx.query<{ unit_id: string }>(
              `select distinct unit_id from cchc_revisions where round_id = $1 and layer = 'appraised'`,
              [roundId],
            )
          ).map((row) => row.unit_id),
        );
        // Two passes: a unit the second pass left untouched keeps the first's scores, copied into it now
        // (a revision of the publisher, in the unit's history), as the second pass starts from the first.
        if (passesOf(round.document) === 2) {
          const copied = await tx.query<{ unit_id: string; document: Record<string, unknown> }>(
            `select distinct on (unit_id) unit_id, document from cchc_revisions
               where round_id = $1 and layer = 'appraised-1' order by unit_id, revision desc`,
            [roundId],
          );
          const at = stamp();
          for (const row of copied.filter((candidate) => !appraised.has(candidate.unit_id))) {
            await tx.query(
              `insert into cchc_revisions (round_id, unit_id, layer, revision, document, changes, key_name, at)
                 values ($1, $2, 'appraised', 1, $3, '[]', $4, $5)`,
              [roundId, row.unit_id, JSON.stringify(row.document), caller.name, at],
            );
            appraised.add(row.unit_id);
          }
        }
        const missing = round.document.units.filter((unit) => !appraised.has(unit.id)).map((unit) => unit.id);
        if (missing.length > 0)
          throw new RoundsError('units-not-appraised', { units: missing }, { details: { units: missing } });
        if (report !== undefined) {
          // The report input is checked against the results now: once published, it cannot change.
          const { ranked } = await scoredLayer(tx, round, 'appraised');
          const model = createReportModel({
            results: ranked,
            input: roundReportInput(round.document, report, []),
          });
          if (!model.success)
            throw new RoundsError(
              'report-input-errors',
              { count: model.issues.length },
              { issues: prefixIssues(model.issues, 'report') },
            );
        }
        const results = await computeResults(tx, round, 'appraised');
        const published = {
          at: stamp(),
          key: caller.name,
          results,
          ...(report === undefined ? {} : { report }),
        };
        await tx.query('update cchc_rounds set published = $2 where id = $1', [
          roundId,
          JSON.stringify(published),
        ]);
        return view(tx, { ...round, published });
      });
    },

    async results(caller, roundId, layer = 'appraised') {
      return sql.transaction(async (tx) => {
        const round = visibleTo(caller, await loadRound(tx, roundId, caller));
        if (round.published && layer === 'appraised')
          return { results: round.published.results, published: true };
        // An agency acts on published results only: before, scores, causes and evidence are the units'.
        requireMay(caller, 'read-results', { published: false });
        // Before publication a unit sees its own figures only.
        const results = await computeResults(tx, round, layer);
        const visible = results.filter((result) => may(caller, 'read-unit', { unit: result.unit.id }));
        return { results: visible, published: false };
      });
    },

    async shareResults(caller, roundId, shared) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller, 'update');
        if (!round.published) throw new RoundsError('not-published', { round: roundId });
        const { shared: _was, ...published } = round.published;
        const next = shared ? { ...published, shared: { at: stamp(), key: caller.name } } : published;
        await tx.query('update cchc_rounds set published = $2 where id = $1', [
          roundId,
          JSON.stringify(next),
        ]);
        return view(tx, { ...round, published: next });
      });
    },

    async publicResultsTag(roundId) {
      const [row] = await sql.query<{ at: string | null; shared: string | null }>(
        `select published->>'at' as at, published->'shared'->>'at' as shared from cchc_rounds where id = $1`,
        [roundId],
      );
      return row?.at && row.shared ? `${row.at}/${row.shared}` : undefined;
    },

    async sharedRounds() {
      return sql.query<{ id: string; title: string; period: string; authority: string }>(
        `select id, document->>'title' as title, document->>'period' as period,
                document->'authority'->>'name' as authority
           from cchc_rounds where published->'shared' is not null
          order by published->>'at' desc limit 50`,
      );
    },

    async publicResults(roundId) {
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, null);
        // A round not shared is, to anyone without a sign-in, a round that is not there.
        if (!round.published?.shared) throw new RoundsError('round-not-found', { round: roundId });
        return {
          id: round.id,
          title: round.document.title,
          period: round.document.period,
          authority: round.document.authority.name,
          published: round.published.at,
          results: round.published.results,
        };
      });
    },

    async reportOf(caller, roundId) {
      return sql.transaction(async (tx) => {
        const round = visibleTo(caller, await loadRound(tx, roundId, caller));
        if (round.published?.report === undefined)
          throw new RoundsError('no-report-input', { round: roundId });
        const published = await publishedRound(tx, roundId, caller);
        const [results, report] = [await published.results(), published.report];
        return {
          results,
          input: roundReportInput(round.document, report, await sectionThree(tx, round, report, results)),
          ...(await earlierLayers(tx, round)),
        };
      });
    },

    async previewReport(caller, roundId, report) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const { ranked } = await scoredLayer(tx, round, 'appraised');
        return {
          results: ranked,
          input: roundReportInput(round.document, report, await sectionThree(tx, round, report, ranked)),
          ...(await earlierLayers(tx, round)),
        };
      });
    },
  };
}

/**
 * The tasks of section III: those the admin stored; while there are none, the report input's own, or, when it
 * has none either, the drafts the results imply (each lost item's area, its agencies), as the remediation
 * screens offer them to be edited.
 */
async function sectionThree(
  tx: SqlClient,
  round: RoundRow,
  report: unknown,
  results: readonly UnitResult[],
): Promise<readonly RemediationTask[]> {
  const stored = await storedTasks(tx, round.id);
  if (stored.length > 0) return stored;
  const ownTasks = report !== null && typeof report === 'object' && 'tasks' in report;
  return ownTasks ? [] : draftTasks(results, { deadline: round.document.deadlines.remediation });
}

/**
 * The report input of a stored round as the report reads it: section III from the stored tasks when the
 * admin has written any, and in section IV each deadline given as "remediation" replaced by the round's
 * deadline for remediation plans.
 */
function roundReportInput(round: RoundDocument, input: unknown, tasks: readonly RemediationTask[]): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const report = input as Record<string, unknown>;
  const implementation = report['implementation'] as { items?: unknown } | undefined;
  const items = Array.isArray(implementation?.items) ? implementation.items : undefined;
  const deadline = round.deadlines.remediation;
  const resolvedItems = items?.map((item: unknown) =>
    deadline !== undefined &&
    item !== null &&
    typeof item === 'object' &&
    (item as { deadline?: unknown }).deadline === 'remediation'
      ? { ...item, deadline }
      : item,
  );
  const storedTasks = report['tasks'] as { heading?: unknown } | undefined;
  return {
    ...report,
    ...(resolvedItems ? { implementation: { ...implementation, items: resolvedItems } } : {}),
    ...(tasks.length > 0
      ? {
          tasks: {
            ...(storedTasks?.heading === undefined ? {} : { heading: storedTasks.heading }),
            items: tasks.map((task) => ({
              area: task.area,
              heading: task.heading,
              task: task.text,
              lead: task.leadText ?? task.lead.join('; '),
            })),
          },
        }
      : {}),
  };
}

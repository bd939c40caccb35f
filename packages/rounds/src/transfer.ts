/** A round exported as one document, and imported, checked whole, into a store. */
import { type CriteriaSet, createScorer, type Issue, parseCriteriaSet } from '@cchc/core';
import { canonicalJson, issue, prefixIssues } from '@cchc/core/internal';
import { unitResultJsonSchema } from '@cchc/core/schema';
import { requireMay, withinAuthority } from './access.js';
import type { RoundsContext } from './context.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import { explanationHistory } from './explanations.js';
import { filesNamed } from './files.js';
import { exportRemediation, importRemediation } from './remediation.js';
import { exportRoundEvents, importRoundEvents } from './round-events.js';
import { type Layer, passesOf, type RoundDocument } from './schema.js';
import { requireRoundId } from './setup.js';
import { exportSurvey, importSurvey } from './survey-transfer.js';
import { EXPORT_FORMAT, type RoundExport, roundExportSchema } from './transfer-schema.js';
import type { ExplanationRow, RoundRow, Rounds } from './types.js';

export function transferMethods(context: RoundsContext): Pick<Rounds, 'exportRound' | 'importRound'> {
  const { sql, loadRound, view } = context;
  return {
    async exportRound(caller, roundId) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const [round] = await tx.query<{
          document: RoundDocument;
          key_name: string;
          created_at: string;
          updated_at: string;
          locks: RoundRow['locks'];
          published: RoundRow['published'];
        }>(
          'select document, key_name, created_at, updated_at, locks, published from cchc_rounds where id = $1',
          [roundId],
        );
        if (!round || !withinAuthority(caller, round.document.authority.name))
          throw new RoundsError('round-not-found', { round: roundId });
        const setIds = [...new Set(round.document.units.map((unit) => unit.criteriaSet))];
        const sets = await tx.query<{ id: string; document: unknown; key_name: string; stored_at: string }>(
          'select id, document, key_name, stored_at from cchc_criteria_sets where id = any($1) order by id',
          [setIds],
        );
        const revisions = await tx.query<{
          unit_id: string;
          layer: Layer;
          revision: number;
          document: Record<string, unknown>;
          changes: string[];
          key_name: string;
          at: string;
        }>(
          `select unit_id, layer, revision, document, changes, key_name, at from cchc_revisions
             where round_id = $1 order by seq`,
          [roundId],
        );
        const submissions = await tx.query<{
          unit_id: string;
          submitted_at: string | null;
          key_name: string;
          at: string;
        }>(
          'select unit_id, submitted_at, key_name, at from cchc_submissions where round_id = $1 order by unit_id',
          [roundId],
        );
        const closures = await tx.query<{
          unit_id: string;
          closed_at: string | null;
          key_name: string;
          at: string;
        }>(
          `select unit_id, closed_at, key_name, at from cchc_explanation_closures
             where round_id = $1 order by unit_id`,
          [roundId],
        );
        const explanations = await tx.query<ExplanationRow>(
          `select unit_id, code, request, requested_by, requested_at, answer, answered_by, answered_at
             from cchc_explanations where round_id = $1 order by unit_id, code`,
          [roundId],
        );
        return {
          format: EXPORT_FORMAT,
          round: {
            id: roundId,
            document: round.document,
            key: round.key_name,
            createdAt: round.created_at,
            updatedAt: round.updated_at,
            locks: round.locks,
            published: round.published,
          },
          criteriaSets: sets.map((set) => ({
            id: set.id,
            document: set.document,
            key: set.key_name,
            storedAt: set.stored_at,
          })),
          revisions: revisions.map((row) => ({
            unit: row.unit_id,
            layer: row.layer,
            revision: row.revision,
            document: row.document,
            changes: row.changes,
            key: row.key_name,
            at: row.at,
          })),
          submissions: submissions.map((row) => ({
            unit: row.unit_id,
            submittedAt: row.submitted_at,
            key: row.key_name,
            at: row.at,
          })),
          // Said only where there are some: an export of a one-pass round reads as it always did.
          ...(closures.length > 0
            ? {
                explanationClosures: closures.map((row) => ({
                  unit: row.unit_id,
                  closedAt: row.closed_at,
                  key: row.key_name,
                  at: row.at,
                })),
              }
            : {}),
          explanations: explanations.map((row) => ({ ...row })),
          explanationHistory: await explanationHistory(tx, roundId),
          remediation: await exportRemediation(tx, roundId),
          events: await exportRoundEvents(tx, roundId),
          ...(await exportSurvey(tx, roundId).then((survey) => (survey ? { survey } : {}))),
          files: (
            await tx.query<{
              unit_id: string;
              hash: string;
              name: string;
              size: string | number;
              type: string;
              key_name: string;
              at: string;
              layer: 'self' | 'appraised';
              removed_at: string | null;
              removed_by: string | null;
            }>(
              `select u.unit_id, u.hash, u.name, f.size, f.type, u.key_name, u.at, u.layer, u.removed_at, u.removed_by
                 from cchc_unit_files u join cchc_files f on f.hash = u.hash
                where u.round_id = $1 order by u.unit_id, u.at, u.hash`,
              [roundId],
            )
          ).map((row) => ({
            unit: row.unit_id,
            hash: row.hash,
            name: row.name,
            size: Number(row.size),
            type: row.type,
            key: row.key_name,
            at: row.at,
            layer: row.layer,
            removedAt: row.removed_at,
            removedBy: row.removed_by,
          })),
        };
      });
    },

    async importRound(caller, roundId, input) {
      requireMay(caller, 'manage');
      requireRoundId(roundId);
      const data = parsedOrRefused(roundExportSchema, input, 'not-an-export');
      requireConsistentExport(data);
      requireMay(caller, 'manage', { authority: data.round.document.authority.name });
      return sql.transaction(async (tx) => {
        const [existing] = await tx.query('select id from cchc_rounds where id = $1 for update', [roundId]);
        if (existing) throw new RoundsError('round-exists', { round: roundId });
        for (const set of data.criteriaSets) {
          const [stored] = await tx.query<{ document: unknown }>(
            'select document from cchc_criteria_sets where id = $1',
            [set.id],
          );
          if (stored && canonicalJson(stored.document) !== canonicalJson(set.document))
            throw new RoundsError('set-stored-otherwise', { id: set.id });
          if (!parseCriteriaSet(set.document).success)
            throw new RoundsError('export-set-invalid', { id: set.id });
          if (!stored)
            await tx.query(
              `insert into cchc_criteria_sets (id, document, key_name, stored_at, authority)
                 values ($1, $2, $3, $4, $5)`,
              [set.id, JSON.stringify(set.document), set.key, set.storedAt, caller.authority ?? null],
            );
        }
        const { round } = data;
        await tx.query(
          `insert into cchc_rounds (id, document, key_name, created_at, updated_at, locks, published)
             values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            roundId,
            JSON.stringify(round.document),
            round.key,
            round.createdAt,
            round.updatedAt,
            JSON.stringify(round.locks),
            round.published === null ? null : JSON.stringify(round.published),
          ],
        );
        for (const revision of data.revisions) {
          await tx.query(
            `insert into cchc_revisions (round_id, unit_id, layer, revision, document, changes, key_name, at)
               values ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              roundId,
              revision.unit,
              revision.layer,
              revision.revision,
              JSON.stringify(revision.document),
              JSON.stringify(revision.changes),
              revision.key,
              revision.at,
            ],
          );
        }
        for (const submission of data.submissions)
          await tx.query(
            'insert into cchc_submissions (round_id, unit_id, submitted_at, key_name, at) values ($1, $2, $3, $4, $5)',
            [roundId, submission.unit, submission.submittedAt, submission.key, submission.at],
          );
        for (const closure of data.explanationClosures ?? [])
          await tx.query(
            `insert into cchc_explanation_closures (round_id, unit_id, closed_at, key_name, at)
               values ($1, $2, $3, $4, $5)`,
            [roundId, closure.unit, closure.closedAt, closure.key, closure.at],
          );
        for (const explanation of data.explanations)
          await tx.query(
            `insert into cchc_explanations (round_id, unit_id, code, request, requested_by, requested_at, answer, answered_by, answered_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              roundId,
              explanation.unit_id,
              explanation.code,
              explanation.request,
              explanation.requested_by,
              explanation.requested_at,
              explanation.answer === null ? null : JSON.stringify(explanation.answer),
              explanation.answered_by,
              explanation.answered_at,
            ],
          );
        for (const entry of data.explanationHistory ?? [])
          await tx.query(
            `insert into cchc_explanation_history (round_id, unit_id, code, kind, content, key_name, at)
               values ($1, $2, $3, $4, $5, $6, $7)`,
            [
              roundId,
              entry.unit,
              entry.code,
              entry.kind,
              JSON.stringify(
                entry.kind === 'request'
                  ? { text: entry.text }
                  : {
                      text: entry.text,
                      ...(entry.evidence ? { evidence: entry.evidence } : {}),
                      ...(entry.files ? { files: entry.files } : {}),
                    },
              ),
              entry.key,
              entry.at,
            ],
          );
        await importRemediation(tx, roundId, data.remediation);
        await importRoundEvents(tx, roundId, data.events);
        if (data.survey) await importSurvey(tx, roundId, data.survey);
        // Every file the export lists must be in this store already, the same bytes (by hash and size).
        const missing: string[] = [];
        for (const file of data.files) {
          const [stored] = await tx.query<{ size: string | number }>(
            'select size from cchc_files where hash = $1',
            [file.hash],
          );
          if (!stored || Number(stored.size) !== file.size) missing.push(file.hash);
          else
            await tx.query(
              `insert into cchc_unit_files (round_id, unit_id, hash, name, key_name, at, layer, removed_at, removed_by)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [
                roundId,
                file.unit,
                file.hash,
                file.name,
                file.key,
                file.at,
                file.layer,
                file.removedAt,
                file.removedBy,
              ],
            );
        }
        if (missing.length > 0)
          throw new RoundsError(
            'export-files-missing',
            { count: missing.length },
            { details: { files: missing } },
          );
        // Revisions must still be 1, 2, 3… per layer: an export edited by hand is refused whole.
        const gaps = await tx.query<{ unit_id: string; layer: string }>(
          `select unit_id, layer from cchc_revisions where round_id = $1
             group by unit_id, layer having max(revision) <> count(*)`,
          [roundId],
        );
        if (gaps.length > 0)
          throw new RoundsError('export-revision-gaps', {
            gaps: gaps.map((gap) => `${gap.unit_id} ${gap.layer}`),
          });
        return view(tx, await loadRound(tx, roundId, caller));
      });
    },
  };
}

/**
 * Refuses an export whose parts do not agree, before anything is stored: a set under another id than its
 * own, a unit's set the export does not carry, revisions, submissions or explanations of units that are
 * not in the round, a revision given twice or whose document does not score against its unit's set, and
 * published results that are not results of the round's units. Each refusal names its path.
 */
function requireConsistentExport(data: RoundExport): void {
  const issues: Issue[] = [];
  const sets = new Map<string, CriteriaSet>();
  const scorer = createScorer();
  for (const [position, set] of data.criteriaSets.entries()) {
    const parsed = parseCriteriaSet(set.document);
    if (!parsed.success) issues.push(...prefixIssues(parsed.issues, 'criteriaSets', position, 'document'));
    else if (parsed.data.id !== set.id)
      issues.push(
        issue('invalid_value', ['criteriaSets', position, 'id'], {
          detail: `the set's own id is '${parsed.data.id}'`,
        }),
      );
    else sets.set(set.id, parsed.data);
  }
  const units = new Map(data.round.document.units.map((unit) => [unit.id, unit]));
  for (const [position, unit] of data.round.document.units.entries())
    if (!sets.has(unit.criteriaSet))
      issues.push(
        issue('unknown_criteria_set', ['round', 'document', 'units', position, 'criteriaSet'], {
          id: unit.criteriaSet,
        }),
      );
  const inRound = (unit: string, path: (string | number)[]) => {
    if (!units.has(unit))
      issues.push(
        issue('invalid_value', path, { detail: `unit '${unit.slice(0, 100)}' is not in the round` }),
      );
    return units.get(unit);
  };
  const seen = new Set<string>();
  for (const [position, revision] of data.revisions.entries()) {
    const unit = inRound(revision.unit, ['revisions', position, 'unit']);
    const key = `${revision.unit}\u0000${revision.layer}\u0000${revision.revision}`;
    if (revision.layer === 'appraised-1' && passesOf(data.round.document) === 1)
      issues.push(
        issue('invalid_value', ['revisions', position, 'layer'], {
          detail: 'a round of one appraisal pass has no appraised-1 layer',
        }),
      );
    if (seen.has(key))
      issues.push(issue('invalid_value', ['revisions', position, 'revision'], { detail: 'given twice' }));
    seen.add(key);
    const set = unit && sets.get(unit.criteriaSet);
    if (!set) continue;
    const outcome = scorer.score(revision.document, { set });
    if (!outcome.success)
      issues.push(...prefixIssues(outcome.issues.slice(0, 20), 'revisions', position, 'document'));
  }
  for (const [position, submission] of data.submissions.entries())
    inRound(submission.unit, ['submissions', position, 'unit']);
  const closed = new Set<string>();
  for (const [position, closure] of (data.explanationClosures ?? []).entries()) {
    inRound(closure.unit, ['explanationClosures', position, 'unit']);
    if (closed.has(closure.unit))
      issues.push(
        issue('invalid_value', ['explanationClosures', position, 'unit'], { detail: 'given twice' }),
      );
    closed.add(closure.unit);
  }
  for (const [position, explanation] of data.explanations.entries())
    inRound(explanation.unit_id, ['explanations', position, 'unit_id']);
  for (const [position, entry] of (data.explanationHistory ?? []).entries())
    inRound(entry.unit, ['explanationHistory', position, 'unit']);
  // Each file an entry names is one the export lists for that unit; each listed file's unit is in the round.
  const listed = new Set<string>();
  for (const [position, event] of data.events.entries())
    if (event.unit !== null) inRound(event.unit, ['events', position, 'unit']);
  for (const [position, file] of data.files.entries()) {
    inRound(file.unit, ['files', position, 'unit']);
    const key = `${file.unit}\u0000${file.hash}`;
    if (listed.has(key))
      issues.push(issue('invalid_value', ['files', position, 'hash'], { detail: 'given twice' }));
    listed.add(key);
  }
  for (const [position, revision] of data.revisions.entries())
    for (const hash of filesNamed(revision.document))
      if (!listed.has(`${revision.unit}\u0000${hash}`))
        issues.push(
          issue('invalid_value', ['revisions', position, 'document'], {
            detail: `names file ${hash.slice(0, 64)}, which the export does not list`,
          }),
        );
  for (const [position, entry] of (data.explanationHistory ?? []).entries())
    for (const hash of entry.files ?? [])
      if (!listed.has(`${entry.unit}\u0000${hash}`))
        issues.push(
          issue('invalid_value', ['explanationHistory', position, 'files'], {
            detail: `names file ${hash}, which the export does not list`,
          }),
        );
  for (const [position, result] of (data.round.published?.results ?? []).entries()) {
    const path = ['round', 'published', 'results', position];
    const parsed = unitResultJsonSchema.safeParse(result);
    if (!parsed.success) issues.push(issue('invalid_value', path, { detail: 'not a result of the round' }));
    else inRound(parsed.data.unit.id, [...path, 'unit', 'id']);
  }
  if (issues.length > 0) throw new RoundsError('export-inconsistent', { count: issues.length }, { issues });
}

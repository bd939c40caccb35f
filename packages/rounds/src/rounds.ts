import {
  type CriteriaSet,
  compareResults,
  decimalText,
  type Issue,
  isPast,
  parseAssessment,
  parseCriteriaSet,
  rankResults,
  resultToJson,
  scoreAssessment,
  type UnitResult,
  type UnitResultJson,
  unitResultJsonSchema,
} from '@cchc/core';
import { canonicalJson, issue, MAX_TEXT_LENGTH, prefixIssues } from '@cchc/core/internal';
import { createReportModel } from '@cchc/report';
import { z } from 'zod';
import { may, requireMay } from './access.js';
import { changedEntries, changedFigures, sameAssessment } from './changes.js';
import { type IfMatch, notFound, parsedOrRefused, RoundsError, requireRevision } from './errors.js';
import type { Caller } from './keys.js';
import { migrate } from './migrations.js';
import {
  exportRemediation,
  importRemediation,
  type RemediationMethods,
  remediationExportSchema,
  remediationMethods,
  type StoredTask,
  storedTasks,
} from './remediation.js';
import {
  explanationSchema,
  idSchema,
  LAYERS,
  type Layer,
  type RoundDocument,
  roundDocumentSchema,
} from './schema.js';
import { lockRecord, type SqlClient } from './sql.js';

export interface RoundsOptions {
  readonly sql: SqlClient;
  /** The clock deadlines are read against (tests set it). */
  readonly now?: () => Date;
}

/** What a unit's layer holds now: its revision, who wrote it and when. */
export interface LayerState {
  readonly revision: number;
  readonly key: string;
  readonly at: string;
}

export interface RoundView extends RoundDocument {
  readonly id: string;
  readonly locks: Readonly<Partial<Record<Layer, { readonly key: string; readonly at: string }>>>;
  readonly published: { readonly at: string; readonly key: string } | null;
  readonly unitStates: readonly {
    readonly id: string;
    readonly self: LayerState | null;
    readonly appraised: LayerState | null;
    readonly submitted: { readonly at: string; readonly key: string } | null;
    readonly pendingExplanations: number;
  }[];
}

export interface StoredLayer {
  readonly revision: number;
  readonly key: string;
  readonly at: string;
  /** The assessment document as stored (with the round's criteria set, unit, period and layer). */
  readonly document: Record<string, unknown>;
  readonly result: UnitResultJson;
  /** Set by a write that said what was stored already: no revision was added. */
  readonly unchanged?: true;
}

export interface Revision {
  readonly revision: number;
  readonly layer: Layer;
  readonly key: string;
  readonly at: string;
  /** The codes of the entries that this revision added, changed or removed. */
  readonly changes: readonly string[];
}

export interface Explanation {
  readonly code: string;
  readonly request: { readonly text: string; readonly key: string; readonly at: string } | null;
  readonly answer: {
    readonly text: string;
    readonly evidence: readonly string[];
    readonly key: string;
    readonly at: string;
  } | null;
  /** Every request and answer for this criterion, oldest first: those a later request replaced too. */
  readonly history: readonly ExplanationEntry[];
}

/** One request for an explanation, or one answer, as it was written. */
export interface ExplanationEntry {
  readonly kind: 'request' | 'answer';
  readonly text: string;
  readonly evidence?: readonly string[];
  readonly key: string;
  readonly at: string;
}

/** A unit's result in the round's results: ranked, with its self-assessed figures beside the appraised. */
export type RoundResult = UnitResultJson & {
  readonly self?: {
    readonly achieved: string;
    readonly index: string;
    readonly classification: string | null;
  };
  /** Appraised achieved − self achieved, when both layers are there. */
  readonly difference?: string;
};

interface ExplanationRow {
  unit_id: string;
  code: string;
  request: string | null;
  requested_by: string | null;
  requested_at: string | null;
  answer: unknown;
  answered_by: string | null;
  answered_at: string | null;
}

const EXPORT_FORMAT = 'cchc-round-export/1';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * A stored text of an export: what PostgreSQL can hold (no NUL, no lone surrogate half) and bounded. The
 * texts of documents and rounds are checked again by their own schemas when the export is read.
 */
const text = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .refine((value) => !value.includes('\u0000') && !LONE_SURROGATE.test(value), {
    message: 'a text with a NUL character or a cut character cannot be stored',
  });
const maybeText = text.nullable();
/** A revision number as the store keeps it (a PostgreSQL integer). */
const revisionNumber = z.int().positive().max(2_147_483_647);
/** What `exportRound` writes and `importRound` reads. */
export const roundExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  round: z.object({
    id: z.string(),
    document: roundDocumentSchema,
    key: text,
    createdAt: text,
    updatedAt: text,
    locks: z.partialRecord(z.enum(['self', 'appraised']), z.object({ key: text, at: text })),
    published: z
      .object({ at: text, key: text, results: z.array(z.looseObject({})), report: z.unknown().optional() })
      .nullable(),
  }),
  criteriaSets: z.array(z.object({ id: text, document: z.unknown(), key: text, storedAt: text })),
  revisions: z.array(
    z.object({
      unit: text,
      layer: z.enum(['self', 'appraised']),
      revision: revisionNumber,
      document: z.record(z.string(), z.unknown()),
      changes: z.array(text),
      key: text,
      at: text,
    }),
  ),
  submissions: z.array(z.object({ unit: text, submittedAt: maybeText, key: text, at: text })),
  explanations: z.array(
    z.object({
      unit_id: text,
      code: text,
      request: maybeText,
      requested_by: maybeText,
      requested_at: maybeText,
      answer: z.unknown(),
      answered_by: maybeText,
      answered_at: maybeText,
    }),
  ),
  /** Every request and answer in order (absent from exports made before it was kept). */
  explanationHistory: z
    .array(
      z.object({
        unit: text,
        code: text,
        kind: z.enum(['request', 'answer']),
        text,
        evidence: z.array(text).optional(),
        key: text,
        at: text,
      }),
    )
    .optional(),
  remediation: remediationExportSchema.default([]),
});
export type RoundExport = z.output<typeof roundExportSchema>;

interface RoundRow {
  id: string;
  document: RoundDocument;
  locks: Partial<Record<Layer, { key: string; at: string }>>;
  published: { at: string; key: string; results: RoundResult[]; report?: unknown } | null;
}

/** The rounds of rounds.md over a SQL store: every rule is here, and every write is one transaction. */
export interface Rounds extends RemediationMethods {
  putCriteriaSet(caller: Caller, id: string, document: unknown): Promise<{ created: boolean }>;
  /** Every stored criteria set, parsed: public, as the decisions that issue them are. */
  criteriaSets(): Promise<CriteriaSet[]>;
  putRound(caller: Caller, id: string, document: unknown): Promise<{ created: boolean; round: RoundView }>;
  listRounds(caller: Caller): Promise<RoundView[]>;
  getRound(caller: Caller, id: string): Promise<RoundView>;
  putLayer(
    caller: Caller,
    round: string,
    unit: string,
    layer: Layer,
    document: unknown,
    ifMatch?: IfMatch,
  ): Promise<StoredLayer>;
  getLayer(
    caller: Caller,
    round: string,
    unit: string,
    layer: Layer,
    revision?: number,
  ): Promise<StoredLayer>;
  /**
   * What a unit's score sheet needs: its criteria set, the unit, the period, and the latest revision of the
   * layer when there is one (to fill the sheet in). Read as `getLayer` is: admin, appraisers, that unit.
   */
  sheetOf(
    caller: Caller,
    round: string,
    unit: string,
    layer: Layer,
  ): Promise<{
    set: CriteriaSet;
    unit: RoundDocument['units'][number];
    period: string;
    document: Record<string, unknown> | undefined;
  }>;
  history(caller: Caller, round: string, unit: string): Promise<Revision[]>;
  submit(caller: Caller, round: string, unit: string): Promise<RoundView>;
  reopen(caller: Caller, round: string, unit: string): Promise<RoundView>;
  lock(caller: Caller, round: string, layer: Layer): Promise<RoundView>;
  unlock(caller: Caller, round: string, layer: Layer): Promise<RoundView>;
  explain(caller: Caller, round: string, unit: string, code: string, body: unknown): Promise<void>;
  /** A unit's explanations: each criterion's request and answer, with who wrote them and when. */
  explanations(caller: Caller, round: string, unit: string): Promise<Explanation[]>;
  publish(caller: Caller, round: string, report?: unknown): Promise<RoundView>;
  results(
    caller: Caller,
    round: string,
    layer?: Layer,
  ): Promise<{ results: RoundResult[]; published: boolean }>;
  /** The published round's appraised results (ranked) and report input, for its report. */
  reportOf(caller: Caller, round: string): Promise<{ results: UnitResult[]; input: unknown }>;
  /** Everything of a round, as one JSON document: every revision with its author and time (admin). */
  exportRound(caller: Caller, round: string): Promise<RoundExport>;
  /** A round's export read into a round that does not exist yet, every revision, author and time kept (admin). */
  importRound(caller: Caller, round: string, document: unknown): Promise<RoundView>;
  /**
   * Ends a page session before its time (sign-out), for every process on this store: `session` is its
   * id, `until` when it would have expired (kept until then).
   */
  endSession(session: string, until: Date): Promise<void>;
  /** Whether a page session was ended. */
  sessionEnded(session: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the rounds on a store, bringing its schema up to date first. */
export async function openRounds(options: RoundsOptions): Promise<Rounds> {
  const { sql } = options;
  const now = options.now ?? (() => new Date());
  await migrate(sql);
  /** Parsed sets by id and storing time: a set is parsed once while it is not replaced. */
  const parsedSets = new Map<string, { storedAt: string; set: CriteriaSet }>();

  const stamp = () => now().toISOString();

  async function loadSet(tx: SqlClient, id: string): Promise<CriteriaSet> {
    const [row] = await tx.query<{ document: unknown; stored_at: string }>(
      'select document, stored_at from cchc_criteria_sets where id = $1',
      [id],
    );
    if (!row) throw notFound(`criteria set '${id}'`, `Bộ tiêu chí '${id}'`);
    const cached = parsedSets.get(id);
    if (cached && cached.storedAt === row.stored_at) return cached.set;
    const parsed = parseCriteriaSet(row.document);
    // Stored sets were checked when stored; a set that no longer parses is a fault of the store.
    if (!parsed.success) throw new Error(`stored criteria set '${id}' no longer parses`);
    parsedSets.set(id, { storedAt: row.stored_at, set: parsed.data });
    return parsed.data;
  }

  /** A round's row; `update` locks it for a change of the round itself (lock, publish…). */
  async function loadRound(tx: SqlClient, id: string, lock?: 'update'): Promise<RoundRow> {
    const [row] = await tx.query<RoundRow>(
      `select id, document, locks, published from cchc_rounds where id = $1${lock ? ` for ${lock}` : ''}`,
      [id],
    );
    if (!row) throw notFound(`round '${id}'`, `Đợt đánh giá '${id}'`);
    return row;
  }

  /**
   * What a write to one unit needs of its round, without the rest: the unit alone (not the list of
   * every unit), the deadlines, the period, the locks and whether it is published (not the frozen
   * results). A write in a round of 10,000 units read the whole round before: 57 writes/s against 289.
   */
  async function loadRoundForUnit(tx: SqlClient, id: string, unitId: string): Promise<RoundRow> {
    const [row] = await tx.query<{
      deadlines: RoundDocument['deadlines'];
      period: string;
      unit: RoundDocument['units'][number] | null;
      locks: RoundRow['locks'];
      published: { at: string; key: string } | null;
    }>(
      `select document->'deadlines' as deadlines, document->>'period' as period,
              (select unit from jsonb_array_elements(document->'units') unit where unit->>'id' = $2) as unit,
              locks, case when published is null then null
                          else jsonb_build_object('at', published->'at', 'key', published->'key') end as published
         from cchc_rounds where id = $1 for share`,
      [id, unitId],
    );
    if (!row) throw notFound(`round '${id}'`, `Đợt đánh giá '${id}'`);
    const document = { deadlines: row.deadlines, period: row.period, units: row.unit ? [row.unit] : [] };
    return {
      id,
      document: document as RoundDocument,
      locks: row.locks,
      published: row.published && { ...row.published, results: [] },
    };
  }

  function unitOf(round: RoundRow, unitId: string) {
    const unit = round.document.units.find((candidate) => candidate.id === unitId);
    if (!unit)
      throw notFound(`unit '${unitId}' in round '${round.id}'`, `Đơn vị '${unitId}' trong đợt '${round.id}'`);
    return unit;
  }

  async function view(tx: SqlClient, round: RoundRow): Promise<RoundView> {
    const latest = await tx.query<{
      unit_id: string;
      layer: Layer;
      revision: number;
      key_name: string;
      at: string;
    }>(
      `select distinct on (unit_id, layer) unit_id, layer, revision, key_name, at
         from cchc_revisions where round_id = $1 order by unit_id, layer, revision desc`,
      [round.id],
    );
    const submissions = await tx.query<{ unit_id: string; submitted_at: string | null; key_name: string }>(
      'select unit_id, submitted_at, key_name from cchc_submissions where round_id = $1',
      [round.id],
    );
    const pending = await tx.query<{ unit_id: string; count: number }>(
      `select unit_id, count(*)::int as count from cchc_explanations
         where round_id = $1 and request is not null and answer is null group by unit_id`,
      [round.id],
    );
    // Looked up by key: a round may have thousands of units.
    const latestOf = new Map(latest.map((row) => [`${row.unit_id}/${row.layer}`, row]));
    const submittedOf = new Map(
      submissions.filter((row) => row.submitted_at !== null).map((row) => [row.unit_id, row]),
    );
    const pendingOf = new Map(pending.map((row) => [row.unit_id, row.count]));
    const state = (unit: string, layer: Layer): LayerState | null => {
      const row = latestOf.get(`${unit}/${layer}`);
      return row ? { revision: row.revision, key: row.key_name, at: row.at } : null;
    };
    return {
      id: round.id,
      ...round.document,
      locks: round.locks,
      published: round.published && { at: round.published.at, key: round.published.key },
      unitStates: round.document.units.map((unit) => {
        const submission = submittedOf.get(unit.id);
        return {
          id: unit.id,
          self: state(unit.id, 'self'),
          appraised: state(unit.id, 'appraised'),
          submitted: submission ? { at: submission.submitted_at!, key: submission.key_name } : null,
          pendingExplanations: pendingOf.get(unit.id) ?? 0,
        };
      }),
    };
  }

  /** The round, when `caller` may see it: a unit key sees the rounds it is in (others are not found). */
  const visibleTo = (caller: Caller, round: RoundRow): RoundRow => {
    if (!may(caller, 'see-round', { units: round.document.units.map((unit) => unit.id) }))
      throw notFound(`round '${round.id}'`, `Đợt đánh giá '${round.id}'`);
    return round;
  };

  /** The round, when it is not published: after publication only remediation changes. */
  const requireUnpublished = (round: RoundRow): RoundRow => {
    if (round.published)
      throw new RoundsError(
        'locked',
        {
          en: `round '${round.id}' is published: only remediation changes now`,
          vi: `Đợt '${round.id}' đã công bố: chỉ còn theo dõi khắc phục`,
        },
        { details: { published: round.published.at } },
      );
    return round;
  };

  /**
   * A round changed after units wrote to it keeps every unit that has revisions, with its criteria set:
   * its revisions are scored against that set, and would no longer read.
   */
  async function requireUnitsKept(tx: SqlClient, id: string, document: RoundDocument) {
    const before = new Map(
      (await loadRound(tx, id)).document.units.map((unit) => [unit.id, unit.criteriaSet]),
    );
    const written = await tx.query<{ unit_id: string }>(
      'select distinct unit_id from cchc_revisions where round_id = $1',
      [id],
    );
    const after = new Map(document.units.map((unit) => [unit.id, unit.criteriaSet]));
    const broken = written
      .map((row) => row.unit_id)
      .filter((unit) => after.get(unit) !== before.get(unit))
      .sort();
    if (broken.length > 0)
      throw new RoundsError(
        'conflict',
        {
          en: `unit(s) ${broken.join(', ')} have scores in round '${id}': they stay in it, with their criteria set`,
          vi: `Đơn vị ${broken.join(', ')} đã có điểm trong đợt '${id}': không thể bỏ đơn vị hay đổi bộ tiêu chí của đơn vị`,
        },
        { details: { units: broken } },
      );
  }

  /** Refuses a write to a layer that is closed: published round, lock, deadline, or (for the unit) submitted. */
  async function requireOpen(tx: SqlClient, round: RoundRow, unit: string, layer: Layer, caller: Caller) {
    const submitted =
      layer === 'self' && !may(caller, 'manage')
        ? (
            await tx.query<{ submitted_at: string | null }>(
              'select submitted_at from cchc_submissions where round_id = $1 and unit_id = $2',
              [round.id, unit],
            )
          )[0]?.submitted_at
        : null;
    const closed = layerClosure({ ...round, submitted: submitted ?? null }, unit, layer, caller, now());
    if (closed) throw new RoundsError('locked', closed, { details: closed.details });
  }

  /** A layer's latest revision, or the one asked for; undefined when there is none. */
  async function storedRevision(tx: SqlClient, round: string, unit: string, layer: Layer, revision?: number) {
    const [row] = await tx.query<{
      revision: number;
      document: Record<string, unknown>;
      key_name: string;
      at: string;
    }>(
      `select revision, document, key_name, at from cchc_revisions
         where round_id = $1 and unit_id = $2 and layer = $3 ${revision === undefined ? '' : 'and revision = $4'}
         order by revision desc limit 1`,
      revision === undefined ? [round, unit, layer] : [round, unit, layer, revision],
    );
    return row;
  }

  /** The document with the round's criteria set, unit, period and layer; those given must agree (422). */
  function completeDocument(
    round: RoundRow,
    unitId: string,
    layer: Layer,
    input: unknown,
  ): Record<string, unknown> {
    if (input === null || typeof input !== 'object' || Array.isArray(input))
      throw new RoundsError(
        'invalid-document',
        { en: 'an assessment is a JSON object', vi: 'Phiếu chấm điểm phải là một đối tượng JSON' },
        { issues: [issue('invalid_type', [], { expected: 'object' })] },
      );
    const unit = unitOf(round, unitId);
    const given = input as Record<string, unknown>;
    const expected: Record<string, unknown> = {
      criteriaSet: unit.criteriaSet,
      unit:
        unit.group === undefined
          ? { id: unit.id, name: unit.name }
          : { id: unit.id, name: unit.name, group: unit.group },
      period: round.document.period,
      layer,
    };
    const issues: Issue[] = [];
    for (const [field, value] of Object.entries(expected)) {
      if (!(field in given)) continue;
      const mismatch =
        field === 'unit'
          ? (given['unit'] as { id?: unknown } | null)?.id !== unit.id
          : String(given[field]) !== String(value);
      if (mismatch)
        issues.push(
          issue('invalid_value', [field], {
            detail: `the round says ${field} ${JSON.stringify(field === 'unit' ? unit.id : value)}`,
          }),
        );
    }
    if (issues.length > 0)
      throw new RoundsError(
        'invalid-document',
        { en: 'the assessment does not match the round', vi: 'Phiếu chấm điểm không khớp với đợt đánh giá' },
        { issues },
      );
    return { ...given, ...expected };
  }

  function scored(set: CriteriaSet, document: Record<string, unknown>): UnitResult {
    const assessment = parseAssessment(document);
    const outcome = assessment.success ? scoreAssessment(set, assessment.data) : assessment;
    if (!outcome.success)
      throw new RoundsError(
        'invalid-document',
        {
          en: `the assessment has ${outcome.issues.length} error(s)`,
          vi: `Phiếu chấm điểm có ${outcome.issues.length} lỗi`,
        },
        { issues: outcome.issues },
      );
    return outcome.data;
  }

  /** The result of a stored document, or undefined where it no longer scores (a baseline only). */
  function scoredOrUndefined(set: CriteriaSet, document: Record<string, unknown>): UnitResult | undefined {
    try {
      return scored(set, document);
    } catch {
      return undefined;
    }
  }

  /** The latest revision of `layer` of every unit that has one, scored and ranked within each set. */
  async function scoredLayer(tx: SqlClient, round: RoundRow, layer: Layer) {
    const latest = await tx.query<{ unit_id: string; layer: Layer; document: Record<string, unknown> }>(
      `select distinct on (unit_id, layer) unit_id, layer, document from cchc_revisions
         where round_id = $1 order by unit_id, layer, revision desc`,
      [round.id],
    );
    const documentOf = new Map(latest.map((row) => [`${row.unit_id}/${row.layer}`, row.document]));
    const byUnit = (unit: string, wanted: Layer) => documentOf.get(`${unit}/${wanted}`);
    const results: UnitResult[] = [];
    const selfOf = new Map<string, UnitResult>();
    for (const unit of round.document.units) {
      const document = byUnit(unit.id, layer);
      if (!document) continue;
      const set = await loadSet(tx, unit.criteriaSet);
      results.push(scored(set, document));
      const selfDocument = layer === 'appraised' ? byUnit(unit.id, 'self') : undefined;
      if (selfDocument) selfOf.set(unit.id, scored(set, selfDocument));
    }
    return { ranked: rankResults(results, { within: (result) => result.criteriaSet.id }), selfOf };
  }

  async function computeResults(tx: SqlClient, round: RoundRow, layer: Layer): Promise<RoundResult[]> {
    const { ranked, selfOf } = await scoredLayer(tx, round, layer);
    return ranked.map((result) => {
      const self = selfOf.get(result.unit.id);
      const json: RoundResult = resultToJson(result);
      if (!self) return json;
      return {
        ...json,
        self: {
          achieved: decimalText(self.achieved),
          index: decimalText(self.index),
          classification: self.classification,
        },
        difference: decimalText(compareResults(self, result).achievedDelta),
      };
    });
  }

  /** A published round with its frozen results, its sets and its report input; 409 before publication. */
  async function publishedRound(tx: SqlClient, id: string) {
    const round = await loadRound(tx, id);
    if (!round.published)
      throw new RoundsError('conflict', {
        en: `round '${id}' is not published: remediation follows the published results`,
        vi: `Đợt '${id}' chưa công bố: việc khắc phục dựa trên kết quả đã công bố`,
      });
    // Each asked for by what needs it: a write of one plan scores one unit, not the whole round.
    return {
      document: round.document,
      report: round.published.report,
      sets: () =>
        Promise.all(
          [...new Set(round.document.units.map((unit) => unit.criteriaSet))].map((set) => loadSet(tx, set)),
        ),
      // Published layers no longer change: scored again, they are the frozen results.
      results: async () => (await scoredLayer(tx, round, 'appraised')).ranked,
      resultOf: async (unitId: string) => {
        const unit = unitOf(round, unitId);
        // A published round has an appraised layer for every unit.
        const stored = (await storedRevision(tx, id, unitId, 'appraised'))!;
        return scored(await loadSet(tx, unit.criteriaSet), stored.document);
      },
    };
  }

  const remediation = remediationMethods({ sql, now, publishedRound });

  return {
    ...remediation,
    async putCriteriaSet(caller, id, document) {
      requireMay(caller, 'manage');
      const parsed = parseCriteriaSet(document);
      if (!parsed.success)
        throw new RoundsError(
          'invalid-document',
          {
            en: `the criteria set has ${parsed.issues.length} error(s)`,
            vi: `Bộ tiêu chí có ${parsed.issues.length} lỗi`,
          },
          { issues: parsed.issues },
        );
      if (parsed.data.id !== id)
        throw new RoundsError(
          'invalid-document',
          {
            en: `the set's id is '${parsed.data.id}', not '${id}'`,
            vi: `Mã bộ tiêu chí là '${parsed.data.id}', không phải '${id}'`,
          },
          { issues: [issue('invalid_value', ['id'], { detail: `the route names '${id}'` })] },
        );
      return sql.transaction(async (tx) => {
        const [existing] = await tx.query<{ document: unknown }>(
          'select document from cchc_criteria_sets where id = $1 for update',
          [id],
        );
        if (existing && canonicalJson(existing.document) === canonicalJson(document))
          return { created: false };
        if (existing) {
          const [used] = await tx.query<{ id: string }>(
            `select id from cchc_rounds where exists (select 1 from jsonb_array_elements(document->'units') unit where unit->>'criteriaSet' = $1) limit 1`,
            [id],
          );
          if (used)
            throw new RoundsError(
              'conflict',
              {
                en: `criteria set '${id}' is used by round '${used.id}' and cannot change`,
                vi: `Bộ tiêu chí '${id}' đang được dùng trong đợt '${used.id}', không thể sửa`,
              },
              { details: { round: used.id } },
            );
        }
        await tx.query(
          `insert into cchc_criteria_sets (id, document, key_name, stored_at) values ($1, $2, $3, $4)
             on conflict (id) do update set document = excluded.document, key_name = excluded.key_name, stored_at = excluded.stored_at`,
          [id, JSON.stringify(document), caller.name, stamp()],
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

    async putRound(caller, id, input) {
      requireMay(caller, 'manage');
      requireRoundId(id);
      const document = parsedOrRefused(roundDocumentSchema, input, {
        en: 'the round has errors',
        vi: 'Đợt đánh giá có lỗi',
      });
      return sql.transaction(async (tx) => {
        const issues: Issue[] = [];
        for (const [position, unit] of document.units.entries()) {
          const [set] = await tx.query('select id from cchc_criteria_sets where id = $1', [unit.criteriaSet]);
          if (!set)
            issues.push(
              issue('unknown_criteria_set', ['units', position, 'criteriaSet'], { id: unit.criteriaSet }),
            );
        }
        if (issues.length > 0)
          throw new RoundsError(
            'invalid-document',
            {
              en: 'the round names criteria sets that are not stored',
              vi: 'Đợt đánh giá dùng bộ tiêu chí chưa được lưu',
            },
            { issues },
          );
        const [existing] = await tx.query<RoundRow>(
          'select id, published from cchc_rounds where id = $1 for update',
          [id],
        );
        if (existing?.published)
          throw new RoundsError(
            'locked',
            {
              en: `round '${id}' is published and no longer changes`,
              vi: `Đợt '${id}' đã công bố, không thể sửa`,
            },
            { details: { published: existing.published.at } },
          );
        if (existing) await requireUnitsKept(tx, id, document);
        const at = stamp();
        await tx.query(
          `insert into cchc_rounds (id, document, key_name, created_at, updated_at) values ($1, $2, $3, $4, $4)
             on conflict (id) do update set document = excluded.document, key_name = excluded.key_name, updated_at = excluded.updated_at`,
          [id, JSON.stringify(document), caller.name, at],
        );
        return { created: !existing, round: await view(tx, await loadRound(tx, id)) };
      });
    },

    async listRounds(caller) {
      return sql.transaction(async (tx) => {
        const rows = await tx.query<RoundRow>(
          'select id, document, locks, published from cchc_rounds order by id',
        );
        const visible = rows.filter((row) =>
          may(caller, 'see-round', { units: row.document.units.map((unit) => unit.id) }),
        );
        return Promise.all(visible.map((row) => view(tx, row)));
      });
    },

    async getRound(caller, id) {
      return sql.transaction(async (tx) => view(tx, visibleTo(caller, await loadRound(tx, id))));
    },

    async putLayer(caller, roundId, unitId, layer, input, ifMatch) {
      requireMay(caller, 'write-layer', { unit: unitId, layer });
      return sql.transaction(async (tx) => {
        const round = await loadRoundForUnit(tx, roundId, unitId);
        const unit = unitOf(round, unitId);
        // One write at a time per layer (its revisions are numbered from the last), any number across layers.
        await lockRecord(tx, `${roundId}/${unitId}/${layer}`);
        await requireOpen(tx, round, unitId, layer, caller);
        const current = await storedRevision(tx, roundId, unitId, layer);
        const currentRevision = current?.revision ?? 0;
        requireRevision(ifMatch, currentRevision, {
          en: `the ${layer} layer`,
          vi: capitalized(layerVi(layer)),
        });
        const document = completeDocument(round, unitId, layer, input);
        const set = await loadSet(tx, unit.criteriaSet);
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
          // changes figures no entry names. The first appraisal starts from the unit's self-assessment.
          const codes = caller.role.codes;
          const baseline = current?.document ?? (await storedRevision(tx, roundId, unitId, 'self'))?.document;
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
    },

    async sheetOf(caller, roundId, unitId, layer) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRoundForUnit(tx, roundId, unitId);
        const unit = unitOf(round, unitId);
        return {
          set: await loadSet(tx, unit.criteriaSet),
          unit,
          period: round.document.period,
          document: (await storedRevision(tx, roundId, unitId, layer))?.document,
        };
      });
    },

    async getLayer(caller, roundId, unitId, layer, revision) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId);
        const unit = unitOf(round, unitId);
        const row = await storedRevision(tx, roundId, unitId, layer, revision);
        if (!row)
          throw notFound(
            revision === undefined
              ? `the ${layer} layer of unit '${unitId}'`
              : `revision ${revision} of the ${layer} layer of unit '${unitId}'`,
            `${capitalized(layerVi(layer))} của đơn vị '${unitId}'`,
          );
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
        unitOf(await loadRound(tx, roundId), unitId);
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
        const round = await loadRound(tx, roundId, 'update');
        unitOf(round, unitId);
        await requireOpen(tx, round, unitId, 'self', caller);
        if (!(await storedRevision(tx, roundId, unitId, 'self')))
          throw new RoundsError('conflict', {
            en: `unit '${unitId}' has no self-assessment to submit`,
            vi: `Đơn vị '${unitId}' chưa có điểm tự chấm để chốt`,
          });
        const at = stamp();
        await setSubmission(tx, roundId, unitId, at, caller, at);
        return view(tx, round);
      });
    },

    async reopen(caller, roundId, unitId) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, 'update'));
        unitOf(round, unitId);
        await setSubmission(tx, roundId, unitId, null, caller, stamp());
        return view(tx, round);
      });
    },

    async lock(caller, roundId, layer) {
      requireMay(caller, 'manage');
      requireLayer(layer);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, 'update'));
        const locks = { ...round.locks, [layer]: { key: caller.name, at: stamp() } };
        await tx.query('update cchc_rounds set locks = $2 where id = $1', [roundId, JSON.stringify(locks)]);
        return view(tx, { ...round, locks });
      });
    },

    async unlock(caller, roundId, layer) {
      requireMay(caller, 'manage');
      requireLayer(layer);
      return sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRound(tx, roundId, 'update'));
        const { [layer]: _unlocked, ...locks } = round.locks;
        await tx.query('update cchc_rounds set locks = $2 where id = $1', [roundId, JSON.stringify(locks)]);
        return view(tx, { ...round, locks });
      });
    },

    async explain(caller, roundId, unitId, code, body) {
      const explanation = parsedOrRefused(explanationSchema, body, {
        en: 'the explanation has errors',
        vi: 'Nội dung giải trình có lỗi',
      });
      const asking = 'request' in explanation;
      requireMay(caller, asking ? 'ask-explanation' : 'answer-explanation', { unit: unitId, code });
      await sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, 'update');
        const unit = unitOf(round, unitId);
        if (round.published)
          throw new RoundsError(
            'locked',
            { en: `round '${roundId}' is published`, vi: `Đợt '${roundId}' đã công bố` },
            { details: { published: round.published.at } },
          );
        const set = await loadSet(tx, unit.criteriaSet);
        if (!set.byCode.has(code)) throw notFound(`criterion '${code}'`, `Tiêu chí '${code}'`);
        const deadline = round.document.deadlines.explanation;
        if (!asking && deadline !== undefined && isPast(deadline, now()))
          throw new RoundsError(
            'locked',
            {
              en: `the deadline for explanations (${deadline}) has passed`,
              vi: `Đã quá hạn giải trình (${deadline})`,
            },
            { details: { deadline } },
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
        unitOf(await loadRound(tx, roundId), unitId);
        const rows = await tx.query<ExplanationRow>(
          `select unit_id, code, request, requested_by, requested_at, answer, answered_by, answered_at
             from cchc_explanations where round_id = $1 and unit_id = $2 order by code`,
          [roundId, unitId],
        );
        const historyOf = new Map<string, ExplanationEntry[]>();
        for (const { unit: _unit, code, evidence, ...entry } of await explanationHistory(tx, roundId, unitId))
          historyOf.set(code, [
            ...(historyOf.get(code) ?? []),
            { ...entry, ...(evidence ? { evidence } : {}) },
          ]);
        return rows.map((row) => {
          const answer = row.answer as { text: string; evidence?: string[] } | null;
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
                    key: row.answered_by!,
                    at: row.answered_at!,
                  },
            history: historyOf.get(row.code) ?? [],
          };
        });
      });
    },

    async publish(caller, roundId, report) {
      requireMay(caller, 'manage');
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, 'update');
        if (round.published)
          throw new RoundsError(
            'conflict',
            { en: `round '${roundId}' is published already`, vi: `Đợt '${roundId}' đã được công bố` },
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
        const missing = round.document.units.filter((unit) => !appraised.has(unit.id)).map((unit) => unit.id);
        if (missing.length > 0)
          throw new RoundsError(
            'conflict',
            {
              en: `${missing.length} unit(s) have no appraised scores: ${missing.join(', ')}`,
              vi: `${missing.length} đơn vị chưa có điểm thẩm định: ${missing.join(', ')}`,
            },
            { details: { units: missing } },
          );
        if (report !== undefined) {
          // The report input is checked against the results now: once published, it cannot change.
          const { ranked } = await scoredLayer(tx, round, 'appraised');
          const model = createReportModel({
            results: ranked,
            input: roundReportInput(round.document, report, []),
          });
          if (!model.success)
            throw new RoundsError(
              'invalid-document',
              {
                en: `the report input has ${model.issues.length} error(s)`,
                vi: `Thông tin báo cáo có ${model.issues.length} lỗi`,
              },
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
        const round = visibleTo(caller, await loadRound(tx, roundId));
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

    async reportOf(caller, roundId) {
      return sql.transaction(async (tx) => {
        const round = visibleTo(caller, await loadRound(tx, roundId));
        if (round.published?.report === undefined)
          throw new RoundsError('conflict', {
            en: `round '${roundId}' has no report input: publish it with { report: { … } }`,
            vi: `Đợt '${roundId}' chưa có thông tin báo cáo: hãy công bố kèm { report: { … } }`,
          });
        const published = await publishedRound(tx, roundId);
        const [results, report] = [await published.results(), published.report];
        return { results, input: roundReportInput(round.document, report, await storedTasks(tx, roundId)) };
      });
    },

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
        if (!round) throw notFound(`round '${roundId}'`, `Đợt đánh giá '${roundId}'`);
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
          explanations: explanations.map((row) => ({ ...row })),
          explanationHistory: await explanationHistory(tx, roundId),
          remediation: await exportRemediation(tx, roundId),
        };
      });
    },

    async importRound(caller, roundId, input) {
      requireMay(caller, 'manage');
      requireRoundId(roundId);
      const data = parsedOrRefused(roundExportSchema, input, {
        en: 'this is not an export of a round',
        vi: 'Đây không phải tệp xuất của một đợt đánh giá',
      });
      requireConsistentExport(data);
      return sql.transaction(async (tx) => {
        const [existing] = await tx.query('select id from cchc_rounds where id = $1 for update', [roundId]);
        if (existing)
          throw new RoundsError('conflict', {
            en: `round '${roundId}' exists: a round is imported into a round that does not exist yet`,
            vi: `Đợt '${roundId}' đã có: chỉ nhập vào một đợt chưa có`,
          });
        for (const set of data.criteriaSets) {
          const [stored] = await tx.query<{ document: unknown }>(
            'select document from cchc_criteria_sets where id = $1',
            [set.id],
          );
          if (stored && canonicalJson(stored.document) !== canonicalJson(set.document))
            throw new RoundsError('conflict', {
              en: `criteria set '${set.id}' is stored with other contents`,
              vi: `Bộ tiêu chí '${set.id}' đã được lưu với nội dung khác`,
            });
          if (!parseCriteriaSet(set.document).success)
            throw new RoundsError('invalid-document', {
              en: `criteria set '${set.id}' of the export is invalid`,
              vi: `Bộ tiêu chí '${set.id}' trong tệp xuất không hợp lệ`,
            });
          if (!stored)
            await tx.query(
              'insert into cchc_criteria_sets (id, document, key_name, stored_at) values ($1, $2, $3, $4)',
              [set.id, JSON.stringify(set.document), set.key, set.storedAt],
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
                  : { text: entry.text, ...(entry.evidence ? { evidence: entry.evidence } : {}) },
              ),
              entry.key,
              entry.at,
            ],
          );
        await importRemediation(tx, roundId, data.remediation);
        // Revisions must still be 1, 2, 3… per layer: an export edited by hand is refused whole.
        const gaps = await tx.query<{ unit_id: string; layer: string }>(
          `select unit_id, layer from cchc_revisions where round_id = $1
             group by unit_id, layer having max(revision) <> count(*)`,
          [roundId],
        );
        if (gaps.length > 0)
          throw new RoundsError('invalid-document', {
            en: `the revisions of ${gaps.map((gap) => `${gap.unit_id} ${gap.layer}`).join(', ')} are not numbered 1, 2, 3…`,
            vi: 'Các phiên bản điểm trong tệp xuất không được đánh số liên tục',
          });
        return view(tx, await loadRound(tx, roundId));
      });
    },

    async endSession(session, until) {
      await sql.transaction(async (tx) => {
        // Ended sessions are kept until they would have expired anyway; older ones go now.
        await tx.query('delete from cchc_ended_sessions where until < $1', [stamp()]);
        await tx.query(
          'insert into cchc_ended_sessions (session, until) values ($1, $2) on conflict (session) do nothing',
          [session, until.toISOString()],
        );
      });
    },

    async sessionEnded(session) {
      const rows = await sql.transaction((tx) =>
        tx.query('select 1 from cchc_ended_sessions where session = $1', [session]),
      );
      return rows.length > 0;
    },

    close: () => sql.close(),
  };
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

/** Why a layer is closed to a caller's writes, in both languages, with what the client can act on. */
export interface LayerClosure {
  readonly en: string;
  readonly vi: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Why `caller` may not write `layer` of `unit` now, or undefined when it may: the round is published, the
 * layer locked, its deadline passed, or (a unit, its self layer) submitted. The one reading of a layer's
 * state: the store refuses with it, the pages say it at the top of a sheet and show the sheet read-only.
 */
export function layerClosure(
  round: {
    readonly id: string;
    readonly document: Pick<RoundDocument, 'deadlines'>;
    readonly locks: RoundRow['locks'];
    readonly published: { readonly at: string } | null;
    /** When the unit submitted its self-assessment, or null. */
    readonly submitted: string | null;
  },
  unit: string,
  layer: Layer,
  caller: Caller,
  at: Date,
): LayerClosure | undefined {
  if (round.published)
    return {
      en: `round '${round.id}' is published: its layers no longer change`,
      vi: `Đợt '${round.id}' đã công bố kết quả: không thể sửa điểm`,
      details: { layer, published: round.published.at },
    };
  const lock = round.locks[layer];
  if (lock)
    return {
      en: `the ${layer} layer of round '${round.id}' is locked`,
      vi: `Lớp điểm ${layerVi(layer)} của đợt '${round.id}' đã bị khóa`,
      details: { layer, lockedAt: lock.at },
    };
  const deadline = layer === 'self' ? round.document.deadlines.self : round.document.deadlines.appraisal;
  if (isPast(deadline, at))
    return {
      en: `the deadline of the ${layer} layer (${deadline}) has passed`,
      vi: `Đã quá hạn ${layerVi(layer)} (${deadline})`,
      details: { layer, deadline },
    };
  // Submitted, the self layer is closed to the unit; whoever may reopen it may still write it.
  if (layer === 'self' && !may(caller, 'manage') && round.submitted)
    return {
      en: `unit '${unit}' has submitted its self-assessment; an admin may reopen it`,
      vi: `Đơn vị '${unit}' đã chốt điểm tự chấm; quản trị có thể mở lại`,
      details: { layer, submitted: round.submitted },
    };
  return undefined;
}

/** The explanation history of a round (or one unit of it), oldest first, as the export writes it. */
async function explanationHistory(
  tx: SqlClient,
  roundId: string,
  unitId?: string,
): Promise<NonNullable<RoundExport['explanationHistory']>> {
  const rows = await tx.query<{
    unit_id: string;
    code: string;
    kind: 'request' | 'answer';
    content: { text: string; evidence?: string[] };
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
    key: row.key_name,
    at: row.at,
  }));
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
    if (seen.has(key))
      issues.push(issue('invalid_value', ['revisions', position, 'revision'], { detail: 'given twice' }));
    seen.add(key);
    const set = unit && sets.get(unit.criteriaSet);
    if (!set) continue;
    const assessment = parseAssessment(revision.document);
    const outcome = assessment.success ? scoreAssessment(set, assessment.data) : assessment;
    if (!outcome.success)
      issues.push(...prefixIssues(outcome.issues.slice(0, 20), 'revisions', position, 'document'));
  }
  for (const [position, submission] of data.submissions.entries())
    inRound(submission.unit, ['submissions', position, 'unit']);
  for (const [position, explanation] of data.explanations.entries())
    inRound(explanation.unit_id, ['explanations', position, 'unit_id']);
  for (const [position, entry] of (data.explanationHistory ?? []).entries())
    inRound(entry.unit, ['explanationHistory', position, 'unit']);
  for (const [position, result] of (data.round.published?.results ?? []).entries()) {
    const path = ['round', 'published', 'results', position];
    const parsed = unitResultJsonSchema.safeParse(result);
    if (!parsed.success) issues.push(issue('invalid_value', path, { detail: 'not a result of the round' }));
    else inRound(parsed.data.unit.id, [...path, 'unit', 'id']);
  }
  if (issues.length > 0)
    throw new RoundsError(
      'invalid-document',
      {
        en: `the export's parts do not agree (${issues.length} error(s)); nothing was imported`,
        vi: `Các phần của tệp xuất không khớp nhau (${issues.length} lỗi); không nhập gì`,
      },
      { issues },
    );
}

/** A layer named by a client (a lock's body): refused with its path when it is none. */
function requireLayer(layer: unknown): asserts layer is Layer {
  if (!(LAYERS as readonly unknown[]).includes(layer))
    throw new RoundsError(
      'invalid-document',
      { en: 'give { "layer": "self" | "appraised" }', vi: 'hãy gửi { "layer": "self" | "appraised" }' },
      { issues: [issue('invalid_value', ['layer'], { detail: 'self or appraised' })] },
    );
}

/** A round's id follows the rule of unit and set ids: it goes into addresses and file names. */
function requireRoundId(id: string): void {
  if (!idSchema.safeParse(id).success)
    throw new RoundsError(
      'invalid-document',
      {
        en: `'${id.slice(0, 100)}' is not a round id: letters, digits, ".", "_" and "-" (at most 100)`,
        vi: 'Mã đợt đánh giá chỉ gồm chữ, số, ".", "_" và "-" (tối đa 100 ký tự)',
      },
      {
        issues: [
          issue('invalid_value', ['id'], { detail: 'letters, digits, ".", "_" and "-" (at most 100)' }),
        ],
      },
    );
}

const layerVi = (layer: Layer) => (layer === 'self' ? 'điểm tự chấm' : 'điểm thẩm định');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Rounds that open in the background (an embedded store takes seconds to create): every call waits for
 * `opening`, and when it failed, is refused as `unavailable` with a time to retry (the server keeps serving
 * everything else). Given a function, a failed opening is tried again on a later call.
 */
export function roundsWhenOpen(
  opening: Promise<Rounds> | (() => Promise<Rounds>),
  options: { readonly retryAfterMs?: number; readonly now?: () => number } = {},
): Rounds {
  const open = typeof opening === 'function' ? opening : () => opening;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const now = options.now ?? Date.now;
  const attempt = () =>
    open().then(
      (rounds) => ({ rounds }),
      (error: unknown) => ({ error, at: now() }),
    );
  let ready = attempt();
  const opened = async () => {
    let state = await ready;
    // A store that failed to open (a server down at start, a folder in use) is tried again, at most
    // once per `retryAfterMs`, when asked for: it need not wait for a restart of the app.
    if ('error' in state && typeof opening === 'function' && now() - state.at >= retryAfterMs) {
      const again = attempt();
      ready = again;
      state = await again;
    }
    return state;
  };
  const call =
    <K extends keyof Rounds>(method: K) =>
    async (...args: Parameters<Rounds[K]>): Promise<Awaited<ReturnType<Rounds[K]>>> => {
      const state = await opened();
      // Why it failed is for the log (it may name the server's address), never for the client.
      if ('error' in state)
        throw new RoundsError(
          'unavailable',
          {
            en: "the rounds' store is not available now; try again shortly",
            vi: 'Kho dữ liệu các đợt đánh giá hiện không truy cập được; hãy thử lại sau ít phút',
          },
          { details: { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } },
        );
      return (
        state.rounds[method] as (...inner: Parameters<Rounds[K]>) => Promise<Awaited<ReturnType<Rounds[K]>>>
      )(...args);
    };
  const close = async () => {
    const state = await ready;
    if ('rounds' in state) await state.rounds.close();
  };
  // Every method of Rounds, without a second list of them.
  return new Proxy({} as Rounds, {
    get: (_target, method) => {
      if (method === 'close') return close;
      // Not a thenable, not a symbol's hook: only the methods of Rounds.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return call(method as keyof Rounds);
    },
  });
}

/**
 * The report input of a stored round as the report reads it: section III from the stored tasks when the
 * admin has written any, and in section IV each deadline given as "remediation" replaced by the round's
 * deadline for remediation plans.
 */
function roundReportInput(round: RoundDocument, input: unknown, tasks: readonly StoredTask[]): unknown {
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

/**
 * What every room of the stored rounds shares: the store, the clock, and the readings of rounds, units,
 * sets and layers that their rules are written with.
 */
import {
  type CriteriaSet,
  createScorer,
  decimalText,
  type Issue,
  parseCriteriaSet,
  rankResults,
  resultToJson,
  type UnitResult,
} from '@cchc/core';
import { issue } from '@cchc/core/internal';
import { may, withinAuthority } from './access.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { layerClosure } from './layer-state.js';
import { coreLayer, type Layer, passesOf, type RoundDocument } from './schema.js';
import type { SqlClient } from './sql.js';
import type { LayerState, RoundResult, RoundRow, RoundsOptions, RoundView } from './types.js';

/** What decides a unit's phases besides the round (see `unitPhase`). */
interface UnitPhase {
  readonly submitted: string | null;
  readonly explanationsClosed: string | null;
  readonly requests: number;
}

/** A round as a write to one of its units reads it (`loadRoundForUnit`). */
interface UnitRoundRow extends RoundRow {
  /** The unit's criteria set's time of storing, read in the same statement (null: no such set). */
  readonly unitSetStoredAt: string | null;
  /** The unit's phase, read in the same statement where transactions run one at a time. */
  readonly phaseRead?: { readonly unit: string; readonly phase: UnitPhase };
  /** The latest revision of the layer asked for, read in the same statement where they run one at a time. */
  readonly latestRead?: {
    readonly unit: string;
    readonly layer: Layer;
    readonly revision: StoredRevision | undefined;
  };
}

/** A stored revision of a layer, as `storedRevision` reads it. */
interface StoredRevision {
  readonly revision: number;
  readonly document: Record<string, unknown>;
  readonly key_name: string;
  readonly at: string;
}

/** The columns that say a unit's phase, of the round $1 and the unit $2 (`phaseOf` reads them). */
const PHASE_COLUMNS = `(select submitted_at from cchc_submissions where round_id = $1 and unit_id = $2) as submitted_at,
       (select closed_at from cchc_explanation_closures where round_id = $1 and unit_id = $2) as closed_at,
       (select count(*)::int from cchc_explanations
          where round_id = $1 and unit_id = $2 and request is not null) as requests`;

/** The latest revision of the layer $3 of the unit $2 of the round $1, as `storedRevision` reads it. */
const LATEST_REVISION_COLUMN = `(select jsonb_build_object('revision', revision, 'document', document,
                                              'key_name', key_name, 'at', at)
          from cchc_revisions where round_id = $1 and unit_id = $2 and layer = $3
         order by revision desc limit 1) as latest`;

interface PhaseColumns {
  submitted_at: string | null;
  closed_at: string | null;
  requests: number;
}

function phaseOf(row: PhaseColumns | undefined): UnitPhase {
  return {
    submitted: row?.submitted_at ?? null,
    explanationsClosed: row?.closed_at ?? null,
    requests: row?.requests ?? 0,
  };
}

/** How many published rounds' results a process keeps scored. */
const PUBLISHED_RESULTS_KEPT = 16;

export function roundsContext(options: RoundsOptions) {
  const { sql } = options;
  const now = options.now ?? (() => new Date());
  /** The ranked results of published rounds, by round and publication (a few rounds' worth at a time). */
  const publishedResults = new Map<string, UnitResult[]>();
  /** Parsed sets by id and storing time: a set is parsed once while it is not replaced. */
  const parsedSets = new Map<string, { storedAt: string; set: CriteriaSet }>();

  const stamp = () => now().toISOString();
  // The store scores each document against its round's set, which it gives: the scorer holds no sets.
  const scorer = createScorer();
  /** For layers read beside another for their totals (a self-assessment beside its appraisal): no traces. */
  const totalsScorer = createScorer({ trace: false });

  /**
   * The set `id`, parsed. `storedAt`: its time of storing as the caller read it already in this
   * transaction (`loadRoundForUnit` gives the unit's), which spares a statement.
   */
  async function loadSet(tx: SqlClient, id: string, storedAt?: string | null): Promise<CriteriaSet> {
    // The set's time of storing says whether the parsed set held here is still the stored one; its
    // document (tens of KiB) is read only when it is not.
    const cached = parsedSets.get(id);
    if (cached) {
      if (storedAt === undefined) {
        const [row] = await tx.query<{ stored_at: string }>(
          'select stored_at from cchc_criteria_sets where id = $1',
          [id],
        );
        storedAt = row?.stored_at ?? null;
      }
      if (storedAt === null) throw new RoundsError('set-not-found', { id });
      if (cached.storedAt === storedAt) return cached.set;
    }
    const [row] = await tx.query<{ document: unknown; stored_at: string }>(
      'select document, stored_at from cchc_criteria_sets where id = $1',
      [id],
    );
    if (!row) throw new RoundsError('set-not-found', { id });
    const parsed = parseCriteriaSet(row.document);
    // Stored sets were checked when stored; a set that no longer parses is a fault of the store.
    if (!parsed.success) throw new Error(`stored criteria set '${id}' no longer parses`);
    parsedSets.set(id, { storedAt: row.stored_at, set: parsed.data });
    return parsed.data;
  }

  /**
   * A round of another authority than a limited caller's is, to that caller, a round that does not exist:
   * every reading of a round for a caller passes here, so that no route forgets it.
   */
  const requireAuthority = (caller: Caller | null, id: string, authority: string) => {
    if (caller && !withinAuthority(caller, authority))
      throw new RoundsError('round-not-found', { round: id });
  };

  /**
   * A round's row, for `caller` (`null`: the store's own reading, inside a write already checked); `update`
   * locks it for a change of the round itself (lock, publish…).
   */
  async function loadRound(
    tx: SqlClient,
    id: string,
    caller: Caller | null,
    lock?: 'update',
  ): Promise<RoundRow> {
    const [row] = await tx.query<RoundRow>(
      `select id, document, locks, published from cchc_rounds where id = $1${lock ? ` for ${lock}` : ''}`,
      [id],
    );
    if (!row) throw new RoundsError('round-not-found', { round: id });
    requireAuthority(caller, id, row.document.authority.name);
    return row;
  }

  /**
   * What a write to one unit needs of its round, without the rest: the unit alone (not the list of
   * every unit), the deadlines, the period, the locks and whether it is published (not the frozen
   * results). A write in a round of 10,000 units read the whole round before: 57 writes/s against 289.
   */
  async function loadRoundForUnit(
    tx: SqlClient,
    id: string,
    unitId: string,
    caller: Caller,
    layer?: Layer,
  ): Promise<UnitRoundRow> {
    // The unit's set's time of storing comes in the same statement: a write's every statement is a trip
    // to the embedded store's thread. So do the unit's phase and the latest revision of `layer` where
    // transactions run one at a time; on a server they are read later, in statements of their own, which
    // see what committed while this one waited for the round's row (its snapshot is taken before).
    const withPhase = tx.oneAtATime === true;
    const withLatest = withPhase && layer !== undefined;
    const [row] = await tx.query<
      Partial<PhaseColumns> & {
        authority: RoundDocument['authority'];
        deadlines: RoundDocument['deadlines'];
        period: string;
        passes: RoundDocument['passes'] | null;
        unit: RoundDocument['units'][number] | null;
        set_stored_at: string | null;
        locks: RoundRow['locks'];
        published: { at: string; key: string } | null;
        latest?: StoredRevision | null;
      }
    >(
      `select round.document->'authority' as authority, round.document->'deadlines' as deadlines,
              round.document->>'period' as period, round.document->'passes' as passes,
              unit.value as unit, sets.stored_at as set_stored_at, round.locks,
              case when round.published is null then null
                   else jsonb_build_object('at', round.published->'at', 'key', round.published->'key') end as published
              ${withPhase ? `, ${PHASE_COLUMNS}` : ''}
              ${withLatest ? `, ${LATEST_REVISION_COLUMN}` : ''}
         from cchc_rounds round
         left join lateral (select value from jsonb_array_elements(round.document->'units')
                             where value->>'id' = $2 limit 1) unit on true
         left join cchc_criteria_sets sets on sets.id = unit.value->>'criteriaSet'
        where round.id = $1 for share of round`,
      withLatest ? [id, unitId, layer] : [id, unitId],
    );
    if (!row) throw new RoundsError('round-not-found', { round: id });
    requireAuthority(caller, id, row.authority.name);
    const document = {
      authority: row.authority,
      deadlines: row.deadlines,
      period: row.period,
      units: row.unit ? [row.unit] : [],
      ...(row.passes ? { passes: row.passes } : {}),
    };
    return {
      id,
      document: document as RoundDocument,
      locks: row.locks,
      published: row.published && { ...row.published, results: [] },
      unitSetStoredAt: row.set_stored_at,
      ...(withPhase ? { phaseRead: { unit: unitId, phase: phaseOf(row as PhaseColumns) } } : {}),
      ...(withLatest ? { latestRead: { unit: unitId, layer, revision: row.latest ?? undefined } } : {}),
    };
  }

  function unitOf(round: RoundRow, unitId: string) {
    const unit = round.document.units.find((candidate) => candidate.id === unitId);
    if (!unit) throw new RoundsError('unit-not-found', { unit: unitId, round: round.id });
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
    const pending = await tx.query<{ unit_id: string; count: number; requests: number }>(
      `select unit_id, count(*) filter (where answer is null)::int as count, count(*)::int as requests
         from cchc_explanations where round_id = $1 and request is not null group by unit_id`,
      [round.id],
    );
    // Looked up by key: a round may have thousands of units.
    const latestOf = new Map(latest.map((row) => [`${row.unit_id}/${row.layer}`, row]));
    const submittedOf = new Map(
      submissions.filter((row) => row.submitted_at !== null).map((row) => [row.unit_id, row]),
    );
    const pendingOf = new Map(pending.map((row) => [row.unit_id, row.count]));
    const requestsOf = new Map(pending.map((row) => [row.unit_id, row.requests]));
    const twoPasses = passesOf(round.document) === 2;
    const closedOf = new Map(
      twoPasses
        ? (
            await tx.query<{ unit_id: string; closed_at: string | null; key_name: string }>(
              'select unit_id, closed_at, key_name from cchc_explanation_closures where round_id = $1',
              [round.id],
            )
          ).flatMap((row) => (row.closed_at ? [[row.unit_id, { at: row.closed_at, key: row.key_name }]] : []))
        : [],
    );
    const state = (unit: string, layer: Layer): LayerState | null => {
      const row = latestOf.get(`${unit}/${layer}`);
      return row ? { revision: row.revision, key: row.key_name, at: row.at } : null;
    };
    return {
      id: round.id,
      ...round.document,
      locks: round.locks,
      published: round.published && {
        at: round.published.at,
        key: round.published.key,
        ...(round.published.shared ? { shared: round.published.shared } : {}),
      },
      unitStates: round.document.units.map((unit) => {
        const submission = submittedOf.get(unit.id);
        return {
          id: unit.id,
          self: state(unit.id, 'self'),
          appraised: state(unit.id, 'appraised'),
          submitted: submission ? { at: submission.submitted_at!, key: submission.key_name } : null,
          pendingExplanations: pendingOf.get(unit.id) ?? 0,
          // Only a round of two passes says them: one-pass rounds answer as they always did.
          ...(twoPasses
            ? {
                firstPass: state(unit.id, 'appraised-1'),
                explanationRequests: requestsOf.get(unit.id) ?? 0,
                explanationsClosed: closedOf.get(unit.id) ?? null,
              }
            : {}),
        };
      }),
    };
  }

  /** The round, when `caller` may see it: a unit key sees the rounds it is in (others are not found). */
  const visibleTo = (caller: Caller, round: RoundRow): RoundRow => {
    if (!may(caller, 'see-round', { units: round.document.units.map((unit) => unit.id) }))
      throw new RoundsError('round-not-found', { round: round.id });
    return round;
  };

  /** The round, when it is not published: after publication only remediation changes. */
  const requireUnpublished = (round: RoundRow): RoundRow => {
    if (round.published)
      throw new RoundsError(
        'round-published-remediation',
        { round: round.id },
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
      (await loadRound(tx, id, null)).document.units.map((unit) => [unit.id, unit.criteriaSet]),
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
      throw new RoundsError('units-kept', { units: broken, round: id }, { details: { units: broken } });
  }

  /** When a unit submitted its self-assessment, or null. */
  async function submittedAt(tx: SqlClient, round: string, unit: string): Promise<string | null> {
    const [row] = await tx.query<{ submitted_at: string | null }>(
      'select submitted_at from cchc_submissions where round_id = $1 and unit_id = $2',
      [round, unit],
    );
    return row?.submitted_at ?? null;
  }

  /**
   * What decides a unit's phases besides the round: its submission, and (two passes) when it closed its
   * explanations and how many the first pass asked of it.
   */
  async function unitPhase(tx: SqlClient, round: RoundRow | UnitRoundRow, unit: string): Promise<UnitPhase> {
    if ('phaseRead' in round && round.phaseRead?.unit === unit) return round.phaseRead.phase;
    // One query: a write asks it every time.
    const [row] = await tx.query<PhaseColumns>(`select ${PHASE_COLUMNS}`, [round.id, unit]);
    return phaseOf(row);
  }

  /**
   * Refuses a write to a layer that is closed: published round, lock, deadline, (for the unit) submitted, or
   * (two passes) not its phase.
   */
  async function requireOpen(tx: SqlClient, round: RoundRow, unit: string, layer: Layer, caller: Caller) {
    const facts = await unitPhase(tx, round, unit);
    const closed = layerClosure({ ...round, ...facts }, unit, layer, caller, now());
    if (closed) throw closed;
  }

  /**
   * The latest revision of a unit's layer, undefined when there is none: as `loadRoundForUnit` read it with
   * the round when it was asked for that layer, else read now.
   */
  async function latestRevision(
    tx: SqlClient,
    round: UnitRoundRow,
    unit: string,
    layer: Layer,
  ): Promise<StoredRevision | undefined> {
    const read = round.latestRead;
    if (read?.unit === unit && read.layer === layer) return read.revision;
    return storedRevision(tx, round.id, unit, layer);
  }

  /** A layer's latest revision, or the one asked for; undefined when there is none. */
  async function storedRevision(
    tx: SqlClient,
    round: string,
    unit: string,
    layer: Layer,
    revision?: number,
  ): Promise<StoredRevision | undefined> {
    const [row] = await tx.query<StoredRevision>(
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
        'assessment-not-object',
        {},
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
      // Both passes of two are appraisals to the core.
      layer: coreLayer(layer),
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
    if (issues.length > 0) throw new RoundsError('assessment-mismatch', {}, { issues });
    return { ...given, ...expected };
  }

  function scored(set: CriteriaSet, document: Record<string, unknown>, by = scorer): UnitResult {
    const outcome = by.score(document, { set });
    if (!outcome.success)
      throw new RoundsError(
        'assessment-errors',
        { count: outcome.issues.length },
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
    const firstPassOf = new Map<string, UnitResult>();
    // The second of two passes is read beside the first.
    const withFirstPass = layer === 'appraised' && passesOf(round.document) === 2;
    // Each set read once for the round, not once a unit.
    const sets = new Map<string, CriteriaSet>();
    for (const unit of round.document.units) {
      const document = byUnit(unit.id, layer);
      if (!document) continue;
      let set = sets.get(unit.criteriaSet);
      if (set === undefined) {
        set = await loadSet(tx, unit.criteriaSet);
        sets.set(unit.criteriaSet, set);
      }
      results.push(scored(set, document));
      // The other layers are read for their totals alone.
      const selfDocument = layer === 'self' ? undefined : byUnit(unit.id, 'self');
      if (selfDocument) selfOf.set(unit.id, scored(set, selfDocument, totalsScorer));
      const firstDocument = withFirstPass ? byUnit(unit.id, 'appraised-1') : undefined;
      if (firstDocument) firstPassOf.set(unit.id, scored(set, firstDocument, totalsScorer));
    }
    return { ranked: rankResults(results, { within: 'criteriaSet' }), selfOf, firstPassOf };
  }

  async function computeResults(tx: SqlClient, round: RoundRow, layer: Layer): Promise<RoundResult[]> {
    const { ranked, selfOf, firstPassOf } = await scoredLayer(tx, round, layer);
    const figures = (result: UnitResult) => ({
      achieved: decimalText(result.achieved),
      index: decimalText(result.index),
      classification: result.classification,
    });
    return ranked.map((result) => {
      const self = selfOf.get(result.unit.id);
      const first = firstPassOf.get(result.unit.id);
      const json: RoundResult = resultToJson(result);
      return {
        ...json,
        ...(self
          ? { self: figures(self), difference: decimalText(result.achieved.minus(self.achieved)) }
          : {}),
        ...(first ? { firstPass: figures(first) } : {}),
      };
    });
  }

  /** A published round with its frozen results, its sets and its report input; 409 before publication. */
  async function publishedRound(tx: SqlClient, id: string, caller: Caller) {
    const round = await loadRound(tx, id, caller);
    if (!round.published) throw new RoundsError('not-published', { round: id });
    // Each asked for by what needs it: a write of one plan scores one unit, not the whole round.
    return {
      document: round.document,
      report: round.published.report,
      sets: () =>
        Promise.all(
          [...new Set(round.document.units.map((unit) => unit.criteriaSet))].map((set) => loadSet(tx, set)),
        ),
      // Published layers no longer change: scored again, they are the frozen results.
      results: async () => {
        // Published layers never change: their ranked results are scored once per process, not per request
        // (the follow-up and its tasks read them on every page).
        const key = `${id}@${round.published!.at}`;
        const cached = publishedResults.get(key);
        if (cached) return cached;
        const { ranked } = await scoredLayer(tx, round, 'appraised');
        if (publishedResults.size >= PUBLISHED_RESULTS_KEPT)
          publishedResults.delete(publishedResults.keys().next().value!);
        publishedResults.set(key, ranked);
        return ranked;
      },
      resultOf: async (unitId: string) => {
        const unit = unitOf(round, unitId);
        // A published round has an appraised layer for every unit.
        const stored = (await storedRevision(tx, id, unitId, 'appraised'))!;
        return scored(await loadSet(tx, unit.criteriaSet), stored.document);
      },
    };
  }

  return {
    sql,
    now,
    stamp,
    loadSet,
    loadRound,
    loadRoundForUnit,
    unitOf,
    view,
    visibleTo,
    requireUnpublished,
    requireUnitsKept,
    submittedAt,
    unitPhase,
    requireOpen,
    storedRevision,
    latestRevision,
    completeDocument,
    scored,
    scoredOrUndefined,
    scoredLayer,
    computeResults,
    publishedRound,
  };
}

export type RoundsContext = ReturnType<typeof roundsContext>;

/** The shapes the stored rounds answer with, and the `Rounds` interface itself. */
import type { CriteriaSet, EarlierLayers, UnitResult, UnitResultJson } from '@cchc/core';
import type { AccountMethods } from './accounts.js';
import type { AssignmentMethods } from './assignments.js';
import type { DirectoryMethods } from './directory.js';
import type { IfMatch } from './errors.js';
import type { FileLimits, FileMethods } from './files.js';
import type { Caller } from './keys.js';
import type { NoticeMethods } from './notices.js';
import type { OutboxMethods } from './outbox.js';
import type { RegisterMethods } from './register.js';
import type { RemediationMethods } from './remediation.js';
import type { RoundEventMethods } from './round-events.js';
import type { Layer, RoundDocument } from './schema.js';
import type { SecondFactorMethods } from './second-factor.js';
import type { SqlClient } from './sql.js';
import type { SurveyMethods } from './surveys.js';
import type { TokenMethods } from './tokens.js';

import type { RoundExport } from './transfer-schema.js';

export interface RoundsOptions {
  readonly sql: SqlClient;
  /** The clock deadlines are read against (tests set it). */
  readonly now?: () => Date;
  /** How large evidence files may be (`DEFAULT_FILE_LIMITS` where not given). */
  readonly files?: Partial<FileLimits>;
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
  readonly published: {
    readonly at: string;
    readonly key: string;
    /** Set while the admin shows the published results on the public page: since when, and who. */
    readonly shared?: { readonly at: string; readonly key: string };
  } | null;
  /** What each unit has done; with two passes, also what decides its phase (`unitPhaseFacts`). */
  readonly unitStates: readonly {
    readonly id: string;
    readonly self: LayerState | null;
    readonly appraised: LayerState | null;
    readonly submitted: { readonly at: string; readonly key: string } | null;
    readonly pendingExplanations: number;
    /** Two passes: the first appraisal's latest revision. */
    readonly firstPass?: LayerState | null;
    /** Two passes: how many of the unit's criteria the first pass asked to explain. */
    readonly explanationRequests?: number;
    /** Two passes: when and by whom the unit closed its explanations, or null. */
    readonly explanationsClosed?: { readonly at: string; readonly key: string } | null;
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

/** What a unit's sheet page shows (`sheetView`). */
export interface SheetView {
  readonly set: CriteriaSet;
  readonly unit: RoundDocument['units'][number];
  readonly period: string;
  /** The layer's latest revision, scored; undefined before the first. */
  readonly stored: StoredLayer | undefined;
  readonly round: {
    readonly id: string;
    readonly deadlines: RoundDocument['deadlines'];
    readonly passes: 1 | 2;
    readonly locks: RoundView['locks'];
    readonly published: { readonly at: string } | null;
  };
  /** When the unit submitted its self-assessment, or null. */
  readonly submitted: string | null;
  /** When the unit closed its explanations, or null. */
  readonly explanationsClosed: string | null;
  /** How many of the unit's criteria an appraiser asked to explain. */
  readonly requests: number;
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
    /** Files of the unit's library handed in with the answer, by SHA-256. */
    readonly files: readonly string[];
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
  readonly files?: readonly string[];
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
  /** A round of two passes, its last pass's results: the first pass's figures beside them. */
  readonly firstPass?: {
    readonly achieved: string;
    readonly index: string;
    readonly classification: string | null;
  };
};

/** What a round's report is made of: its ranked results, the report input, and (two passes) each unit's earlier layers. */
export interface ReportSource {
  readonly results: UnitResult[];
  readonly input: unknown;
  /** A round of two passes: each unit's self-assessment, first pass and explanations, by unit id. */
  readonly earlier?: ReadonlyMap<string, EarlierLayers>;
}

export interface ExplanationRow {
  unit_id: string;
  code: string;
  request: string | null;
  requested_by: string | null;
  requested_at: string | null;
  answer: unknown;
  answered_by: string | null;
  answered_at: string | null;
}

export interface RoundRow {
  id: string;
  document: RoundDocument;
  locks: Partial<Record<Layer, { key: string; at: string }>>;
  published: {
    at: string;
    key: string;
    results: RoundResult[];
    report?: unknown;
    shared?: { at: string; key: string };
  } | null;
}

/** A published round as its public page shows it: no sign-in, only what was published. */
export interface PublicResults {
  readonly id: string;
  readonly title: string;
  readonly period: string;
  readonly authority: string;
  readonly published: string;
  /** The frozen results, ranked, each with its areas, criteria, scores and the appraisers' comments. */
  readonly results: readonly RoundResult[];
}

/** The rounds of rounds.md over a SQL store: every rule is here, and every write is one transaction. */
export interface Rounds
  extends RemediationMethods,
    AccountMethods,
    SecondFactorMethods,
    TokenMethods,
    RegisterMethods,
    DirectoryMethods,
    AssignmentMethods,
    RoundEventMethods,
    FileMethods,
    NoticeMethods,
    OutboxMethods,
    SurveyMethods {
  /**
   * Stores a criteria set (admin); one a round uses cannot change (`set-in-use`). `options.replacing`: the
   * `criteriaSetTag` of the stored document this one was edited from (`set-changed` when another write came
   * between), or null when the id must be new (`set-exists`), so that two admins' edits never silently overwrite.
   */
  putCriteriaSet(
    caller: Caller,
    id: string,
    document: unknown,
    options?: { readonly replacing?: string | null },
  ): Promise<{ created: boolean }>;
  /** Every stored criteria set, parsed: public, as the decisions that issue them are. */
  criteriaSets(): Promise<CriteriaSet[]>;
  /**
   * Creates or changes a round (admin). `options.sets`: criteria set documents by id that the round may
   * store with it, in the same transaction, when it names one the store does not have (the sets a server
   * holds and lists, such as the bundled examples); a stored set of that id is never replaced.
   */
  putRound(
    caller: Caller,
    id: string,
    document: unknown,
    options?: { readonly sets?: ReadonlyMap<string, unknown> },
  ): Promise<{ created: boolean; round: RoundView }>;
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
  /**
   * `putLayer` for an edit of what is stored: `edit` gets the layer's set and latest document (read once, in
   * the write's transaction, after its lock) and gives the document to write. The pages' sheet saves
   * through it: the form's rows over the stored entries, read once and scored once.
   */
  editLayer(
    caller: Caller,
    round: string,
    unit: string,
    layer: Layer,
    edit: (stored: { set: CriteriaSet; document: Record<string, unknown> | undefined }) => unknown,
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
  /**
   * What a unit's sheet page shows, read in one transaction: the set, the unit, the period, the latest
   * revision of the layer scored (none before the first), and the round's state for that layer (deadlines,
   * locks, publication, the unit's submission). Read as `getLayer` is.
   */
  sheetView(caller: Caller, round: string, unit: string, layer: Layer): Promise<SheetView>;
  history(caller: Caller, round: string, unit: string): Promise<Revision[]>;
  submit(caller: Caller, round: string, unit: string): Promise<RoundView>;
  /** Opens a unit's submitted self-assessment again (admin); `reason`, when given, is kept for the unit to read. */
  reopen(caller: Caller, round: string, unit: string, reason?: string): Promise<RoundView>;
  lock(caller: Caller, round: string, layer: Layer): Promise<RoundView>;
  unlock(caller: Caller, round: string, layer: Layer): Promise<RoundView>;
  explain(caller: Caller, round: string, unit: string, code: string, body: unknown): Promise<void>;
  /**
   * The unit closes its explanations (chốt giải trình): no answer is written after it; with two passes the
   * second appraisal of the unit opens. A second close changes nothing.
   */
  closeExplanations(caller: Caller, round: string, unit: string): Promise<RoundView>;
  /** Opens a unit's closed explanations again (admin), with the reason kept for the unit to read. */
  reopenExplanations(caller: Caller, round: string, unit: string, reason: string): Promise<RoundView>;
  /** A unit's explanations: each criterion's request and answer, with who wrote them and when. */
  explanations(caller: Caller, round: string, unit: string): Promise<Explanation[]>;
  publish(caller: Caller, round: string, report?: unknown): Promise<RoundView>;
  results(
    caller: Caller,
    round: string,
    layer?: Layer,
  ): Promise<{ results: RoundResult[]; published: boolean }>;
  /**
   * The report a round would publish with `report` (admin, before publication or after): the appraised
   * results ranked and the report input as `reportOf` completes it (section III from the stored tasks, or
   * the drafts the results imply). The pages preview the report with it.
   */
  previewReport(caller: Caller, round: string, report: unknown): Promise<ReportSource>;
  /**
   * Shows a published round's results on its public page, or stops showing them (admin): opt-in, since when
   * and by whom kept with the publication.
   */
  shareResults(caller: Caller, round: string, shared: boolean): Promise<RoundView>;
  /**
   * A round's tag for its public page: its publication and sharing times, read alone (a page answered from
   * its ETag reads nothing else); undefined when the round is not published and shared.
   */
  publicResultsTag(round: string): Promise<string | undefined>;
  /** The rounds whose results are shown on a public page (anyone), newest publication first. */
  sharedRounds(): Promise<{ id: string; title: string; period: string; authority: string }[]>;
  /** A published, shared round's results for its public page (anyone); `round-not-found` otherwise. */
  publicResults(round: string): Promise<PublicResults>;
  /** The published round's appraised results (ranked) and report input, for its report. */
  reportOf(caller: Caller, round: string): Promise<ReportSource>;
  /** Everything of a round, as one JSON document: every revision with its author and time (admin). */
  exportRound(caller: Caller, round: string): Promise<RoundExport>;
  /** A round's export read into a round that does not exist yet, every revision, author and time kept (admin). */
  importRound(caller: Caller, round: string, document: unknown): Promise<RoundView>;
  /**
   * The round and its evidence as one tar archive, streamed: `round.json` (its export), then `files/<sha256>`
   * for each file it lists (admin).
   */
  exportArchive(caller: Caller, round: string): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Such an archive read into a round that does not exist yet (`round`, or the id it was exported with):
   * each file stored as it streams in, checked against its hash and its list; the round imported last, whole
   * or not at all (admin). A file stored before a refusal is named by no round, and goes with the files of
   * imports that never came (a day on).
   */
  importArchive(
    caller: Caller,
    round: string | undefined,
    bytes: AsyncIterable<Uint8Array>,
  ): Promise<RoundView>;
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

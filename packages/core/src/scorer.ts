import { type Assessment, parseAssessment, prefixIssues } from './assessment.js';
import { type CriteriaSet, type ParseOptions, parseCriteriaSet } from './criteria-set.js';
import { type DocumentPath, fail, formatPath, type Issue, issue, type Outcome, succeed } from './issues.js';
import type { UnitResult } from './result.js';
import { type ScoreOptions, scoreAssessment } from './score.js';

export interface ScorerOptions extends ParseOptions, ScoreOptions {
  /** Sets the caller already holds (a server's preloaded sets), looked up after those added. */
  readonly knownSets?: Iterable<CriteriaSet>;
}

/** How one assessment is scored. */
export interface ScoreOne {
  /** The set to score it against, which the document must name (a stored round's set). */
  readonly set?: CriteriaSet | undefined;
  /** The document's place in its stream (`['assessments', 3]`): a later conflict names where its inline set came first. */
  readonly at?: DocumentPath | undefined;
}

/** An assessment read and matched with its criteria set, ready to score. */
export interface PreparedAssessment {
  readonly assessment: Assessment;
  readonly set: CriteriaSet;
}

/**
 * One scorer for a stream of documents: criteria sets are parsed once and held by id, then each
 * assessment is read, matched with its set and scored as it comes, nothing kept between them. The CLI,
 * the HTTP API (`scoreDocuments`, `scoringSteps`) and the round store all score through it.
 */
export interface Scorer {
  /**
   * Parses a criteria set and holds it by id; its issues, with paths below `at` (its place in the stream,
   * `['criteriaSets', 0]`; none: the document's root). One id names one set: a second set with the same id
   * and other contents is an issue (`conflicting_criteria_set`).
   */
  addSet(document: unknown, at?: DocumentPath): Issue[];
  /** The set held under an id: added, given inline in an assessment scored before, or known. */
  set(id: string): CriteriaSet | undefined;
  /**
   * Reads an assessment document and finds its set: the one given (`how.set`, which the document must name),
   * its inline set, or the one held under the id it names. Issues have paths from the document's root.
   */
  prepare(document: unknown, how?: ScoreOne): Outcome<PreparedAssessment>;
  /** `prepare`, then scores: the result, or every issue with its path from the document's root. */
  score(document: unknown, how?: ScoreOne): Outcome<UnitResult>;
}

/**
 * A scorer: sets parsed once, assessments scored one at a time (see `Scorer`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createScorer } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const scorer = createScorer({ trace: false });
 * for (const set of konRay2021.criteriaSets) assert.deepEqual(scorer.addSet(set), []);
 * const outcome = scorer.score(konRay2021.district); // each document as it comes; nothing is kept
 * assert.ok(outcome.success && outcome.data.index.toFixed(2) === '85.74');
 * ```
 */
export function createScorer(options: ScorerOptions = {}): Scorer {
  const sets = new SetsById(options.knownSets ?? []);
  const prepare = (document: unknown, how: ScoreOne = {}): Outcome<PreparedAssessment> => {
    const parsed = parseAssessment(document, options);
    if (!parsed.success) return parsed;
    const assessment = parsed.data;
    if (how.set) return succeed({ assessment, set: how.set });
    const named = assessment.criteriaSet;
    if (typeof named !== 'string') {
      const conflicts = sets.claim(named, [...(how.at ?? []), 'criteriaSet'], ['criteriaSet']);
      return conflicts.length > 0 ? fail(conflicts) : succeed({ assessment, set: named });
    }
    const set = sets.get(named);
    return set
      ? succeed({ assessment, set })
      : fail([issue('unknown_criteria_set', ['criteriaSet'], { id: named })]);
  };
  return {
    addSet(document, at = []) {
      const parsed = parseCriteriaSet(document, options);
      return parsed.success ? sets.claim(parsed.data, at, at) : prefixIssues(parsed.issues, ...at);
    },
    set: (id) => sets.get(id),
    prepare,
    score(document, how) {
      const prepared = prepare(document, how);
      return prepared.success
        ? scoreAssessment(prepared.data.set, prepared.data.assessment, options)
        : prepared;
    },
  };
}

/**
 * The criteria sets of one stream by id: those added (and given inline) and those the caller holds. One id
 * names one set: a second set with the same id and other contents is refused, naming both places, since
 * units scored on the two would be ranked together under one id. An identical copy is taken as the same set.
 */
class SetsById {
  readonly #held: ReadonlyMap<string, CriteriaSet>;
  readonly #claimed = new Map<string, { set: CriteriaSet; path: DocumentPath }>();

  constructor(held: Iterable<CriteriaSet>) {
    this.#held = new Map([...held].map((set) => [set.id, set]));
  }

  get(id: string): CriteriaSet | undefined {
    return this.#claimed.get(id)?.set ?? this.#held.get(id);
  }

  /**
   * Registers a set found at `path` (its place in the stream); the issues, at `issuePath`, when its id
   * already names other contents.
   */
  claim(set: CriteriaSet, path: DocumentPath, issuePath: DocumentPath): Issue[] {
    const claimed = this.#claimed.get(set.id);
    const held = this.#held.get(set.id);
    const other = claimed?.set ?? held;
    if (other === undefined) {
      this.#claimed.set(set.id, { set, path });
      return [];
    }
    if (other === set || canonicalJson(other.document) === canonicalJson(set.document)) {
      // The first place a stream gives a set is the one a later conflict names.
      if (claimed === undefined) this.#claimed.set(set.id, { set: other, path });
      return [];
    }
    const first = claimed ? { first: formatPath(claimed.path) } : { held: 'true' };
    return [issue('conflicting_criteria_set', [...issuePath, 'id'], { id: set.id, ...first })];
  }
}

/** JSON with the keys of every object in order: two documents with the same contents give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

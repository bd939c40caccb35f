import { z } from 'zod';
import { type Assessment, parseAssessment, prefixIssues } from './assessment.js';
import { type CriteriaSet, type ParseOptions, parseCriteriaSet } from './criteria-set.js';
import { type DocumentPath, fail, formatPath, type Issue, issue, type Outcome, succeed } from './issues.js';
import { type RankOptions, rankResults } from './rank.js';
import type { UnitResult } from './result.js';
import { type ScoreOptions, scoreAssessment } from './score.js';

/**
 * Documents to score together, declared once: the body of `POST /v1/score`, which the HTTP app parses with
 * this schema and its OpenAPI document describes from it. Each document is checked on its own later, so
 * that every issue has its path.
 */
export const scoreRequestSchema = z
  .strictObject({
    criteriaSets: z
      .array(z.unknown())
      .optional()
      .meta({ description: 'Criteria sets sent with the assessments; looked up first, then those held' }),
    assessments: z.array(z.unknown()).meta({ description: 'The assessments; a set may be given inline' }),
  })
  .meta({ title: 'cchc score request' });

/** Documents to score together: the body of `POST /v1/score`. */
export interface ScoreDocuments {
  /** Criteria sets sent with the assessments; looked up first. */
  readonly criteriaSets?: readonly unknown[] | undefined;
  readonly assessments: readonly unknown[];
}

export interface ScoreDocumentsOptions extends ParseOptions, RankOptions, ScoreOptions {
  /** Sets the caller already holds (a server's preloaded sets), looked up after those sent. */
  readonly knownSets?: Iterable<CriteriaSet>;
  /** Bounds on one batch, each unlimited unless given (a server gives them: see @cchc/http). */
  readonly limits?: BatchLimits;
}

/** Bounds on the work of one batch: beyond them the batch is refused (`too_large`) before it is scored. */
export interface BatchLimits {
  /** The most assessments. */
  readonly maxAssessments?: number;
  /** The most criteria sets sent with the assessments. */
  readonly maxCriteriaSets?: number;
  /** The most criteria scored in all: each assessment counts the criteria of its set. */
  readonly maxScoredCriteria?: number;
}

/**
 * Parses, scores and ranks many assessments at once. Every issue of every document is reported, with
 * paths from the request's root (`assessments[2].entries["1.2.1"].score`). Units are ranked within
 * their criteria set unless `within` says otherwise.
 */
export function scoreDocuments(
  request: ScoreDocuments,
  options: ScoreDocumentsOptions = {},
): Outcome<UnitResult[]> {
  const steps = scoringSteps(request, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `scoreDocuments` one step at a time: the generator pauses after each criteria set parsed and each
 * assessment scored, and returns the same outcome at its end. A server drives it in slices of a few
 * milliseconds and lets other requests run between them, so that a large batch never blocks the others.
 */
export function* scoringSteps(
  request: ScoreDocuments,
  options: ScoreDocumentsOptions = {},
): Generator<void, Outcome<UnitResult[]>, void> {
  const issues: Issue[] = [];
  const {
    maxAssessments,
    maxCriteriaSets,
    maxScoredCriteria = Number.POSITIVE_INFINITY,
  } = options.limits ?? {};
  if (maxAssessments !== undefined && request.assessments.length > maxAssessments)
    issues.push(issue('too_large', ['assessments'], { limit: 'assessments', max: String(maxAssessments) }));
  if (maxCriteriaSets !== undefined && (request.criteriaSets?.length ?? 0) > maxCriteriaSets)
    issues.push(
      issue('too_large', ['criteriaSets'], { limit: 'criteriaSets', max: String(maxCriteriaSets) }),
    );
  if (issues.length > 0) return fail(issues);
  const sets = new SetsById(options.knownSets ?? []);
  for (const [position, document] of (request.criteriaSets ?? []).entries()) {
    const parsed = parseCriteriaSet(document, options);
    if (parsed.success) issues.push(...sets.claim(parsed.data, ['criteriaSets', position]));
    else issues.push(...prefixIssues(parsed.issues, 'criteriaSets', position));
    yield;
  }

  const results: UnitResult[] = [];
  let scoredCriteria = 0;
  for (const [position, document] of request.assessments.entries()) {
    if (position > 0) yield;
    const assessment = parseAssessment(document, options);
    if (!assessment.success) {
      issues.push(...prefixIssues(assessment.issues, 'assessments', position));
      continue;
    }
    const inline = assessment.data.criteriaSet;
    if (typeof inline !== 'string') {
      const conflicts = sets.claim(inline, ['assessments', position, 'criteriaSet']);
      if (conflicts.length > 0) {
        issues.push(...conflicts);
        continue;
      }
    }
    const set = namedSet(assessment.data, (id) => sets.get(id));
    if (!set) {
      const id = String(assessment.data.criteriaSet);
      issues.push(issue('unknown_criteria_set', ['assessments', position, 'criteriaSet'], { id }));
      continue;
    }
    scoredCriteria += set.byCode.size;
    if (scoredCriteria > maxScoredCriteria) {
      // Counted before scoring: a request that asks for too much work is refused, not done.
      return fail([
        issue('too_large', ['assessments', position], {
          limit: 'scoredCriteria',
          max: String(maxScoredCriteria),
        }),
      ]);
    }
    const scored = scoreAssessment(set, assessment.data, options);
    if (scored.success) results.push(scored.data);
    else issues.push(...prefixIssues(scored.issues, 'assessments', position));
  }
  if (issues.length > 0) return fail(issues);
  return succeed(rankResults(results, { within: 'criteriaSet', ...options }));
}

/**
 * The criteria sets of one request by id: those sent (and given inline) and those the caller holds. One id
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

  /** Registers a set found at `path`; the issues when its id already names other contents. */
  claim(set: CriteriaSet, path: DocumentPath): Issue[] {
    const claimed = this.#claimed.get(set.id);
    const held = this.#held.get(set.id);
    const other = claimed?.set ?? held;
    if (other === undefined) {
      this.#claimed.set(set.id, { set, path });
      return [];
    }
    if (other === set || canonicalJson(other.document) === canonicalJson(set.document)) {
      // The first place a request gives a set is the one a later conflict names.
      if (claimed === undefined) this.#claimed.set(set.id, { set: other, path });
      return [];
    }
    const first = claimed ? { first: formatPath(claimed.path) } : { held: 'true' };
    return [issue('conflicting_criteria_set', [...path, 'id'], { id: set.id, ...first })];
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

/** The criteria set an assessment names: its inline set, or the one `lookup` finds for its id. */
function namedSet(
  assessment: Assessment,
  lookup: (id: string) => CriteriaSet | undefined,
): CriteriaSet | undefined {
  const named = assessment.criteriaSet;
  return typeof named === 'string' ? lookup(named) : named;
}

/**
 * Checks an assessment document as scoring would, without keeping a result: its structure, and its
 * entries against the set it names (inline, or among `knownSets`). A set that is not known is an issue,
 * as it is when scoring: one answer for one document.
 */
export function checkAssessment(
  input: unknown,
  knownSets: ReadonlyMap<string, CriteriaSet>,
  options: ParseOptions = {},
): readonly Issue[] {
  const parsed = parseAssessment(input, options);
  if (!parsed.success) return parsed.issues;
  const set = namedSet(parsed.data, (id) => knownSets.get(id));
  if (!set) return [issue('unknown_criteria_set', ['criteriaSet'], { id: String(parsed.data.criteriaSet) })];
  const scored = scoreAssessment(set, parsed.data, { trace: false });
  return scored.success ? [] : scored.issues;
}

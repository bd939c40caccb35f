import { type Assessment, parseAssessment, prefixIssues } from './assessment.js';
import { type CriteriaSet, type ParseOptions, parseCriteriaSet } from './criteria-set.js';
import { type DocumentPath, fail, formatPath, type Issue, issue, type Outcome, succeed } from './issues.js';
import { type RankOptions, rankResults } from './rank.js';
import type { UnitResult } from './result.js';
import { scoreAssessment } from './score.js';

/** Documents to score together: the body of `POST /v1/score`. */
export interface ScoreDocuments {
  /** Criteria sets sent with the assessments; looked up first. */
  readonly criteriaSets?: readonly unknown[] | undefined;
  readonly assessments: readonly unknown[];
}

export interface ScoreDocumentsOptions extends ParseOptions, RankOptions {
  /** Sets the caller already holds (a server's preloaded sets), looked up after those sent. */
  readonly knownSets?: Iterable<CriteriaSet>;
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
  const issues: Issue[] = [];
  const sets = new SetsById(options.knownSets ?? []);
  (request.criteriaSets ?? []).forEach((document, position) => {
    const parsed = parseCriteriaSet(document, options);
    if (parsed.success) issues.push(...sets.claim(parsed.data, ['criteriaSets', position]));
    else issues.push(...prefixIssues(parsed.issues, 'criteriaSets', position));
  });

  const results: UnitResult[] = [];
  request.assessments.forEach((document, position) => {
    const assessment = parseAssessment(document, options);
    if (!assessment.success) {
      issues.push(...prefixIssues(assessment.issues, 'assessments', position));
      return;
    }
    const inline = assessment.data.criteriaSet;
    if (typeof inline !== 'string') {
      const conflicts = sets.claim(inline, ['assessments', position, 'criteriaSet']);
      if (conflicts.length > 0) {
        issues.push(...conflicts);
        return;
      }
    }
    const set = namedSet(assessment.data, (id) => sets.get(id));
    if (!set) {
      const id = String(assessment.data.criteriaSet);
      issues.push(issue('unknown_criteria_set', ['assessments', position, 'criteriaSet'], { id }));
      return;
    }
    const scored = scoreAssessment(set, assessment.data);
    if (scored.success) results.push(scored.data);
    else issues.push(...prefixIssues(scored.issues, 'assessments', position));
  });
  if (issues.length > 0) return fail(issues);
  return succeed(rankResults(results, { within: (result) => result.criteriaSet.id, ...options }));
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
    if (other === set || canonicalJson(other.document) === canonicalJson(set.document)) return [];
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
  const scored = scoreAssessment(set, parsed.data);
  return scored.success ? [] : scored.issues;
}

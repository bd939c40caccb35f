import { type Assessment, parseAssessment, prefixIssues } from './assessment.js';
import { type CriteriaSet, type ParseOptions, parseCriteriaSet } from './criteria-set.js';
import { fail, type Issue, issue, type Outcome, succeed } from './issues.js';
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
  const sent = new Map<string, CriteriaSet>();
  (request.criteriaSets ?? []).forEach((document, position) => {
    const parsed = parseCriteriaSet(document, options);
    if (parsed.success) sent.set(parsed.data.id, parsed.data);
    else issues.push(...prefixIssues(parsed.issues, 'criteriaSets', position));
  });
  const known = new Map<string, CriteriaSet>();
  for (const set of options.knownSets ?? []) known.set(set.id, set);

  const results: UnitResult[] = [];
  request.assessments.forEach((document, position) => {
    const assessment = parseAssessment(document, options);
    if (!assessment.success) {
      issues.push(...prefixIssues(assessment.issues, 'assessments', position));
      return;
    }
    const set = namedSet(assessment.data, (id) => sent.get(id) ?? known.get(id));
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

/** The criteria set an assessment names: its inline set, or the one `lookup` finds for its id. */
function namedSet(
  assessment: Assessment,
  lookup: (id: string) => CriteriaSet | undefined,
): CriteriaSet | undefined {
  const named = assessment.criteriaSet;
  return typeof named === 'string' ? lookup(named) : named;
}

/**
 * Checks an assessment document without scoring it for use: its structure, and its entries against the
 * set it names when that set is inline or among `knownSets`. An unknown set id is not an issue here.
 */
export function checkAssessment(
  input: unknown,
  knownSets: ReadonlyMap<string, CriteriaSet>,
  options: ParseOptions = {},
): readonly Issue[] {
  const parsed = parseAssessment(input, options);
  if (!parsed.success) return parsed.issues;
  const set = namedSet(parsed.data, (id) => knownSets.get(id));
  const scored = set ? scoreAssessment(set, parsed.data) : undefined;
  return scored && !scored.success ? scored.issues : [];
}

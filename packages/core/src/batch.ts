import { parseAssessment, prefixIssues } from './assessment.js';
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
    const named = assessment.data.criteriaSet;
    const set = typeof named === 'string' ? (sent.get(named) ?? known.get(named)) : named;
    if (!set) {
      issues.push(
        issue('unknown_criteria_set', ['assessments', position, 'criteriaSet'], { id: String(named) }),
      );
      return;
    }
    const scored = scoreAssessment(set, assessment.data);
    if (scored.success) results.push(scored.data);
    else issues.push(...prefixIssues(scored.issues, 'assessments', position));
  });
  if (issues.length > 0) return fail(issues);
  return succeed(rankResults(results, { within: (result) => result.criteriaSet.id, ...options }));
}

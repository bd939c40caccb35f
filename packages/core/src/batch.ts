import { z } from 'zod';
import { prefixIssues } from './assessment.js';
import type { CriteriaSet, ParseOptions } from './criteria-set.js';
import { fail, type Issue, issue, type Outcome, succeed } from './issues.js';
import { type RankOptions, rankResults } from './rank.js';
import type { UnitResult } from './result.js';
import { scoreAssessment } from './score.js';
import { createScorer, type ScorerOptions } from './scorer.js';

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

export interface ScoreDocumentsOptions extends ScorerOptions, RankOptions {
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
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const results = unwrap(scoreDocuments(konRay2021)); // the district and its 7 communes, ranked within each set
 * const first = results.find((result) => result.criteriaSet.id === 'kon-ray-2021-xa' && result.rank === 1);
 * assert.equal(first?.unit.name, 'UBND xã Đắk Tô Lung');
 * ```
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
    issues.push(issue('too_large', ['assessments'], { limit: 'assessments', max: maxAssessments }));
  if (maxCriteriaSets !== undefined && (request.criteriaSets?.length ?? 0) > maxCriteriaSets)
    issues.push(issue('too_large', ['criteriaSets'], { limit: 'criteriaSets', max: maxCriteriaSets }));
  if (issues.length > 0) return fail(issues);
  const scorer = createScorer(options);
  for (const [position, document] of (request.criteriaSets ?? []).entries()) {
    issues.push(...scorer.addSet(document, ['criteriaSets', position]));
    yield;
  }

  const results: UnitResult[] = [];
  let scoredCriteria = 0;
  for (const [position, document] of request.assessments.entries()) {
    if (position > 0) yield;
    const at = ['assessments', position];
    const prepared = scorer.prepare(document, { at });
    if (!prepared.success) {
      issues.push(...prefixIssues(prepared.issues, ...at));
      continue;
    }
    const { set, assessment } = prepared.data;
    scoredCriteria += set.byCode.size;
    if (scoredCriteria > maxScoredCriteria) {
      // Counted before scoring: a request that asks for too much work is refused, not done.
      return fail([
        issue('too_large', at, {
          limit: 'scoredCriteria',
          max: maxScoredCriteria,
        }),
      ]);
    }
    const scored = scoreAssessment(set, assessment, options);
    if (scored.success) results.push(scored.data);
    else issues.push(...prefixIssues(scored.issues, ...at));
  }
  if (issues.length > 0) return fail(issues);
  return succeed(rankResults(results, { within: 'criteriaSet', ...options }));
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
  const scored = createScorer({ ...options, knownSets: knownSets.values(), trace: false }).score(input);
  return scored.success ? [] : scored.issues;
}

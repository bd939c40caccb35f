/**
 * The survey against the assessments (đối chiếu): per unit and survey criterion, the points its answers give
 * beside those of the unit's self-assessment and its appraisal as they stand, so that an appraiser sees where
 * a unit scored itself otherwise than its respondents did, or where the appraisal no longer follows the survey.
 */
import { type ResultNodeJson, resultToJson, type SurveyPoints, type SurveyTally } from '@cchc/core';
import { requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import type { Caller } from './keys.js';
import type { Layer } from './schema.js';
import type { SqlClient } from './sql.js';
import type { SurveyRow, SurveyStore } from './survey-store.js';

export interface SurveyComparison {
  readonly round: string;
  /** The survey criteria, in the forms' order, with their names and maximum points in the set. */
  readonly criteria: readonly { readonly code: string; readonly name: string; readonly max: string }[];
  /** By unit id, by criterion code. */
  readonly units: Readonly<Record<string, Readonly<Record<string, SurveyPoints>>>>;
}

export interface SurveyComparisonMethods {
  /** The survey's points beside the self-assessment's and the appraisal's, per unit and criterion (admin, appraisers). */
  surveyComparison(caller: Caller, round: string): Promise<SurveyComparison>;
}

export function surveyComparisonMethods(
  context: RoundsContext,
  store: SurveyStore,
  tallied: (tx: SqlClient, row: SurveyRow) => Promise<{ tally: SurveyTally }>,
): SurveyComparisonMethods {
  const { sql, loadSet, loadRound } = context;
  return {
    async surveyComparison(caller, roundId) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const row = await store.surveyRow(tx, roundId);
        const set = await loadSet(tx, row.document.criteriaSet);
        const plan = store.planOf(set, row);
        const { tally } = await tallied(tx, row);
        const codes = [
          ...new Set(plan.groups.flatMap((group) => group.questions.map((question) => question.code))),
        ];
        /** The figures of `codes` in a scored document. */
        const pointsIn = (document: Record<string, unknown>) => {
          const nodes = new Map<string, ResultNodeJson>();
          const visit = (list: readonly ResultNodeJson[] = []) => {
            for (const node of list) {
              nodes.set(node.code, node);
              visit(node.children);
            }
          };
          visit(resultToJson(context.scored(set, document)).nodes);
          return (code: string) => {
            const node = nodes.get(code);
            return node === undefined || node.status === 'notApplicable' ? null : node.achieved;
          };
        };
        /** A stored layer's figures, or undefined when the layer is not written or no longer scores. */
        const layerPoints = async (unit: string, layers: readonly Layer[]) => {
          for (const layer of layers) {
            const stored = await context.storedRevision(tx, roundId, unit, layer);
            if (!stored) continue;
            try {
              return pointsIn(stored.document);
            } catch {
              return undefined;
            }
          }
          return undefined;
        };
        const units: Record<string, Record<string, SurveyPoints>> = {};
        for (const [unit, unitTally] of Object.entries(tally.units)) {
          if (!round.document.units.some((candidate) => candidate.id === unit)) continue;
          // The survey's entries alone, the other criteria at full marks: only the survey criteria are read.
          const survey = pointsIn(
            context.completeDocument(round, unit, 'appraised', {
              entries: unitTally.entries,
              unscored: 'full',
            }),
          );
          const self = await layerPoints(unit, ['self']);
          const appraised = await layerPoints(unit, ['appraised', 'appraised-1']);
          units[unit] = Object.fromEntries(
            codes.map((code) => [
              code,
              {
                survey: survey(code),
                ...(self ? { self: self(code) } : {}),
                ...(appraised ? { appraised: appraised(code) } : {}),
              },
            ]),
          );
        }
        return {
          round: roundId,
          criteria: codes.map((code) => {
            const criterion = set.byCode.get(code)!;
            return { code, name: criterion.name, max: criterion.max.toString() };
          }),
          units,
        };
      });
    },
  };
}

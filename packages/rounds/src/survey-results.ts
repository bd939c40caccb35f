/**
 * A round's survey closed and counted: the counts read (kept at the close, or counted from the responses
 * and tally sheets while it runs), each unit's appraisal written from them at the close, and what each
 * reader may see of them. The rest of the survey is in surveys.ts.
 */
import {
  type CriteriaSet,
  type SurveyCounts,
  type SurveyPlan,
  type SurveyResponse,
  type SurveyTally,
  tallySurvey,
} from '@cchc/core';
import { surveyCredits } from '@cchc/core/internal';
import { may, requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { layerClosure } from './layer-state.js';
import { type Layer, layerBefore } from './schema.js';
import type { SqlClient } from './sql.js';
import type { SurveyRow, SurveyStore } from './survey-store.js';
import type { Rounds } from './types.js';

/** Per unit, what the survey's answers say: core's tally, for the admin, appraisers, and the unit after publication. */
export interface SurveyResults {
  readonly round: string;
  readonly criteriaSet: string;
  readonly minimumRespondents: number;
  /** The survey's name. */
  readonly title: string;
  /** The respondent groups, by id, with their names. */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** The survey criteria its forms ask about, in the forms' order, with their names in the set. */
  readonly criteria: readonly { readonly code: string; readonly name: string }[];
  readonly units: SurveyTally['units'];
}

/** A survey closed: its counts, and the units whose appraisal took them and those that could not yet. */
export interface ClosedSurvey extends SurveyResults {
  readonly written: readonly string[];
  /** Each with why (in Vietnamese): an appraisal locked, or a unit with nothing to start from yet. */
  readonly notWritten: readonly { readonly unit: string; readonly code: string; readonly reason: string }[];
}

export interface SurveyResultMethods {
  /**
   * Closes the survey (admin) if still open, counts it and writes each unit's survey criteria into its
   * appraisal (a new revision by the caller, the other entries as they were; an appraisal not begun starts
   * from the layer before it). A unit whose appraisal cannot take them yet (locked, or no assessment to
   * start from) is said in `notWritten`; closing again writes it then, the others unchanged.
   */
  closeSurvey(caller: Caller, round: string): Promise<ClosedSurvey>;
  /**
   * The counts per unit and criterion (admin, appraisers); a unit reads its own, after publication, with
   * the groups fewer than the minimum counted left out.
   */
  surveyResults(caller: Caller, round: string): Promise<SurveyResults>;
}

/** Reads a survey's counts (`tallied`) and what every reader of them needs with them (`results`). */
export function surveyCounting(context: RoundsContext, store: SurveyStore) {
  const { loadSet } = context;
  const { planOf } = store;

  async function tallied(
    tx: SqlClient,
    row: SurveyRow,
  ): Promise<{ set: CriteriaSet; plan: SurveyPlan; tally: SurveyTally }> {
    const set = await loadSet(tx, row.document.criteriaSet);
    const plan = planOf(set, row);
    // Closed, the counts no longer change: those kept at the close are read.
    if (row.closed_at !== null) {
      const [kept] = await tx.query<{ tally: SurveyTally | null }>(
        'select tally from cchc_surveys where round_id = $1',
        [row.round_id],
      );
      if (kept?.tally) return { set, plan, tally: inPlanOrder(kept.tally, plan, set) };
    }
    const responses = await tx.query<{ group_id: string; answers: SurveyResponse['answers'] }>(
      'select group_id, answers from cchc_survey_responses where round_id = $1',
      [row.round_id],
    );
    const sheets = await tx.query<{
      group_id: string;
      unit_id: string;
      respondents: number;
      answers: SurveyCounts['answers'];
    }>('select group_id, unit_id, respondents, answers from cchc_survey_counts where round_id = $1', [
      row.round_id,
    ]);
    const counted = tallySurvey(
      set,
      plan,
      responses.map((response) => ({ group: response.group_id, answers: response.answers })),
      sheets.map((sheet) => ({
        group: sheet.group_id,
        unit: sheet.unit_id,
        respondents: sheet.respondents,
        answers: sheet.answers,
      })),
    );
    // Every response and tally sheet was checked against the frozen plan when stored.
    if (!counted.success) throw new Error(`the stored responses of '${row.round_id}' no longer count`);
    return { set, plan, tally: counted.data };
  }

  /** What every reader of the counts needs with them, the criteria's names read from the set here once. */
  const results = (
    row: SurveyRow,
    set: CriteriaSet,
    plan: SurveyPlan,
    tally: SurveyTally,
  ): SurveyResults => ({
    round: row.round_id,
    criteriaSet: row.document.criteriaSet,
    title: row.document.title,
    minimumRespondents: plan.minimumRespondents,
    groups: plan.groups.map((group) => ({ id: group.id, name: group.name })),
    criteria: [
      ...new Set(plan.groups.flatMap((group) => group.questions.map((question) => question.code))),
    ].map((code) => ({ code, name: set.byCode.get(code)!.name })),
    units: tally.units,
  });

  return { tallied, results };
}

/** What a survey's counts give its readers, and its appraisals at the close. */
export type SurveyCounting = ReturnType<typeof surveyCounting>;

export function surveyResultMethods(
  context: RoundsContext,
  store: SurveyStore,
  counting: SurveyCounting,
  editLayer: Rounds['editLayer'],
): SurveyResultMethods {
  const { sql, now, stamp, loadRound } = context;
  const { surveyRow } = store;
  const { tallied, results } = counting;

  return {
    async closeSurvey(caller, roundId) {
      requireMay(caller, 'manage');
      const { row, set, plan, tally, units } = await sql.transaction(async (tx) => {
        const round = context.requireUnpublished(await loadRound(tx, roundId, caller));
        let row = await surveyRow(tx, roundId, 'update');
        if (row.closed_at === null) {
          await tx.query('update cchc_surveys set closed_at = $2 where round_id = $1', [roundId, stamp()]);
          row = await surveyRow(tx, roundId);
        }
        const counted = await tallied(tx, row);
        await tx.query('update cchc_surveys set tally = $2 where round_id = $1', [
          roundId,
          JSON.stringify(counted.tally),
        ]);
        return { row, ...counted, units: round.document.units };
      });
      // Each unit's appraisal is written as any write is: its own transaction, checks and revision.
      const written: string[] = [];
      const notWritten: { unit: string; code: string; reason: string }[] = [];
      for (const [unit, unitTally] of Object.entries(tally.units)) {
        if (!units.some((candidate) => candidate.id === unit)) continue;
        try {
          const { layer, before } = await appraisalLayerOpen(roundId, unit, caller);
          await editLayer(caller, roundId, unit, layer, ({ document }) => {
            // An appraisal not yet begun starts from the layer before it (its own layer named by the round).
            const { layer: _before, ...base } = document ?? before ?? {};
            return {
              ...base,
              entries: { ...((base['entries'] as object | undefined) ?? {}), ...unitTally.entries },
            };
          });
          written.push(unit);
        } catch (error) {
          if (!(error instanceof RoundsError)) throw error;
          notWritten.push({ unit, code: error.code, reason: error.vi });
        }
      }
      if (notWritten.length === 0)
        await sql.query('update cchc_surveys set applied_at = $2 where round_id = $1', [roundId, stamp()]);
      return { ...results(row, set, plan, tally), written, notWritten };
    },

    async surveyResults(caller, roundId) {
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        const { set, plan, tally } = await tallied(tx, row);
        if (may(caller, 'enter-survey')) return results(row, set, plan, tally);
        const { role } = caller;
        // A unit reads its own figures once published; a group with fewer than the minimum counted
        // is left out, so that a few respondents' answers are not told apart.
        if (role.kind !== 'unit' || !round.published) throw new RoundsError('survey-hidden', {});
        const own = tally.units[role.unit];
        const minimum = plan.minimumRespondents;
        const units = own
          ? {
              [role.unit]: {
                ...own,
                respondents: Object.fromEntries(
                  Object.entries(own.respondents).filter(([, count]) => count >= minimum),
                ),
                criteria: Object.fromEntries(
                  Object.entries(own.criteria).map(([code, criterion]) => [
                    code,
                    {
                      ...criterion,
                      groups: Object.fromEntries(
                        Object.entries(criterion.groups).filter(([, count]) => count.answered >= minimum),
                      ),
                    },
                  ]),
                ),
              },
            }
          : {};
        return results(row, set, plan, { units });
      });
    },
  };

  /**
   * The appraisal layer a survey writes now (the final one, or with two passes the first while it is
   * open), and the document of the layer before it, where an appraisal not yet begun starts.
   */
  async function appraisalLayerOpen(
    roundId: string,
    unit: string,
    caller: Caller,
  ): Promise<{ layer: Layer; before: Record<string, unknown> | undefined }> {
    return sql.transaction(async (tx) => {
      const round = await context.loadRoundForUnit(tx, roundId, unit, caller);
      const facts = await context.unitPhase(tx, round, unit);
      const refusal = layerClosure({ ...round, ...facts }, unit, 'appraised', caller, now());
      const layer: Layer | undefined = !refusal
        ? 'appraised'
        : !layerClosure({ ...round, ...facts }, unit, 'appraised-1', caller, now())
          ? 'appraised-1'
          : undefined;
      if (layer === undefined) throw refusal;
      const before = await context.storedRevision(tx, roundId, unit, layerBefore(round.document, layer));
      return { layer, before: before?.document };
    });
  }
}

/**
 * Counts kept as jsonb come back with their keys in jsonb's order (shorter keys first): put back in the
 * plan's (units as the groups list them, criteria as the forms ask them) and the set's (options).
 */
function inPlanOrder(tally: SurveyTally, plan: SurveyPlan, set: CriteriaSet): SurveyTally {
  const ordered = <T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> =>
    Object.fromEntries(keys.filter((key) => Object.hasOwn(record, key)).map((key) => [key, record[key]!]));
  const units = [...new Set(plan.groups.flatMap((group) => group.units))];
  const codes = [
    ...new Set(plan.groups.flatMap((group) => group.questions.map((question) => question.code))),
  ];
  const groups = plan.groups.map((group) => group.id);
  const optionsOf = (code: string) => Object.keys(surveyCredits(set.byCode.get(code)!.rule!.params));
  return {
    units: Object.fromEntries(
      units
        .filter((unit) => Object.hasOwn(tally.units, unit))
        .map((unit) => {
          const unitTally = tally.units[unit]!;
          return [
            unit,
            {
              entries: ordered(unitTally.entries, codes),
              respondents: ordered(unitTally.respondents, groups),
              criteria: Object.fromEntries(
                codes
                  .filter((code) => Object.hasOwn(unitTally.criteria, code))
                  .map((code) => {
                    const criterion = unitTally.criteria[code]!;
                    const options = optionsOf(code);
                    return [
                      code,
                      {
                        ...criterion,
                        options: ordered(criterion.options, options),
                        groups: Object.fromEntries(
                          groups
                            .filter((group) => Object.hasOwn(criterion.groups, group))
                            .map((group) => [
                              group,
                              {
                                ...criterion.groups[group]!,
                                options: ordered(criterion.groups[group]!.options, options),
                              },
                            ]),
                        ),
                      },
                    ];
                  }),
              ),
            },
          ];
        }),
    ),
  };
}

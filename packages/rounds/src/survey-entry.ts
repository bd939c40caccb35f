/**
 * Responses typed by the survey's entry officers (an appraiser's account, or the admin): paper forms one by
 * one by their serial number, optionally typed twice and compared, and many at once from a file (an Excel
 * workbook read by the caller), all or none.
 */
import { type Issue, type SurveyResponse, surveyCountsIssues } from '@cchc/core';
import { fromZodIssues, issue } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import type { SqlClient } from './sql.js';
import { SURVEY_LINK_LIMITS, type SurveyForm, type SurveyStore } from './survey-store.js';

/** What typing a paper form did: stored as a response, or kept as the first of two typings. */
export interface PaperEntry {
  readonly serial: number;
  readonly state: 'stored' | 'first';
}

/** One place where two typings of a paper form differ. */
export interface PaperDifference {
  readonly unit: string;
  readonly code: string;
  readonly first: string | null;
  readonly second: string | null;
}

export interface SurveyEntryMethods {
  /** Every group's form, in the plan's order, for typing forms or laying them out in a workbook (admin, appraisers). */
  surveyForms(caller: Caller, round: string): Promise<readonly SurveyForm[]>;
  /** The form of the group a paper form's serial number belongs to, for typing it (admin, appraisers). */
  surveyPaperForm(caller: Caller, round: string, serial: number): Promise<SurveyForm>;
  /**
   * Types a paper form by its serial number (admin, appraisers): stored once per serial. With `doubleEntry`
   * in the plan, the first typing is kept aside (`first`) and the second compared with it: the same, the
   * response is stored; otherwise refused (`survey-entries-differ`, its details list each difference), until
   * one typing is confirmed with `settle` after the differences were looked at.
   */
  enterSurveyPaper(
    caller: Caller,
    round: string,
    serial: number,
    answers: unknown,
    options?: { readonly settle?: boolean },
  ): Promise<PaperEntry>;
  /**
   * Stores many typed forms at once (admin, appraisers): `{ responses: [{ group, serial?, answers }] }`, at
   * most 5,000 a request; a form with a serial is that paper form, which it marks entered. All or none:
   * every error is said at its path (`responses.3.answers.xa-a.9.1`), and nothing is stored.
   */
  importSurveyResponses(caller: Caller, round: string, body: unknown): Promise<{ readonly stored: number }>;
  /**
   * Stores answers counted elsewhere (admin, appraisers): `{ counts: [{ group, unit, respondents, answers: {
   * code: { option: count } } }] }`, a tally sheet per group and unit rated (one for the same group and unit
   * replaces the one before), counted with the forms when the survey is. All or none, every error at its
   * path (`counts.2.answers.9.1`: more chosen than respondents).
   */
  importSurveyCounts(caller: Caller, round: string, body: unknown): Promise<{ readonly stored: number }>;
}

const importSchema = z.strictObject({
  responses: z
    .array(
      z.strictObject({
        group: z.string().min(1).max(200),
        serial: z.int().positive().optional(),
        answers: z.unknown(),
      }),
    )
    .min(1)
    .max(SURVEY_LINK_LIMITS.perRequest),
});

const countsSchema = z.strictObject({
  counts: z
    .array(
      z.strictObject({
        group: z.string().min(1).max(200),
        unit: z.string().min(1).max(200),
        respondents: z.number(),
        answers: z.record(z.string().min(1).max(50), z.record(z.string().min(1).max(200), z.number())),
      }),
    )
    .min(1)
    .max(SURVEY_LINK_LIMITS.perRequest),
});

/** The most errors an import answers: enough to mend a file, not a copy of it. */
const MAX_IMPORT_ISSUES = 100;

export function surveyEntryMethods(context: RoundsContext, store: SurveyStore): SurveyEntryMethods {
  const { sql, stamp, loadSet, loadRound } = context;
  const {
    surveyRow,
    planOf,
    requireOpenSurvey,
    answersChecker,
    checkedAnswers,
    storeResponse,
    storeResponses,
    formOf,
  } = store;

  /** A paper form by its serial, locked: refused when unknown or entered already. */
  async function paperForm(tx: SqlClient, round: string, serial: number) {
    const [form] = await tx.query<{
      token_sha256: string;
      group_id: string;
      used_at: string | null;
      draft: SurveyResponse['answers'] | null;
      entered_by: string | null;
    }>(
      `select token_sha256, group_id, used_at, draft, entered_by from cchc_survey_links
        where round_id = $1 and serial = $2 for update`,
      [round, serial],
    );
    if (!form) throw new RoundsError('survey-serial-unknown', { serial });
    if (form.used_at !== null) throw new RoundsError('survey-serial-used', { serial });
    return form;
  }

  const markEntered = (tx: SqlClient, tokenSha256: string) =>
    tx.query('update cchc_survey_links set used_at = $2, draft = null where token_sha256 = $1', [
      tokenSha256,
      stamp(),
    ]);

  return {
    async surveyForms(caller, roundId) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        const plan = planOf(await loadSet(tx, row.document.criteriaSet), row);
        const forms: SurveyForm[] = [];
        for (const group of plan.groups) forms.push(await formOf(tx, row, group.id));
        return forms;
      });
    },

    async surveyPaperForm(caller, roundId, serial) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        requireOpenSurvey(row);
        const form = await paperForm(tx, roundId, serial);
        return formOf(tx, row, form.group_id);
      });
    },

    async enterSurveyPaper(caller, roundId, serial, answers, options = {}) {
      requireMay(caller, 'enter-survey');
      return sql.transaction(async (tx): Promise<PaperEntry> => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId);
        requireOpenSurvey(row);
        const form = await paperForm(tx, roundId, serial);
        const response = await checkedAnswers(tx, row, form.group_id, answers);
        if (row.document.doubleEntry && !options.settle) {
          if (form.draft === null) {
            await tx.query(
              'update cchc_survey_links set draft = $2, entered_by = $3 where token_sha256 = $1',
              [form.token_sha256, JSON.stringify(response.answers), caller.name],
            );
            return { serial, state: 'first' };
          }
          const differences = paperDifferences(form.draft, response.answers);
          if (differences.length > 0)
            throw new RoundsError(
              'survey-entries-differ',
              { serial, count: differences.length },
              { details: { differences, firstBy: form.entered_by } },
            );
        }
        await markEntered(tx, form.token_sha256);
        await storeResponse(tx, row, response, 'paper', { serial, key: caller.name });
        return { serial, state: 'stored' };
      });
    },

    async importSurveyCounts(caller, roundId, body) {
      requireMay(caller, 'enter-survey');
      const parsed = countsSchema.safeParse(body);
      if (!parsed.success) {
        const issues = fromZodIssues(parsed.error.issues);
        throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
      }
      const { counts } = parsed.data;
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        requireOpenSurvey(row);
        const set = await loadSet(tx, row.document.criteriaSet);
        const plan = planOf(set, row);
        const issues: Issue[] = [];
        const seen = new Map<string, number>();
        for (const [at, sheet] of counts.entries()) {
          issues.push(...surveyCountsIssues(set, plan, sheet, ['counts', at]));
          const key = `${sheet.group}\u0000${sheet.unit}`;
          const first = seen.get(key);
          if (first !== undefined)
            issues.push(
              issue('invalid_value', ['counts', at, 'unit'], {
                detail: `the counts of group '${sheet.group}' for unit '${sheet.unit}' are also at counts.${first}`,
              }),
            );
          else seen.set(key, at);
          if (issues.length >= MAX_IMPORT_ISSUES) break;
        }
        if (issues.length > 0)
          throw new RoundsError(
            'survey-answers-invalid',
            { count: issues.length },
            { issues: issues.slice(0, MAX_IMPORT_ISSUES) },
          );
        const at = stamp();
        for (const sheet of counts)
          await tx.query(
            `insert into cchc_survey_counts (round_id, group_id, unit_id, respondents, answers, key_name, at)
               values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (round_id, group_id, unit_id) do update
               set respondents = excluded.respondents, answers = excluded.answers,
                   key_name = excluded.key_name, at = excluded.at`,
            [
              roundId,
              sheet.group,
              sheet.unit,
              sheet.respondents,
              JSON.stringify(sheet.answers),
              caller.name,
              at,
            ],
          );
        return { stored: counts.length };
      });
    },

    async importSurveyResponses(caller, roundId, body) {
      requireMay(caller, 'enter-survey');
      const parsed = importSchema.safeParse(body);
      if (!parsed.success) {
        const issues = fromZodIssues(parsed.error.issues);
        throw new RoundsError('survey-answers-invalid', { count: issues.length }, { issues });
      }
      const { responses } = parsed.data;
      return sql.transaction(async (tx) => {
        await loadRound(tx, roundId, caller);
        const row = await surveyRow(tx, roundId, 'update');
        requireOpenSurvey(row);
        const check = await answersChecker(tx, row);
        // The paper forms the file names, read (and locked) at once.
        const named = [
          ...new Set(responses.flatMap((typed) => (typed.serial === undefined ? [] : [typed.serial]))),
        ];
        const forms = new Map(
          (
            await tx.query<{
              serial: number;
              group_id: string;
              used_at: string | null;
              token_sha256: string;
            }>(
              `select serial, group_id, used_at, token_sha256 from cchc_survey_links
                where round_id = $1 and serial = any($2::int[]) for update`,
              [roundId, named],
            )
          ).map((form) => [form.serial, form]),
        );
        const issues: Issue[] = [];
        const checked: { response: SurveyResponse; serial?: number; key: string }[] = [];
        const entered: string[] = [];
        const serials = new Set<number>();
        for (const [at, typed] of responses.entries()) {
          if (issues.length >= MAX_IMPORT_ISSUES) break;
          const path = ['responses', at];
          try {
            const response = check(typed.group, typed.answers, path);
            if (typed.serial === undefined) {
              checked.push({ response, key: caller.name });
              continue;
            }
            const form = forms.get(typed.serial);
            const problem = serials.has(typed.serial)
              ? `paper form ${typed.serial} is in the file twice`
              : !form
                ? `no paper form has the serial number ${typed.serial}`
                : form.used_at !== null
                  ? `paper form ${typed.serial} has been entered already`
                  : form.group_id !== typed.group
                    ? `paper form ${typed.serial} is a form of group '${form.group_id}'`
                    : undefined;
            if (problem) issues.push(issue('invalid_value', [...path, 'serial'], { detail: problem }));
            else {
              serials.add(typed.serial);
              entered.push(form!.token_sha256);
              checked.push({ response, serial: typed.serial, key: caller.name });
            }
          } catch (error) {
            if (!(error instanceof RoundsError)) throw error;
            issues.push(...error.issues);
          }
        }
        if (issues.length > 0)
          throw new RoundsError(
            'survey-answers-invalid',
            { count: issues.length },
            { issues: issues.slice(0, MAX_IMPORT_ISSUES) },
          );
        if (entered.length > 0)
          await tx.query(
            'update cchc_survey_links set used_at = $2, draft = null where token_sha256 = any($1)',
            [entered, stamp()],
          );
        await storeResponses(tx, row, 'import', checked);
        return { stored: checked.length };
      });
    },
  };
}

/** Where two typings of a paper form differ: each unit and question answered otherwise (a blank as null). */
export function paperDifferences(
  first: SurveyResponse['answers'],
  second: SurveyResponse['answers'],
): PaperDifference[] {
  const differences: PaperDifference[] = [];
  for (const unit of new Set([...Object.keys(first), ...Object.keys(second)]))
    for (const code of new Set([...Object.keys(first[unit] ?? {}), ...Object.keys(second[unit] ?? {})])) {
      const [one, two] = [first[unit]?.[code] ?? null, second[unit]?.[code] ?? null];
      if (one !== two) differences.push({ unit, code, first: one, second: two });
    }
  return differences;
}

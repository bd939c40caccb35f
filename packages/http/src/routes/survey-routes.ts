import type { RoundRouteDeclaration } from './round-routes.js';

/**
 * The routes of a round's survey (rounds.md), declared once as the other round routes are (round-routes.ts
 * lists them last): the planning, links and paper forms, the respondent list, imports, the close and the
 * counts for the admin and appraisers, and the respondent's own routes, answered without a key.
 */
export const SURVEY_ROUTES = [
  {
    method: 'put',
    path: '/v1/rounds/{round}/survey',
    who: 'admin',
    summary:
      "Plan the round's survey: { criteriaSet, title, closes, groups: [{ id, name, units, questions: [{ code, text }], quota? }], minimumRespondents?, pooling?, doubleEntry?, anonymity? } (questions tied to the set's survey criteria). Each change of the forms is a new version, all kept; once a link or paper form is issued, only closes may change (409).",
    body: 'Survey',
    statuses: [403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey',
    who: 'admin, appraiser',
    summary:
      "The round's survey: its plan, whether it takes answers, and per group the links and paper forms issued and used and the responses stored",
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/links',
    who: 'admin',
    summary:
      'Issue { group, count, paper? } one-time links (count ≤ 5,000 a request, 200,000 a survey): 201 with each token once (a paper form also with its serial number); kept as hashes',
    body: 'SurveyLinks',
    statuses: [201, 403, 404, 409, 413, 422],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/survey/paper/{serial}',
    who: 'admin, appraiser (the entry officer)',
    summary:
      'Type a paper form by its serial number: { unit: { code: option | null } }; stored once per serial (409 the second time). With doubleEntry in the plan, the first typing is kept (202) and the second compared with it: the same, stored (201); otherwise 409 with each difference in details.differences, until one typing is confirmed with ?settle=true',
    body: 'SurveyAnswers',
    statuses: [201, 202, 403, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/versions',
    who: 'admin, appraiser',
    summary: "The plan's versions, oldest first: { version, document, key, at } each",
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/respondents',
    who: 'admin',
    summary:
      'Add people to the respondent list: { respondents: [{ group, name, email?, organisation? }] } (≤ 5,000 a request, 200,000 a survey; an e-mail address once)',
    body: 'SurveyRespondents',
    statuses: [201, 403, 404, 413, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/respondents',
    who: 'admin',
    summary:
      'The respondent list (?group=&offset=&limit= ≤ 1,000): each person, whether their link was sent and used, and how many stand where; never what they answered',
    statuses: [403, 404],
  },
  {
    method: 'delete',
    path: '/v1/rounds/{round}/survey/respondents/{id}',
    who: 'admin',
    summary: 'Take someone off the respondent list, until they were sent a link (409 after)',
    statuses: [204, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/invitations',
    who: 'admin',
    summary:
      'Issue a link to each listed person not invited yet (?group=; ≤ 5,000 a call, remaining says how many wait): e-mailed through the outbox to those with an address, answered once for the others to be handed out',
    statuses: [201, 403, 404, 409, 413],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/reminders',
    who: 'admin',
    summary:
      "Remind by e-mail each invited person whose link is unused: the link is issued again under a new token (the earlier message's no longer opens it), the answers saved through it kept",
    statuses: [201, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/responses',
    who: 'admin',
    summary:
      "The stored responses (?group=&offset=&limit= ≤ 500), by day: each one's answers, and who answered only where the group's form is not anonymous or is signed",
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/import',
    who: 'admin, appraiser (the entry officer)',
    summary:
      'Store many typed forms at once: { responses: [{ group, serial?, answers }] } (≤ 5,000), or the survey forms workbook (Content-Type of an .xlsx); all or none, each error at its path or cell',
    body: 'SurveyImport',
    statuses: [201, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/counts',
    who: 'admin, appraiser (the entry officer)',
    summary:
      'Store answers counted elsewhere: { counts: [{ group, unit, respondents, answers: { code: { option: count } } }] } (a sheet per group and unit replaces the one before), or the tally sheets workbook (Content-Type of an .xlsx); all or none, each error at its path or cell',
    body: 'SurveyCounts',
    statuses: [201, 403, 404, 409, 413, 415, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/counts.xlsx',
    who: 'admin, appraiser (the entry officer)',
    summary:
      'A workbook of tally sheets, a sheet per group: a row per unit rated, the respondents, a column per question and option; sent back to …/survey/counts',
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/forms.xlsx',
    who: 'admin, appraiser (the entry officer)',
    summary:
      'A workbook to type survey forms in, a sheet per group: a row per form and unit rated, a column per question, each answer chosen from its options; sent back to …/survey/import',
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/survey/close',
    who: 'admin',
    summary:
      "Close the survey, count it and write each unit's survey criteria into its appraisal (a new revision; a criterion with fewer than the minimum counted becomes not applicable): answers the counts",
    statuses: [403, 404, 409, 423],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/results',
    who: 'admin, appraiser; a unit its own after publication',
    summary:
      "Per unit and criterion: each option's count, the respondents counted, the blanks, per group (a unit's view leaves out groups under the minimum)",
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/comparison',
    who: 'admin, appraiser',
    summary:
      "Per unit and survey criterion, the points the survey's counts give beside the unit's self-assessment and its appraisal as they stand (null: not applicable there)",
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/results.xlsx',
    who: 'admin, appraiser; a unit its own after publication',
    summary:
      'The same counts as an Excel workbook: "Tổng hợp phiếu" (per unit and criterion) and "Theo nhóm" (per group)',
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/survey/report',
    who: 'admin, appraiser',
    summary:
      "The survey's results as a report (?format=docx|md|html|txt): who answered, then each survey criterion's answers per unit and whether it was scored",
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/survey/{token}',
    who: 'anyone with the link',
    summary:
      'The form a survey link opens: its group, the units to rate, the questions and their options, and the answers saved through it',
    statuses: [404, 409],
    public: true,
  },
  {
    method: 'put',
    path: '/v1/survey/{token}/draft',
    who: 'anyone with the link',
    summary: 'Save answers through a link without sending them: { unit: { code: option | null } }',
    body: 'SurveyAnswers',
    statuses: [204, 404, 409, 422],
    public: true,
  },
  {
    method: 'put',
    path: '/v1/survey/{token}/signature',
    who: 'anyone with the link',
    summary:
      'Sign a signed form: { name, position }, kept with the answers when they are sent (422 on a form that takes no name)',
    body: 'SurveySignature',
    statuses: [204, 404, 409, 422],
    public: true,
  },
  {
    method: 'post',
    path: '/v1/survey/{token}',
    who: 'anyone with the link',
    summary:
      "Send a link's answers: { unit: { code: option | null } }; each link sends once (409 the second time, or once the survey is closed); a signed form once signed (422)",
    body: 'SurveyAnswers',
    statuses: [201, 404, 409, 422],
    public: true,
  },
] as const satisfies readonly RoundRouteDeclaration[];

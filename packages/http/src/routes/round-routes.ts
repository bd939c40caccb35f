import type { RouteKeyOf } from './declaration.js';
import { SURVEY_ROUTES } from './survey-routes.js';

/**
 * The routes of the stored rounds (rounds.md), declared once: the app mounts each with its handler, and
 * the OpenAPI document describes each from here. `who` is the role rounds.md names. Order matters: a
 * route whose last segment is a word (`…/history`, `…/explanations`) comes before `…/{layer}`, which the
 * router would otherwise match first. The survey's routes come last, declared in survey-routes.ts.
 */
export const ROUND_ROUTES = [
  {
    method: 'put',
    path: '/v1/criteria-sets/{id}',
    who: 'admin',
    summary: 'Store a criteria set (201 new, 200 same content; 409 if a round uses it)',
    body: 'CriteriaSet',
    statuses: [201, 409, 422],
  },
  { method: 'get', path: '/v1/rounds', who: 'any key', summary: 'The rounds this key may see', statuses: [] },
  {
    method: 'put',
    path: '/v1/rounds/{round}',
    who: 'admin',
    summary: 'Create or change a round: title, period, authority, units, deadlines',
    body: 'Round',
    statuses: [201, 422, 423],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}',
    who: 'any key',
    summary: 'The round and, per unit, the state of each layer, submissions, pending explanations, locks',
    statuses: [404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/history',
    who: 'admin, appraiser, that unit',
    summary: 'Every revision of every layer of a unit, with its key, time and changed entries',
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/explanations',
    who: 'admin, appraiser, that unit',
    summary: "A unit's explanations: each criterion's request and answer, with who wrote them and when",
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/sheet.xlsx',
    who: 'admin, appraiser, that unit',
    summary:
      "The unit's score sheet as an Excel workbook (?layer=self|appraised, self by default), filled in with the layer's latest revision; PUT the filled sheet back to the layer with the .xlsx media type",
    statuses: [403, 404],
  },
  {
    method: 'put',
    path: '/v1/files/{hash}',
    who: 'admin',
    summary:
      "A file's bytes into this store, outside any unit's library (`?name=` its name, judged as an upload is): how a round's evidence reaches a store before the round's export is imported there, which refuses the round when a file it lists is missing",
    statuses: [200, 403, 413, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/files',
    who: 'admin, appraiser, that unit',
    summary:
      "The unit's evidence files in the round (its library): SHA-256, name, size, media type, who uploaded it and when, and for which layer",
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/units/{unit}/files',
    who: "admin, that unit; an appraiser (the appraisal's own evidence)",
    summary:
      "Upload an evidence file into the unit's library: the body is the file's bytes, `?name=` its name. Judged by its bytes (PDF, DOC/DOCX, XLS/XLSX, JPEG, PNG; the name's extension must agree). Answers its SHA-256, by which entries name it (`files`): 201 new, 200 the same bytes again.",
    statuses: [200, 201, 403, 404, 409, 413, 422],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/units/{unit}/files/{hash}',
    who: "admin, that unit; an appraiser (the appraisal's own evidence)",
    summary:
      'Upload an evidence file whose SHA-256 the client knows: refused (422) unless the bytes are those; otherwise as the POST',
    statuses: [200, 201, 403, 404, 409, 413, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/files/{hash}',
    who: 'admin, appraiser, that unit',
    summary:
      "An evidence file's bytes, always as an attachment with its name (also one taken out of the library, when a revision named it)",
    statuses: [403, 404],
  },
  {
    method: 'delete',
    path: '/v1/rounds/{round}/units/{unit}/files/{hash}',
    who: 'admin, that unit; an appraiser (its own)',
    summary:
      "Take a file out of the unit's library (its bytes stay for the revisions that named it); 409 while an item of the current layers names it",
    statuses: [403, 404, 409],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/units/{unit}/remediation/{code}',
    who: 'that unit; an agency the results name for the item',
    summary:
      'After publication: the plan for one lost item, and later what was done: { action, status: planned | in-progress | done, due?, evidence?: [...] }. A plan after the deadline is kept and marked late. If-Match: "<revision>".',
    body: 'RemediationPlan',
    statuses: [403, 404, 409, 412, 422],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/units/{unit}/{layer}',
    who: 'self: that unit; appraised-1, appraised (appraised-2): an appraiser',
    summary:
      'Write a layer: self, or appraised (the last pass; appraised-2 in a round of two passes, whose first is appraised-1). A write outside its phase is 423, naming the phase open. Body: an assessment document, or the unit\'s score sheet filled in, as application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; the round fills in its set, unit, period and layer). If-Match: "<revision>". Answers the scored result with its ETag.',
    body: 'Assessment',
    statuses: [403, 404, 412, 422, 423],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/units/{unit}/{layer}',
    who: 'admin, appraiser, that unit',
    summary: 'The latest revision of a layer (?revision=N for an older one), with its ETag',
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/units/{unit}/explanations/submit',
    who: 'that unit',
    summary:
      "Close (chốt) the unit's explanations: no answer after it; in a round of two passes its second appraisal opens. Closing again changes nothing.",
    statuses: [403, 404, 423],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/units/{unit}/explanations/reopen',
    who: 'admin',
    summary:
      "Open a unit's closed explanations again: { reason }, kept with who and when for the unit to read",
    statuses: [403, 404, 422, 423],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/units/{unit}/explanations/{code}',
    who: 'that unit ({ text, evidence? }); an appraiser ({ request })',
    summary: 'Explain a criterion, or ask for an explanation',
    body: 'Explanation',
    statuses: [403, 404, 422, 423],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/units/{unit}/self/submit',
    who: 'that unit',
    summary: 'Submit (chốt) the self-assessment: closed to the unit until an admin reopens it',
    statuses: [403, 404, 409, 423],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/units/{unit}/self/reopen',
    who: 'admin',
    summary:
      'Reopen a submitted self-assessment; an optional body { reason } is kept with who and when, for the unit to read (GET …/events)',
    statuses: [403, 404, 422],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/deadlines/{deadline}',
    who: 'admin',
    summary:
      'Move one deadline (self, appraisal1, explanation, appraisal or appraisal2, remediation): { to, reason }, the reason kept with who and when; a round of two passes keeps its phases in order; after publication the remediation deadline alone',
    statuses: [403, 404, 422, 423],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/events',
    who: 'admin; a unit, why it was reopened',
    summary:
      "The round's changes, oldest first: each deadline moved (from, to) and each unit reopened, with who, when and why",
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/lock',
    who: 'admin',
    summary:
      'Close a layer for every unit: { "layer": "self" | "appraised-1" | "appraised" }; locking appraised-1 ends the first pass and opens the explanations',
    body: 'LayerBody',
    statuses: [403, 404, 422],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/unlock',
    who: 'admin',
    summary: 'Reopen a layer closed by lock',
    body: 'LayerBody',
    statuses: [403, 404, 422],
  },
  {
    method: 'post',
    path: '/v1/rounds/{round}/publish',
    who: 'admin',
    summary:
      'Publish: the appraised results, ranked, and the report input are frozen. 409 lists the units not appraised.',
    statuses: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/results',
    who: 'any key',
    summary:
      'The results, ranked within each criteria set, with the self-assessed figures beside (?layer=self for the self layer)',
    statuses: [404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/report',
    who: 'any key',
    summary:
      'The report of the round (?format=md|txt|html|docx), from the report input given at publication; ?format=xlsx: the results as an Excel workbook',
    statuses: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/tasks',
    who: 'any key',
    summary:
      'The remediation tasks; until the admin writes any, drafts made from the published results (one per area with lost points, led by the agencies the results name): { tasks, drafts }',
    statuses: [404, 409],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/tasks/{task}',
    who: 'admin',
    summary:
      'After publication: a task of section III: { area, heading?, text, lead: [agency names], leadText?, units?: [unit ids], deadline }. If-Match: "<revision>".',
    body: 'RemediationTask',
    statuses: [201, 403, 404, 409, 412, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/tasks/{task}',
    who: 'any key',
    summary: 'A task as last written, with its revision, key and time',
    statuses: [404, 409],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/tasks/{task}/reports/{agency}',
    who: 'the agency (agency:<name>) that leads the task',
    summary:
      'A lead agency reports on a task: { status: planned | in-progress | done, note?, evidence?: [...] }. If-Match: "<revision>".',
    body: 'TaskReport',
    statuses: [403, 404, 409, 412, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/remediation/report',
    who: 'any key',
    summary:
      'The follow-up report (?format=md|txt|html|docx): where the plans stand, what the leads reported, and who was late or did not act',
    statuses: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/remediation',
    who: 'any key',
    summary:
      "The follow-up now: per unit and per agency, each lost item's plan (on-time, late, missing, pending) and each task (done, overdue, open). ?late=true keeps only the late and the missing.",
    statuses: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/assignments',
    who: 'admin, appraisers',
    summary:
      "Who appraises what in the round: each appraiser's login and name, the units (none: all) and criteria (none: all) assigned",
    statuses: [403, 404],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/assignments',
    who: 'admin',
    summary:
      "The round's assignment of appraisers, all at once: [{ login, units?, codes? }]. Once a round assigns any, an appraiser's account appraises (and asks explanations) only for what was assigned; an empty list goes back to the roles",
    body: 'Assignments',
    statuses: [403, 404, 422],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/export',
    who: 'admin',
    summary:
      'Everything of the round as one JSON document: sets, units, deadlines, every revision with its author and time, submissions, explanations, locks, the publication (the backup, and the way to another store)',
    statuses: [403, 404],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/import',
    who: 'admin',
    summary:
      "A round's export read into a round that does not exist yet, every revision number, author and time kept",
    body: 'RoundExport',
    statuses: [201, 403, 409, 422],
  },
  {
    method: 'get',
    path: '/v1/notices',
    who: 'any key',
    summary:
      "The notices this key may read, newest first: its authority's, for everyone or for its unit (an admin: all of its authority)",
    statuses: [],
  },
  {
    method: 'post',
    path: '/v1/notices',
    who: 'admin',
    summary:
      'Post a notice: { title, text, units?, public? } (units: the ids it is for, none for everyone; public: shown on the sign-in page too)',
    body: 'Notice',
    statuses: [201, 403, 409, 422],
  },
  {
    method: 'delete',
    path: '/v1/notices/{id}',
    who: 'admin',
    summary: 'Take a notice down',
    statuses: [204, 403, 404],
  },
  {
    method: 'get',
    path: '/v1/rounds/{round}/archive',
    who: 'admin',
    summary:
      'The round and its evidence files as one tar archive (application/x-tar), streamed: round.json (the export) first, then files/{sha256} for each file it lists',
    statuses: [403, 404],
  },
  {
    method: 'put',
    path: '/v1/rounds/{round}/archive',
    who: 'admin',
    summary:
      "A round's archive read into a round that does not exist yet: each file checked against its hash and its list as it streams in, the round imported last, whole or not at all (a damaged, missing or stranger file refuses it)",
    statuses: [201, 400, 403, 409, 413, 422],
  },
  {
    method: 'get',
    path: '/v1/accounts',
    who: 'admin',
    summary:
      "People's accounts: login, name, email, role, whether active, whether the password is a one-time one, last sign-in (never a password)",
    statuses: [403],
  },
  {
    method: 'put',
    path: '/v1/accounts/{login}',
    who: 'admin',
    summary:
      'Create or change an account: { name, email?, role, deactivated? } (role as a key\'s: admin, appraiser, appraiser:<codes>, unit:<id>, agency:<name>). A new account answers 201 with its one-time password, once; a new role or a deactivation ends the person\'s sessions. If-Match: "<revision>" ("0": create only). A login that differs from another only by case or accents is refused (409).',
    body: 'Account',
    statuses: [201, 403, 409, 412, 422],
  },
  {
    method: 'get',
    path: '/v1/accounts/{login}',
    who: 'admin',
    summary:
      'One account, with its revision as ETag, and its record of sign-ins, failures, lock-outs and passwords set',
    statuses: [403, 404],
  },
  {
    method: 'post',
    path: '/v1/accounts/import',
    who: 'admin',
    summary:
      'People from an Excel workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, the template of the pages: Họ và tên | Tên đăng nhập | Email | Đơn vị | Vai trò | Mã tiêu chí được thẩm định), all or none: 201 with each one-time password, once; 422 with every error at its cell',
    statuses: [201, 403, 413, 422],
  },
  {
    method: 'post',
    path: '/v1/accounts/{login}/reset',
    who: 'admin',
    summary:
      "A new one-time password for the account, answered once as { password } (also oneTimePassword, with the account); the person's sessions end",
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/units',
    who: 'admin',
    summary: 'The register of units and agencies: id, name, group, parent authority, whether retired',
    statuses: [403],
  },
  {
    method: 'put',
    path: '/v1/units/{id}',
    who: 'admin',
    summary:
      'Register a unit, or rename, regroup or retire it: { name, group?, parent?, retired? }. Once the register has units, a person of a unit must name one of them. If-Match: "<revision>".',
    body: 'Unit',
    statuses: [201, 403, 412, 422],
  },
  {
    method: 'get',
    path: '/v1/units/{id}',
    who: 'admin',
    summary: 'One unit of the register, with its revision as ETag',
    statuses: [403, 404],
  },
  {
    method: 'get',
    path: '/v1/directory',
    who: 'admin',
    summary:
      "The register of units and the people's accounts as one document, a backup or the move to another store: never a password, a hash, a second factor or a token (a limited admin: its authority's)",
    statuses: [403],
  },
  {
    method: 'post',
    path: '/v1/directory/import',
    who: 'admin',
    summary:
      "A directory (as `GET /v1/directory` gives it) read into this store, all or none: its units registered (one registered already as written is left), its accounts made; 201 with each person's one-time password, once; 422 with every error at its path",
    body: 'Directory',
    statuses: [201, 403, 422],
  },
  {
    method: 'get',
    path: '/v1/tokens',
    who: 'a person (by a token of theirs)',
    summary: "The caller's personal tokens: id, name, expiry, whether active (never a secret)",
    statuses: [403],
  },
  {
    method: 'post',
    path: '/v1/tokens',
    who: 'a person (by a token of theirs)',
    summary:
      "A new personal token: { name, expires } (a date or instant within a year); 201 with the token `cchc_<id>_<secret>`, once. It acts with its owner's role until it expires or is revoked, or the account is deactivated.",
    body: 'Token',
    statuses: [201, 403, 409, 422],
  },
  {
    method: 'delete',
    path: '/v1/tokens/{id}',
    who: 'a person (by a token of theirs)',
    summary: "Revoke one of the caller's tokens: refused from its next request",
    statuses: [403, 404],
  },
  ...SURVEY_ROUTES,
] as const satisfies readonly RoundRouteDeclaration[];

export interface RoundRouteDeclaration {
  readonly method: 'get' | 'put' | 'post' | 'delete';
  readonly path: string;
  readonly who: string;
  readonly summary: string;
  readonly body?: string;
  readonly statuses: readonly number[];
  /** Answered without a key: a survey's respondents have no account, their link is their right. */
  readonly public?: true;
}

/** `method path` of each declared route, and only those: every route has a handler, every handler a route. */
export type RouteKey = RouteKeyOf<(typeof ROUND_ROUTES)[number]>;
/** The survey's routes that ask for a key. */
export type SurveyRouteKey = Exclude<RouteKeyOf<(typeof SURVEY_ROUTES)[number]>, PublicRouteKey>;
/** The routes answered without a key. */
export type PublicRouteKey = RouteKeyOf<Extract<(typeof ROUND_ROUTES)[number], { readonly public: true }>>;

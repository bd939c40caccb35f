import { PHASE_NAMES_VI, type Phase } from './layer-state.js';
import { ACCOUNT_REFUSALS } from './messages-accounts.js';
import { FILE_REFUSALS } from './messages-files.js';
import { SURVEY_REFUSALS } from './messages-survey.js';
import { type Count, capitalized, layerVi, words } from './refusal-words.js';
import type { Layer } from './schema.js';

export { capitalized, layerVi, type RoundsErrorKind } from './refusal-words.js';

/** What a revision precondition is about: a unit's layer, or another record (a task, a plan, a report, an account). */
export type RevisionSubject = { readonly layer: Layer } | { readonly record: true };
const subjectEn = (subject: RevisionSubject) => ('layer' in subject ? `the ${subject.layer} layer` : 'it');
const subjectVi = (subject: RevisionSubject) =>
  'layer' in subject ? capitalized(layerVi(subject.layer)) : 'Nội dung';

/**
 * Every refusal of the rounds, by its code: its kind and its words in English and Vietnamese, one table, so
 * that a refusal is said the same way wherever it is raised and a client can act on its code. Evidence files'
 * and accounts' refusals stand in modules of their own.
 */
export const REFUSALS = {
  // Not found.
  'set-not-found': words<{ id: string }>(
    'not-found',
    (p) => `criteria set '${p.id}' does not exist`,
    (p) => `Bộ tiêu chí '${p.id}' không tồn tại`,
  ),
  'round-not-found': words<{ round: string }>(
    'not-found',
    (p) => `round '${p.round}' does not exist`,
    (p) => `Đợt đánh giá '${p.round}' không tồn tại`,
  ),
  // A round a unit is not in is, to that unit, a round that does not exist.
  'round-hidden': words(
    'not-found',
    () => 'this round does not exist',
    () => 'Đợt đánh giá này không tồn tại',
  ),
  'unit-not-found': words<{ unit: string; round: string }>(
    'not-found',
    (p) => `unit '${p.unit}' in round '${p.round}' does not exist`,
    (p) => `Đơn vị '${p.unit}' trong đợt '${p.round}' không tồn tại`,
  ),
  'layer-not-found': words<{ unit: string; layer: Layer; revision?: number | undefined }>(
    'not-found',
    (p) =>
      `${p.revision === undefined ? '' : `revision ${p.revision} of `}the ${p.layer} layer of unit '${p.unit}' does not exist`,
    (p) => `${capitalized(layerVi(p.layer))} của đơn vị '${p.unit}' không tồn tại`,
  ),
  'criterion-not-found': words<{ code: string }>(
    'not-found',
    (p) => `criterion '${p.code}' does not exist`,
    (p) => `Tiêu chí '${p.code}' không tồn tại`,
  ),
  'task-not-found': words<{ task: string; round: string }>(
    'not-found',
    (p) => `task '${p.task}' in round '${p.round}' does not exist`,
    (p) => `Nhiệm vụ '${p.task}' trong đợt '${p.round}' không tồn tại`,
  ),
  'lost-item-not-found': words<{ code: string; unit: string }>(
    'not-found',
    (p) => `a lost item '${p.code}' of unit '${p.unit}' does not exist`,
    (p) => `Tiêu chí bị trừ điểm '${p.code}' của đơn vị '${p.unit}' không tồn tại`,
  ),

  // Forbidden: the one access policy's refusals (access.ts), and a task's lead.
  'admin-only': words(
    'forbidden',
    () => 'only an admin key may do this',
    () => 'Chỉ khóa quản trị được làm việc này',
  ),
  'outside-authority': words<{ authority: string }>(
    'forbidden',
    (p) => `this belongs to another authority: you act within '${p.authority}' only`,
    (p) => `Việc này thuộc cơ quan khác: bạn chỉ làm việc trong phạm vi '${p.authority}'`,
  ),
  'read-unit': words<{ unit: string }>(
    'forbidden',
    (p) => `this key may not read unit '${p.unit}'`,
    (p) => `Khóa này không được xem dữ liệu của đơn vị '${p.unit}'`,
  ),
  'write-layer': words<{ unit: string; layer: Layer }>(
    'forbidden',
    (p) => `this key may not write the ${p.layer} layer of unit '${p.unit}'`,
    (p) => `Khóa này không được ghi ${layerVi(p.layer)} của đơn vị '${p.unit}'`,
  ),
  'appraiser-only': words(
    'forbidden',
    () => 'only an appraiser may do this',
    () => 'Chỉ người thẩm định được làm việc này',
  ),
  'appraise-codes': words<{ codes: string; code: string }>(
    'forbidden',
    (p) => `this key may appraise ${p.codes} only, not ${p.code}`,
    (p) => `Khóa này chỉ được thẩm định ${p.codes}, không được sửa ${p.code}`,
  ),
  'submit-own': words<{ unit: string }>(
    'forbidden',
    (p) => `only unit '${p.unit}' may submit its self-assessment`,
    (p) => `Chỉ đơn vị '${p.unit}' được chốt điểm tự chấm của mình`,
  ),
  'ask-appraiser-only': words(
    'forbidden',
    () => 'only an appraiser may ask for an explanation',
    () => 'Chỉ người thẩm định được yêu cầu giải trình',
  ),
  'ask-codes': words<{ codes: string; code: string }>(
    'forbidden',
    (p) => `this key may appraise ${p.codes} only, not ${p.code}`,
    (p) => `Khóa này chỉ được thẩm định ${p.codes}, không được yêu cầu giải trình ${p.code}`,
  ),
  'explain-own': words<{ unit: string }>(
    'forbidden',
    (p) => `only unit '${p.unit}' may explain its scores`,
    (p) => `Chỉ đơn vị '${p.unit}' được giải trình`,
  ),
  'results-unpublished': words(
    'forbidden',
    () => 'the round is not published: an agency key sees its results once they are',
    () => 'Đợt này chưa công bố: cơ quan chỉ xem kết quả sau khi công bố',
  ),
  'write-plan': words<{ unit: string; code: string }>(
    'forbidden',
    (p) => `this key may not write the remediation of unit '${p.unit}' for ${p.code}`,
    (p) => `Khóa này không được ghi kế hoạch khắc phục của đơn vị '${p.unit}' cho ${p.code}`,
  ),
  'report-own': words<{ agency: string }>(
    'forbidden',
    (p) => `only agency '${p.agency}' may report for itself`,
    (p) => `Chỉ cơ quan '${p.agency}' được báo cáo phần việc của mình`,
  ),
  'not-task-lead': words<{ agency: string; task: string }>(
    'forbidden',
    (p) => `agency '${p.agency}' does not lead task '${p.task}'`,
    (p) => `Cơ quan '${p.agency}' không chủ trì nhiệm vụ '${p.task}'`,
  ),

  // Locked: closed for writing.
  'round-published': words<{ round: string }>(
    'locked',
    (p) => `round '${p.round}' is published and no longer changes`,
    (p) => `Đợt '${p.round}' đã công bố, không thể sửa`,
  ),
  'round-published-remediation': words<{ round: string }>(
    'locked',
    (p) => `round '${p.round}' is published: only remediation changes now`,
    (p) => `Đợt '${p.round}' đã công bố: chỉ còn theo dõi khắc phục`,
  ),
  'round-published-explanations': words<{ round: string }>(
    'locked',
    (p) => `round '${p.round}' is published`,
    (p) => `Đợt '${p.round}' đã công bố`,
  ),
  'layers-published': words<{ round: string }>(
    'locked',
    (p) => `round '${p.round}' is published: its layers no longer change`,
    (p) => `Đợt '${p.round}' đã công bố kết quả: không thể sửa điểm`,
  ),
  'layer-locked': words<{ round: string; layer: Layer }>(
    'locked',
    (p) => `the ${p.layer} layer of round '${p.round}' is locked`,
    (p) => `Lớp điểm ${layerVi(p.layer)} của đợt '${p.round}' đã bị khóa`,
  ),
  'layer-deadline': words<{ layer: Layer; deadline: string }>(
    'locked',
    (p) => `the deadline of the ${p.layer} layer (${p.deadline}) has passed`,
    (p) => `Đã quá hạn ${layerVi(p.layer)} (${p.deadline})`,
  ),
  'layer-submitted': words<{ unit: string }>(
    'locked',
    (p) => `unit '${p.unit}' has submitted its self-assessment; an admin may reopen it`,
    (p) => `Đơn vị '${p.unit}' đã chốt điểm tự chấm; quản trị có thể mở lại`,
  ),
  'phase-not-open': words<{ layer: Layer | 'explanation'; open: Phase }>(
    'locked',
    (p) => `the ${p.layer} phase of this unit is not open: the ${p.open} phase is`,
    (p) =>
      `Chưa đến giai đoạn ${PHASE_NAMES_VI[p.layer]} của đơn vị: đang ở giai đoạn ${PHASE_NAMES_VI[p.open]}`,
  ),
  'single-pass': words<{ round: string }>(
    'locked',
    (p) => `round '${p.round}' has one appraisal pass: there is no appraised-1 layer`,
    (p) => `Đợt '${p.round}' chỉ thẩm định một lần: không có thẩm định lần 1 riêng`,
  ),
  'explanations-closed': words<{ unit: string }>(
    'locked',
    (p) => `unit '${p.unit}' has closed its explanations; an admin may reopen them`,
    (p) => `Đơn vị '${p.unit}' đã chốt giải trình; quản trị có thể mở lại`,
  ),
  'explanation-deadline': words<{ deadline: string }>(
    'locked',
    (p) => `the deadline for explanations (${p.deadline}) has passed`,
    (p) => `Đã quá hạn giải trình (${p.deadline})`,
  ),

  ...FILE_REFUSALS,

  // Conflicts.
  'set-exists': words<{ id: string }>(
    'conflict',
    (p) => `a criteria set '${p.id}' is stored already; choose another id`,
    (p) => `Đã có bộ tiêu chí mã '${p.id}'; hãy chọn mã khác`,
  ),
  'set-changed': words<{ id: string }>(
    'conflict',
    (p) => `criteria set '${p.id}' was changed by someone else since this edit began; open it again`,
    (p) =>
      `Bộ tiêu chí '${p.id}' vừa được người khác sửa hoặc xóa sau khi bạn mở trang; hãy mở lại để xem bản mới`,
  ),
  'set-in-use': words<{ id: string; round: string }>(
    'conflict',
    (p) => `criteria set '${p.id}' is used by round '${p.round}' and cannot change`,
    (p) => `Bộ tiêu chí '${p.id}' đang được dùng trong đợt '${p.round}', không thể sửa`,
  ),
  'units-kept': words<{ units: readonly string[]; round: string }>(
    'conflict',
    (p) =>
      `unit(s) ${p.units.join(', ')} have scores in round '${p.round}': they stay in it, with their criteria set`,
    (p) =>
      `Đơn vị ${p.units.join(', ')} đã có điểm trong đợt '${p.round}': không thể bỏ đơn vị hay đổi bộ tiêu chí của đơn vị`,
  ),
  'not-published': words<{ round: string }>(
    'conflict',
    (p) => `round '${p.round}' is not published: remediation follows the published results`,
    (p) => `Đợt '${p.round}' chưa công bố: việc khắc phục dựa trên kết quả đã công bố`,
  ),
  'published-already': words<{ round: string }>(
    'conflict',
    (p) => `round '${p.round}' is published already`,
    (p) => `Đợt '${p.round}' đã được công bố`,
  ),
  'units-not-appraised': words<{ units: readonly string[] }>(
    'conflict',
    (p) => `${p.units.length} unit(s) have no appraised scores: ${p.units.join(', ')}`,
    (p) => `${p.units.length} đơn vị chưa có điểm thẩm định: ${p.units.join(', ')}`,
  ),
  'no-report-input': words<{ round: string }>(
    'conflict',
    (p) => `round '${p.round}' has no report input: publish it with { report: { … } }`,
    (p) => `Đợt '${p.round}' chưa có thông tin báo cáo: hãy công bố kèm { report: { … } }`,
  ),
  'nothing-to-submit': words<{ unit: string }>(
    'conflict',
    (p) => `unit '${p.unit}' has no self-assessment to submit`,
    (p) => `Đơn vị '${p.unit}' chưa có điểm tự chấm để chốt`,
  ),
  'round-exists': words<{ round: string }>(
    'conflict',
    (p) => `round '${p.round}' exists: a round is imported into a round that does not exist yet`,
    (p) => `Đợt '${p.round}' đã có: chỉ nhập vào một đợt chưa có`,
  ),
  'set-stored-otherwise': words<{ id: string }>(
    'conflict',
    (p) => `criteria set '${p.id}' is stored with other contents`,
    (p) => `Bộ tiêu chí '${p.id}' đã được lưu với nội dung khác`,
  ),

  // A write that did not start from the current revision.
  'revision-none': words<{ subject: RevisionSubject }>(
    'precondition-failed',
    (p) => `${subjectEn(p.subject)} has no revision yet`,
    (p) => `${subjectVi(p.subject)} chưa có phiên bản nào`,
  ),
  'revision-moved': words<{ subject: RevisionSubject; current: number; given: number }>(
    'precondition-failed',
    (p) => `${subjectEn(p.subject)} is at revision ${p.current}, not ${p.given}`,
    (p) => `${subjectVi(p.subject)} đang ở phiên bản ${p.current}, không phải ${p.given}`,
  ),

  // Invalid documents: the issues go with the refusal, each at its path.
  'round-errors': words(
    'invalid-document',
    () => 'the round has errors',
    () => 'Đợt đánh giá có lỗi',
  ),
  'round-id': words<{ id: string; rule: string }>(
    'invalid-document',
    (p) => `'${p.id.slice(0, 100)}' is not a round id: ${p.rule}`,
    () => 'Mã đợt đánh giá chỉ gồm chữ, số, ".", "_" và "-" (tối đa 100 ký tự)',
  ),
  'round-units-unregistered': words(
    'invalid-document',
    () => 'the round names units that are not in the register of units',
    () => 'Đợt đánh giá có đơn vị chưa có trong danh sách đơn vị',
  ),
  'round-sets-missing': words(
    'invalid-document',
    () => 'the round names criteria sets that are not stored',
    () => 'Đợt đánh giá dùng bộ tiêu chí chưa được lưu',
  ),
  'set-errors': words<Count>(
    'invalid-document',
    (p) => `the criteria set has ${p.count} error(s)`,
    (p) => `Bộ tiêu chí có ${p.count} lỗi`,
  ),
  'set-id-mismatch': words<{ id: string; route: string }>(
    'invalid-document',
    (p) => `the set's id is '${p.id}', not '${p.route}'`,
    (p) => `Mã bộ tiêu chí là '${p.id}', không phải '${p.route}'`,
  ),
  'assessment-not-object': words(
    'invalid-document',
    () => 'an assessment is a JSON object',
    () => 'Phiếu chấm điểm phải là một đối tượng JSON',
  ),
  'assessment-mismatch': words(
    'invalid-document',
    () => 'the assessment does not match the round',
    () => 'Phiếu chấm điểm không khớp với đợt đánh giá',
  ),
  'assessment-errors': words<Count>(
    'invalid-document',
    (p) => `the assessment has ${p.count} error(s)`,
    (p) => `Phiếu chấm điểm có ${p.count} lỗi`,
  ),
  'layer-body': words(
    'invalid-document',
    () => 'give { "layer": "self" | "appraised" }',
    () => 'hãy gửi { "layer": "self" | "appraised" }',
  ),
  'notice-errors': words(
    'invalid-document',
    () => 'the notice has errors: a title (at most 200 characters) and a text (at most 10,000) are needed',
    () => 'Thông báo cần có tiêu đề (tối đa 200 ký tự) và nội dung (tối đa 10.000 ký tự)',
  ),
  'notices-full': words<{ limit: number }>(
    'conflict',
    (p) => `${p.limit} notices are posted already: take some down first`,
    (p) => `Đã có ${p.limit} thông báo: hãy gỡ bớt thông báo cũ trước`,
  ),
  'notice-not-found': words<{ id: string }>(
    'not-found',
    () => 'no such notice',
    () => 'Không có thông báo này (có thể đã được gỡ)',
  ),
  'explanation-errors': words(
    'invalid-document',
    () => 'the explanation has errors',
    () => 'Nội dung giải trình có lỗi',
  ),
  'report-input-errors': words<Count>(
    'invalid-document',
    (p) => `the report input has ${p.count} error(s)`,
    (p) => `Thông tin báo cáo có ${p.count} lỗi`,
  ),
  'task-errors': words(
    'invalid-document',
    () => 'the task has errors',
    () => 'Nhiệm vụ có lỗi',
  ),
  'task-mismatch': words(
    'invalid-document',
    () => 'the task does not match the round',
    () => 'Nhiệm vụ không khớp với đợt đánh giá',
  ),
  'plan-errors': words(
    'invalid-document',
    () => 'the plan has errors',
    () => 'Kế hoạch khắc phục có lỗi',
  ),
  'task-report-errors': words(
    'invalid-document',
    () => 'the report has errors',
    () => 'Báo cáo có lỗi',
  ),
  'not-an-export': words(
    'invalid-document',
    () => 'this is not an export of a round',
    () => 'Đây không phải tệp xuất của một đợt đánh giá',
  ),
  'export-inconsistent': words<Count>(
    'invalid-document',
    (p) => `the export's parts do not agree (${p.count} error(s)); nothing was imported`,
    (p) => `Các phần của tệp xuất không khớp nhau (${p.count} lỗi); không nhập gì`,
  ),
  'export-set-invalid': words<{ id: string }>(
    'invalid-document',
    (p) => `criteria set '${p.id}' of the export is invalid`,
    (p) => `Bộ tiêu chí '${p.id}' trong tệp xuất không hợp lệ`,
  ),
  'export-revision-gaps': words<{ gaps: readonly string[] }>(
    'invalid-document',
    (p) => `the revisions of ${p.gaps.join(', ')} are not numbered 1, 2, 3…`,
    () => 'Các phiên bản điểm trong tệp xuất không được đánh số liên tục',
  ),

  ...ACCOUNT_REFUSALS,
  ...SURVEY_REFUSALS,

  // The store cannot be reached now.
  'store-unavailable': words(
    'unavailable',
    () => "the rounds' store is not available now; try again shortly",
    () => 'Kho dữ liệu các đợt đánh giá hiện không truy cập được; hãy thử lại sau ít phút',
  ),
  'database-unavailable': words(
    'unavailable',
    () => 'the database does not answer now; try again shortly',
    () => 'Cơ sở dữ liệu hiện không trả lời; hãy thử lại sau ít phút',
  ),
} as const;

/** A refusal's code: what the rounds refused, for a client to act on (the kind says only its class). */
export type RefusalCode = keyof typeof REFUSALS;
/** The params a refusal's words are made from. */
export type RefusalParams<C extends RefusalCode> = Parameters<(typeof REFUSALS)[C]['en']>[0];

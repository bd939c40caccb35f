import { LAYER_NAMES_VI } from '@cchc/core';
import type { Layer } from './schema.js';

/**
 * Why the rounds refused a request. The kinds are the contract's (rounds.md); the HTTP status of each is
 * decided in @cchc/http.
 */
export type RoundsErrorKind =
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'locked'
  | 'invalid-document'
  | 'too-large'
  | 'unavailable';

/** A refusal's kind and its words in each language, from the refusal's params. */
interface Words<P> {
  readonly kind: RoundsErrorKind;
  readonly en: (params: P) => string;
  readonly vi: (params: P) => string;
}

const words = <P = Record<string, never>>(
  kind: RoundsErrorKind,
  en: (params: P) => string,
  vi: (params: P) => string,
): Words<P> => ({ kind, en, vi });

/** `điểm tự chấm`, `điểm thẩm định`: a layer as a sentence names it. */
export const layerVi = (layer: Layer) => `điểm ${LAYER_NAMES_VI[layer]}`;
export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What a revision precondition is about: a unit's layer, or another record (a task, a plan, a report, an account). */
export type RevisionSubject = { readonly layer: Layer } | { readonly record: true };
const subjectEn = (subject: RevisionSubject) => ('layer' in subject ? `the ${subject.layer} layer` : 'it');
const subjectVi = (subject: RevisionSubject) =>
  'layer' in subject ? capitalized(layerVi(subject.layer)) : 'Nội dung';

/** How many errors, as the sentences say it: `1 error(s)`. */
type Count = { readonly count: number };

/**
 * Every refusal of the rounds, by its code: its kind and its words in English and Vietnamese, one table, so
 * that a refusal is said the same way wherever it is raised and a client can act on its code.
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
  'explanation-deadline': words<{ deadline: string }>(
    'locked',
    (p) => `the deadline for explanations (${p.deadline}) has passed`,
    (p) => `Đã quá hạn giải trình (${p.deadline})`,
  ),

  // Evidence files.
  'file-name': words<{ name: string; problem: string }>(
    'invalid-document',
    (p) => `the file name '${p.name}' cannot be kept: ${p.problem}`,
    (p) =>
      `Tên tệp '${p.name}' không dùng được: tên không được trống, dài quá 200 ký tự, chứa đường dẫn ("/", "\\") hay ký tự điều khiển`,
  ),
  'file-hash': words<{ hash: string }>(
    'invalid-document',
    (p) => `'${p.hash}' is not a SHA-256 (64 lower-case hex digits)`,
    (p) => `'${p.hash}' không phải là mã SHA-256 của tệp (64 chữ số hệ 16, chữ thường)`,
  ),
  'file-type': words<{ name: string; found: string }>(
    'invalid-document',
    (p) => `'${p.name}' is not a PDF, Word, Excel, JPEG or PNG file by its content (found: ${p.found})`,
    () =>
      'Tệp không phải là PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ảnh JPG hay PNG (xét theo nội dung tệp, không theo tên)',
  ),
  'file-type-name': words<{ name: string; found: string }>(
    'invalid-document',
    (p) => `'${p.name}' holds a ${p.found.toUpperCase()} file: name it so`,
    (p) =>
      `Tệp '${p.name}' có nội dung là tệp ${p.found.toUpperCase()}: hãy đặt tên có đuôi đúng với nội dung`,
  ),
  'file-zip-bomb': words<{ name: string; limit: number }>(
    'invalid-document',
    (p) => `'${p.name}' says it unpacks to more than ${p.limit} bytes: not a document`,
    (p) =>
      `Tệp '${p.name}' khi giải nén lớn hơn ${Math.floor(p.limit / 1024 / 1024)} MB: không phải là một văn bản thông thường`,
  ),
  'file-empty': words<{ name: string }>(
    'invalid-document',
    (p) => `'${p.name}' is empty`,
    (p) => `Tệp '${p.name}' trống (0 byte)`,
  ),
  'file-too-large': words<{ name: string; limit: number }>(
    'too-large',
    (p) => `'${p.name}' is larger than ${p.limit} bytes`,
    (p) => `Tệp '${p.name}' lớn hơn ${Math.floor(p.limit / 1024 / 1024)} MB`,
  ),
  'file-hash-mismatch': words<{ expected: string; hash: string }>(
    'invalid-document',
    (p) => `the bytes sent have SHA-256 ${p.hash}, not ${p.expected}`,
    () =>
      'Nội dung gửi lên không đúng với mã SHA-256 đã ghi: tệp có thể đã bị cắt hoặc thay đổi trên đường truyền',
  ),
  'file-not-found': words<{ hash: string }>(
    'not-found',
    (p) => `no file ${p.hash} in this unit's files`,
    () => 'Không có tệp này trong các tệp của đơn vị',
  ),
  'file-in-use': words<{ hash: string }>(
    'conflict',
    (p) => `file ${p.hash} is attached to an item: take it off the item first`,
    () => 'Tệp đang được đính kèm ở một mục: bỏ tệp khỏi mục đó trước',
  ),
  'unit-files-full': words<{ unit: string; limit: number }>(
    'conflict',
    (p) => `unit '${p.unit}' has ${p.limit} files in this round already`,
    (p) => `Đơn vị đã có ${p.limit} tệp trong đợt này, không thêm được nữa`,
  ),
  'unit-files-bytes': words<{ unit: string; limit: number }>(
    'conflict',
    (p) => `unit '${p.unit}''s files in this round would exceed ${p.limit} bytes`,
    (p) => `Các tệp của đơn vị trong đợt này sẽ vượt ${Math.floor(p.limit / 1024 / 1024)} MB`,
  ),
  'export-files-missing': words<Count>(
    'invalid-document',
    (p) =>
      `${p.count} file(s) the export lists are not in this store: put their bytes first (PUT /v1/files/{sha256}), then import`,
    (p) => `${p.count} tệp mà bản xuất liệt kê chưa có trong kho này: hãy đưa các tệp vào trước rồi nhập lại`,
  ),
  'archive-malformed': words<{ problem: string }>(
    'invalid-document',
    (p) => `not a round's archive as exported: ${p.problem}`,
    () =>
      'Tệp này không phải bản sao lưu của một đợt như khi xuất ra, hoặc đã bị hỏng; không có gì được nhập',
  ),
  'evidence-missing': words<{ items: readonly string[] }>(
    'invalid-document',
    (p) =>
      `item(s) ${p.items.join(', ')} require evidence: attach a file, or explain in the item's note why there is none`,
    (p) =>
      `Mục ${p.items.join(', ')} cần có tài liệu kiểm chứng: đính kèm tệp, hoặc ghi rõ lý do không có ở phần ghi chú của mục`,
  ),
  'files-not-in-library': words<Count>(
    'invalid-document',
    (p) => `${p.count} file(s) named by the entries are not among the unit's files: upload them first`,
    (p) => `${p.count} tệp được ghi ở các mục chưa có trong các tệp của đơn vị: hãy tải tệp lên trước`,
  ),

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

  // Accounts and signing in. A failed sign-in never says whether the login exists.
  'account-not-found': words<{ login: string }>(
    'not-found',
    (p) => `account '${p.login}' does not exist`,
    (p) => `Tài khoản '${p.login}' không tồn tại`,
  ),
  'login-invalid': words<{ login: string }>(
    'invalid-document',
    (p) =>
      `'${p.login.slice(0, 100)}' is not a login: 3 to 64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit`,
    () =>
      'Tên đăng nhập gồm 3 đến 64 chữ cái, chữ số, ".", "_", "-" hoặc "@", bắt đầu bằng chữ cái hoặc chữ số',
  ),
  'login-taken': words<{ login: string; existing: string }>(
    'conflict',
    (p) =>
      `login '${p.login}' is the login '${p.existing}' written otherwise (case or accents): one person, one login`,
    (p) =>
      `Tên đăng nhập '${p.login}' trùng với '${p.existing}' (chỉ khác chữ hoa, chữ thường hoặc cách gõ dấu)`,
  ),
  'account-errors': words(
    'invalid-document',
    () => 'the account has errors',
    () => 'Tài khoản có lỗi',
  ),
  'sign-in-failed': words(
    'forbidden',
    () => 'the login or the password is wrong',
    () => 'Tên đăng nhập hoặc mật khẩu không đúng',
  ),
  'sign-in-wait': words<{ seconds: number }>(
    'locked',
    (p) => `too many failed sign-ins: try again in ${p.seconds} second(s)`,
    (p) => `Đăng nhập sai nhiều lần liên tiếp: hãy thử lại sau ${p.seconds} giây`,
  ),
  'sign-in-locked': words<{ minutes: number }>(
    'locked',
    (p) => `sign-in is locked for ${p.minutes} minutes after repeated failures, even with the right password`,
    (p) =>
      `Đăng nhập sai quá nhiều lần: tạm khóa ${p.minutes} phút, kể cả khi nhập đúng mật khẩu; hãy thử lại sau`,
  ),
  'account-inactive': words<{ since: string }>(
    'forbidden',
    (p) => `this account no longer signs in (deactivated: ${p.since})`,
    (p) => `Tài khoản đã ngừng hoạt động (từ ${p.since})`,
  ),
  'password-weak': words<{ reason: 'short' | 'login' | 'common'; min: number }>(
    'invalid-document',
    (p) =>
      p.reason === 'short'
        ? `a password has at least ${p.min} characters`
        : p.reason === 'login'
          ? 'a password may not hold the login'
          : 'this password is among the most common ones: choose another',
    (p) =>
      p.reason === 'short'
        ? `Mật khẩu phải có ít nhất ${p.min} ký tự`
        : p.reason === 'login'
          ? 'Mật khẩu không được chứa tên đăng nhập'
          : 'Mật khẩu này quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác',
  ),
  'token-expiry': words(
    'invalid-document',
    () => 'a token expires on a date or at an instant within a year from now',
    () => 'Mã truy cập phải hết hạn vào một ngày trong vòng một năm tới',
  ),
  'token-limit': words<{ max: number }>(
    'conflict',
    (p) => `a person keeps at most ${p.max} tokens: revoke one first`,
    (p) => `Mỗi người giữ tối đa ${p.max} mã truy cập: hãy thu hồi bớt trước`,
  ),
  'token-not-found': words<{ id: string }>(
    'not-found',
    (p) => `token '${p.id}' does not exist`,
    (p) => `Mã truy cập '${p.id}' không tồn tại`,
  ),
  'token-person-only': words(
    'forbidden',
    () => 'tokens belong to people: sign in with an account, not a key',
    () => 'Mã truy cập là của từng người: hãy đăng nhập bằng tài khoản, không phải bằng khóa',
  ),
  'directory-errors': words(
    'invalid-document',
    () => 'the directory (units and accounts) has errors: nothing was stored',
    () => 'Tệp danh sách đơn vị và người dùng có lỗi: chưa lưu gì',
  ),
  'assignment-errors': words(
    'invalid-document',
    () => 'the assignment of appraisers has errors: nothing was stored',
    () => 'Phân công thẩm định có lỗi: chưa lưu gì',
  ),
  'not-assigned': words<{ round: string }>(
    'forbidden',
    (p) => `you are not assigned to appraise in round '${p.round}'`,
    (p) => `Bạn chưa được phân công thẩm định trong đợt '${p.round}'`,
  ),
  'not-assigned-unit': words<{ unit: string }>(
    'forbidden',
    (p) => `you are not assigned to appraise unit '${p.unit}'`,
    (p) => `Bạn không được phân công thẩm định đơn vị '${p.unit}'`,
  ),
  'reason-required': words(
    'invalid-document',
    () => 'say why: the reason is kept with who did it and when',
    () => 'Hãy ghi lý do: lý do được lưu cùng người làm và thời điểm',
  ),
  'deadline-invalid': words<{ deadline: string }>(
    'invalid-document',
    (p) => `'${p.deadline}' is not a deadline of the round, or the date is not a date`,
    (p) => `'${p.deadline}' không phải một hạn của đợt, hoặc ngày không hợp lệ`,
  ),
  'second-factor-on': words(
    'conflict',
    () => 'the second factor is on already: turn it off first to set another',
    () => 'Xác thực hai bước đang bật: hãy tắt trước khi cài lại',
  ),
  'second-factor-off': words(
    'conflict',
    () => 'the second factor is not on (or its setting up was not started)',
    () => 'Xác thực hai bước chưa bật (hoặc chưa bắt đầu cài đặt)',
  ),
  'second-factor-code': words(
    'invalid-document',
    () => 'the code is not the one the authenticator app shows now',
    () => 'Mã không khớp với mã ứng dụng xác thực đang hiện',
  ),
  'second-factor-failed': words(
    'forbidden',
    () => 'the code is wrong, or was used already',
    () => 'Mã xác thực không đúng hoặc đã được dùng',
  ),
  'second-factor-expired': words(
    'forbidden',
    () => 'the sign-in waited too long for its code: sign in again',
    () => 'Đã quá thời gian nhập mã xác thực: hãy đăng nhập lại',
  ),
  'password-wrong': words(
    'forbidden',
    () => 'the current password is wrong',
    () => 'Mật khẩu hiện tại không đúng',
  ),

  'unit-errors': words(
    'invalid-document',
    () => 'the unit has errors',
    () => 'Đơn vị có lỗi',
  ),
  'unit-id-invalid': words<{ id: string }>(
    'invalid-document',
    (p) => `'${p.id.slice(0, 100)}' is not a unit id: letters, digits, ".", "_" and "-" (at most 100)`,
    () => 'Mã đơn vị chỉ gồm chữ, số, ".", "_" và "-" (tối đa 100 ký tự)',
  ),
  'unit-not-registered': words<{ id: string }>(
    'not-found',
    (p) => `unit '${p.id}' is not in the register`,
    (p) => `Đơn vị '${p.id}' không có trong danh sách đơn vị`,
  ),

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

/** The refusals of the survey (surveys.ts): a part of `REFUSALS`. */
import { type Count, words } from './refusal-words.js';

export const SURVEY_REFUSALS = {
  'survey-errors': words(
    'invalid-document',
    () => 'the survey plan has errors',
    () => 'Kế hoạch khảo sát có lỗi',
  ),
  'survey-not-found': words<{ round: string }>(
    'not-found',
    (p) => `round '${p.round}' has no survey`,
    (p) => `Đợt '${p.round}' chưa có cuộc khảo sát`,
  ),
  'survey-frozen': words<{ issued: number }>(
    'conflict',
    (p) =>
      `the survey's forms are frozen: ${p.issued} link(s) or paper form(s) are issued; only its closing date may change`,
    (p) =>
      `Phiếu khảo sát đã phát (${p.issued} đường dẫn hoặc phiếu giấy) nên không sửa được; chỉ đổi được ngày kết thúc`,
  ),
  'survey-set-mismatch': words<{ unit: string; set: string }>(
    'invalid-document',
    (p) => `unit '${p.unit}' is not scored by the survey's criteria set '${p.set}', or is not in the round`,
    (p) =>
      `Đơn vị '${p.unit}' không thuộc đợt này hoặc không chấm theo bộ tiêu chí '${p.set}' của cuộc khảo sát`,
  ),
  'survey-link-unknown': words(
    'not-found',
    () => 'this survey link does not exist (check that it was copied whole)',
    () => 'Đường dẫn khảo sát không đúng (hãy kiểm tra đã chép đủ đường dẫn)',
  ),
  'survey-link-used': words(
    'conflict',
    () => 'this survey link has already been used to send answers: each link sends once',
    () => 'Phiếu khảo sát theo đường dẫn này đã được gửi: mỗi đường dẫn chỉ gửi được một lần',
  ),
  'survey-closed': words<{ closes: string }>(
    'conflict',
    (p) => `the survey is closed (it closed at the end of ${p.closes}): nothing changes any more`,
    (p) => `Cuộc khảo sát đã kết thúc (hết ngày ${p.closes}): không nhận thêm phiếu`,
  ),
  'survey-answers-invalid': words<Count>(
    'invalid-document',
    (p) => `the answers have ${p.count} error(s)`,
    (p) => `Phiếu trả lời có ${p.count} lỗi`,
  ),
  'survey-serial-unknown': words<{ serial: number }>(
    'not-found',
    (p) => `no paper form has the serial number ${p.serial}`,
    (p) => `Không có phiếu giấy nào mang số ${p.serial}`,
  ),
  'survey-serial-used': words<{ serial: number }>(
    'conflict',
    (p) => `the paper form ${p.serial} has already been entered`,
    (p) => `Phiếu giấy số ${p.serial} đã được nhập`,
  ),
  'survey-links-full': words<{ limit: number }>(
    'too-large',
    (p) => `a survey issues at most ${p.limit} links and paper forms`,
    (p) => `Mỗi cuộc khảo sát phát tối đa ${p.limit} đường dẫn và phiếu giấy`,
  ),
  'survey-still-open': words<{ closes: string }>(
    'conflict',
    (p) => `the survey is open until the end of ${p.closes}: close it first`,
    (p) => `Cuộc khảo sát còn mở đến hết ngày ${p.closes}: hãy kết thúc trước`,
  ),
  'survey-links-taken': words<{ round: string }>(
    'conflict',
    (p) =>
      `the survey's links are in this store already (round '${p.round}'): restore the round into another store, or copy it without its survey`,
    (p) =>
      `Đường dẫn khảo sát của đợt này đã có trong hệ thống (đợt '${p.round}'): hãy khôi phục vào một hệ thống khác`,
  ),
  'survey-entries-differ': words<{ serial: number; count: number }>(
    'conflict',
    (p) =>
      `the two typings of paper form ${p.serial} differ in ${p.count} answer(s): check the form, then confirm one typing`,
    (p) =>
      `Hai lần nhập phiếu giấy số ${p.serial} khác nhau ở ${p.count} câu trả lời: hãy xem lại phiếu rồi xác nhận một lần nhập`,
  ),
  'survey-respondents-errors': words(
    'invalid-document',
    () => 'the respondent list has errors',
    () => 'Danh sách người được khảo sát có lỗi',
  ),
  'survey-respondents-full': words<{ limit: number }>(
    'too-large',
    (p) => `a survey's respondent list holds at most ${p.limit} people`,
    (p) => `Danh sách người được khảo sát có tối đa ${p.limit} người`,
  ),
  'survey-respondent-not-found': words<{ id: string }>(
    'not-found',
    (p) => `the survey has no respondent '${p.id}'`,
    () => 'Không có người này trong danh sách khảo sát',
  ),
  'survey-respondent-invited': words<{ name: string }>(
    'conflict',
    (p) => `${p.name} has been sent a link already: a respondent invited stays on the list`,
    (p) => `${p.name} đã được gửi đường dẫn: không xóa khỏi danh sách được nữa`,
  ),
  'survey-signature-needed': words(
    'invalid-document',
    () => 'this form is signed: give your name and position before sending it',
    () => 'Phiếu này cần ghi họ tên và chức vụ người trả lời trước khi gửi',
  ),
  'survey-signature-unexpected': words(
    'invalid-document',
    () => "this form is anonymous: it takes no respondent's name",
    () => 'Phiếu này không ghi tên người trả lời',
  ),
  'survey-hidden': words(
    'forbidden',
    () => "a unit sees its survey's figures once the results are published",
    () => 'Đơn vị được xem kết quả khảo sát của mình sau khi kết quả được công bố',
  ),
} as const;

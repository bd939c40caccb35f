import { SHEET_PROBLEMS_EN, SHEET_PROBLEMS_VI, type SheetProblem } from './sheet-problems.js';
import { SURVEY_PROBLEMS_EN, SURVEY_PROBLEMS_VI, type SurveyProblem } from './survey-problems.js';
import { decimalComma } from './vietnam.js';

/** A place in an input document: keys and array positions from its root. */
export type DocumentPath = readonly (string | number)[];

/** The closed set of things that can be wrong with an input document. */
export type IssueCode =
  | 'unreadable'
  | 'invalid_syntax'
  | 'forbidden_key'
  | 'too_large'
  | 'invalid_type'
  | 'required'
  | 'unknown_key'
  | 'invalid_value'
  | 'invalid_decimal'
  | 'inexact_number'
  | 'invalid_code'
  | 'invalid_text'
  | 'duplicate_code'
  | 'leaf_without_max'
  | 'max_below_children'
  | 'invalid_classes'
  | 'invalid_rounding'
  | 'unknown_rule'
  | 'invalid_rule'
  | 'unknown_criteria_set'
  | 'conflicting_criteria_set'
  | 'criteria_set_mismatch'
  | 'unknown_code'
  | 'negative_score'
  | 'score_above_max'
  | 'max_above_set_max'
  | 'score_off_step'
  | 'no_rule_for_facts'
  | 'invalid_facts'
  | 'empty_entry'
  | 'conflicting_entries'
  | 'inconsistent_parent'
  | 'unscored'
  | 'zero_applicable_max'
  | 'invalid_sheet'
  | 'invalid_survey';

/** The values an issue's message is built from: codes, keys and texts as strings, counts and limits as numbers. */
export type IssueParams = Readonly<Record<string, string | number>>;

/**
 * One thing wrong with a document: what (`code`), where (`path` in the document, and `cell` when it was
 * read from a workbook) and a readable `message` (English; `issueMessage` words it in Vietnamese).
 */
export interface Issue {
  readonly code: IssueCode;
  readonly path: DocumentPath;
  readonly message: string;
  /** Values the message was built from (codes, limits, keys), for callers who word their own messages. */
  readonly params?: IssueParams;
  /** Where in a workbook: `'Tự chấm'!E17`, a sheet alone (`'Tự chấm'`), or `(workbook)`. */
  readonly cell?: string;
}

export type Locale = 'en' | 'vi';

/** Params as the message tables read them: every value as text. */
type Params = Readonly<Record<string, string>>;
type MessageTable = Record<IssueCode, (p: Params) => string>;

/**
 * The limits a `too_large` issue names (`params.limit`), each with its bound (`params.max`), worded around
 * the bound: "nested deeper than " + 64 + " levels".
 */
export type SizeLimit =
  | 'depth'
  | 'items'
  | 'aliases'
  | 'criteria'
  | 'assessments'
  | 'criteriaSets'
  | 'scoredCriteria'
  | 'text';

const TOO_LARGE_EN: Readonly<Record<string, string>> = {
  depth: 'nested deeper than ',
  items: 'more than ',
  aliases: 'its aliases expand it to more than ',
  criteria: 'the criteria set has more than ',
  assessments: 'more than ',
  criteriaSets: 'more than ',
  scoredCriteria: 'the request scores more than ',
  text: 'a text of more than ',
};
const TOO_LARGE_TAIL_EN: Readonly<Record<string, string>> = {
  depth: ' levels',
  items: ' items in one list or object',
  aliases: ' values',
  criteria: ' criteria',
  assessments: ' assessments in one request',
  criteriaSets: ' criteria sets in one request',
  scoredCriteria:
    ' criteria in all (each assessment counts the criteria of its set); send fewer assessments at a time',
  text: ' characters',
};
const TOO_LARGE_VI: Readonly<Record<string, string>> = {
  depth: 'lồng nhau quá ',
  items: 'quá ',
  aliases: 'các bí danh (alias) mở rộng thành quá ',
  criteria: 'bộ tiêu chí có quá ',
  assessments: 'quá ',
  criteriaSets: 'quá ',
  scoredCriteria: 'yêu cầu chấm quá ',
  text: 'một đoạn văn bản dài quá ',
};
const TOO_LARGE_TAIL_VI: Readonly<Record<string, string>> = {
  depth: ' cấp',
  items: ' mục trong một danh sách hoặc đối tượng',
  aliases: ' giá trị',
  criteria: ' tiêu chí',
  assessments: ' bản chấm điểm trong một yêu cầu',
  criteriaSets: ' bộ tiêu chí trong một yêu cầu',
  scoredCriteria:
    ' tiêu chí (mỗi bản chấm điểm tính số tiêu chí của bộ tiêu chí); hãy gửi ít bản chấm điểm hơn mỗi lần',
  text: ' ký tự',
};

/** ` (line 3, column 7)` when the params give a place in the text. */
function at(p: Params, line = 'line', column = 'column'): string {
  return p['line'] === undefined ? '' : ` (${line} ${p['line']}, ${column} ${p['column']})`;
}

const EN: MessageTable = {
  unreadable: (p) => `cannot read ${p['file']}: ${p['detail']}`,
  invalid_syntax: (p) => `the document cannot be read as ${p['format'] ?? 'JSON or YAML'}: ${p['detail']}`,
  forbidden_key: (p) => `the key '${p['key']}' is not allowed in a document`,
  too_large: (p) =>
    `the document is too large: ${TOO_LARGE_EN[p['limit'] ?? ''] ?? p['detail'] ?? ''}${p['max'] ?? ''}${TOO_LARGE_TAIL_EN[p['limit'] ?? ''] ?? ''}${at(p)}`,
  invalid_type: (p) => `expected ${p['expected'] ?? 'another type'}`,
  required: () => 'is required',
  unknown_key: (p) =>
    `unknown key '${p['key']}'${/^\d+$/.test(p['key'] ?? '') ? ` (a decimal comma inside YAML's { … } splits the item: write "0,25" in quotes, or 0.25)` : ''}`,
  invalid_value: (p) => p['detail'] ?? 'invalid value',
  invalid_decimal: (p) =>
    `${p['value'] === undefined ? 'this' : `'${p['value']}'`} ${
      p['reason'] === 'places'
        ? `has more than ${p['limit']} decimals`
        : p['reason'] === 'digits'
          ? `has more than ${p['limit']} significant digits`
          : 'is not a decimal number (write 0.25, "0.25" or "0,25")'
    }`,
  inexact_number: (p) =>
    `the number ${p['value']} cannot be read exactly (${p['detail']}); write the decimal as text, e.g. "0.25"`,
  invalid_code: (p) => p['detail'] ?? 'a code must be a non-empty string',
  invalid_text: (p) =>
    `the text holds ${p['character']} at position ${p['position']}, a control or invisible character that cannot be meant; remove it`,
  duplicate_code: (p) => `code '${p['code']}' is used twice in the criteria set (first at ${p['first']})`,
  leaf_without_max: (p) => `criterion '${p['code']}' has no children, so it needs a max`,
  max_below_children: (p) =>
    `criterion '${p['code']}' declares max ${p['max']}, below the sum of its children's maxima ${p['sum']}`,
  invalid_classes: (p) => p['detail'] ?? 'invalid classification bands',
  invalid_rounding: (p) => p['detail'] ?? 'invalid rounding settings',
  unknown_rule: (p) => `unknown rule kind '${p['kind']}' (known: ${p['known']})`,
  invalid_rule: (p) => `rule '${p['kind']}' is not valid here: ${p['detail']}`,
  unknown_criteria_set: (p) => `no criteria set with id '${p['id']}' is known`,
  conflicting_criteria_set: (p) =>
    `criteria set '${p['id']}' is given again with other contents (${p['held'] ? 'the server holds a set with this id' : `first at ${p['first']}`}); one id names one set, so give this version an id of its own`,
  criteria_set_mismatch: (p) =>
    `the assessment names criteria set '${p['named']}', but '${p['given']}' was given`,
  unknown_code: (p) => `the criteria set has no criterion '${p['code']}'`,
  negative_score: (p) => `score ${p['score']} is negative`,
  score_above_max: (p) => `score ${p['score']} is above the max ${p['max']}`,
  max_above_set_max: (p) => `applicable max ${p['max']} is above the criteria set's max ${p['setMax']}`,
  score_off_step: (p) => p['detail'] ?? 'the score is not a multiple of the step',
  no_rule_for_facts: (p) => `criterion '${p['code']}' has no rule, so it takes a score, not facts`,
  invalid_facts: (p) => `facts do not fit rule '${p['kind']}': ${p['detail']}`,
  empty_entry: () => 'an entry needs one of score, facts or notApplicable',
  conflicting_entries: (p) => p['detail'] ?? 'entries contradict each other',
  inconsistent_parent: (p) =>
    `'${p['code']}' is scored directly as ${p['score']}/${p['max']}, but its items add up to ${p['sum']}/${p['sumMax']}`,
  unscored: (p) =>
    p['unlisted'] === 'true'
      ? `the unlisted items of '${p['code']}' (${p['max']} points) are not scored; score the parent directly or set unscored: full`
      : `criterion '${p['code']}' is not scored; add an entry or set unscored: full`,
  zero_applicable_max: () =>
    'nothing applies to this unit: the applicable max is 0, so no index can be computed',
  invalid_sheet: (p) => SHEET_PROBLEMS_EN[p['problem'] as SheetProblem]?.(p) ?? 'the workbook cannot be read',
  invalid_survey: (p) => SURVEY_PROBLEMS_EN[p['problem'] as SurveyProblem]?.(p) ?? 'invalid survey',
};

/** A decimal as Vietnamese text writes it: `0,25` (codes such as `1.2.1` are never passed here). */
function vn(value: string | undefined): string {
  return value === undefined ? '' : decimalComma(value);
}

/** Decimals inside a phrase, written with a comma: `0.25` → `0,25`, but not the code `1.2.1`. */
function vnNumbers(text: string): string {
  return text.replace(/(?<![\d.])(\d+)\.(\d+)(?![\d.])/g, '$1,$2');
}

const TYPES_VI: Readonly<Record<string, string>> = {
  'a number': 'một số',
  text: 'văn bản',
  'an object': 'một đối tượng',
  'a list': 'một danh sách',
  'true or false': 'true hoặc false',
  'a whole number': 'một số nguyên',
};

/**
 * The details that cchc's own checks (and zod's, as cchc words them) put in an issue, in Vietnamese: one
 * phrasebook, so that a Vietnamese message is Vietnamese throughout. A detail it does not know (a custom
 * rule's own words) is kept as written.
 */
const DETAILS_VI: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [
    /^score (\S+) is not a multiple of the step (\S+)$/,
    (score, step) => `điểm ${vn(score)} không phải bội số của bước chấm ${vn(step)}`,
  ],
  [/^expected (.+)$/, (type) => `cần ${TYPES_VI[type] ?? type}`],
  [/^Too small: expected (?:number|int) to be >=?(\S+)$/, (min) => `phải từ ${vn(min)} trở lên`],
  [/^Too small: expected number to be >(\S+)$/, (min) => `phải lớn hơn ${vn(min)}`],
  [/^Too big: expected (?:number|int) to be <=?(\S+)$/, (max) => `phải không quá ${vn(max)}`],
  [/^Too small: expected array to have >=?(\d+) items?$/, (min) => `cần ít nhất ${min} mục`],
  [/^Invalid option: expected one of (.+)$/, (options) => `phải là một trong ${options}`],
  [/^Invalid input$/, () => 'giá trị không hợp lệ'],
  [/^must not be negative$/, () => 'không được là số âm'],
  [/^must not be empty$/, () => 'không được để trống'],
  [/^a percentage between 0 and 100$/, () => 'là tỷ lệ phần trăm từ 0 đến 100'],
  [/^a count is at most (\d+)$/, (max) => `số lượng không quá ${Number(max).toLocaleString('vi-VN')}`],
  [/^a date is written YYYY-MM-DD$/, () => 'ngày viết theo dạng YYYY-MM-DD'],
  [/^not a date of the calendar$/, () => 'không phải là ngày có thật'],
  [/^an id is a slug: .*$/, () => 'mã chỉ gồm chữ thường, chữ số, ".", "_" và "-"'],
  [
    /^a code is a non-empty string such as "1\.2\.1"$/,
    () => 'mã tiêu chí là chuỗi không rỗng, ví dụ "1.2.1"',
  ],
  [/^give \{ percent \} or \{ count, total \}$/, () => 'cho { percent } hoặc { count, total }'],
  [
    /^give \{ met \}, \{ percent \} or \{ count, total \}$/,
    () => 'cho { met }, { percent } hoặc { count, total }',
  ],
  [/^(count|completed) must not exceed total$/, (field) => `${field} không được lớn hơn total`],
  [/^no respondent$/, () => 'không có người trả lời nào'],
  [
    /^unknown answer '(.*)' \(answers: (.*)\)$/,
    (answer, known) => `không có phương án trả lời '${answer}' (có: ${known})`,
  ],
  [/^unknown level '(.*)' \(levels: (.*)\)$/, (level, known) => `không có mức '${level}' (có: ${known})`],
  [/^lateWeight is between 0 and 1$/, () => 'lateWeight từ 0 đến 1'],
  [/^the step must be positive$/, () => 'bước chấm phải lớn hơn 0'],
  [/^this rule takes a score, not facts$/, () => 'cách tính này nhận điểm, không nhận số liệu'],
  [
    /^(tier|breakpoint) (\d+) gives (\S+), above the max$/,
    (what, position, points) =>
      // Counted from 1, as a form's lines are.
      `${what === 'tier' ? 'mức' : 'điểm mốc'} thứ ${Number(position) + 1} cho ${vn(points)} điểm, vượt điểm tối đa`,
  ],
  [/^tiers must be ordered by min, highest first$/, () => 'các mức phải xếp theo tỷ lệ, từ cao xuống thấp'],
  [/^breakpoints must be in ascending order of from$/, () => 'các điểm mốc phải xếp theo giá trị, tăng dần'],
  [
    /^a rule belongs on a criterion without children$/,
    () => 'cách tính điểm chỉ đặt ở tiêu chí không có tiêu chí con',
  ],
  [/^a lower bound is between 0 and 100$/, () => 'ngưỡng dưới từ 0 đến 100'],
  [
    /^classes go from best to worst.*$/,
    () => 'các loại xếp từ cao xuống thấp: mỗi min phải nhỏ hơn min trước đó (các khoảng không chồng nhau)',
  ],
  [/^label '(.*)' is used twice$/, (label) => `nhãn '${label}' bị dùng hai lần`],
  [
    /^notApplicable cannot go with score, facts or max$/,
    () => 'notApplicable không đi cùng score, facts hoặc max',
  ],
  [
    /^'(.*)' is inside '(.*)', which is not applicable$/,
    (code, parent) => `'${code}' nằm trong '${parent}', là tiêu chí không áp dụng`,
  ],
  [
    /^the rule computed (\S+), outside 0…(\S+)$/,
    (score, max) => `cách tính cho ra ${vn(score)}, ngoài khoảng 0…${vn(max)}`,
  ],
  [/^give the date, or the year of a draft$/, () => 'cho ngày ban hành, hoặc năm của bản dự thảo'],
  [
    /^a login is 3 to 64 letters.*$/,
    () =>
      'tên đăng nhập gồm 3 đến 64 chữ cái, chữ số, ".", "_", "-" hoặc "@", bắt đầu bằng chữ cái hoặc chữ số',
  ],
  [
    /^a role is admin, appraiser, appraiser:<codes>, unit:<id> or agency:<name>$/,
    () => 'vai trò là quản trị, thẩm định, đơn vị hoặc cơ quan',
  ],
  [/^the login is given twice$/, () => 'tên đăng nhập bị trùng'],
  [/^this login has an account already$/, () => 'tên đăng nhập này đã có tài khoản'],
  [/^unit '(.*)' is not in the register$/, (unit) => `đơn vị '${unit}' không có trong danh sách đơn vị`],
  [/^Invalid email address$/, () => 'địa chỉ thư điện tử không hợp lệ'],
  [/^no scored result for unit '(.*)'$/, (unit) => `không có kết quả chấm điểm của đơn vị '${unit}'`],
  [
    /^a published figure is a decimal, or \{ achieved, max \}$/,
    () => 'số liệu công bố là một số thập phân, hoặc { achieved, max }',
  ],
];

/** A detail in Vietnamese, by the phrasebook; as written when it has no entry. */
function detailVi(detail: string | undefined): string {
  if (detail === undefined) return '';
  for (const [pattern, word] of DETAILS_VI) {
    const match = pattern.exec(detail);
    if (match) return word(...match.slice(1));
  }
  return detail;
}

const VI: MessageTable = {
  unreadable: (p) => `không đọc được ${p['file']}: ${p['detail']}`,
  invalid_syntax: (p) => `không đọc được tài liệu dạng ${p['format'] ?? 'JSON hoặc YAML'}: ${p['detail']}`,
  forbidden_key: (p) => `khóa '${p['key']}' không được phép trong tài liệu`,
  too_large: (p) =>
    `tài liệu quá lớn: ${TOO_LARGE_VI[p['limit'] ?? ''] ?? p['detail'] ?? ''}${p['max'] ?? ''}${TOO_LARGE_TAIL_VI[p['limit'] ?? ''] ?? ''}${at(p, 'dòng', 'cột')}`,
  invalid_type: (p) =>
    `sai kiểu dữ liệu, cần ${TYPES_VI[p['expected'] ?? ''] ?? p['expected'] ?? 'kiểu khác'}`,
  required: () => 'bắt buộc phải có',
  unknown_key: (p) =>
    `khóa '${p['key']}' không được hỗ trợ${/^\d+$/.test(p['key'] ?? '') ? ` (trong { … } của YAML, dấu phẩy thập phân tách mục: viết "0,25" trong ngoặc kép, hoặc 0.25)` : ''}`,
  invalid_value: (p) => `giá trị không hợp lệ${p['detail'] ? `: ${detailVi(p['detail'])}` : ''}`,
  invalid_decimal: (p) =>
    `${p['value'] === undefined ? 'giá trị này' : `'${p['value']}'`} ${
      p['reason'] === 'places'
        ? `có quá ${p['limit']} chữ số thập phân`
        : p['reason'] === 'digits'
          ? `có quá ${p['limit']} chữ số có nghĩa`
          : 'không phải là số thập phân (viết 0,25 hoặc 0.25; trong JSON viết "0,25")'
    }`,
  inexact_number: (p) =>
    `số ${p['value']} không đọc được chính xác (số JSON được đọc thành số thực dấu phẩy động); hãy viết số thập phân dưới dạng chuỗi, ví dụ "0,25"`,
  invalid_code: (p) => (p['detail'] ? detailVi(p['detail']) : 'mã tiêu chí phải là chuỗi không rỗng'),
  invalid_text: (p) =>
    `văn bản chứa ký tự ${p['character']} ở vị trí ${p['position']}, là ký tự điều khiển hoặc ký tự ẩn không được phép; hãy xóa ký tự này`,
  duplicate_code: (p) => `mã '${p['code']}' bị trùng trong bộ tiêu chí (lần đầu tại ${p['first']})`,
  leaf_without_max: (p) => `tiêu chí '${p['code']}' không có tiêu chí con nên phải có điểm tối đa`,
  max_below_children: (p) =>
    `tiêu chí '${p['code']}' có điểm tối đa ${vn(p['max'])}, nhỏ hơn tổng điểm tối đa của các tiêu chí con ${vn(p['sum'])}`,
  invalid_classes: (p) => `thang xếp loại không hợp lệ${p['detail'] ? `: ${detailVi(p['detail'])}` : ''}`,
  invalid_rounding: (p) => `cách làm tròn không hợp lệ${p['detail'] ? `: ${detailVi(p['detail'])}` : ''}`,
  unknown_rule: (p) => `không có cách tính điểm '${p['kind']}' (có: ${p['known']})`,
  invalid_rule: (p) => `cách tính điểm '${p['kind']}' không hợp lệ: ${vnNumbers(detailVi(p['detail']))}`,
  unknown_criteria_set: (p) => `không tìm thấy bộ tiêu chí '${p['id']}'`,
  conflicting_criteria_set: (p) =>
    `bộ tiêu chí '${p['id']}' được gửi lại với nội dung khác (${p['held'] ? 'máy chủ đã có bộ tiêu chí mang mã này' : `lần đầu tại ${p['first']}`}); mỗi mã chỉ dùng cho một bộ tiêu chí, hãy đặt mã khác cho phiên bản này`,
  criteria_set_mismatch: (p) =>
    `bản chấm điểm dùng bộ tiêu chí '${p['named']}' nhưng bộ được cung cấp là '${p['given']}'`,
  unknown_code: (p) => `bộ tiêu chí không có tiêu chí '${p['code']}'`,
  negative_score: (p) => `điểm ${vn(p['score'])} là số âm`,
  score_above_max: (p) => `điểm ${vn(p['score'])} vượt điểm tối đa ${vn(p['max'])}`,
  max_above_set_max: (p) =>
    `điểm tối đa áp dụng ${vn(p['max'])} vượt điểm tối đa của bộ tiêu chí ${vn(p['setMax'])}`,
  score_off_step: (p) => (p['detail'] ? detailVi(p['detail']) : 'điểm không đúng bước chấm'),
  no_rule_for_facts: (p) => `tiêu chí '${p['code']}' không có cách tính điểm, cần nhập điểm trực tiếp`,
  invalid_facts: (p) =>
    `số liệu không phù hợp với cách tính '${p['kind']}': ${vnNumbers(detailVi(p['detail']))}`,
  empty_entry: () => 'mỗi mục cần có điểm (score), số liệu (facts) hoặc notApplicable',
  conflicting_entries: (p) =>
    `các mục chấm điểm mâu thuẫn nhau${p['detail'] ? `: ${detailVi(p['detail'])}` : ''}`,
  inconsistent_parent: (p) =>
    `'${p['code']}' được chấm trực tiếp ${vn(p['score'])}/${vn(p['max'])} nhưng các tiêu chí con cộng lại ${vn(p['sum'])}/${vn(p['sumMax'])}`,
  unscored: (p) =>
    p['unlisted'] === 'true'
      ? `các nội dung không liệt kê của '${p['code']}' (${vn(p['max'])} điểm) chưa được chấm`
      : `tiêu chí '${p['code']}' chưa được chấm điểm; thêm mục chấm hoặc đặt unscored: full`,
  zero_applicable_max: () =>
    'không có tiêu chí nào áp dụng cho đơn vị: điểm tối đa áp dụng bằng 0, không tính được chỉ số',
  invalid_sheet: (p) => SHEET_PROBLEMS_VI[p['problem'] as SheetProblem]?.(p) ?? 'không đọc được bảng tính',
  invalid_survey: (p) =>
    SURVEY_PROBLEMS_VI[p['problem'] as SurveyProblem]?.(p) ?? 'cuộc khảo sát không hợp lệ',
};

const TABLES: Record<Locale, MessageTable> = { en: EN, vi: VI };

/** Params with every value as text, as the message tables read them. */
function asText(params: IssueParams): Params {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) text[name] = String(value);
  return text;
}

/** Builds an issue with its English message. */
export function issue(code: IssueCode, path: DocumentPath, params: IssueParams = {}): Issue {
  const message = EN[code](asText(params));
  return Object.keys(params).length > 0 ? { code, path, message, params } : { code, path, message };
}

/**
 * The message of an issue in the given locale.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { issueMessage, parseCriteriaSet } from '@cchc/core';
 * const parsed = parseCriteriaSet({ id: 'x', title: 'X', classes: [{ label: 'Đạt', min: 0 }], criteria: [{ code: '1', name: 'A' }] });
 * assert.ok(!parsed.success);
 * assert.equal(issueMessage(parsed.issues[0]!, 'vi'), "tiêu chí '1' không có tiêu chí con nên phải có điểm tối đa");
 * ```
 */
export function issueMessage(found: Issue, locale: Locale = 'en'): string {
  if (locale === 'en') return found.message;
  return TABLES[locale][found.code](asText(found.params ?? {}));
}

/**
 * A path as people read it: `entries["1.2.1"].score`, `criteria[0].children[2].max`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatPath } from '@cchc/core';
 * assert.equal(formatPath(['assessments', 2, 'entries', '1.2.1', 'score']), 'assessments[2].entries["1.2.1"].score');
 * ```
 */
export function formatPath(path: DocumentPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(document)' : text;
}

/**
 * An issue as a readable line: where (its cell in a workbook, else its path), then its message.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatIssue, parseAssessment } from '@cchc/core';
 * const read = parseAssessment({ criteriaSet: 'x', unit: { id: 'a', name: 'A' }, period: 2024, entries: { '1.1': { score: '1.000,5' } } });
 * assert.ok(!read.success);
 * assert.match(formatIssue(read.issues[0]!, 'vi'), /^entries\["1\.1"\]\.score: '1\.000,5' không phải là số thập phân/);
 * ```
 */
export function formatIssue(found: Issue, locale: Locale = 'en'): string {
  return `${found.cell ?? formatPath(found.path)}: ${issueMessage(found, locale)}`;
}

/** Issues as readable lines, one per issue: `path: message` (`cell: message` for a workbook's). */
export function formatIssues(issues: readonly Issue[], locale: Locale = 'en'): string {
  return issues.map((found) => formatIssue(found, locale)).join('\n');
}

/** What a fallible step of the library returns: the value, or every issue found. */
export type Outcome<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly Issue[] };

export function succeed<T>(data: T): Outcome<T> {
  return { success: true, data };
}

export function fail<T>(issues: readonly Issue[]): Outcome<T> {
  return { success: false, issues };
}

/** Thrown by `unwrap` for an outcome that failed; carries every issue. */
export class CchcValidationError extends Error {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super(`invalid document:\n${formatIssues(issues)}`);
    this.name = 'CchcValidationError';
    this.issues = issues;
  }
}

/**
 * The data of an outcome, or a CchcValidationError with its issues.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { CchcValidationError, parseCriteriaSet, unwrap } from '@cchc/core';
 * assert.throws(() => unwrap(parseCriteriaSet({ id: 'x' })), CchcValidationError);
 * ```
 */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.success) return outcome.data;
  throw new CchcValidationError(outcome.issues);
}

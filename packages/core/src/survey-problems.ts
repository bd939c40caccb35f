/**
 * What can be wrong with a survey plan or a survey response (see survey.ts), as the `problem` of an
 * `invalid_survey` issue, with its words in each language. The issue's `path` says where.
 */
export type SurveyProblem =
  | 'not_survey_criterion'
  | 'group_twice'
  | 'unit_twice'
  | 'question_twice'
  | 'unknown_group'
  | 'unit_not_rated'
  | 'question_not_asked'
  | 'unknown_option'
  | 'too_many'
  | 'not_a_count'
  | 'counts_exceed';

type Words = Readonly<Record<SurveyProblem, (p: Readonly<Record<string, string>>) => string>>;

/** The things a `too_many` problem counts, with their words in each language. */
const COUNTED_EN: Readonly<Record<string, string>> = {
  groups: 'respondent groups',
  units: 'units rated by one group',
  questions: 'questions on one form',
  answers: 'answers in one response',
};
const COUNTED_VI: Readonly<Record<string, string>> = {
  groups: 'nhóm người trả lời',
  units: 'đơn vị được một nhóm đánh giá',
  questions: 'câu hỏi trên một phiếu',
  answers: 'câu trả lời trong một phiếu',
};

export const SURVEY_PROBLEMS_EN: Words = {
  not_survey_criterion: (p) =>
    `criterion '${p['code']}' is not scored by survey (its rule is ${p['kind'] ? `'${p['kind']}'` : 'none'}): a question can only be tied to a criterion whose rule is 'survey'`,
  group_twice: (p) => `the group '${p['group']}' is planned twice`,
  unit_twice: (p) => `the unit '${p['unit']}' is listed twice`,
  question_twice: (p) => `criterion '${p['code']}' is asked twice on one form`,
  unknown_group: (p) => `the survey has no group '${p['group']}'`,
  unit_not_rated: (p) => `the group '${p['group']}' does not rate the unit '${p['unit']}'`,
  question_not_asked: (p) => `the form of '${p['group']}' does not ask about criterion '${p['code']}'`,
  unknown_option: (p) =>
    `'${p['option']}' is not an option of criterion '${p['code']}' (options: ${p['options']})`,
  too_many: (p) => `more than ${p['max']} ${COUNTED_EN[p['what'] ?? ''] ?? p['what']}`,
  not_a_count: (p) => `'${p['value']}' is not a count of respondents (0, 1, 2, … up to ${p['max']})`,
  counts_exceed: (p) =>
    `the options of criterion '${p['code']}' are counted ${p['answered']} times, more than the ${p['respondents']} respondents`,
};

export const SURVEY_PROBLEMS_VI: Words = {
  not_survey_criterion: (p) =>
    `tiêu chí '${p['code']}' không chấm theo phiếu khảo sát: chỉ gắn câu hỏi với tiêu chí có cách tính điểm "Theo phiếu khảo sát"`,
  group_twice: (p) => `nhóm '${p['group']}' bị khai báo hai lần`,
  unit_twice: (p) => `đơn vị '${p['unit']}' bị liệt kê hai lần`,
  question_twice: (p) => `tiêu chí '${p['code']}' được hỏi hai lần trên một phiếu`,
  unknown_group: (p) => `cuộc khảo sát không có nhóm '${p['group']}'`,
  unit_not_rated: (p) => `nhóm '${p['group']}' không đánh giá đơn vị '${p['unit']}'`,
  question_not_asked: (p) => `phiếu của nhóm '${p['group']}' không hỏi về tiêu chí '${p['code']}'`,
  unknown_option: (p) =>
    `'${p['option']}' không phải là phương án của tiêu chí '${p['code']}' (các phương án: ${p['options']})`,
  too_many: (p) => `quá ${p['max']} ${COUNTED_VI[p['what'] ?? ''] ?? p['what']}`,
  not_a_count: (p) => `'${p['value']}' không phải là số người trả lời (0, 1, 2, … đến ${p['max']})`,
  counts_exceed: (p) =>
    `tổng số lượt chọn các phương án của tiêu chí '${p['code']}' là ${p['answered']}, nhiều hơn ${p['respondents']} người trả lời`,
};

import { formatPath, type Issue, type IssueCode, issueMessage, type Locale } from '@cchc/core';
import type { RoundsErrorKind } from '@cchc/rounds';

/** An RFC 9457 problem, as every error of the API is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId?: string;
  /** How many errors there were in all, when more than the problem lists. */
  readonly errorCount?: number;
  readonly errors?: readonly {
    readonly path: string;
    readonly pointer: readonly (string | number)[];
    readonly code: IssueCode;
    readonly message: string;
  }[];
}

export type ProblemKind =
  | 'malformed'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'conflict'
  | 'precondition-failed'
  | 'invalid-document'
  | 'locked'
  | 'timeout'
  | 'busy'
  | 'unavailable'
  | 'internal';

/** The HTTP status of each kind of problem: decided here only, for the API and the pages alike. */
export const STATUS: Readonly<Record<ProblemKind, number>> = {
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'too-large': 413,
  'unsupported-media-type': 415,
  conflict: 409,
  'precondition-failed': 412,
  'invalid-document': 422,
  locked: 423,
  timeout: 503,
  busy: 503,
  unavailable: 503,
  internal: 500,
};

const TITLES: Readonly<Record<Locale, Readonly<Record<ProblemKind, string>>>> = {
  en: {
    malformed: 'Malformed request body',
    unauthorized: 'An API key is needed',
    forbidden: 'Not allowed for this key',
    'not-found': 'Not found',
    'method-not-allowed': 'Method not allowed',
    'too-large': 'Request body too large',
    'unsupported-media-type': 'Unsupported media type',
    conflict: 'Conflict',
    'precondition-failed': 'Changed since you read it',
    'invalid-document': 'Invalid document',
    locked: 'Closed for writing',
    timeout: 'The request took too long',
    busy: 'The server is busy',
    unavailable: 'Not available now',
    internal: 'Internal error',
  },
  vi: {
    malformed: 'Nội dung yêu cầu không đọc được',
    unauthorized: 'Cần khóa API',
    forbidden: 'Khóa này không có quyền',
    'not-found': 'Không tìm thấy',
    'method-not-allowed': 'Phương thức không được hỗ trợ',
    'too-large': 'Nội dung yêu cầu quá lớn',
    'unsupported-media-type': 'Kiểu nội dung không được hỗ trợ',
    conflict: 'Xung đột',
    'precondition-failed': 'Dữ liệu đã thay đổi từ khi bạn mở',
    'invalid-document': 'Tài liệu không hợp lệ',
    locked: 'Đã khóa, không thể ghi',
    timeout: 'Yêu cầu xử lý quá lâu',
    busy: 'Máy chủ đang bận',
    unavailable: 'Hiện không truy cập được',
    internal: 'Lỗi hệ thống',
  },
};

/**
 * The one place where document issues become an HTTP status: a text that cannot be read is a malformed
 * body (400), a document over a limit is too large (413), anything else wrong with a document is 422.
 */
/** The problem a refusal of the stored rounds is answered with (its status is `STATUS` of it). */
export const PROBLEM_OF_REFUSAL: Readonly<Record<RoundsErrorKind, ProblemKind>> = {
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  'precondition-failed': 'precondition-failed',
  locked: 'locked',
  'invalid-document': 'invalid-document',
  'too-large': 'too-large',
  unavailable: 'unavailable',
};

export function problemKindOf(issues: readonly Issue[]): ProblemKind {
  if (issues.some((found) => found.code === 'too_large')) return 'too-large';
  if (issues.some((found) => found.code === 'invalid_syntax' || found.code === 'forbidden_key'))
    return 'malformed';
  return 'invalid-document';
}

/** A problem of `kind`; its `errors` list the first `maxErrors` issues, and `errorCount` says if there were more. */
export function problem(
  kind: ProblemKind,
  locale: Locale,
  detail: string,
  issues: readonly Issue[] = [],
  maxErrors = Number.POSITIVE_INFINITY,
): Problem {
  const body: Problem = {
    type: `urn:cchc:problem:${kind}`,
    title: TITLES[locale][kind],
    status: STATUS[kind],
    detail,
  };
  if (issues.length === 0) return body;
  return {
    ...body,
    ...(issues.length > maxErrors ? { errorCount: issues.length } : {}),
    errors: issues.slice(0, maxErrors).map((found) => ({
      path: formatPath(found.path),
      pointer: found.path,
      code: found.code,
      message: issueMessage(found, locale),
    })),
  };
}

/** A text in each language the API answers in. */
export type Localized = Readonly<Record<Locale, string>>;

/** The `detail` of each problem the app words itself (a document's own errors are worded by core). */
export const DETAILS = {
  documentErrors: (count: number): Localized => ({
    en: count === 1 ? 'the document has an error' : `the document has ${count} errors`,
    vi: `tài liệu có ${count} lỗi`,
  }),
  mediaType: (): Localized => ({
    en: 'send application/json or application/yaml',
    vi: 'hãy gửi nội dung dạng application/json hoặc application/yaml',
  }),
  bodyTooLarge: (max: number): Localized => ({
    en: `the body is over ${max} bytes`,
    vi: `nội dung yêu cầu vượt quá ${max} byte`,
  }),
  yamlTooLarge: (max: number): Localized => ({
    en: `a YAML body is at most ${max} characters; send a larger document as JSON`,
    vi: `nội dung YAML tối đa ${max} ký tự; tài liệu lớn hơn hãy gửi dạng JSON`,
  }),
  queryValue: (name: string, values: readonly string[]): Localized => ({
    en: `the query parameter ${name} is one of ${values.join(', ')}`,
    vi: `tham số ${name} phải là một trong ${values.join(', ')}`,
  }),
  noCriteriaSet: (id: string): Localized => ({
    en: `no criteria set with id '${id}'`,
    vi: `không có bộ tiêu chí mang mã '${id}'`,
  }),
  renderTimeout: (ms: number): Localized => ({
    en: `rendering took longer than ${ms} ms`,
    vi: `việc tạo báo cáo mất hơn ${ms} ms`,
  }),
  renderBusy: (seconds: number): Localized => ({
    en: `every renderer is busy; try again in ${seconds} s`,
    vi: `các tiến trình tạo báo cáo đều đang bận; hãy thử lại sau ${seconds} giây`,
  }),
  methodNotAllowed: (method: string, allowed: readonly string[]): Localized => ({
    en: `${method} is not allowed here; use ${allowed.join(', ')}`,
    vi: `không dùng được ${method} ở đây; hãy dùng ${allowed.join(', ')}`,
  }),
  noRoute: (method: string, path: string): Localized => ({
    en: `no route ${method} ${path}`,
    vi: `không có đường dẫn ${method} ${path}`,
  }),
  internal: (requestId: string): Localized => ({
    en: `an unexpected fault; quote request id ${requestId}`,
    vi: `lỗi không lường trước; hãy báo mã yêu cầu ${requestId}`,
  }),
} as const;

/** The locale asked for by `Accept-Language`: Vietnamese when it comes before English, else English. */
export function localeOf(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
      const quality = parameters.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find((q) => q !== undefined);
      return { tag, quality: quality === undefined ? 1 : Number(quality) };
    })
    .sort((a, b) => b.quality - a.quality);
  const first = ranked.find((entry) => entry.tag.startsWith('vi') || entry.tag.startsWith('en'));
  return first?.tag.startsWith('vi') ? 'vi' : 'en';
}

/**
 * A problem a handler cannot go on from, thrown: the app's one `onError` answers it as problem+json with its
 * kind's status. What a client can act on goes with it: the issues with their paths, members of its own
 * (`extensions`) and headers such as `Retry-After`.
 */
export class ProblemError extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: Localized,
    readonly issues: readonly Issue[] = [],
    readonly extensions: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail.en);
    this.name = 'ProblemError';
  }
}

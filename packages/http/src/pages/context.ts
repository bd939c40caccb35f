import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type CriteriaSet,
  Decimal,
  deadlineDate,
  deadlineInstant,
  formatShortDate,
  isPast,
  issueMessage,
  type ResultNodeJson,
  vietnamClock,
  vietnamDate,
} from '@cchc/core';
import type { PlanState, TaskState } from '@cchc/core/remediation';
import {
  type Caller,
  type KeyRing,
  type Layer,
  may,
  type Notice,
  type Rounds,
  RoundsError,
  type RoundView,
  roleText,
  type SignedIn,
  type StoredLayer,
} from '@cchc/rounds';
import type { Context } from 'hono';
import qrcode from 'qrcode-generator';
import { type BodyReader, type BodyStreamer, bodyText } from '../body.js';
import { Html, html } from '../html.js';
import { PROBLEM_OF_REFUSAL, STATUS } from '../problem.js';

export interface PagesOptions {
  readonly rounds: Rounds;
  readonly keys: KeyRing;
  /** Signs sessions and form tokens. Give the same secret to every process behind one address. */
  readonly secret: string | Uint8Array;
  /** Largest form body, in bytes. */
  readonly maxBytes: number;
  /** The app's body reader: it stops at `maxBytes`. */
  readonly readBody: BodyReader;
  /** The app's body streamer, for uploads of evidence files (never held whole). */
  readonly streamBody: BodyStreamer;
  /** The largest evidence file, in bytes. */
  readonly fileLimit: number;
  /** The clock (tests set it). */
  readonly now?: () => Date;
  /** How long a session lasts without a request, in minutes (default 480: a working day); each request restarts it. */
  readonly idleMinutes?: number;
  /** Whether a reverse proxy in front says who asked (`X-Forwarded-For`): sign-ins are then throttled per person's address, not the proxy's. */
  readonly trustProxy?: boolean;
  /** The address people open the pages at, for links handed out (a survey's); default: the request's. */
  readonly publicUrl?: string;
  /** The criteria sets the server holds (the bundled examples, a folder of sets): offered to be stored. */
  readonly heldSets?: ReadonlyMap<string, CriteriaSet>;
  /** The app's own answer for a round's report (DOCX) or results workbook (XLSX). */
  readonly download: (
    c: Context,
    round: string,
    format: 'docx' | 'xlsx',
    caller: Caller,
  ) => Promise<Response>;
  /** The app's own answer for a round's survey report (DOCX). */
  readonly surveyReport: (c: Context, round: string, caller: Caller) => Promise<Response>;
  /** The app's own answer for a unit's score sheet (XLSX). */
  readonly sheetDownload: (
    c: Context,
    round: string,
    unit: string,
    layer: Layer,
    caller: Caller,
  ) => Promise<Response>;
}

/** Every page's frame: the head, the header (with what a signed-in session shows there), the title and the body. */
export function pageShell(title: string, header: Html, body: Html): string {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Chỉ số CCHC</title><link rel="stylesheet" href="/app/tai-nguyen/app.css"><script src="/app/tai-nguyen/app.js" defer></script></head>
<body><header><strong>Chỉ số cải cách hành chính</strong>${header}</header>
<main id="noi-dung"><h1>${title}</h1>${body}</main></body></html>`.text;
}

/**
 * The page that says a problem met outside any screen (an address that does not exist, a fault of the
 * server, a download that took too long), in Vietnamese, for an official who followed a link: the app's
 * one `onError` and its not-found answer give it under /app, where the API gives problem+json.
 */
export function problemPage(title: string, text: string): string {
  return pageShell(
    title,
    html``,
    html`<p class="loi">${text.charAt(0).toUpperCase()}${text.slice(1)}</p><p><a href="/app">Về trang tổng quan</a></p>`,
  );
}

export const SESSION_COOKIE = 'cchc_phien';
/** Where a person changes their password; a one-time password leads there before anything else. */
export const PASSWORD_PATH = '/app/doi-mat-khau';
export const LOGIN_COOKIE = 'cchc_dang_nhap';
/** A sign-in whose password was right, waiting for its second factor: the store's challenge. */
export const CHALLENGE_COOKIE = 'cchc_buoc_hai';
/** How long a session lasts without a request, unless the app says otherwise: a working day. */
export const DEFAULT_IDLE_MINUTES = 8 * 60;

/**
 * Notices as a board lists them: each titled, its text in its own lines, who posted it and when; with
 * `remove`, the form that takes each down (an admin's page).
 */
export function noticeList(notices: readonly Notice[], remove?: (notice: Notice) => Html): Html {
  return html`${notices.map(
    (notice) => html`<article class="the" id="tb-${notice.id}"><h3>${notice.title}</h3>
${notice.text.split(/\r?\n/).map((line) => html`<p>${line}</p>`)}
<p class="goi-y">${notice.key}, ${vietnamTime(notice.at)}${notice.public && remove ? '. Công khai trên trang đăng nhập' : ''}.</p>${remove ? remove(notice) : ''}</article>`,
  )}`;
}

/** The state of a unit's self-assessment, as offices say it. */
export function unitState(round: RoundView, unit: RoundView['unitStates'][number], now: Date): string {
  if (round.published) return 'Đã công bố kết quả';
  if (unit.pendingExplanations > 0) return `Còn ${unit.pendingExplanations} yêu cầu giải trình chưa trả lời`;
  if (unit.submitted) return unit.appraised ? 'Đã chốt; đã có điểm thẩm định' : 'Đã chốt';
  if (isPast(round.deadlines.self, now)) return 'Đã qua hạn tự chấm điểm';
  return unit.self ? 'Đã chấm điểm' : 'Chưa chấm điểm';
}

/**
 * A QR code of a text (an address), as SVG made from its modules: nothing of a request goes into the markup
 * but the modules. `cellSize` and `margin` in modules.
 */
export function qrPicture(text: string, cellSize: number, margin: number): Html {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return new Html(qr.createSvgTag({ cellSize, margin, scalable: true }));
}

/** `12/8/2022 lúc 17:00` in Vietnam's time. */
export function vietnamTime(instant: string | Date): string {
  const date = vietnamDate(new Date(instant));
  return `${date.day}/${date.month}/${date.year} lúc ${vietnamClock(new Date(instant))}`;
}

/** A deadline's day as official text writes it: `12/8/2022`. */
export function deadlineDay(deadline: string): string {
  const day = deadlineDate(deadline);
  return day ? formatShortDate(day) : deadline;
}

/** `còn 3 ngày`, `còn 5 giờ`, `đã quá hạn`. */
export function timeLeft(deadline: string, now: Date): string {
  const ms = deadlineInstant(deadline).getTime() - now.getTime();
  if (ms < 0) return 'đã quá hạn';
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 48 ? `còn ${Math.floor(hours / 24)} ngày` : `còn ${hours} giờ`;
}

/** The status of a page that says a refusal of the rounds: the API's for the same refusal. */
export const statusOfRefusal = (kind: RoundsError['kind']): number => STATUS[PROBLEM_OF_REFUSAL[kind]];

/** The address the pages are opened at, for links handed out: the configured one, else the request's. */
export const publicOrigin = (requestUrl: string, publicUrl: string | undefined) =>
  publicUrl?.replace(/\/+$/, '') ?? new URL(requestUrl).origin;

export const roundPath = (round: string) => `/app/dot/${encodeURIComponent(round)}`;
/** A layer by the last part of a sheet's address: a Map, so that `constructor` or `__proto__` is no layer. */
export const LAYER_OF_PATH: ReadonlyMap<string, Layer> = new Map([
  ['tu-cham', 'self'],
  ['tham-dinh-lan-1', 'appraised-1'],
  ['tham-dinh', 'appraised'],
]);
export const PATH_OF_LAYER: Readonly<Record<Layer, string>> = {
  self: 'tu-cham',
  'appraised-1': 'tham-dinh-lan-1',
  appraised: 'tham-dinh',
};
/** A sheet's name as its page title says it: the last pass of two is "lần 2". */
export const sheetName = (layer: Layer, passes: 1 | 2) =>
  layer === 'self'
    ? 'Phiếu tự chấm điểm'
    : layer === 'appraised-1'
      ? 'Phiếu thẩm định lần 1'
      : passes === 2
        ? 'Phiếu thẩm định lần 2'
        : 'Phiếu thẩm định';
/** A remediation plan's and a task's state, as the follow-up page names them. */
export const PLAN_STATE_NAMES: Readonly<Record<PlanState, string>> = {
  'on-time': 'Đúng hạn',
  late: 'Chậm',
  missing: 'Chưa gửi',
  pending: 'Chưa đến hạn',
};
export const TASK_STATE_NAMES: Readonly<Record<TaskState, string>> = {
  done: 'Đã hoàn thành',
  overdue: 'Quá hạn',
  open: 'Đang thực hiện',
};

/** `b − a` of two decimal texts, exactly. */
export const decimalDifference = (b: string, a: string): string => new Decimal(b).minus(a).toFixed();

/** A stored layer's figures by code: each node's achieved points and applicable max, as decimal text. */
export function nodesOf(
  stored: StoredLayer | undefined,
): Map<string, { achieved: string | null; max: string }> {
  const found = new Map<string, { achieved: string | null; max: string }>();
  const visit = (nodes: readonly ResultNodeJson[] = []) => {
    for (const node of nodes) {
      found.set(node.code, node);
      visit(node.children);
    }
  };
  visit(stored?.result.nodes);
  // Bonus and penalty claims read as items: their points by their code.
  for (const adjustment of stored?.result.adjustments ?? [])
    found.set(adjustment.code, { achieved: adjustment.points, max: adjustment.max });
  return found;
}

/** What the pages' app carries per request (Hono's variables). */
export type PagesEnv = { Variables: Record<string, unknown> };

/** A signed-in session: who, its id, and when it expires. */
export interface Session {
  readonly caller: Caller;
  /** The session's id; it ties the forms' token to this session. */
  readonly nonce: string;
  /** When it expires, in milliseconds since 1970. */
  readonly expires: number;
  /** A person's account the session is of (none: an API key's), and whether its password must be changed first. */
  readonly account?: { readonly login: string; readonly epoch: number; readonly mustChange: boolean };
}

/** A form as posted: its text fields, and the files of a multipart form by field name. */
interface PostedForm {
  readonly fields: URLSearchParams;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** A refusal of a form in Vietnamese: why, then each problem of the document it names. */
export const refusalWords = (error: RoundsError): string =>
  [error.vi, ...error.issues.map((found) => issueMessage(found, 'vi'))].join('; ');

/**
 * The authority a record belongs to, as a form's field: an admin of every authority types it (empty: every
 * authority); a limited admin sees its own, which is the only one it may give.
 */
export function authorityField(
  caller: Caller,
  /** `whenEmpty`: what an empty field means; none: the field is required. */
  field: { readonly name: string; readonly label: string; readonly whenEmpty?: string },
  sent: string,
  known: readonly string[],
): Html {
  if (caller.authority !== undefined)
    return html`<p>${field.label}: <strong>${caller.authority}</strong></p><input type="hidden" name="${field.name}" value="${caller.authority}">`;
  return html`<label for="${field.name}">${field.label}${field.whenEmpty ? ` (để trống: ${field.whenEmpty})` : ''}</label><input id="${field.name}" name="${field.name}" type="text" list="${field.name}-goi-y"${field.whenEmpty ? '' : html` required`} value="${sent}"><datalist id="${field.name}-goi-y">${known.map((name) => html`<option value="${name}"></option>`)}</datalist>`;
}

/** A deadline as a date input holds it: its day in Vietnam, `2022-01-20` (empty when there is none). */
export function dateInputOf(deadline: string | undefined): string {
  const day = deadline === undefined ? undefined : deadlineDate(deadline);
  if (!day) return '';
  return `${day.year}-${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`;
}

/** The lines of a text area, trimmed, the empty ones left out. */
export const linesOf = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** What a session's cookie holds, signed: a person's login and epoch, or a key's name, role and mark. */
type SessionCookie =
  | { readonly login: string; readonly epoch: number; readonly expires: number; readonly nonce: string }
  | {
      readonly name: string;
      readonly role: string;
      readonly mark: string;
      readonly expires: number;
      readonly nonce: string;
    };

/**
 * What every screen shares: the store, the keys and the clock, sessions and their cookies, the layout of a
 * page, forms within their limit and with their token, and the pages that refuse.
 */
export function pagesContext<E extends PagesEnv>(options: PagesOptions) {
  const { rounds, keys } = options;
  const now = options.now ?? (() => new Date());
  const sign = (text: string) => createHmac('sha256', options.secret).update(text).digest('base64url');
  /** Constant-time equality of two texts, by their bytes (equal lengths in characters can differ in bytes). */
  const same = (a: string, b: string) => {
    const [left, right] = [Buffer.from(a), Buffer.from(b)];
    return left.length === right.length && timingSafeEqual(left, right);
  };

  const cookieOf = (c: Context<E>, name: string) =>
    (c.req.header('cookie') ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name}=`))
      ?.slice(name.length + 1);

  /** Secure when the page was asked over HTTPS (directly, or through a proxy that says so). */
  const secure = (c: Context<E>) =>
    new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  const setCookie = (c: Context<E>, name: string, value: string, maxAge: number) =>
    c.header(
      'Set-Cookie',
      `${name}=${value}; Path=/app; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure(c) ? '; Secure' : ''}`,
      { append: true },
    );

  /** The session a request's cookie holds: signed, not expired, not ended, its key unchanged. */
  const sessionOf = async (c: Context<E>): Promise<Session | undefined> => {
    const cookie = cookieOf(c, SESSION_COOKIE);
    const [payload, signature] = cookie?.split('.') ?? [];
    if (!payload || !signature || !same(sign(payload), signature)) return undefined;
    let data: SessionCookie;
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!(data.expires >= now().getTime())) return undefined;
    // Signed out: every process on the store refuses the cookie, replayed or not.
    if (await rounds.sessionEnded(data.nonce)) return undefined;
    if ('login' in data) {
      // A person's session stands while their account's epoch does: a new password, role or a
      // deactivation ends it, on every process.
      const account = await rounds.accountSession(data.login, data.epoch);
      if (!account) return undefined;
      return {
        caller: account.caller,
        nonce: data.nonce,
        expires: data.expires,
        account: { login: account.login, epoch: account.epoch, mustChange: account.mustChange },
      };
    }
    // The key may have been removed, given another role or rotated since: then the session ends.
    const caller = keys.callerNamed(data.name, data.role);
    if (!caller || keys.keyMark(data.name, data.role) !== data.mark) return undefined;
    return { caller, nonce: data.nonce, expires: data.expires };
  };

  const idleMs = (options.idleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000;
  /** When a session opened or used now ends if nothing more is asked. */
  const idleDeadline = () => now().getTime() + idleMs;
  /** A session in use lasts another idle period: its cookie again, with the later end (a handler's own cookie, set after, wins). */
  const renew = (c: Context<E>, session: Session) => startSession(c, { ...session, expires: idleDeadline() });

  /**
   * Goes on with a session after the person's own change (a new password, a second factor on or off), which
   * ended every other session of theirs: the same session, at the account's new epoch.
   */
  const continueAs = (c: Context<E>, session: Session, person: SignedIn) =>
    startSession(c, {
      caller: person.caller,
      nonce: session.nonce,
      expires: session.expires,
      account: { login: person.login, epoch: person.epoch, mustChange: person.mustChange },
    });

  /** Opens a session: its signed cookie, for a person's account or an API key. */
  const startSession = (c: Context<E>, session: Session) => {
    const { caller, nonce, expires, account } = session;
    const role = roleText(caller.role);
    const cookie: SessionCookie = account
      ? { login: account.login, epoch: account.epoch, expires, nonce }
      : { name: caller.name, role, mark: keys.keyMark(caller.name, role) ?? '', expires, nonce };
    const payload = Buffer.from(JSON.stringify(cookie)).toString('base64url');
    setCookie(
      c,
      SESSION_COOKIE,
      `${payload}.${sign(payload)}`,
      Math.ceil((expires - now().getTime()) / 1000),
    );
  };
  const csrfOf = (session: Session) => sign(`csrf:${session.nonce}`);

  const page = (c: Context<E>, title: string, body: Html, session?: Session, status = 200) => {
    // Assessment data is kept by the server only, never in the browser's cache.
    c.header('Cache-Control', 'no-store');
    const signedIn = session
      ? html`<nav aria-label="Chính"><a href="/app">Tổng quan đợt đánh giá</a> · <a href="/app/thong-bao">Thông báo</a>${may(session.caller, 'manage') ? html` · <a href="/app/bo-tieu-chi">Bộ tiêu chí</a> · <a href="/app/nguoi-dung">Người dùng</a> · <a href="/app/don-vi">Đơn vị</a>` : ''}${session.account ? html` · <a href="/app/tai-khoan">Tài khoản của tôi</a>` : ''}</nav>
<form method="post" action="/app/dang-xuat"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><span>${session.caller.name}${session.caller.authority === undefined ? '' : ` · ${session.caller.authority}`}</span> <button class="phu" type="submit">Đăng xuất</button></form>`
      : html``;
    return c.html(pageShell(title, signedIn, body), status as 200);
  };

  /** The form's fields (application/x-www-form-urlencoded), within the size limit. */
  const formOf = async (c: Context<E>): Promise<URLSearchParams | undefined> => (await postedForm(c))?.fields;

  /**
   * A form as posted, within the size limit: its text fields, and the files of a multipart form (a form
   * with a file input works without script, as a browser sends it).
   */
  const postedForm = async (c: Context<E>): Promise<PostedForm | undefined> => {
    // Read by the app's reader, which stops at the limit (a body without a length is counted as it comes).
    const bytes = await options.readBody(c, options.maxBytes);
    if (bytes === undefined) return undefined;
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('multipart/form-data'))
      return { fields: new URLSearchParams(bodyText(bytes)), files: new Map() };
    const fields = new URLSearchParams();
    const files = new Map<string, Uint8Array>();
    try {
      for (const [name, value] of await new Response(bytes, { headers: { 'content-type': type } }).formData())
        if (typeof value === 'string') fields.append(name, value);
        else files.set(name, new Uint8Array(await value.arrayBuffer()));
    } catch {
      // A body that is no multipart form: no fields, so its token does not match and the post is refused.
    }
    return { fields, files };
  };

  /** The page that refuses a form over the size limit. */
  const tooLarge = (c: Context<E>, session?: Session) =>
    page(c, 'Nội dung quá lớn', html`<p class="loi">Nội dung gửi lên quá lớn.</p>`, session, 413);

  /** A signed-in session whose form token matches, or the page that refuses the post. */
  const checkedPost = async (
    c: Context<E>,
  ): Promise<
    | { session: Session; form: URLSearchParams; files: ReadonlyMap<string, Uint8Array> }
    | { refused: Response }
  > => {
    const session = await sessionOf(c);
    const posted = await postedForm(c);
    if (!posted) return { refused: tooLarge(c, session) };
    const form = posted.fields;
    // Signed out or expired while typing: sign in again, and what was typed comes back (a sheet's values).
    if (!session)
      return { refused: await signInPage(c, { carried: form, next: new URL(c.req.url).pathname }) };
    if (!same(form.get('_csrf') ?? '', csrfOf(session)))
      return {
        refused: page(
          c,
          'Không thể gửi biểu mẫu',
          html`<p class="loi">Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.</p>`,
          session,
          403,
        ),
      };
    return { session, form, files: posted.files };
  };

  /** A screen's refusal of someone whose role does not reach it, saying who may use it. */
  const forbiddenPage = (c: Context<E>, session: Session, whoMay: string) =>
    page(c, 'Không thực hiện được', html`<p class="loi">${whoMay}</p>`, session, 403);

  const refusedPage = (c: Context<E>, error: unknown, session: Session) => {
    if (!(error instanceof RoundsError)) throw error;
    const status = statusOfRefusal(error.kind);
    if (error.kind === 'unavailable')
      c.header('Retry-After', String(error.details['retryAfterSeconds'] ?? 5));
    return page(
      c,
      'Không thực hiện được',
      html`<p class="loi">${error.vi}</p><p><a href="/app">Về trang tổng quan</a></p>`,
      session,
      status,
    );
  };

  /** A page for a signed-in key: without a session, to sign-in; a refusal of the rounds, its page. */
  const signedIn =
    (handler: (c: Context<E>, session: Session) => Promise<Response>) =>
    async (c: Context<E>): Promise<Response> => {
      const session = await sessionOf(c);
      if (!session) return c.redirect('/app/dang-nhap', 303);
      renew(c, session);
      // A one-time password is changed before anything else.
      if (session.account?.mustChange) return c.redirect(PASSWORD_PATH, 303);
      try {
        return await handler(c, session);
      } catch (error) {
        return refusedPage(c, error, session);
      }
    };

  /** A screen of the admin's alone: anyone else is refused as the API would refuse them. */
  const adminOnly =
    <A extends unknown[]>(handler: (c: Context<E>, session: Session, ...rest: A) => Promise<Response>) =>
    async (c: Context<E>, session: Session, ...rest: A): Promise<Response> =>
      may(session.caller, 'manage')
        ? handler(c, session, ...rest)
        : refusedPage(c, new RoundsError('admin-only', {}), session);

  /**
   * A form's post: the handler gets the session and the form when the session is signed in and the form's
   * token matches, and a refusal of the rounds it meets becomes its page; otherwise the page that refuses
   * the post (too large, signed out: sign in again with what was typed kept, an expired form).
   */
  const posted =
    (
      handler: (
        c: Context<E>,
        session: Session,
        form: URLSearchParams,
        files: ReadonlyMap<string, Uint8Array>,
      ) => Promise<Response>,
    ) =>
    async (c: Context<E>): Promise<Response> => {
      const checked = await checkedPost(c);
      if ('refused' in checked) return checked.refused;
      renew(c, checked.session);
      // A one-time password is changed before anything else is done (signing out aside).
      const path = new URL(c.req.url).pathname;
      if (checked.session.account?.mustChange && path !== PASSWORD_PATH && path !== '/app/dang-xuat')
        return c.redirect(PASSWORD_PATH, 303);
      try {
        return await handler(c, checked.session, checked.form, checked.files);
      } catch (error) {
        return refusedPage(c, error, checked.session);
      }
    };

  /**
   * The sign-in page. After a session ended under a form, it carries what was typed (`carried`, as hidden
   * fields) and where it was going (`next`): signed in again, a sheet comes back with those values.
   */
  const signInPage = async (
    c: Context<E>,
    state: { failed?: string; carried?: URLSearchParams; next?: string; login?: string } = {},
    status = 200,
  ): Promise<Response> => {
    // The public notices, read before signing in; a store that does not answer leaves the page without them.
    const notices = await rounds.publicNotices().catch(() => []);
    const shared = await rounds.sharedRounds().catch(() => []);
    const token = randomBytes(18).toString('base64url');
    setCookie(c, LOGIN_COOKIE, token, 600);
    const carried = [...(state.carried ?? [])].filter(([name]) => name !== '_csrf');
    return page(
      c,
      'Đăng nhập',
      html`<form class="the hep" method="post" action="/app/dang-nhap">
<input type="hidden" name="_csrf" value="${token}">
${state.carried ? html`<p class="loi" role="alert">Phiên làm việc đã kết thúc nên nội dung vừa gửi chưa được lưu. Các giá trị bạn đã nhập vẫn được giữ: hãy đăng nhập lại, rồi bấm "Lưu".</p>` : ''}
${state.failed ? html`<p class="loi" role="alert">${state.failed}</p>` : ''}
<label for="login">Tên đăng nhập</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" value="${state.login ?? ''}">
<label for="password">Mật khẩu</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="goi-y">Người quản trị được cấp khóa truy cập thì để trống tên đăng nhập và nhập khóa vào ô mật khẩu.</p>
${state.next ? html`<input type="hidden" name="tiep-theo" value="${state.next}">` : ''}${carried.map(([name, value]) => html`<input type="hidden" name="giu:${name}" value="${value}">`)}
<p><button type="submit">Đăng nhập</button></p></form>
${notices.length > 0 ? html`<section aria-labelledby="thong-bao-chung"><h2 id="thong-bao-chung">Thông báo</h2>${noticeList(notices)}</section>` : ''}
${shared.length > 0 ? html`<section aria-labelledby="ket-qua-cong-khai"><h2 id="ket-qua-cong-khai">Kết quả đã công bố</h2><ul>${shared.map((round) => html`<li><a href="/app/cong-khai/${encodeURIComponent(round.id)}">${round.title}</a> (${round.authority})</li>`)}</ul></section>` : ''}`,
      undefined,
      status,
    );
  };

  /** A round's results by unit (a layer's), or none before any unit has that layer. */
  const resultsOf = async (caller: Caller, roundId: string, layer: Layer) =>
    (await rounds.results(caller, roundId, layer)).results;

  return {
    rounds,
    keys,
    now,
    options,
    sign,
    same,
    cookieOf,
    setCookie,
    sessionOf,
    startSession,
    continueAs,
    idleDeadline,
    csrfOf,
    page,
    formOf,
    tooLarge,
    posted,
    refusedPage,
    forbiddenPage,
    signedIn,
    adminOnly,
    signInPage,
    resultsOf,
  };
}

export type PagesContext<E extends PagesEnv> = ReturnType<typeof pagesContext<E>>;

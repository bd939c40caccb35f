import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Criterion,
  Decimal,
  deadlineInstant,
  factsOfRule,
  type Issue,
  isPast,
  issueMessage,
  type PlanState,
  type ResultNodeJson,
  type TaskState,
  vietnamClock,
  vietnamDate,
} from '@cchc/core';
import { formatNumber } from '@cchc/report';
import {
  type Caller,
  type KeyRing,
  type Layer,
  layerClosure,
  may,
  type RoundResult,
  type Rounds,
  RoundsError,
  type RoundView,
  roleText,
  type StoredLayer,
} from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type BodyReader, bodyText } from './body.js';
import { type Html, html } from './html.js';
import { entriesOf, type RowValues, rowCriteria, rowOfEntry, valuesOfForm } from './sheet-rows.js';

/**
 * The officials' pages (Vietnamese): sign in with an API key, the rounds a key may see, and a unit's
 * self-assessment sheet. Plain forms, post/redirect/get, no script: they work in any browser, and every
 * rule is the API's own (the same `Rounds`, the same roles). A session is a signed cookie that keeps the
 * key's name and role, never the key; every form carries a token tied to the session (CSRF).
 */
export interface PagesOptions {
  readonly rounds: Rounds;
  readonly keys: KeyRing;
  /** Signs sessions and form tokens. Give the same secret to every process behind one address. */
  readonly secret: string | Uint8Array;
  /** Largest form body, in bytes. */
  readonly maxBytes: number;
  /** The app's body reader: it stops at `maxBytes`. */
  readonly readBody: BodyReader;
  /** The clock (tests set it). */
  readonly now?: () => Date;
  /** The app's own answer for a round's report (DOCX) or results workbook (XLSX). */
  readonly download: (
    c: Context,
    round: string,
    format: 'docx' | 'xlsx',
    caller: Caller,
  ) => Promise<Response>;
  /** The app's own answer for a unit's score sheet (XLSX). */
  readonly sheetDownload: (
    c: Context,
    round: string,
    unit: string,
    layer: Layer,
    caller: Caller,
  ) => Promise<Response>;
}

const SESSION_COOKIE = 'cchc_phien';
const LOGIN_COOKIE = 'cchc_dang_nhap';
const SESSION_HOURS = 8;
/** Failed sign-ins in a row from one address before it waits out LOCK_MINUTES. */
const FAILURES_ALLOWED = 5;
const LOCK_MINUTES = 15;
const CSS = `
*{box-sizing:border-box}body{font:16px/1.45 system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header{background:#0b4f8a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1rem;max-width:1200px;margin:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #c9ced6;padding:.35rem .45rem;vertical-align:top;text-align:left}
th{background:#e8eef6}td.so{text-align:right;white-space:nowrap}tr.linh-vuc td{font-weight:600;background:#f1f4f8}
select{font:inherit;max-width:100%}input[type=text],textarea{width:100%;font:inherit;padding:.25rem;border:1px solid #8a94a3;border-radius:3px}
input:focus,textarea:focus,button:focus,a:focus{outline:3px solid #f2a900;outline-offset:1px}
button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer}
button.phu{background:#fff;color:#0b4f8a}.loi{color:#a30000;font-weight:600}.ok{color:#0a6b2f;font-weight:600}
.the{background:#fff;border:1px solid #c9ced6;border-radius:6px;padding:1rem;margin:0 0 1rem}
.cuon{overflow-x:auto}label{display:block;margin:.5rem 0 .2rem}
.goi-y{font-size:.88em;color:#3d4652;margin-top:.2rem}.trang-thai{padding:.5rem .75rem;border-left:5px solid #0b4f8a;background:#fff}
.trang-thai.khoa{border-left-color:#8a4b00;background:#fff7e8}.canh-bao{border-color:#8a4b00;background:#fff7e8}
@media (max-width:600px){th,td{padding:.25rem}main{padding:.5rem}}
@media print{header,form button,.khong-in{display:none}body{background:#fff}table{font-size:11pt}}
`;

/**
 * The pages' only script, a file of its own (the content security policy allows no inline script): a
 * warning before leaving a form with changes not saved. Everything works without it.
 */
const SCRIPT = `document.addEventListener('DOMContentLoaded', () => {
  let changed = false;
  for (const form of document.querySelectorAll('form[data-canh-bao]')) {
    form.addEventListener('input', () => { changed = true; });
    form.addEventListener('submit', () => { changed = false; });
  }
  window.addEventListener('beforeunload', (event) => { if (changed) event.preventDefault(); });
});
`;

/** The state of a unit's self-assessment, as offices say it. */
function unitState(round: RoundView, unit: RoundView['unitStates'][number], now: Date): string {
  if (unit.submitted) return 'Đã chốt';
  if (now.getTime() > deadlineInstant(round.deadlines.self).getTime()) return 'Đã qua hạn tự chấm điểm';
  return unit.self ? 'Đã chấm điểm' : 'Chưa chấm điểm';
}

/** `12/8/2022 lúc 17:00` in Vietnam's time. */
function vietnamTime(instant: string | Date): string {
  const date = vietnamDate(new Date(instant));
  return `${date.day}/${date.month}/${date.year} lúc ${vietnamClock(new Date(instant))}`;
}

/** `còn 3 ngày`, `còn 5 giờ`, `đã quá hạn`. */
function timeLeft(deadline: string, now: Date): string {
  const ms = deadlineInstant(deadline).getTime() - now.getTime();
  if (ms < 0) return 'đã quá hạn';
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 48 ? `còn ${Math.floor(hours / 24)} ngày` : `còn ${hours} giờ`;
}

/** The status of a page that says a refusal of the rounds. */
const STATUS_OF_KIND: Readonly<Record<RoundsError['kind'], number>> = {
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  locked: 423,
  'invalid-document': 422,
  unavailable: 503,
};

const roundPath = (round: string) => `/app/dot/${encodeURIComponent(round)}`;
/** A layer by the last part of a sheet's address: a Map, so that `constructor` or `__proto__` is no layer. */
const LAYER_OF_PATH: ReadonlyMap<string, Layer> = new Map([
  ['tu-cham', 'self'],
  ['tham-dinh', 'appraised'],
]);
const PATH_OF_LAYER: Readonly<Record<Layer, string>> = { self: 'tu-cham', appraised: 'tham-dinh' };
/** A remediation plan's and a task's state, as the follow-up page names them. */
const PLAN_STATE_NAMES: Readonly<Record<PlanState, string>> = {
  'on-time': 'Đúng hạn',
  late: 'Chậm',
  missing: 'Chưa gửi',
  pending: 'Chưa đến hạn',
};
const TASK_STATE_NAMES: Readonly<Record<TaskState, string>> = {
  done: 'Đã hoàn thành',
  overdue: 'Quá hạn',
  open: 'Đang thực hiện',
};

export function mountPages<E extends { Variables: Record<string, unknown> }>(
  app: Hono<E>,
  options: PagesOptions,
) {
  const { rounds, keys } = options;
  const now = options.now ?? (() => new Date());
  const sign = (text: string) => createHmac('sha256', options.secret).update(text).digest('base64url');
  /** Constant-time equality of two texts, by their bytes (equal lengths in characters can differ in bytes). */
  const same = (a: string, b: string) => {
    const [left, right] = [Buffer.from(a), Buffer.from(b)];
    return left.length === right.length && timingSafeEqual(left, right);
  };

  interface Session {
    readonly caller: Caller;
    /** The session's id; it ties the forms' token to this session. */
    readonly nonce: string;
    /** When it expires, in milliseconds since 1970. */
    readonly expires: number;
  }

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
    let data: { name: string; role: string; mark: string; expires: number; nonce: string };
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!(data.expires >= now().getTime())) return undefined;
    // The key may have been removed, given another role or rotated since: then the session ends.
    const caller = keys.callerNamed(data.name, data.role);
    if (!caller || keys.keyMark(data.name, data.role) !== data.mark) return undefined;
    // Signed out: every process on the store refuses the cookie, replayed or not.
    if (await rounds.sessionEnded(data.nonce)) return undefined;
    return { caller, nonce: data.nonce, expires: data.expires };
  };
  const csrfOf = (session: Session) => sign(`csrf:${session.nonce}`);

  const page = (c: Context<E>, title: string, body: Html, session?: Session, status = 200) => {
    // Assessment data is kept by the server only, never in the browser's cache.
    c.header('Cache-Control', 'no-store');
    return c.html(
      html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Chỉ số CCHC</title><link rel="stylesheet" href="/app/tai-nguyen/app.css"><script src="/app/tai-nguyen/app.js" defer></script></head>
<body><header><strong>Chỉ số cải cách hành chính</strong>${
        session
          ? html`<nav aria-label="Chính"><a href="/app">Tổng quan đợt đánh giá</a></nav>
<form method="post" action="/app/dang-xuat"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><span>${session.caller.name}</span> <button class="phu" type="submit">Đăng xuất</button></form>`
          : ''
      }</header>
<main id="noi-dung"><h1>${title}</h1>${body}</main></body></html>`.text,
      status as 200,
    );
  };

  /** The form's fields (application/x-www-form-urlencoded), within the size limit. */
  const formOf = async (c: Context<E>): Promise<URLSearchParams | undefined> => {
    // Read by the app's reader, which stops at the limit (a body without a length is counted as it comes).
    const bytes = await options.readBody(c, options.maxBytes);
    return bytes === undefined ? undefined : new URLSearchParams(bodyText(bytes));
  };

  /** The page that refuses a form over the size limit. */
  const tooLarge = (c: Context<E>, session?: Session) =>
    page(c, 'Nội dung quá lớn', html`<p class="loi">Nội dung gửi lên quá lớn.</p>`, session, 413);

  /** A signed-in session whose form token matches, or the page that refuses the post. */
  const checkedPost = async (c: Context<E>) => {
    const session = await sessionOf(c);
    const form = await formOf(c);
    if (!form) return { ok: false as const, response: tooLarge(c, session) };
    // Signed out or expired while typing: sign in again, and what was typed comes back (a sheet's values).
    if (!session)
      return {
        ok: false as const,
        response: signInPage(c, { carried: form, next: new URL(c.req.url).pathname }),
      };
    if (!same(form.get('_csrf') ?? '', csrfOf(session)))
      return {
        ok: false as const,
        response: page(
          c,
          'Không thể gửi biểu mẫu',
          html`<p class="loi">Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.</p>`,
          session,
          403,
        ),
      };
    return { ok: true as const, session, form };
  };

  const refusedPage = (c: Context<E>, error: unknown, session: Session) => {
    if (!(error instanceof RoundsError)) throw error;
    const status = STATUS_OF_KIND[error.kind];
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
      try {
        return await handler(c, session);
      } catch (error) {
        return refusedPage(c, error, session);
      }
    };

  app.get('/app/tai-nguyen/app.css', (c) =>
    c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=3600' }),
  );

  app.get('/app/tai-nguyen/app.js', (c) =>
    c.body(SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=3600',
    }),
  );

  /**
   * The sign-in page. After a session ended under a form, it carries what was typed (`carried`, as hidden
   * fields) and where it was going (`next`): signed in again, a sheet comes back with those values.
   */
  const signInPage = (
    c: Context<E>,
    state: { failed?: string; carried?: URLSearchParams; next?: string } = {},
    status = 200,
  ) => {
    const token = randomBytes(18).toString('base64url');
    setCookie(c, LOGIN_COOKIE, token, 600);
    const carried = [...(state.carried ?? [])].filter(([name]) => name !== '_csrf');
    return page(
      c,
      'Đăng nhập',
      html`<form class="the" method="post" action="/app/dang-nhap">
<input type="hidden" name="_csrf" value="${token}">
${state.carried ? html`<p class="loi" role="alert">Phiên làm việc đã kết thúc nên nội dung vừa gửi chưa được lưu. Các giá trị bạn đã nhập vẫn được giữ: hãy đăng nhập lại, rồi bấm "Lưu".</p>` : ''}
${state.failed ? html`<p class="loi" role="alert">${state.failed}</p>` : ''}
<label for="khoa">Khóa truy cập</label>
<input id="khoa" name="khoa" type="password" autocomplete="current-password" required>
${state.next ? html`<input type="hidden" name="tiep-theo" value="${state.next}">` : ''}${carried.map(([name, value]) => html`<input type="hidden" name="giu:${name}" value="${value}">`)}
<p><button type="submit">Đăng nhập</button></p></form>`,
      undefined,
      status,
    );
  };

  /** Failed sign-ins in a row by address: after FAILURES_ALLOWED, each further try waits out LOCK_MINUTES. */
  const failures = new Map<string, { count: number; last: number }>();
  const addressOf = (c: Context<E>) =>
    (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
      ?.remoteAddress ?? 'local';

  app.get('/app/dang-nhap', (c) =>
    signInPage(c, c.req.query('loi') !== undefined ? { failed: 'Khóa không đúng. Hãy kiểm tra lại.' } : {}),
  );

  app.post('/app/dang-nhap', async (c) => {
    const form = await formOf(c);
    if (!form) return tooLarge(c);
    const token = cookieOf(c, LOGIN_COOKIE) ?? '';
    if (token === '' || !same(form.get('_csrf') ?? '', token))
      return page(
        c,
        'Không thể đăng nhập',
        html`<p class="loi">Biểu mẫu đã hết hạn. <a href="/app/dang-nhap">Tải lại trang đăng nhập</a>.</p>`,
        undefined,
        403,
      );
    const carried = new URLSearchParams(
      [...form]
        .filter(([name]) => name.startsWith('giu:'))
        .map(([name, value]): [string, string] => [name.slice(4), value]),
    );
    const next = form.get('tiep-theo') ?? undefined;
    const again = (failed: string, status: number) =>
      signInPage(c, { failed, ...(next ? { next, carried } : {}) }, status);
    const address = addressOf(c);
    const before = failures.get(address);
    const at = now().getTime();
    if (before && before.count >= FAILURES_ALLOWED && at - before.last < LOCK_MINUTES * 60_000) {
      c.header('Retry-After', String(Math.ceil((before.last + LOCK_MINUTES * 60_000 - at) / 1000)));
      return again(
        `Đăng nhập sai quá ${FAILURES_ALLOWED} lần liên tiếp: hãy thử lại sau ${LOCK_MINUTES} phút.`,
        429,
      );
    }
    const caller = keys.callerOf(form.get('khoa') ?? '');
    if (!caller) {
      const count = before && at - before.last < LOCK_MINUTES * 60_000 ? before.count + 1 : 1;
      failures.set(address, { count, last: at });
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
      return again('Khóa không đúng. Hãy kiểm tra lại.', 401);
    }
    failures.delete(address);
    const role = roleText(caller.role);
    const session: Session = {
      caller,
      nonce: randomBytes(18).toString('base64url'),
      expires: at + SESSION_HOURS * 3_600_000,
    };
    const payload = Buffer.from(
      JSON.stringify({
        name: caller.name,
        role,
        mark: keys.keyMark(caller.name, role),
        expires: session.expires,
        nonce: session.nonce,
      }),
    ).toString('base64url');
    setCookie(c, SESSION_COOKIE, `${payload}.${sign(payload)}`, SESSION_HOURS * 3600);
    setCookie(c, LOGIN_COOKIE, '', 0);
    // Back to the sheet whose save the ended session refused, with the values typed, to save again.
    const sheet = next && /^\/app\/dot\/([^/]+)\/don-vi\/([^/]+)\/(tu-cham|tham-dinh)$/.exec(next);
    if (sheet)
      try {
        const [roundId, unitId] = [decodeURIComponent(sheet[1]!), decodeURIComponent(sheet[2]!)];
        const layer = LAYER_OF_PATH.get(sheet[3]!)!;
        const { set } = await rounds.sheetOf(caller, roundId, unitId, layer);
        return await sheetPage(c, session, roundId, unitId, layer, {
          values: valuesOfForm(set, carried),
          issues: [],
          revision: Number(carried.get('phien-ban') ?? 0),
          unscored: carried.get('chua-cham') === 'du' ? 'full' : 'error',
          copied: carried.get('nguon') === 'tu-cham',
          notice: {
            text: 'Đã đăng nhập lại. Các giá trị bạn đã nhập ở dưới đây chưa được lưu: bấm "Lưu" để lưu.',
            status: 200,
            ok: true,
          },
        });
      } catch (error) {
        return refusedPage(c, error, session);
      }
    return c.redirect('/app', 303);
  });

  app.post('/app/dang-xuat', async (c) => {
    const checked = await checkedPost(c);
    if (!checked.ok) return checked.response;
    // Ended in the store too: the same cookie replayed later opens nothing, on any process.
    await rounds.endSession(checked.session.nonce, new Date(checked.session.expires));
    setCookie(c, SESSION_COOKIE, '', 0);
    return c.redirect('/app/dang-nhap', 303);
  });

  app.get(
    '/app',
    signedIn(async (c, session) => {
      const { caller } = session;
      const listed = await rounds.listRounds(caller);
      const at = now();
      const sections = listed.map((round) => {
        // A unit's row is shown to whoever may read it; those who read no unit (agencies) see every state.
        const readable = round.unitStates.filter((unit) => may(caller, 'read-unit', { unit: unit.id }));
        const units = readable.length > 0 ? readable : round.unitStates;
        const nameOf = new Map(round.units.map((unit) => [unit.id, unit.name]));
        // Links only to what this session may open (the access policy says which).
        const readsSheets = units.some((unit) => may(caller, 'read-unit', { unit: unit.id }));
        const base = roundPath(round.id);
        const links = [
          ...(may(caller, 'appraise')
            ? [html`<a href="${base}/tham-dinh">Danh sách đơn vị (thẩm định)</a>`]
            : []),
          ...(may(caller, 'manage') ? [html`<a href="${base}/cong-bo">Công bố và báo cáo</a>`] : []),
          ...(round.published ? [html`<a href="${base}/xep-hang">Kết quả xếp hạng</a>`] : []),
          ...(round.published ? [html`<a href="${base}/khac-phuc">Theo dõi khắc phục</a>`] : []),
        ];
        return html`<section class="the"><h2>${round.title}</h2>
<p>Kỳ đánh giá: ${round.period}. ${
          round.published
            ? html`<strong>Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.</strong>`
            : html`Hạn tự chấm điểm: ${vietnamTime(deadlineInstant(round.deadlines.self))} (${timeLeft(round.deadlines.self, at)}); hạn thẩm định: ${vietnamTime(deadlineInstant(round.deadlines.appraisal))} (${timeLeft(round.deadlines.appraisal, at)}).`
        }</p>
<div class="cuon"><table><caption class="khong-in">Tình trạng chấm điểm của các đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tình trạng</th>${readsSheets ? html`<th scope="col">Phiếu</th>` : ''}</tr></thead><tbody>
${units.map(
  (unit) =>
    html`<tr><td>${nameOf.get(unit.id) ?? unit.id}</td><td>${unitState(round, unit, at)}</td>${readsSheets ? html`<td><a href="${base}/don-vi/${encodeURIComponent(unit.id)}/tu-cham">Phiếu tự chấm điểm</a> · <a href="${base}/don-vi/${encodeURIComponent(unit.id)}/ket-qua">Kết quả thẩm định và giải trình</a></td>` : ''}</tr>`,
)}
</tbody></table></div>
${links.length > 0 ? html`<p>${links.map((link, position) => html`${position > 0 ? ' · ' : ''}${link}`)}</p>` : ''}</section>`;
      });
      return page(
        c,
        'Tổng quan đợt đánh giá',
        html`${sections.length > 0 ? sections : html`<p>Chưa có đợt đánh giá nào.</p>`}`,
        session,
      );
    }),
  );

  /** What a session may do with a unit's layer now, and what the top of its sheet says. */
  const sheetState = (round: RoundView, unitId: string, layer: Layer, caller: Caller) => {
    const mayWrite = may(caller, 'write-layer', { unit: unitId, layer });
    const unitState = round.unitStates.find((unit) => unit.id === unitId);
    const submitted = unitState?.submitted?.at ?? null;
    const closed = layerClosure(
      { id: round.id, document: round, locks: round.locks, published: round.published, submitted },
      unitId,
      layer,
      caller,
      now(),
    );
    const deadline = layer === 'self' ? round.deadlines.self : round.deadlines.appraisal;
    const lock = round.locks[layer];
    const status = round.published
      ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}: phiếu chỉ để xem.`
      : lock
        ? `Phiếu đã bị khóa lúc ${vietnamTime(lock.at)}: phiếu chỉ để xem.`
        : closed
          ? closed.details['deadline'] !== undefined
            ? `Đã quá hạn ${layer === 'self' ? 'tự chấm điểm' : 'thẩm định'} (hạn ${vietnamTime(deadlineInstant(deadline))}): phiếu chỉ để xem.`
            : `Đơn vị đã chốt điểm tự chấm lúc ${vietnamTime(submitted!)}: phiếu chỉ để xem; quản trị có thể mở lại.`
          : !mayWrite
            ? 'Bạn chỉ được xem phiếu này.'
            : `${submitted && layer === 'self' ? `Đơn vị đã chốt lúc ${vietnamTime(submitted)}. ` : ''}Đang mở đến ${vietnamTime(deadlineInstant(deadline))} (${timeLeft(deadline, now())}).`;
    return { writable: mayWrite && !closed, status, submitted };
  };

  /** The sheet of one unit's layer: the stored values, or those just sent back with their errors. */
  const sheetPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    unitId: string,
    layer: Layer,
    sent?: {
      values: Map<string, RowValues>;
      issues: readonly Issue[];
      revision: number;
      unscored?: string | undefined;
      conflict?: StoredLayer;
      /** The self-assessment copied into an appraisal sheet: the save goes over the self document. */
      copied?: boolean;
      /** Why the values just typed were not saved (a refusal, a new session). */
      notice?: { text: string; status: number; ok?: boolean };
    },
  ) => {
    const round = await rounds.getRound(session.caller, roundId);
    const { set, unit, document } = await rounds.sheetOf(session.caller, roundId, unitId, layer);
    let stored: StoredLayer | undefined;
    try {
      stored = await rounds.getLayer(session.caller, roundId, unitId, layer);
    } catch (error) {
      if (!(error instanceof RoundsError && error.kind === 'not-found')) throw error;
    }
    const state = sheetState(round, unitId, layer, session.caller);
    // The entries, the figures and the revision the form sends back all come from one stored revision.
    const entries = (stored?.document['entries'] ?? {}) as Record<string, Record<string, unknown>>;
    const valuesOf = (code: string): RowValues =>
      sent?.values.get(code) ?? rowOfEntry(entries[code] ?? {}, layer);
    const nodeOf = nodesOf(stored);
    const problemsOf = new Map<string, string[]>();
    for (const found of sent?.issues ?? []) {
      const code = found.path[0] === 'entries' && typeof found.path[1] === 'string' ? found.path[1] : '';
      problemsOf.set(code, [...(problemsOf.get(code) ?? []), issueMessage(found, 'vi')]);
    }
    const figure = (text: string | null | undefined) =>
      text === null || text === undefined ? '' : formatNumber(text);
    // In a conflict, each criterion where the stored version and the one typed differ: both shown.
    const shown = (values: RowValues) =>
      values.notApplicable
        ? 'Không áp dụng'
        : [
            values.score,
            values.max === '' ? '' : `tối đa áp dụng ${values.max}`,
            ...Object.entries(values.facts).map(([name, value]) => `${name}: ${value}`),
          ]
            .filter((part) => part !== '')
            .join('; ');
    const differences: [string, string, string][] = [];
    if (sent?.conflict)
      for (const [code, yours] of sent.values) {
        const theirs = rowOfEntry(entries[code] ?? {}, layer);
        if (shown(theirs) !== shown(yours) || theirs.note !== yours.note)
          differences.push([
            code,
            [shown(theirs), theirs.note].filter(Boolean).join(' · '),
            [shown(yours), yours.note].filter(Boolean).join(' · '),
          ]);
      }
    const { writable } = state;
    const scoreLabel = layer === 'self' ? 'Điểm tự chấm' : 'Điểm thẩm định';
    const commentLabel = layer === 'self' ? 'Ghi chú của đơn vị' : 'Nhận xét của người thẩm định';
    const withRow = new Set(rowCriteria(set).map((criterion) => criterion.code));
    const rows: Html[] = [];
    const row = (criterion: Criterion, depth: number) => {
      const hasRow = withRow.has(criterion.code);
      const unlisted = criterion.children.length > 0 && !criterion.unlisted.isZero();
      const values = valuesOf(criterion.code);
      const id = criterion.code.replace(/[^A-Za-z0-9]/g, '-');
      const problems = problemsOf.get(criterion.code) ?? [];
      const rule = criterion.children.length === 0 ? criterion.rule?.definition : undefined;
      const facts = rule ? factsOfRule(rule) : [];
      const hints = [
        ...(facts.length > 0 && rule?.vi ? [`Cách tính: ${rule.vi.description}`] : []),
        ...(unlisted
          ? [
              `Phần không liệt kê trong bộ tiêu chí: tối đa ${formatNumber(criterion.unlisted)} điểm. Nhập tổng điểm của cả mục, hoặc để trống và chọn tính đủ điểm ở cuối phiếu.`,
            ]
          : []),
      ];
      // Read-only, a row shows the figures the server computed, not what was typed.
      const input = (name: string, value: string, label: string, extra: Html | string = '') =>
        html`<input type="text" inputmode="decimal" name="${name}" value="${value}" aria-label="${label}"${extra}>`;
      rows.push(html`<tr class="${depth === 0 ? 'linh-vuc' : ''}" id="tc-${id}">
<td>${criterion.code}</td><td style="padding-left:${0.45 + depth}rem">${criterion.name}${hints.map((text) => html`<div class="goi-y">${text}</div>`)}${problems.map((text) => html`<div class="loi" role="alert" id="loi-${id}">${text}</div>`)}</td>
<td class="so">${formatNumber(criterion.max)}</td>
<td class="so">${hasRow && writable ? input(`m:${criterion.code}`, values.max, `Điểm tối đa áp dụng ${criterion.code} (để trống nếu là ${formatNumber(criterion.max)})`, html` placeholder="${formatNumber(criterion.max)}"`) : figure(nodeOf.get(criterion.code)?.max)}</td>
<td>${facts.map(
        (fact) =>
          html`<label for="f-${id}-${fact.name}">${fact.label}</label>${
            !writable
              ? html`<div>${fact.type === 'boolean' ? (values.facts[fact.name] === 'co' ? 'Có' : values.facts[fact.name] === 'khong' ? 'Không' : '') : (values.facts[fact.name] ?? '')}</div>`
              : fact.type === 'boolean'
                ? html`<select id="f-${id}-${fact.name}" name="f:${criterion.code}:${fact.name}"><option value=""></option><option value="co"${values.facts[fact.name] === 'co' ? html` selected` : ''}>Có</option><option value="khong"${values.facts[fact.name] === 'khong' ? html` selected` : ''}>Không</option></select>`
                : html`<input type="text" inputmode="decimal" id="f-${id}-${fact.name}" name="f:${criterion.code}:${fact.name}" value="${values.facts[fact.name] ?? ''}">`
          }`,
      )}</td>
<td class="so">${hasRow && writable ? input(`s:${criterion.code}`, values.score, unlisted ? `Tổng điểm của cả mục ${criterion.code}` : `${scoreLabel} ${criterion.code}`, problems.length > 0 ? html` id="s-${id}" aria-invalid="true" aria-describedby="loi-${id}"` : html` id="s-${id}"`) : ''}<div>${figure(nodeOf.get(criterion.code)?.achieved)}</div></td>
<td>${hasRow ? (writable ? html`<input type="checkbox" name="na:${criterion.code}" aria-label="Không áp dụng ${criterion.code}"${values.notApplicable ? html` checked` : ''}>` : values.notApplicable ? 'Không áp dụng' : '') : ''}</td>
<td>${hasRow ? (writable ? html`<textarea name="ev:${criterion.code}" rows="1" aria-label="Tài liệu kiểm chứng ${criterion.code}">${values.evidence}</textarea>` : values.evidence) : ''}</td>
<td>${hasRow ? (writable ? html`<input type="text" name="no:${criterion.code}" value="${values.note}" aria-label="${commentLabel} ${criterion.code}">` : values.note) : ''}</td></tr>`);
      for (const child of criterion.children) row(child, depth + 1);
    };
    for (const area of set.criteria) row(area, 0);
    const saved = c.req.query('luu');
    const unchanged = c.req.query('khong-doi') !== undefined;
    const revision = sent?.revision ?? stored?.revision ?? 0;
    const result = stored?.result;
    const conflict = sent?.conflict;
    const base = `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}`;
    const unscored = sent?.unscored ?? (document?.['unscored'] === 'full' ? 'full' : 'error');
    const status =
      conflict || sent?.notice ? (sent?.notice?.status ?? 409) : (sent?.issues.length ?? 0) > 0 ? 422 : 200;
    return page(
      c,
      `${layer === 'self' ? 'Phiếu tự chấm điểm' : 'Phiếu thẩm định'}: ${unit.name}`,
      html`<p class="${writable ? 'trang-thai' : 'trang-thai khoa'}" role="status"><strong>${state.status}</strong></p>
<p>Bộ tiêu chí: ${set.title}. ${
        stored
          ? html`Phiên bản ${stored.revision}, lưu bởi ${stored.key} ngày ${vietnamTime(stored.at)}.`
          : 'Chưa có điểm nào được lưu.'
      }</p>
${saved ? html`<p class="ok" role="status">${unchanged ? `Không có thay đổi nào so với phiên bản đã lưu: phiếu không được lưu thêm (${saved}).` : `Đã lưu lúc ${saved}.`}</p>` : ''}
${sent?.notice ? html`<p class="${sent.notice.ok ? 'ok' : 'loi'}" role="alert">${sent.notice.text}</p>` : ''}
${sent?.copied && !sent.notice && sent.issues.length === 0 && !sent.conflict ? html`<p class="ok" role="status">Đã chép điểm tự chấm (cả điểm tối đa áp dụng và mọi nội dung của từng tiêu chí) vào phiếu; bấm "Lưu" để lưu.</p>` : ''}
${(sent?.issues.length ?? 0) > 0 ? html`<p class="loi" role="alert">Phiếu có ${sent!.issues.length} lỗi; các lỗi được ghi ngay dưới tiêu chí.</p>` : ''}
${
  conflict
    ? html`<div class="the" role="alert"><p class="loi">Phiếu đã được ${conflict.key} lưu (phiên bản ${conflict.revision}, ${vietnamTime(conflict.at)}) sau khi bạn mở trang. Các giá trị bạn vừa nhập vẫn ở dưới đây.</p>
<table><caption>Những tiêu chí khác nhau giữa hai bản</caption><thead><tr><th scope="col">STT</th><th scope="col">Bản đã lưu</th><th scope="col">Bản của bạn</th></tr></thead><tbody>${differences.map(
        ([code, theirs, yours]) => html`<tr><td>${code}</td><td>${theirs}</td><td>${yours}</td></tr>`,
      )}</tbody></table>
<p>Bấm "Lưu" để ghi đè bằng bản của bạn, hoặc <a href="${base}/${PATH_OF_LAYER[layer]}">dùng bản đã lưu</a>.</p></div>`
    : ''
}
${result ? html`<p><strong>Tổng điểm: ${figure(result.achieved)}/${figure(result.max)}; chỉ số ${figure(result.index)}${result.classification ? html`; xếp loại ${result.classification}` : ''}</strong> (máy chủ tính sau mỗi lần lưu).</p>` : ''}
<form method="post" action="${base}/${PATH_OF_LAYER[layer]}" data-canh-bao>
<input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${revision}">${sent?.copied ? html`<input type="hidden" name="nguon" value="tu-cham">` : ''}
<div class="cuon"><table><caption class="khong-in">Các tiêu chí và điểm</caption><thead><tr><th scope="col">STT</th><th scope="col">Tiêu chí, tiêu chí thành phần</th><th scope="col">Điểm tối đa</th><th scope="col">Điểm tối đa áp dụng</th><th scope="col">Số liệu kê khai</th><th scope="col">${scoreLabel}</th><th scope="col">Không áp dụng</th><th scope="col">Tài liệu kiểm chứng</th><th scope="col">${commentLabel}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${
  writable
    ? html`<p><label for="chua-cham">Tiêu chí không nhập điểm</label><select id="chua-cham" name="chua-cham"><option value="loi"${unscored === 'error' ? html` selected` : ''}>Phải chấm đủ: báo lỗi tiêu chí chưa chấm</option><option value="du"${unscored === 'full' ? html` selected` : ''}>Tính đủ điểm tối đa</option></select></p>
<p><button type="submit">Lưu</button>${layer === 'appraised' ? html` <button class="phu" type="submit" name="sao-chep" value="1">Sao chép điểm tự chấm</button>` : ''}</p>`
    : html`<p>Tiêu chí không nhập điểm: ${unscored === 'full' ? 'tính đủ điểm tối đa' : 'phải chấm đủ'}.</p>`
}</form>
${
  writable && layer === 'self' && stored && !state.submitted
    ? html`<form class="the" method="post" action="${base}/chot"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<p>Sau khi chốt, đơn vị không sửa được phiếu nữa (quản trị có thể mở lại).</p>
<p><input type="checkbox" id="xac-nhan-chot" name="xac-nhan" value="1" required> <label for="xac-nhan-chot" style="display:inline">Tôi đã kiểm tra và chốt điểm tự chấm (phiên bản ${stored.revision})</label></p>
<p><button class="phu" type="submit">Chốt điểm tự chấm</button></p></form>`
    : ''
}`,
      session,
      status,
    );
  };

  /** A round's results by unit (a layer's), or none before any unit has that layer. */
  const resultsOf = async (caller: Caller, roundId: string, layer: Layer) =>
    (await rounds.results(caller, roundId, layer)).results;

  app.get(
    '/app/dot/:round/tham-dinh',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      if (!may(session.caller, 'appraise'))
        return page(
          c,
          'Không thực hiện được',
          html`<p class="loi">Chỉ người thẩm định và quản trị xem được danh sách này.</p>`,
          session,
          403,
        );
      const round = await rounds.getRound(session.caller, roundId);
      const self = new Map(
        (await resultsOf(session.caller, roundId, 'self')).map((result) => [result.unit.id, result]),
      );
      const appraised = new Map(
        (await resultsOf(session.caller, roundId, 'appraised')).map((result) => [result.unit.id, result]),
      );
      const states = new Map(round.unitStates.map((unit) => [unit.id, unit]));
      return page(
        c,
        `Danh sách đơn vị: ${round.title}`,
        html`<div class="cuon"><table><caption class="khong-in">Điểm tự chấm và điểm thẩm định của các đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Đã chốt</th><th scope="col">Điểm tự chấm</th><th scope="col">Điểm thẩm định</th><th scope="col">Chênh lệch</th><th scope="col">Giải trình chờ</th><th scope="col">Phiếu</th></tr></thead><tbody>
${round.units.map((unit) => {
  const mine = self.get(unit.id);
  const theirs = appraised.get(unit.id);
  const state = states.get(unit.id);
  const path = `${roundPath(roundId)}/don-vi/${encodeURIComponent(unit.id)}`;
  return html`<tr><td>${unit.name}</td><td>${state?.submitted ? 'Đã chốt' : 'Chưa'}</td><td class="so">${mine ? formatNumber(mine.achieved) : ''}</td><td class="so">${theirs ? formatNumber(theirs.achieved) : ''}</td><td class="so">${theirs?.difference === undefined ? '' : formatNumber(theirs.difference)}</td><td class="so">${state?.pendingExplanations ?? 0}</td><td><a href="${path}/tham-dinh">Chấm thẩm định</a> · <a href="${path}/ket-qua">Kết quả và giải trình</a></td></tr>`;
})}
</tbody></table></div>`,
        session,
      );
    }),
  );

  app.get(
    '/app/dot/:round/don-vi/:unit/ket-qua',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const unitId = c.req.param('unit')!;
      const layerOf = async (layer: Layer) => {
        try {
          return await rounds.getLayer(session.caller, roundId, unitId, layer);
        } catch (error) {
          if (error instanceof RoundsError && error.kind === 'not-found') return undefined;
          throw error;
        }
      };
      const { set, unit } = await rounds.sheetOf(session.caller, roundId, unitId, 'self');
      const [self, appraised] = [await layerOf('self'), await layerOf('appraised')];
      const explanations = new Map(
        (await rounds.explanations(session.caller, roundId, unitId)).map((found) => [found.code, found]),
      );
      const mine = nodesOf(self);
      const theirs = nodesOf(appraised);
      const comments = (appraised?.document['entries'] ?? {}) as Record<string, { cause?: string }>;
      const mayAnswer = may(session.caller, 'answer-explanation', { unit: unitId });
      const token = csrfOf(session);
      const action = `${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/giai-trinh`;
      const rows: Html[] = [];
      const row = (criterion: Criterion, depth: number) => {
        const a = mine.get(criterion.code)?.achieved;
        const b = theirs.get(criterion.code)?.achieved;
        const difference =
          a !== undefined && a !== null && b !== undefined && b !== null
            ? formatNumber(decimalDifference(b, a))
            : '';
        const explanation = explanations.get(criterion.code);
        // What a later request replaced: earlier requests and answers, with who and when.
        const current = [explanation?.request, explanation?.answer];
        const earlier = (explanation?.history ?? []).filter(
          (entry) => !current.some((shown) => shown?.at === entry.at && shown.text === entry.text),
        );
        rows.push(
          html`<tr class="${depth === 0 ? 'linh-vuc' : ''}"><td>${criterion.code}</td><td style="padding-left:${0.45 + depth}rem">${criterion.name}</td><td class="so">${formatNumber(criterion.max)}</td><td class="so">${a ? formatNumber(a) : ''}</td><td class="so">${b ? formatNumber(b) : ''}</td><td class="so">${difference}</td><td>${comments[criterion.code]?.cause ?? ''}</td><td>${
            earlier.length > 0
              ? html`<details><summary>Các lần trước (${earlier.length})</summary>${earlier.map((entry) => html`<p class="goi-y">${entry.kind === 'request' ? 'Yêu cầu' : 'Giải trình'} của ${entry.key}, ${vietnamTime(entry.at)}: ${entry.text}</p>`)}</details>`
              : ''
          }${
            explanation?.request
              ? html`<p><strong>Yêu cầu giải trình:</strong> ${explanation.request.text}</p>`
              : ''
          }${explanation?.answer ? html`<p><strong>Đơn vị giải trình:</strong> ${explanation.answer.text}</p>` : ''}${
            mayAnswer && explanation?.request
              ? html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="ma" value="${criterion.code}"><label for="gt-${criterion.code}">Nội dung giải trình ${criterion.code}</label><textarea id="gt-${criterion.code}" name="noi-dung" rows="2" required></textarea><button type="submit">Gửi giải trình</button></form>`
              : ''
          }${
            may(session.caller, 'ask-explanation', { unit: unitId, code: criterion.code })
              ? html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="ma" value="${criterion.code}"><input type="hidden" name="loai" value="yeu-cau"><label for="yc-${criterion.code}">Yêu cầu giải trình ${criterion.code}</label><input type="text" id="yc-${criterion.code}" name="noi-dung" required><button class="phu" type="submit">Yêu cầu giải trình</button></form>`
              : ''
          }</td></tr>`,
        );
        for (const child of criterion.children) row(child, depth + 1);
      };
      for (const area of set.criteria) row(area, 0);
      return page(
        c,
        `Kết quả thẩm định và giải trình: ${unit.name}`,
        html`<p>Tự chấm: <strong>${self ? `${formatNumber(self.result.achieved)}/${formatNumber(self.result.max)}` : 'chưa có'}</strong>; thẩm định: <strong>${appraised ? `${formatNumber(appraised.result.achieved)}/${formatNumber(appraised.result.max)}` : 'chưa có'}</strong>${
          self && appraised
            ? html`; chênh lệch <strong>${formatNumber(decimalDifference(appraised.result.achieved, self.result.achieved))}</strong>`
            : ''
        }.</p>
<div class="cuon"><table><caption class="khong-in">Điểm tự chấm, điểm thẩm định và giải trình theo tiêu chí</caption><thead><tr><th scope="col">STT</th><th scope="col">Tiêu chí</th><th scope="col">Điểm tối đa</th><th scope="col">Tự chấm</th><th scope="col">Thẩm định</th><th scope="col">Chênh lệch</th><th scope="col">Nhận xét của người thẩm định</th><th scope="col">Giải trình</th></tr></thead><tbody>${rows}</tbody></table></div>`,
        session,
      );
    }),
  );

  app.post('/app/dot/:round/don-vi/:unit/giai-trinh', async (c) => {
    const checked = await checkedPost(c);
    if (!checked.ok) return checked.response;
    const { session, form } = checked;
    const roundId = c.req.param('round')!;
    const unitId = c.req.param('unit')!;
    const text = form.get('noi-dung')?.trim() ?? '';
    const body = form.get('loai') === 'yeu-cau' ? { request: text } : { text };
    try {
      await rounds.explain(session.caller, roundId, unitId, form.get('ma') ?? '', body);
    } catch (error) {
      return refusedPage(c, error, session);
    }
    return c.redirect(`${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/ket-qua`, 303);
  });

  /** The ranking of a round's results, a table per criteria set: ranks count within a set. */
  const rankingTables = (roundId: string, results: readonly RoundResult[], withSheets: boolean) => {
    const bySet = new Map<string, RoundResult[]>();
    for (const result of results)
      bySet.set(result.criteriaSet.id, [...(bySet.get(result.criteriaSet.id) ?? []), result]);
    return [...bySet.values()].map(
      (
        ranked,
      ) => html`<div class="cuon"><table><caption>Xếp hạng theo ${ranked[0]!.criteriaSet.title}</caption><thead><tr><th scope="col">Xếp hạng</th><th scope="col">Đơn vị</th><th scope="col">Điểm đạt</th><th scope="col">Chỉ số</th><th scope="col">Xếp loại</th>${withSheets ? html`<th scope="col">Phiếu thẩm định</th>` : ''}</tr></thead><tbody>
${[...ranked]
  .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))
  .map(
    (result) =>
      html`<tr><td class="so">${result.rank ?? ''}</td><td>${result.unit.name}</td><td class="so">${formatNumber(result.achieved)}/${formatNumber(result.max)}</td><td class="so">${formatNumber(result.index)}</td><td>${result.classification ?? ''}</td>${withSheets ? html`<td><a href="${roundPath(roundId)}/don-vi/${encodeURIComponent(result.unit.id)}/phieu.xlsx?lop=tham-dinh">Tải phiếu thẩm định (XLSX)</a></td>` : ''}</tr>`,
  )}
</tbody></table></div>`,
    );
  };

  /** What an admin should know before publishing: units not submitted, explanations unanswered or still open. */
  const publicationWarnings = (round: RoundView): string[] => {
    const nameOf = new Map(round.units.map((unit) => [unit.id, unit.name]));
    const unsubmitted = round.unitStates
      .filter((unit) => !unit.submitted)
      .map((unit) => nameOf.get(unit.id)!);
    const unanswered = round.unitStates.filter((unit) => unit.pendingExplanations > 0);
    const unappraised = round.unitStates
      .filter((unit) => !unit.appraised)
      .map((unit) => nameOf.get(unit.id)!);
    const warnings: string[] = [];
    if (unappraised.length > 0)
      warnings.push(
        `${unappraised.length} đơn vị chưa có điểm thẩm định (phải thẩm định xong mới công bố được): ${unappraised.join(', ')}.`,
      );
    if (unsubmitted.length > 0)
      warnings.push(`${unsubmitted.length} đơn vị chưa chốt điểm tự chấm: ${unsubmitted.join(', ')}.`);
    if (unanswered.length > 0)
      warnings.push(
        `${unanswered.reduce((sum, unit) => sum + unit.pendingExplanations, 0)} yêu cầu giải trình chưa được trả lời (${unanswered.map((unit) => nameOf.get(unit.id)).join(', ')}).`,
      );
    const explanation = round.deadlines.explanation;
    if (explanation !== undefined && !isPast(explanation, now()))
      warnings.push(
        `Chưa hết hạn giải trình (${vietnamTime(deadlineInstant(explanation))}): đơn vị còn có thể giải trình.`,
      );
    return warnings;
  };

  const publishPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    sent?: { form: URLSearchParams; notice: string; status: number },
  ) => {
    const round = await rounds.getRound(session.caller, roundId);
    const results = await resultsOf(session.caller, roundId, 'appraised');
    const warnings = round.published ? [] : publicationWarnings(round);
    const typed = (name: string, fallback: string) => sent?.form.get(name) ?? fallback;
    return page(
      c,
      `Công bố và báo cáo: ${round.title}`,
      html`<p class="trang-thai${round.published ? ' khoa' : ''}" role="status"><strong>${round.published ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.` : 'Chưa công bố kết quả: kiểm tra bảng xếp hạng dưới đây, rồi công bố.'}</strong></p>
${sent ? html`<p class="loi" role="alert">${sent.notice}</p>` : ''}
${results.length > 0 ? rankingTables(roundId, results, true) : html`<p>Chưa có đơn vị nào được thẩm định.</p>`}
${
  round.published
    ? html`<p><a href="${roundPath(roundId)}/bao-cao.docx">Tải báo cáo (DOCX)</a> · <a href="${roundPath(roundId)}/ket-qua.xlsx">Tải bảng kết quả (XLSX)</a></p>`
    : html`${warnings.length > 0 ? html`<div class="the canh-bao" role="alert"><p><strong>Cần lưu ý trước khi công bố:</strong></p><ul>${warnings.map((text) => html`<li>${text}</li>`)}</ul></div>` : ''}
<form class="the" method="post" action="${roundPath(roundId)}/cong-bo"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="co-quan">Cơ quan ban hành (mỗi dòng một cấp)</label><textarea id="co-quan" name="co-quan" rows="2">${typed('co-quan', `ỦY BAN NHÂN DÂN\n${round.authority.name.replace(/^UBND\s+/i, '').toLocaleUpperCase('vi')}`)}</textarea>
<label for="dia-danh">Địa danh</label><input type="text" id="dia-danh" name="dia-danh" value="${typed('dia-danh', '')}" required>
<label for="trich-yeu">Trích yếu</label><input type="text" id="trich-yeu" name="trich-yeu" value="${typed('trich-yeu', `Kết quả đánh giá, xếp loại công tác cải cách hành chính năm ${round.period}`)}" required>
<p><input type="checkbox" id="xac-nhan-cong-bo" name="xac-nhan" value="1" required> <label for="xac-nhan-cong-bo" style="display:inline">Tôi đã kiểm tra bảng xếp hạng${warnings.length > 0 ? ' và các lưu ý ở trên' : ''}; sau khi công bố, kết quả không thay đổi được nữa</label></p>
<p><button type="submit">Công bố kết quả</button></p></form>`
}`,
      session,
      sent?.status ?? 200,
    );
  };

  app.get(
    '/app/dot/:round/cong-bo',
    signedIn(async (c, session) => {
      if (!may(session.caller, 'manage'))
        return page(
          c,
          'Không thực hiện được',
          html`<p class="loi">Chỉ quản trị được công bố kết quả.</p>`,
          session,
          403,
        );
      return publishPage(c, session, c.req.param('round')!);
    }),
  );

  app.post('/app/dot/:round/cong-bo', async (c) => {
    const checked = await checkedPost(c);
    if (!checked.ok) return checked.response;
    const { session, form } = checked;
    const roundId = c.req.param('round')!;
    const year = now().getUTCFullYear();
    const report = {
      issuer: (form.get('co-quan') ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      number: '/BC-UBND',
      place: form.get('dia-danh')?.trim() ?? '',
      year,
      title: form.get('trich-yeu')?.trim() ?? '',
    };
    try {
      // Publication cannot be undone: the box that says so must be ticked.
      if (form.get('xac-nhan') === null)
        return await publishPage(c, session, roundId, {
          form,
          notice: 'Hãy đánh dấu ô xác nhận trước khi công bố.',
          status: 422,
        });
      await rounds.publish(session.caller, roundId, report);
    } catch (error) {
      return refusedPage(c, error, session);
    }
    return c.redirect(`${roundPath(roundId)}/cong-bo`, 303);
  });

  app.get(
    '/app/dot/:round/xep-hang',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const round = await rounds.getRound(session.caller, roundId);
      const results = round.published ? await resultsOf(session.caller, roundId, 'appraised') : [];
      return page(
        c,
        `Kết quả xếp hạng: ${round.title}`,
        round.published
          ? html`<p class="trang-thai" role="status"><strong>Kết quả đã công bố ngày ${vietnamTime(round.published.at)}.</strong></p>${rankingTables(roundId, results, false)}`
          : html`<p class="trang-thai" role="status"><strong>Chưa công bố kết quả.</strong></p>`,
        session,
      );
    }),
  );

  // The downloads, for a session, as the API gives them for a key.
  for (const format of ['docx', 'xlsx'] as const)
    app.get(
      `/app/dot/:round/${format === 'docx' ? 'bao-cao.docx' : 'ket-qua.xlsx'}`,
      signedIn((c, session) => options.download(c, c.req.param('round')!, format, session.caller)),
    );
  app.get(
    '/app/dot/:round/don-vi/:unit/phieu.xlsx',
    signedIn((c, session) =>
      options.sheetDownload(
        c,
        c.req.param('round')!,
        c.req.param('unit')!,
        c.req.query('lop') === 'tham-dinh' ? 'appraised' : 'self',
        session.caller,
      ),
    ),
  );

  app.get(
    '/app/dot/:round/khac-phuc',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const state = await rounds.followUp(session.caller, roundId, {
        late: c.req.query('tre') !== undefined,
      });
      const { tasks } = await rounds.tasks(session.caller, roundId);
      return page(
        c,
        'Theo dõi khắc phục',
        html`<p>Tính đến ${vietnamTime(state.at)}${state.planDeadline ? html`; hạn gửi kế hoạch khắc phục: ${vietnamTime(deadlineInstant(state.planDeadline))}` : ''}. <a href="${roundPath(roundId)}/khac-phuc${c.req.query('tre') === undefined ? '?tre' : ''}">${c.req.query('tre') === undefined ? 'Chỉ xem các đơn vị chậm, chưa gửi' : 'Xem tất cả'}</a></p>
<h2>Nhiệm vụ</h2><ul>${tasks.map((task) => html`<li>${task.heading ?? task.area}: ${task.text}${task.deadline ? html` (hạn ${vietnamTime(deadlineInstant(task.deadline))})` : ''}${'draft' in task ? ' (dự thảo)' : ''}</li>`)}</ul>
<h2>Kế hoạch khắc phục theo đơn vị</h2>
<div class="cuon"><table><caption class="khong-in">Các tiêu chí bị trừ điểm và kế hoạch khắc phục</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tiêu chí</th><th scope="col">Điểm bị trừ</th><th scope="col">Kế hoạch</th></tr></thead><tbody>
${state.units.flatMap((unit) => unit.items.map((item) => html`<tr><td>${unit.name}</td><td>${item.code} ${item.name}</td><td class="so">${formatNumber(item.lost)}</td><td>${PLAN_STATE_NAMES[item.state]}</td></tr>`))}
</tbody></table></div>
<h2>Nhiệm vụ theo cơ quan chủ trì</h2>
<div class="cuon"><table><caption class="khong-in">Tình trạng thực hiện nhiệm vụ của các cơ quan</caption><thead><tr><th scope="col">Cơ quan</th><th scope="col">Nhiệm vụ</th><th scope="col">Tình trạng</th></tr></thead><tbody>
${state.agencies.flatMap((agency) => agency.tasks.map((task) => html`<tr><td>${agency.agency}</td><td>${task.heading ?? task.task}</td><td>${TASK_STATE_NAMES[task.state]}${task.late ? ' (chậm)' : ''}</td></tr>`))}
</tbody></table></div>`,
        session,
      );
    }),
  );

  app.get(
    '/app/dot/:round/don-vi/:unit/:layer',
    signedIn(async (c, session) => {
      const layer = LAYER_OF_PATH.get(c.req.param('layer')!);
      if (!layer)
        return page(c, 'Không tìm thấy trang', html`<p class="loi">Không có trang này.</p>`, session, 404);
      return await sheetPage(c, session, c.req.param('round')!, c.req.param('unit')!, layer);
    }),
  );

  app.post('/app/dot/:round/don-vi/:unit/chot', async (c) => {
    const checked = await checkedPost(c);
    if (!checked.ok) return checked.response;
    const { session, form } = checked;
    const roundId = c.req.param('round')!;
    const unitId = c.req.param('unit')!;
    try {
      // Submitting closes the sheet to the unit: the box that says so must be ticked.
      if (form.get('xac-nhan') === null)
        return await sheetPage(c, session, roundId, unitId, 'self', {
          values: new Map(),
          issues: [],
          revision: 0,
          notice: { text: 'Hãy đánh dấu ô xác nhận trước khi chốt điểm tự chấm.', status: 422 },
        });
      await rounds.submit(session.caller, roundId, unitId);
    } catch (error) {
      return refusedPage(c, error, session);
    }
    return c.redirect(
      `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}/tu-cham`,
      303,
    );
  });

  /** Saves a sheet as the form sends it; a refusal shows the sheet again with every value typed. */
  const saveSheet = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    unitId: string,
    layer: Layer,
    form: URLSearchParams,
  ): Promise<Response> => {
    const { set, document: stored } = await rounds.sheetOf(session.caller, roundId, unitId, layer);
    const values = valuesOfForm(set, form);
    const revision = Number(form.get('phien-ban') ?? 0);
    const unscored = form.get('chua-cham') === 'du' ? 'full' : 'error';
    if (layer === 'appraised' && form.get('sao-chep') !== null) {
      // "Sao chép điểm tự chấm": every field of every entry of the unit's own sheet, for the appraiser to
      // change; the save then goes over the self document, so nothing the form does not show is lost.
      const self = await rounds.sheetOf(session.caller, roundId, unitId, 'self');
      const copied = new Map<string, RowValues>();
      for (const [code, entry] of Object.entries(
        (self.document?.['entries'] ?? {}) as Record<string, Record<string, unknown>>,
      ))
        copied.set(code, rowOfEntry(entry, 'appraised'));
      return await sheetPage(c, session, roundId, unitId, layer, {
        values: copied,
        issues: [],
        revision,
        unscored: self.document?.['unscored'] === 'full' ? 'full' : 'error',
        copied: true,
      });
    }
    const copied = layer === 'appraised' && form.get('nguon') === 'tu-cham';
    const base = copied ? (await rounds.sheetOf(session.caller, roundId, unitId, 'self')).document : stored;
    const entries = entriesOf(
      set,
      values,
      (base?.['entries'] ?? {}) as Record<string, Record<string, unknown>>,
      layer,
    );
    // The round says the set, unit, period and layer; the rest of the document (published figures…) is kept.
    const { entries: _entries, layer: _layer, ...rest } = base ?? {};
    const again = (
      sent: Omit<NonNullable<Parameters<typeof sheetPage>[5]>, 'values' | 'unscored' | 'copied'>,
    ) => sheetPage(c, session, roundId, unitId, layer, { values, unscored, copied, ...sent });
    let written: StoredLayer;
    try {
      written = await rounds.putLayer(
        session.caller,
        roundId,
        unitId,
        layer,
        { ...rest, unscored, entries },
        Number.isSafeInteger(revision) ? revision : -1,
      );
    } catch (error) {
      if (!(error instanceof RoundsError)) throw error;
      if (error.kind === 'invalid-document') return await again({ issues: error.issues, revision });
      if (error.kind === 'precondition-failed') {
        const current = await rounds.getLayer(session.caller, roundId, unitId, layer);
        return await again({ issues: [], revision: current.revision, conflict: current });
      }
      // Closed, refused or gone: the values typed stay on the page, with the reason.
      return await again({
        issues: [],
        revision,
        notice: {
          text: `Chưa lưu được: ${error.vi}. Các giá trị bạn vừa nhập vẫn ở dưới đây.`,
          status: STATUS_OF_KIND[error.kind],
        },
      });
    }
    const savedAt = vietnamClock(now());
    return c.redirect(
      `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}/${PATH_OF_LAYER[layer]}?luu=${savedAt}${written.unchanged ? '&khong-doi' : ''}`,
      303,
    );
  };

  app.post('/app/dot/:round/don-vi/:unit/:layer', async (c) => {
    const checked = await checkedPost(c);
    if (!checked.ok) return checked.response;
    const { session, form } = checked;
    const layer = LAYER_OF_PATH.get(c.req.param('layer'));
    if (!layer)
      return page(c, 'Không tìm thấy trang', html`<p class="loi">Không có trang này.</p>`, session, 404);
    try {
      return await saveSheet(c, session, c.req.param('round')!, c.req.param('unit')!, layer, form);
    } catch (error) {
      return refusedPage(c, error, session);
    }
  });
}

/** `b − a` of two decimal texts, exactly. */
const decimalDifference = (b: string, a: string): string => new Decimal(b).minus(a).toFixed();

/** A stored layer's figures by code: each node's achieved points and applicable max, as decimal text. */
function nodesOf(stored: StoredLayer | undefined): Map<string, { achieved: string | null; max: string }> {
  const found = new Map<string, { achieved: string | null; max: string }>();
  const visit = (nodes: readonly ResultNodeJson[] = []) => {
    for (const node of nodes) {
      found.set(node.code, node);
      visit(node.children);
    }
  };
  visit(stored?.result.nodes);
  return found;
}

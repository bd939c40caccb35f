/** Signing in and out, and the pages' own style sheet and script. */
import { randomBytes } from 'node:crypto';
import { CHALLENGE_MINUTES, MIN_PASSWORD_LENGTH, RoundsError, type SignedIn } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import { nodeRequest } from '../node-bindings.js';
import { CSS, SCRIPT } from './assets.js';
import {
  CHALLENGE_COOKIE,
  LAYER_OF_PATH,
  LOGIN_COOKIE,
  PASSWORD_PATH,
  type PagesContext,
  type PagesEnv,
  SESSION_COOKIE,
  type Session,
} from './context.js';
import type { SheetPage } from './sheet.js';

export function mountSession<E extends PagesEnv>(
  app: Hono<E>,
  context: PagesContext<E>,
  sheetPage: SheetPage<E>,
) {
  const {
    rounds,
    keys,
    same,
    cookieOf,
    setCookie,
    page,
    formOf,
    tooLarge,
    posted,
    refusedPage,
    signInPage,
    sessionOf,
    startSession,
    continueAs,
    idleDeadline,
    csrfOf,
  } = context;
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
   * The address a sign-in came from, for its throttle: the socket's, or behind a trusted reverse proxy the
   * last address of `X-Forwarded-For` (the one that proxy added: the ones before it are the client's word).
   */
  const addressOf = (c: Context<E>) => {
    const forwarded = context.options.trustProxy ? c.req.header('x-forwarded-for') : undefined;
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 100);
    return nodeRequest(c)?.socket.remoteAddress ?? 'local';
  };

  /**
   * The second step of a sign-in: the code of the person's authenticator app, or a recovery code. The form
   * carries what the first step carried (the sheet to return to, the values typed there) and its token.
   */
  const codePage = (c: Context<E>, sent: URLSearchParams, failed?: string, status = 200) =>
    page(
      c,
      'Xác thực hai bước',
      html`<form class="the hep" method="post" action="/app/dang-nhap">
<p class="trang-thai" role="status"><strong>Mật khẩu đúng. Hãy nhập mã xác thực để hoàn tất đăng nhập.</strong></p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
${[...sent]
  .filter(([name]) => name === '_csrf' || name === 'tiep-theo' || name.startsWith('giu:'))
  .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="ma-xac-thuc">Mã xác thực</label>
<input id="ma-xac-thuc" name="ma-xac-thuc" type="text" inputmode="numeric" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" required aria-describedby="goi-y-ma">
<p class="goi-y" id="goi-y-ma">6 chữ số trong ứng dụng xác thực trên điện thoại của bạn. Mất điện thoại: nhập một mã dự phòng (dạng xxxx-xxxx-xxxx-xxxx); mỗi mã chỉ dùng được một lần. Mã phải được nhập trong ${CHALLENGE_MINUTES} phút.</p>
<p><button type="submit">Xác nhận</button></p></form>`,
      undefined,
      status,
    );

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
      signInPage(
        c,
        { failed, login: form.get('login')?.trim() ?? '', ...(next ? { next, carried } : {}) },
        status,
      );
    const address = addressOf(c);
    const login = form.get('login')?.trim() ?? '';
    // `khoa`: the field of the key before accounts (a form kept open over an upgrade still signs in).
    const password = form.get('password') || form.get('khoa') || '';
    const code = form.get('ma-xac-thuc');
    let session: Session;
    const personSession = (person: SignedIn): Session => ({
      caller: person.caller,
      nonce: randomBytes(18).toString('base64url'),
      expires: idleDeadline(),
      account: { login: person.login, epoch: person.epoch, mustChange: person.mustChange },
    });
    const refused = (error: unknown) => {
      if (!(error instanceof RoundsError)) throw error;
      const status = error.kind === 'locked' ? 429 : error.code === 'account-inactive' ? 403 : 401;
      const wait = error.details['retryAfterSeconds'];
      if (typeof wait === 'number') c.header('Retry-After', String(wait));
      return status;
    };
    if (code !== null) {
      // The second step: the code of the person whose password was right a moment ago (the challenge's cookie).
      try {
        session = personSession(
          await rounds.signInSecondFactor(cookieOf(c, CHALLENGE_COOKIE) ?? '', code, address),
        );
      } catch (error) {
        const status = refused(error);
        const { code: refusal, vi } = error as RoundsError;
        if (refusal === 'second-factor-expired') return again(`${vi}.`, status);
        return codePage(c, form, `${vi}.`, status);
      }
      setCookie(c, CHALLENGE_COOKIE, '', 0);
    } else if (login !== '') {
      // A person: the store checks the password, throttles and records, and never says whether the login exists.
      try {
        const person = await rounds.signIn(login, password, address);
        if ('secondFactor' in person) {
          setCookie(c, CHALLENGE_COOKIE, person.challenge, CHALLENGE_MINUTES * 60);
          return codePage(c, form);
        }
        session = personSession(person);
      } catch (error) {
        return again(`${(error as RoundsError).vi}.`, refused(error));
      }
    } else {
      // An API key typed as the password (the first admin, from CCHC_API_KEYS): throttled per address in
      // the store, as a person's password is, so that every process counts the same failures.
      const caller = keys.callerOf(password);
      try {
        await rounds.keySignIn(address, caller !== undefined);
      } catch (error) {
        return again(`${(error as RoundsError).vi}.`, refused(error));
      }
      session = {
        caller: caller!,
        nonce: randomBytes(18).toString('base64url'),
        expires: idleDeadline(),
      };
    }
    startSession(c, session);
    setCookie(c, LOGIN_COOKIE, '', 0);
    if (session.account?.mustChange) return c.redirect(PASSWORD_PATH, 303);
    // Back to the sheet whose save the ended session refused, with the values typed, to save again.
    const sheet = next && /^\/app\/dot\/([^/]+)\/don-vi\/([^/]+)\/(tu-cham|tham-dinh)$/.exec(next);
    if (sheet)
      try {
        const [roundId, unitId] = [decodeURIComponent(sheet[1]!), decodeURIComponent(sheet[2]!)];
        const layer = LAYER_OF_PATH.get(sheet[3]!)!;
        return await sheetPage(c, session, roundId, unitId, layer, {
          values: carried,
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

  /** A person's own password: a one-time one changed at the first sign-in, or any time after. */
  const passwordPage = (c: Context<E>, session: Session, failed?: string, status = 200) =>
    page(
      c,
      'Đổi mật khẩu',
      session.account
        ? html`${session.account.mustChange ? html`<p class="trang-thai" role="status"><strong>Bạn đang dùng mật khẩu dùng một lần. Hãy đặt mật khẩu của riêng mình trước khi làm việc.</strong></p>` : ''}
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<form class="the hep" method="post" action="${PASSWORD_PATH}"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<input type="hidden" name="username" value="${session.account.login}" autocomplete="username">
<label for="hien-tai">Mật khẩu hiện tại</label><input id="hien-tai" name="hien-tai" type="password" autocomplete="current-password" required>
<label for="moi">Mật khẩu mới</label><input id="moi" name="moi" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required aria-describedby="quy-tac">
<p class="goi-y" id="quy-tac">Ít nhất ${MIN_PASSWORD_LENGTH} ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến. Một câu ngắn dễ nhớ là mật khẩu tốt.</p>
<label for="nhap-lai">Nhập lại mật khẩu mới</label><input id="nhap-lai" name="nhap-lai" type="password" autocomplete="new-password" required>
<p><button type="submit">Đổi mật khẩu</button></p></form>`
        : html`<p>Bạn đăng nhập bằng khóa truy cập: khóa không có mật khẩu để đổi.</p>`,
      session,
      status,
    );

  app.get(PASSWORD_PATH, async (c) => {
    const session = await sessionOf(c);
    if (!session) return c.redirect('/app/dang-nhap', 303);
    return passwordPage(c, session, c.req.query('loi') ?? undefined);
  });

  app.post(
    PASSWORD_PATH,
    posted(async (c, session, form) => {
      if (!session.account) return passwordPage(c, session);
      const next = form.get('moi') ?? '';
      if (next !== (form.get('nhap-lai') ?? ''))
        return passwordPage(c, session, 'Hai lần nhập mật khẩu mới không giống nhau.', 422);
      try {
        const person = await rounds.changePassword(session.account.login, form.get('hien-tai') ?? '', next);
        // This session goes on with the new epoch; every other one of the person has ended.
        continueAs(c, session, person);
        return c.redirect('/app?doi-mat-khau', 303);
      } catch (error) {
        if (!(error instanceof RoundsError)) throw error;
        return passwordPage(c, session, `${error.vi}.`, error.kind === 'forbidden' ? 403 : 422);
      }
    }),
  );

  app.post(
    '/app/dang-xuat',
    posted(async (c, session) => {
      // Ended in the store too: the same cookie replayed later opens nothing, on any process.
      await rounds.endSession(session.nonce, new Date(session.expires));
      setCookie(c, SESSION_COOKIE, '', 0);
      return c.redirect('/app/dang-nhap', 303);
    }),
  );
}

/** Signing in and out, and the pages' own style sheet and script. */
import { randomBytes } from 'node:crypto';
import { roleText } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import {
  CSS,
  FAILURES_ALLOWED,
  LAYER_OF_PATH,
  LOCK_MINUTES,
  LOGIN_COOKIE,
  type PagesContext,
  type PagesEnv,
  SCRIPT,
  SESSION_COOKIE,
  SESSION_HOURS,
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
    now,
    sign,
    same,
    cookieOf,
    setCookie,
    page,
    formOf,
    tooLarge,
    posted,
    refusedPage,
    signInPage,
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

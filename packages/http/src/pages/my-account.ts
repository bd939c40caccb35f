/** A person's own account: their password, and the personal tokens of their scripts. */
import { RoundsError, type TokenView } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import { PASSWORD_PATH, type PagesContext, type PagesEnv, type Session, vietnamTime } from './context.js';

export const MY_ACCOUNT_PATH = '/app/tai-khoan';

/** A token's state in words. */
const tokenState = (token: TokenView) =>
  token.revoked ? `Đã thu hồi ${vietnamTime(token.revoked)}` : token.active ? 'Đang dùng được' : 'Đã hết hạn';

export function mountMyAccount<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted } = context;

  const accountPage = async (
    c: Context<E>,
    session: Session,
    sent?: { minted?: { name: string; token: string }; failed?: string },
  ) => {
    if (!session.account)
      return page(
        c,
        'Tài khoản của tôi',
        html`<p>Bạn đăng nhập bằng khóa truy cập: khóa không có mật khẩu hay mã truy cập riêng.</p>`,
        session,
      );
    const tokens = await rounds.listTokens(session.caller);
    return page(
      c,
      'Tài khoản của tôi',
      html`<p class="trang-thai" role="status"><strong>${session.caller.name}, tên đăng nhập ${session.account.login}.</strong> <a href="${PASSWORD_PATH}">Đổi mật khẩu</a></p>
${sent?.minted ? html`<div class="the" role="alert"><p>Mã truy cập "${sent.minted.name}": <strong class="mat-khau">${sent.minted.token}</strong></p><p>Hãy chép mã này vào chương trình cần dùng ngay bây giờ: mã chỉ hiện một lần. Mã có quyền như chính bạn; ai có mã thì làm được mọi việc bạn làm được, nên đừng gửi mã cho người khác.</p></div>` : ''}
${sent?.failed ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<h2>Mã truy cập cho chương trình</h2>
<p>Các chương trình, bảng tính tự động hay hệ thống khác gọi dữ liệu chấm điểm bằng mã truy cập của bạn (gửi trong tiêu đề Authorization).</p>
${
  tokens.length > 0
    ? html`<div class="cuon"><table><caption class="khong-in">Các mã truy cập của bạn</caption><thead><tr><th scope="col">Tên</th><th scope="col">Hết hạn</th><th scope="col">Tình trạng</th><th scope="col">Thu hồi</th></tr></thead><tbody>
${tokens.map((token) => html`<tr><td>${token.name}</td><td>${vietnamTime(token.expires)}</td><td>${tokenState(token)}</td><td>${token.active ? html`<form method="post" action="${MY_ACCOUNT_PATH}/ma-truy-cap/${encodeURIComponent(token.id)}/thu-hoi"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><button class="phu" type="submit">Thu hồi mã ${token.name}</button></form>` : ''}</td></tr>`)}
</tbody></table></div>`
    : html`<p>Bạn chưa có mã truy cập nào.</p>`
}
<form class="the hep" method="post" action="${MY_ACCOUNT_PATH}/ma-truy-cap"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="ten-ma">Tên của mã (để nhớ dùng cho việc gì)</label><input id="ten-ma" name="ten" type="text" maxlength="100" required>
<label for="het-han">Hết hạn sau ngày</label><input id="het-han" name="het-han" type="date" required aria-describedby="goi-y-han">
<p class="goi-y" id="goi-y-han">Trong vòng một năm tới.</p>
<p><button type="submit">Tạo mã truy cập</button></p></form>`,
      session,
      sent?.failed ? 422 : 200,
    );
  };

  app.get(
    MY_ACCOUNT_PATH,
    signedIn((c, session) => accountPage(c, session)),
  );

  app.post(
    `${MY_ACCOUNT_PATH}/ma-truy-cap`,
    posted(async (c, session, form) => {
      try {
        const minted = await rounds.mintToken(
          session.caller,
          form.get('ten') ?? '',
          form.get('het-han') ?? '',
        );
        // Shown on this answer only: the browser keeps no copy of the page.
        return accountPage(c, session, { minted: { name: minted.name, token: minted.token } });
      } catch (error) {
        if (!(error instanceof RoundsError) || error.code === 'token-person-only') throw error;
        return accountPage(c, session, { failed: `${error.vi}.` });
      }
    }),
  );

  app.post(
    `${MY_ACCOUNT_PATH}/ma-truy-cap/:id/thu-hoi`,
    posted(async (c, session) => {
      await rounds.revokeToken(session.caller, c.req.param('id')!);
      return c.redirect(MY_ACCOUNT_PATH, 303);
    }),
  );
}

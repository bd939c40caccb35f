/** A person's own account: their password, their second factor, and the personal tokens of their scripts. */
import { RECOVERY_CODES, RoundsError, type TokenView } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import {
  PASSWORD_PATH,
  type PagesContext,
  type PagesEnv,
  qrPicture,
  type Session,
  vietnamTime,
} from './context.js';

export const MY_ACCOUNT_PATH = '/app/tai-khoan';

/** A token's state in words. */
const tokenState = (token: TokenView) =>
  token.revoked ? `Đã thu hồi ${vietnamTime(token.revoked)}` : token.active ? 'Đang dùng được' : 'Đã hết hạn';

export function mountMyAccount<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, continueAs } = context;
  const SECOND_FACTOR_PATH = `${MY_ACCOUNT_PATH}/hai-buoc`;

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
    const secondFactor = await rounds.secondFactorOf(session.account.login);
    return page(
      c,
      'Tài khoản của tôi',
      html`<p class="trang-thai" role="status"><strong>${session.caller.name}, tên đăng nhập ${session.account.login}. Xác thực hai bước: ${secondFactor.on ? 'đang bật' : 'chưa bật'}.</strong> <a href="${PASSWORD_PATH}">Đổi mật khẩu</a></p>
${sent?.minted ? html`<div class="the" role="alert"><p>Mã truy cập "${sent.minted.name}": <strong class="mat-khau">${sent.minted.token}</strong></p><p>Hãy chép mã này vào chương trình cần dùng ngay bây giờ: mã chỉ hiện một lần. Mã có quyền như chính bạn; ai có mã thì làm được mọi việc bạn làm được, nên đừng gửi mã cho người khác.</p></div>` : ''}
${sent?.failed ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<h2>Xác thực hai bước</h2>
${
  secondFactor.on
    ? html`<p>Mỗi lần đăng nhập, sau mật khẩu, bạn nhập mã 6 chữ số của ứng dụng xác thực trên điện thoại. Bạn còn ${secondFactor.recoveryCodesLeft} mã dự phòng${secondFactor.recoveryCodesLeft <= 3 ? ': sắp hết, hãy tắt rồi bật lại để nhận bộ mã mới' : ''}.</p>
<form class="the hep" method="post" action="${SECOND_FACTOR_PATH}/tat"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="mat-khau-tat">Mật khẩu của bạn (để tắt xác thực hai bước)</label><input id="mat-khau-tat" name="mat-khau" type="password" autocomplete="current-password" required>
<p><button class="phu" type="submit">Tắt xác thực hai bước</button></p></form>`
    : html`<p>Bật xác thực hai bước thì người biết mật khẩu của bạn vẫn không đăng nhập được nếu không có điện thoại của bạn. Nên bật với tài khoản quản trị. Cần một ứng dụng xác thực trên điện thoại (như Google Authenticator, Microsoft Authenticator).</p>
<form method="post" action="${SECOND_FACTOR_PATH}"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><p><button class="phu" type="submit">Bật xác thực hai bước</button></p></form>`
}
<h2>Mã truy cập cho chương trình</h2>
<p>Các chương trình, bảng tính tự động hay hệ thống khác lấy dữ liệu chấm điểm bằng mã truy cập của bạn, với quyền như chính bạn. Cách dùng mã có trong <a href="/docs">tài liệu dành cho người lập trình</a>.</p>
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

  /** The secret for the person's app: a QR code to scan, the key to type, and the code that proves it. */
  const setupPage = async (c: Context<E>, session: Session, login: string, failed?: string) => {
    const { secret, uri } = await rounds.startSecondFactor(login);
    const picture = qrPicture(uri, 4, 4);
    return page(
      c,
      'Bật xác thực hai bước',
      html`<p class="trang-thai" role="status"><strong>Chưa bật: còn một bước. Quét mã bằng ứng dụng xác thực, rồi nhập mã 6 chữ số ứng dụng hiện ra.</strong></p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<div class="the hep"><figure class="ma-qr" role="img" aria-label="Mã QR để thêm tài khoản vào ứng dụng xác thực">${picture}</figure>
<p>Không quét được: trong ứng dụng, chọn thêm tài khoản bằng khóa thiết lập và nhập khóa <strong class="mat-khau">${secret.replace(/(.{4})(?=.)/g, '$1 ')}</strong> (loại: theo thời gian). Đang dùng điện thoại này: <a href="${uri}">mở bằng ứng dụng xác thực</a>.</p></div>
<form class="the hep" method="post" action="${SECOND_FACTOR_PATH}/xac-nhan"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="ma-xac-thuc">Mã 6 chữ số ứng dụng đang hiện</label><input id="ma-xac-thuc" name="ma-xac-thuc" type="text" inputmode="numeric" autocomplete="one-time-code" required>
<p><button type="submit">Bật xác thực hai bước</button></p></form>
<p><a href="${MY_ACCOUNT_PATH}">Để sau</a></p>`,
      session,
      failed ? 422 : 200,
    );
  };

  app.post(
    SECOND_FACTOR_PATH,
    posted(async (c, session) => {
      if (!session.account) return c.redirect(MY_ACCOUNT_PATH, 303);
      return setupPage(c, session, session.account.login);
    }),
  );

  app.post(
    `${SECOND_FACTOR_PATH}/xac-nhan`,
    posted(async (c, session, form) => {
      if (!session.account) return c.redirect(MY_ACCOUNT_PATH, 303);
      const { login } = session.account;
      try {
        const { signedIn: person, recoveryCodes } = await rounds.confirmSecondFactor(
          login,
          form.get('ma-xac-thuc') ?? '',
        );
        continueAs(c, session, person);
        // Shown on this answer only: the browser keeps no copy of the page, the store only their hashes.
        return page(
          c,
          'Đã bật xác thực hai bước',
          html`<p class="trang-thai" role="status"><strong>Đã bật xác thực hai bước. Các phiên đăng nhập khác của bạn đã kết thúc.</strong></p>
<div class="the"><p>${RECOVERY_CODES} mã dự phòng, mỗi mã dùng được một lần khi không có điện thoại:</p>
<ol class="ma-du-phong">${recoveryCodes.map((code) => html`<li><strong class="mat-khau">${code}</strong></li>`)}</ol>
<p>Hãy in hoặc chép các mã này và cất ở nơi an toàn ngay bây giờ: chúng chỉ hiện một lần. Mất cả điện thoại lẫn mã dự phòng thì nhờ người quản trị đặt lại mật khẩu.</p></div>
<p><a href="${MY_ACCOUNT_PATH}">Về tài khoản của tôi</a></p>`,
          session,
        );
      } catch (error) {
        if (!(error instanceof RoundsError) || error.code !== 'second-factor-code') throw error;
        return setupPage(c, session, login, `${error.vi}. Hãy nhập mã đang hiện (mã đổi sau mỗi 30 giây).`);
      }
    }),
  );

  app.post(
    `${SECOND_FACTOR_PATH}/tat`,
    posted(async (c, session, form) => {
      if (!session.account) return c.redirect(MY_ACCOUNT_PATH, 303);
      try {
        continueAs(
          c,
          session,
          await rounds.removeSecondFactor(session.account.login, form.get('mat-khau') ?? ''),
        );
        return c.redirect(MY_ACCOUNT_PATH, 303);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.code !== 'password-wrong') throw error;
        return accountPage(c, session, { failed: `${error.vi}.` });
      }
    }),
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

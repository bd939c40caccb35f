/**
 * The notices' board (`/app/thong-bao`): everyone reads what is for them; the admin posts a notice for
 * everyone or for the units it ticks, public or not, and takes one down. And the admin's list of the
 * reminders sent by email (`/app/thu-nhac-viec`).
 */
import { may, type Notice, RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import {
  noticeList,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  type Session,
  vietnamTime,
} from './context.js';

export const NOTICES_PATH = '/app/thong-bao';
/** The admin's list of the reminders by email. */
export const MAIL_PATH = '/app/thu-nhac-viec';

const MAIL_STATES = {
  waiting: 'Đang chờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  failed: 'Không gửi được',
} as const;

export function mountNotices<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, posted } = context;

  const boardPage = async (
    c: Context<E>,
    session: Session,
    typed?: { form: URLSearchParams; problem: string },
  ): Promise<Response> => {
    const { caller } = session;
    const notices = await rounds.notices(caller);
    const admin = may(caller, 'manage');
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    const units = admin ? await rounds.listUnits(caller) : [];
    const nameOf = new Map(units.map((unit) => [unit.id, unit.name]));
    const value = (field: string) => typed?.form.get(field) ?? '';
    const chosen = new Set(typed?.form.getAll('don-vi') ?? []);
    const some = typed?.form.get('gui') === 'don-vi';
    const forWhom = (notice: Notice) =>
      admin
        ? html`<p class="goi-y">Gửi đến: ${notice.units.length === 0 ? 'mọi người' : notice.units.map((id) => nameOf.get(id) ?? id).join(', ')}.</p>`
        : '';
    const remove = (notice: Notice) =>
      html`${forWhom(notice)}<form method="post" action="${NOTICES_PATH}/go">${csrf}<input type="hidden" name="id" value="${notice.id}"><button class="phu" type="submit" aria-label="Gỡ thông báo ${notice.title}">Gỡ thông báo</button></form>`;
    return page(
      c,
      'Thông báo',
      html`<p class="trang-thai" role="status"><strong>${notices.length > 0 ? `${notices.length} thông báo.` : 'Chưa có thông báo nào.'}</strong></p>
${typed ? html`<p class="loi" role="alert">${typed.problem}</p>` : ''}
${
  admin
    ? html`<form class="the hep" method="post" action="${NOTICES_PATH}">${csrf}<h2>Đăng thông báo</h2>
<label for="tieu-de">Tiêu đề</label><input id="tieu-de" name="tieu-de" type="text" maxlength="200" required value="${value('tieu-de')}">
<label for="thong-bao-noi-dung">Nội dung</label><textarea id="thong-bao-noi-dung" name="noi-dung" rows="5" maxlength="10000" required>${value('noi-dung')}</textarea>
<fieldset><legend>Gửi đến</legend>
<div><input type="radio" id="gui-tat-ca" name="gui" value="moi-nguoi"${some ? '' : html` checked`}> <label for="gui-tat-ca" style="display:inline">Mọi người</label></div>
<div><input type="radio" id="gui-don-vi" name="gui" value="don-vi"${some ? html` checked` : ''}> <label for="gui-don-vi" style="display:inline">Chỉ các đơn vị được chọn dưới đây</label></div>
${units.length > 0 ? html`<ul class="chon">${units.map((unit, position) => html`<li><input type="checkbox" id="dv-${position}" name="don-vi" value="${unit.id}"${chosen.has(unit.id) ? html` checked` : ''}> <label for="dv-${position}" style="display:inline">${unit.name}</label></li>`)}</ul>` : ''}
</fieldset>
<div><input type="checkbox" id="cong-khai" name="cong-khai" value="co"${value('cong-khai') === 'co' ? html` checked` : ''}> <label for="cong-khai" style="display:inline">Công khai: hiện cả trên trang đăng nhập, ai cũng đọc được</label></div>
<p><button type="submit">Đăng thông báo</button></p></form>
<p><a href="${MAIL_PATH}">Thư nhắc việc đã gửi qua thư điện tử</a></p>`
    : ''
}
${notices.length > 0 ? html`<h2>Các thông báo</h2>${noticeList(notices, admin ? remove : undefined)}` : ''}`,
      session,
      typed ? 422 : 200,
    );
  };

  app.get(
    NOTICES_PATH,
    signedIn((c, session) => boardPage(c, session)),
  );

  app.post(
    NOTICES_PATH,
    posted(
      adminOnly(async (c, session, form) => {
        const some = form.get('gui') === 'don-vi';
        const units = some ? form.getAll('don-vi') : [];
        if (some && units.length === 0)
          return boardPage(c, session, {
            form,
            problem: 'Hãy chọn ít nhất một đơn vị, hoặc gửi đến mọi người.',
          });
        try {
          await rounds.postNotice(session.caller, {
            title: (form.get('tieu-de') ?? '').trim(),
            text: (form.get('noi-dung') ?? '').trim(),
            units,
            public: form.get('cong-khai') === 'co',
          });
        } catch (error) {
          if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
          return boardPage(c, session, { form, problem: refusalWords(error) });
        }
        return c.redirect(NOTICES_PATH, 303);
      }),
    ),
  );

  // The reminders by email, for the admin: what was sent, what waits, what failed and why.
  app.get(
    MAIL_PATH,
    signedIn(
      adminOnly(async (c, session) => {
        const entries = await rounds.outbox(session.caller);
        const failed = entries.filter((entry) => entry.state === 'failed').length;
        const waiting = entries.filter(
          (entry) => entry.state === 'waiting' || entry.state === 'sending',
        ).length;
        return page(
          c,
          'Thư nhắc việc',
          html`<p class="trang-thai" role="status"><strong>${entries.length === 0 ? 'Chưa có thư nhắc việc nào.' : `${entries.length - failed - waiting} thư đã gửi, ${waiting} thư đang chờ gửi, ${failed} thư không gửi được.`}</strong></p>
<p>Thư nhắc việc được gửi tự động đến người có địa chỉ thư điện tử trong tài khoản, trước và sau các hạn. Thư gửi không được sẽ được gửi lại sau, nhiều nhất 6 lần.</p>
${
  entries.length > 0
    ? html`<div class="cuon"><table><caption class="khong-in">Các thư nhắc việc, mới nhất trước</caption><thead><tr><th scope="col">Người nhận</th><th scope="col">Tiêu đề</th><th scope="col">Tình trạng</th><th scope="col">Lúc</th></tr></thead><tbody>
${entries.map((entry) => html`<tr><td>${entry.to}</td><td>${entry.subject}</td><td>${MAIL_STATES[entry.state]}${entry.attempts > 1 ? ` (${entry.attempts} lần thử)` : ''}${entry.lastError ? html`<br><span class="goi-y">Lỗi: ${entry.lastError}</span>` : ''}</td><td>${vietnamTime(entry.sentAt ?? entry.queuedAt)}</td></tr>`)}
</tbody></table></div>`
    : ''
}`,
          session,
        );
      }),
    ),
  );

  app.post(
    `${NOTICES_PATH}/go`,
    posted(
      adminOnly(async (c, session, form) => {
        await rounds.removeNotice(session.caller, form.get('id') ?? '');
        return c.redirect(NOTICES_PATH, 303);
      }),
    ),
  );
}

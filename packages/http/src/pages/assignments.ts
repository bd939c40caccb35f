/** The admin's screen "Phân công thẩm định": which appraiser appraises which units, and which criteria there. */
import { type Assignment, parseRole, RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import { type PagesContext, type PagesEnv, refusalWords, roundPath, type Session } from './context.js';

const assignmentsPath = (round: string) => `${roundPath(round)}/phan-cong`;

export function mountAssignments<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, posted } = context;

  const assignmentsPage = async (c: Context<E>, session: Session, roundId: string, failed?: string) => {
    const round = await rounds.getRound(session.caller, roundId);
    const assigned = new Map(
      (await rounds.assignments(session.caller, roundId)).map((assignment) => [assignment.login, assignment]),
    );
    const appraisers = (await rounds.listAccounts(session.caller)).filter(
      (account) => account.active && parseRole(account.role)?.kind === 'appraiser',
    );
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    const unitsOf = (assignment: Assignment | undefined) => new Set(assignment?.units ?? []);
    return page(
      c,
      `Phân công thẩm định: ${round.title}`,
      html`<p class="trang-thai" role="status"><strong>${assigned.size === 0 ? 'Chưa phân công: mọi người thẩm định chấm được mọi đơn vị.' : `${assigned.size} người thẩm định được phân công; mỗi người chỉ chấm các đơn vị và tiêu chí được giao.`}</strong></p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<p>Giao cho từng người thẩm định các đơn vị (và, nếu cần, các tiêu chí) họ chấm trong đợt này. Người không được đánh dấu đơn vị nào thì không chấm đợt này, khi đợt đã có phân công.</p>
${
  appraisers.length === 0
    ? html`<p>Chưa có tài khoản thẩm định nào: thêm ở trang <a href="/app/nguoi-dung">Người dùng</a>.</p>`
    : html`<form method="post" action="${assignmentsPath(round.id)}">${csrf}
${appraisers.map((account, position) => {
  const mine = assigned.get(account.login);
  const units = unitsOf(mine);
  const all = mine !== undefined && mine.units.length === 0;
  return html`<fieldset class="the"><legend>${account.name}</legend>
<p><input type="checkbox" id="tat-ca-${position}" name="tat-ca:${account.login}" value="1"${all ? html` checked` : ''}> <label for="tat-ca-${position}" style="display:inline">Mọi đơn vị của đợt</label></p>
<p class="goi-y">Hoặc chọn từng đơn vị:</p>
<ul class="chon">${round.units.map((unit, at) => html`<li><input type="checkbox" id="dv-${position}-${at}" name="dv:${account.login}" value="${unit.id}"${units.has(unit.id) ? html` checked` : ''}> <label for="dv-${position}-${at}" style="display:inline">${unit.name}</label></li>`)}</ul>
<label for="tc-${position}">Chỉ các tiêu chí (mã, cách nhau bởi dấu phẩy; để trống: mọi tiêu chí)</label><input id="tc-${position}" name="tc:${account.login}" type="text" value="${mine?.codes.join(', ') ?? ''}">
</fieldset>`;
})}
<p><button type="submit">Lưu phân công</button></p></form>`
}
<p><a href="${roundPath(round.id)}/quan-ly">Về quản lý đợt</a></p>`,
      session,
      failed ? 422 : 200,
    );
  };

  app.get(
    '/app/dot/:round/phan-cong',
    signedIn(adminOnly((c, session) => assignmentsPage(c, session, c.req.param('round')!))),
  );

  app.post(
    '/app/dot/:round/phan-cong',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      const logins = new Set(
        [...form.keys()]
          .filter((name) => /^(dv|tat-ca|tc):/.test(name))
          .map((name) => name.slice(name.indexOf(':') + 1)),
      );
      const assignments = [...logins].flatMap((login) => {
        const units = form.getAll(`dv:${login}`);
        const all = form.get(`tat-ca:${login}`) !== null;
        const codes = (form.get(`tc:${login}`) ?? '')
          .split(',')
          .map((code) => code.trim())
          .filter((code) => code !== '');
        // Nothing ticked: this appraiser is not assigned (the codes alone assign no unit).
        if (!all && units.length === 0) return [];
        return [{ login, ...(all ? {} : { units }), ...(codes.length > 0 ? { codes } : {}) }];
      });
      try {
        await rounds.putAssignments(session.caller, roundId, assignments);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return assignmentsPage(c, session, roundId, refusalWords(error));
      }
      return c.redirect(assignmentsPath(roundId), 303);
    }),
  );
}

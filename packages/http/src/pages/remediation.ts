/**
 * The remediation after publication, written on the pages: the admin's tasks (drafted from the results,
 * edited and stored), a unit's plan for each lost item, a lead agency's report on its task.
 */
import { formatNumber } from '@cchc/core';
import { REMEDIATION_STATUSES, type RemediationStatus } from '@cchc/core/remediation';
import { may, RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import {
  dateInputOf,
  linesOf,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  roundPath,
  type Session,
} from './context.js';

const STATUS_NAMES: Readonly<Record<RemediationStatus, string>> = {
  planned: 'Đã lập kế hoạch',
  'in-progress': 'Đang thực hiện',
  done: 'Đã hoàn thành',
};
const followUpPath = (round: string) => `${roundPath(round)}/khac-phuc`;
export const taskPath = (round: string, task: string) =>
  `${followUpPath(round)}/nhiem-vu/${encodeURIComponent(task)}`;
export const planPath = (round: string, unit: string, code: string) =>
  `${followUpPath(round)}/don-vi/${encodeURIComponent(unit)}/${encodeURIComponent(code)}`;

export function mountRemediation<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, refusedPage } = context;
  const csrf = (session: Session) => html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
  const statusSelect = (chosen: string) =>
    html`<label for="tinh-trang">Tình trạng</label><select id="tinh-trang" name="tinh-trang">${REMEDIATION_STATUSES.map((status) => html`<option value="${status}"${status === chosen ? html` selected` : ''}>${STATUS_NAMES[status]}</option>`)}</select>`;

  /** The admin's form of one task (stored, or a draft to store). */
  const taskPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    taskId: string,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    if (!may(session.caller, 'manage')) return refusedPage(c, new RoundsError('admin-only', {}), session);
    const round = await rounds.getRound(session.caller, roundId);
    const { tasks } = await rounds.tasks(session.caller, roundId);
    const task = tasks.find((candidate) => candidate.id === taskId);
    if (!task)
      return refusedPage(c, new RoundsError('task-not-found', { task: taskId, round: roundId }), session);
    // A refused form comes back as it was typed.
    const typed = (name: string, stored: string) => sent?.form.get(name) ?? stored;
    const units = new Set(sent ? sent.form.getAll('don-vi') : (task.units ?? []));
    const failed = sent?.failed;
    return page(
      c,
      `Nhiệm vụ khắc phục: ${task.heading ?? task.area}`,
      html`<p class="trang-thai" role="status"><strong>${'draft' in task ? 'Dự thảo soạn từ các mục bị trừ điểm: sửa rồi lưu để giao nhiệm vụ.' : 'Nhiệm vụ đã giao: sửa rồi lưu, mỗi lần lưu là một phiên bản.'}</strong></p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<form class="the hep" method="post" action="${taskPath(roundId, taskId)}">${csrf(session)}
<label for="tieu-de">Tiêu đề (như "Đối với công tác chỉ đạo, điều hành cải cách hành chính")</label><input id="tieu-de" name="tieu-de" type="text" value="${typed('tieu-de', task.heading ?? '')}">
<label for="nhiem-vu-noi-dung">Nhiệm vụ cần thực hiện</label><textarea id="nhiem-vu-noi-dung" name="noi-dung" rows="5" required>${typed('noi-dung', task.text)}</textarea>
<label for="chu-tri">Cơ quan chủ trì, tham mưu (mỗi dòng một cơ quan; mỗi cơ quan báo cáo kết quả)</label><textarea id="chu-tri" name="chu-tri" rows="4" required>${typed('chu-tri', task.lead.join('\n'))}</textarea>
<label for="cach-ghi">Cách ghi cơ quan chủ trì trong báo cáo (để trống: các tên trên, cách nhau bởi dấu chấm phẩy)</label><input id="cach-ghi" name="cach-ghi" type="text" value="${typed('cach-ghi', task.leadText ?? '')}">
<fieldset><legend>Các đơn vị phải thực hiện</legend><ul class="chon">${round.units.map((unit, position) => html`<li><input type="checkbox" id="dv-${position}" name="don-vi" value="${unit.id}"${units.has(unit.id) ? html` checked` : ''}> <label for="dv-${position}" style="display:inline">${unit.name}</label></li>`)}</ul></fieldset>
<label for="han">Hạn hoàn thành</label><input id="han" name="han" type="date" required value="${typed('han', dateInputOf(task.deadline))}">
<p><button type="submit">Lưu nhiệm vụ</button></p></form>
<p><a href="${followUpPath(roundId)}">Về theo dõi khắc phục</a></p>`,
      session,
      failed ? 422 : 200,
    );
  };

  app.get(
    '/app/dot/:round/khac-phuc/nhiem-vu/:task',
    signedIn((c, session) => taskPage(c, session, c.req.param('round')!, c.req.param('task')!)),
  );

  app.post(
    '/app/dot/:round/khac-phuc/nhiem-vu/:task',
    posted(async (c, session, form) => {
      const [roundId, taskId] = [c.req.param('round')!, c.req.param('task')!];
      const { tasks } = await rounds.tasks(session.caller, roundId);
      const task = tasks.find((candidate) => candidate.id === taskId);
      const field = (name: string) => form.get(name)?.trim() ?? '';
      const units = [...new Set(form.getAll('don-vi'))];
      try {
        await rounds.putTask(session.caller, roundId, taskId, {
          area: task?.area ?? '',
          ...(field('tieu-de') === '' ? {} : { heading: field('tieu-de') }),
          text: field('noi-dung'),
          lead: linesOf(form.get('chu-tri')),
          ...(field('cach-ghi') === '' ? {} : { leadText: field('cach-ghi') }),
          ...(units.length > 0 ? { units } : {}),
          deadline: field('han'),
        });
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return taskPage(c, session, roundId, taskId, { form, failed: refusalWords(error) });
      }
      return c.redirect(followUpPath(roundId), 303);
    }),
  );

  /** A unit's plan for one lost item: what it will do, by when, and later what it did. */
  const planPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    unitId: string,
    code: string,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    const state = await rounds.followUp(session.caller, roundId);
    const unit = state.units.find((candidate) => candidate.unit === unitId);
    const item = unit?.items.find((candidate) => candidate.code === code);
    if (!unit || !item) return refusedPage(c, new RoundsError('criterion-not-found', { code }), session);
    const plan = item.plan;
    const typed = (name: string, stored: string) => sent?.form.get(name) ?? stored;
    const failed = sent?.failed;
    return page(
      c,
      `Kế hoạch khắc phục: ${item.code} ${item.name}`,
      html`<p class="trang-thai" role="status"><strong>${unit.name}: mục ${item.code} bị trừ ${formatNumber(item.lost)} điểm. ${plan ? `Kế hoạch đã gửi, tình trạng: ${STATUS_NAMES[plan.status]}.` : 'Chưa gửi kế hoạch.'}</strong></p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<form class="the hep" method="post" action="${planPath(roundId, unitId, code)}">${csrf(session)}
<label for="bien-phap">Biện pháp khắc phục</label><textarea id="bien-phap" name="bien-phap" rows="4" required>${typed('bien-phap', plan?.action ?? '')}</textarea>
${statusSelect(typed('tinh-trang', plan?.status ?? 'planned'))}
<label for="han">Thời hạn hoàn thành (không bắt buộc)</label><input id="han" name="han" type="date" value="${typed('han', dateInputOf(plan?.due))}">
<label for="kiem-chung">Tài liệu kiểm chứng (mỗi dòng một tài liệu: số, ngày, trích yếu)</label><textarea id="kiem-chung" name="kiem-chung" rows="3">${typed('kiem-chung', (plan?.evidence ?? []).join('\n'))}</textarea>
<p><button type="submit">Gửi kế hoạch</button></p></form>
<p><a href="${followUpPath(roundId)}">Về theo dõi khắc phục</a></p>`,
      session,
      failed ? 422 : 200,
    );
  };

  app.get(
    '/app/dot/:round/khac-phuc/don-vi/:unit/:code',
    signedIn((c, session) =>
      planPage(c, session, c.req.param('round')!, c.req.param('unit')!, c.req.param('code')!),
    ),
  );

  app.post(
    '/app/dot/:round/khac-phuc/don-vi/:unit/:code',
    posted(async (c, session, form) => {
      const [roundId, unitId, code] = [c.req.param('round')!, c.req.param('unit')!, c.req.param('code')!];
      const field = (name: string) => form.get(name)?.trim() ?? '';
      const evidence = linesOf(form.get('kiem-chung'));
      try {
        await rounds.putPlan(session.caller, roundId, unitId, code, {
          action: field('bien-phap'),
          status: field('tinh-trang'),
          ...(field('han') === '' ? {} : { due: field('han') }),
          ...(evidence.length > 0 ? { evidence } : {}),
        });
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return planPage(c, session, roundId, unitId, code, { form, failed: refusalWords(error) });
      }
      return c.redirect(followUpPath(roundId), 303);
    }),
  );

  /** A lead agency's report on a task it leads. */
  const reportPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    taskId: string,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    const { role } = session.caller;
    if (role.kind !== 'agency') return refusedPage(c, new RoundsError('report-own', { agency: '' }), session);
    const state = await rounds.followUp(session.caller, roundId);
    const own = state.agencies
      .find((agency) => agency.agency === role.agency)
      ?.tasks.find((task) => task.task === taskId);
    if (!own) return refusedPage(c, new RoundsError('report-own', { agency: role.agency }), session);
    const typed = (name: string, stored: string) => sent?.form.get(name) ?? stored;
    const failed = sent?.failed;
    return page(
      c,
      `Báo cáo nhiệm vụ: ${own.heading ?? own.area}`,
      html`<p class="trang-thai" role="status"><strong>${role.agency} chủ trì nhiệm vụ này. ${own.report ? `Đã báo cáo: ${STATUS_NAMES[own.report.status]}.` : 'Chưa báo cáo.'}</strong></p>
<p>${own.text}</p>
${failed ? html`<p class="loi" role="alert">${failed}</p>` : ''}
<form class="the hep" method="post" action="${taskPath(roundId, taskId)}/bao-cao">${csrf(session)}
${statusSelect(typed('tinh-trang', own.report?.status ?? 'in-progress'))}
<label for="ghi-chu">Kết quả thực hiện</label><textarea id="ghi-chu" name="ghi-chu" rows="4">${typed('ghi-chu', own.report?.note ?? '')}</textarea>
<label for="kiem-chung">Tài liệu kiểm chứng (mỗi dòng một tài liệu)</label><textarea id="kiem-chung" name="kiem-chung" rows="3">${typed('kiem-chung', (own.report?.evidence ?? []).join('\n'))}</textarea>
<p><button type="submit">Gửi báo cáo</button></p></form>
<p><a href="${followUpPath(roundId)}">Về theo dõi khắc phục</a></p>`,
      session,
      failed ? 422 : 200,
    );
  };

  app.get(
    '/app/dot/:round/khac-phuc/nhiem-vu/:task/bao-cao',
    signedIn((c, session) => reportPage(c, session, c.req.param('round')!, c.req.param('task')!)),
  );

  app.post(
    '/app/dot/:round/khac-phuc/nhiem-vu/:task/bao-cao',
    posted(async (c, session, form) => {
      const [roundId, taskId] = [c.req.param('round')!, c.req.param('task')!];
      const { role } = session.caller;
      if (role.kind !== 'agency')
        return refusedPage(c, new RoundsError('report-own', { agency: '' }), session);
      const evidence = linesOf(form.get('kiem-chung'));
      const note = form.get('ghi-chu')?.trim() ?? '';
      try {
        await rounds.putTaskReport(session.caller, roundId, taskId, role.agency, {
          status: form.get('tinh-trang') ?? '',
          ...(note === '' ? {} : { note }),
          ...(evidence.length > 0 ? { evidence } : {}),
        });
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return reportPage(c, session, roundId, taskId, { form, failed: refusalWords(error) });
      }
      return c.redirect(followUpPath(roundId), 303);
    }),
  );
}

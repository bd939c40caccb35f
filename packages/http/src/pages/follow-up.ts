import { deadlineInstant, formatNumber } from '@cchc/core';
import { may } from '@cchc/rounds';
import type { Hono } from 'hono';
import { html } from '../html.js';
import {
  type PagesContext,
  type PagesEnv,
  PLAN_STATE_NAMES,
  roundPath,
  TASK_STATE_NAMES,
  vietnamTime,
} from './context.js';
import { planPath, taskPath } from './remediation.js';

export function mountFollowUp<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, signedIn } = context;
  app.get(
    '/app/dot/:round/khac-phuc',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const state = await rounds.followUp(session.caller, roundId, {
        late: c.req.query('tre') !== undefined,
      });
      const { tasks, drafts } = await rounds.tasks(session.caller, roundId);
      const { caller } = session;
      const { role } = caller;
      const manages = may(caller, 'manage');
      // Each sees its own rows: a unit its items, an agency its tasks; the admin and appraisers everything.
      const units = state.units.filter((unit) => role.kind !== 'unit' || unit.unit === role.unit);
      const agencies = state.agencies.filter(
        (agency) => role.kind !== 'agency' || agency.agency === role.agency,
      );
      const late = c.req.query('tre') !== undefined;
      return page(
        c,
        'Theo dõi khắc phục',
        html`<p class="trang-thai" role="status"><strong>Tính đến ${vietnamTime(state.at)}: ${units.reduce((sum, unit) => sum + unit.counts.missing + unit.counts.pending, 0)} mục bị trừ điểm chưa có kế hoạch khắc phục (${units.reduce((sum, unit) => sum + unit.counts.missing, 0)} đã quá hạn gửi); ${agencies.reduce((sum, agency) => sum + agency.counts.tasksOverdue, 0)} nhiệm vụ quá hạn.</strong></p>
<p>${state.planDeadline ? html`Hạn gửi kế hoạch khắc phục: ${vietnamTime(deadlineInstant(state.planDeadline))}. ` : ''}<a href="${roundPath(roundId)}/khac-phuc${late ? '' : '?tre'}">${late ? 'Xem tất cả' : 'Chỉ xem các đơn vị chậm, chưa gửi'}</a></p>
<h2>Nhiệm vụ</h2>
${drafts && manages ? html`<p class="goi-y">Các nhiệm vụ dưới đây là dự thảo soạn từ các mục bị trừ điểm: mở từng nhiệm vụ, sửa rồi lưu để giao.</p>` : ''}
<ul>${tasks.map((task) => {
          const leads = role.kind === 'agency' && task.lead.includes(role.agency) && !('draft' in task);
          return html`<li>${task.heading ?? task.area}: ${task.text}${task.deadline ? html` (hạn ${vietnamTime(deadlineInstant(task.deadline))})` : ''}${'draft' in task ? ' (dự thảo)' : ''}${manages ? html` <a href="${taskPath(roundId, task.id)}">Sửa nhiệm vụ</a>` : ''}${leads ? html` <a href="${taskPath(roundId, task.id)}/bao-cao">Báo cáo kết quả</a>` : ''}</li>`;
        })}</ul>
${
  manages
    ? html`<h2>Tổng hợp theo đơn vị</h2>
<div class="cuon"><table><caption class="khong-in">Số mục bị trừ điểm và kế hoạch của từng đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Mục bị trừ điểm</th><th scope="col">Gửi đúng hạn</th><th scope="col">Gửi chậm</th><th scope="col">Chưa gửi</th><th scope="col">Đã hoàn thành</th></tr></thead><tbody>
${units.map((unit) => html`<tr><td>${unit.name}</td><td class="so">${unit.counts.items}</td><td class="so">${unit.counts.onTime}</td><td class="so">${unit.counts.late}</td><td class="so">${unit.counts.missing}</td><td class="so">${unit.counts.done}</td></tr>`)}
</tbody></table></div>`
    : ''
}
<h2>Kế hoạch khắc phục theo đơn vị</h2>
<div class="cuon"><table><caption class="khong-in">Các tiêu chí bị trừ điểm và kế hoạch khắc phục</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tiêu chí</th><th scope="col">Điểm bị trừ</th><th scope="col">Kế hoạch</th></tr></thead><tbody>
${units.flatMap((unit) => unit.items.map((item) => html`<tr><td>${unit.name}</td><td>${item.code} ${item.name}</td><td class="so">${formatNumber(item.lost)}</td><td>${PLAN_STATE_NAMES[item.state]}${may(caller, 'write-plan', { unit: unit.unit, code: item.code, agencies: item.responsible }) ? html` <a href="${planPath(roundId, unit.unit, item.code)}">${item.plan ? 'Sửa kế hoạch' : 'Gửi kế hoạch'}</a>` : ''}</td></tr>`))}
</tbody></table></div>
<h2>Nhiệm vụ theo cơ quan chủ trì</h2>
<div class="cuon"><table><caption class="khong-in">Tình trạng thực hiện nhiệm vụ của các cơ quan</caption><thead><tr><th scope="col">Cơ quan</th><th scope="col">Nhiệm vụ</th><th scope="col">Tình trạng</th></tr></thead><tbody>
${agencies.flatMap((agency) => agency.tasks.map((task) => html`<tr><td>${agency.agency}</td><td>${task.heading ?? task.text}</td><td>${TASK_STATE_NAMES[task.state]}${task.late ? ' (chậm)' : ''}</td></tr>`))}
</tbody></table></div>`,
        session,
      );
    }),
  );
}

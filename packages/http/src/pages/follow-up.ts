import { deadlineInstant, formatNumber } from '@cchc/core';
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

export function mountFollowUp<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, signedIn } = context;
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
}

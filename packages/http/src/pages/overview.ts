import { deadlineInstant } from '@cchc/core';
import { may } from '@cchc/rounds';
import type { Hono } from 'hono';
import { html } from '../html.js';
import { type PagesContext, type PagesEnv, roundPath, timeLeft, unitState, vietnamTime } from './context.js';
import { todosOf } from './todo.js';

export function mountOverview<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, page, signedIn } = context;
  app.get(
    '/app',
    signedIn(async (c, session) => {
      const { caller } = session;
      const listed = await rounds.listRounds(caller);
      const at = now();
      const todos = await todosOf(rounds, caller, listed, at);
      const notices = (await rounds.notices(caller)).slice(0, 3);
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
            ? [
                html`<a href="${base}/tong-quan">Biểu đồ tổng quan</a>`,
                html`<a href="${base}/tham-dinh">Danh sách đơn vị (thẩm định)</a>`,
              ]
            : []),
          ...(may(caller, 'manage')
            ? [
                html`<a href="${base}/quan-ly">Quản lý đợt</a>`,
                html`<a href="${base}/cong-bo">Công bố và báo cáo</a>`,
              ]
            : []),
          ...(round.published ? [html`<a href="${base}/xep-hang">Kết quả xếp hạng</a>`] : []),
          ...(round.published ? [html`<a href="${base}/khac-phuc">Theo dõi khắc phục</a>`] : []),
        ];
        return html`<section class="the"><h2>${round.title}</h2>
<p>Kỳ đánh giá: ${round.period}. ${
          round.published
            ? html`<strong>Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.</strong>`
            : html`Hạn tự chấm điểm: ${vietnamTime(deadlineInstant(round.deadlines.self))} (${timeLeft(round.deadlines.self, at)}); ${round.deadlines.explanation ? html`hạn giải trình: ${vietnamTime(deadlineInstant(round.deadlines.explanation))} (${timeLeft(round.deadlines.explanation, at)}); ` : ''}hạn thẩm định: ${vietnamTime(deadlineInstant(round.deadlines.appraisal))} (${timeLeft(round.deadlines.appraisal, at)}).`
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
        html`<p class="trang-thai" role="status"><strong>${todos.length > 0 ? `Có ${todos.length} việc đang chờ bạn.` : 'Không có việc nào đang chờ bạn.'}</strong></p>
${todos.length > 0 ? html`<section class="the"><h2>Việc cần làm</h2><ul>${todos.map((todo) => html`<li><a href="${todo.href}">${todo.text}</a>${todo.deadline ? html`: hạn ${vietnamTime(deadlineInstant(todo.deadline))} (${timeLeft(todo.deadline, at)})` : ''}</li>`)}</ul></section>` : ''}
${notices.length > 0 ? html`<section class="the"><h2>Thông báo mới</h2><ul>${notices.map((notice) => html`<li><a href="/app/thong-bao#tb-${notice.id}">${notice.title}</a> (${vietnamTime(notice.at)})</li>`)}</ul><p><a href="/app/thong-bao">Xem tất cả thông báo</a></p></section>` : ''}
${
  may(caller, 'manage')
    ? html`<p><a class="nut" href="/app/dot/moi">Tạo đợt đánh giá</a>${listed.length > 0 ? html` · hoặc sao chép đợt của năm trước từ trang "Quản lý đợt"` : ''} · <a href="/app/dot/khoi-phuc">Khôi phục đợt từ bản sao lưu</a></p>`
    : ''
}${
  sections.length > 0
    ? sections
    : html`<p>Chưa có đợt đánh giá nào.${may(caller, 'manage') ? ' Cần có: bộ tiêu chí (trang Bộ tiêu chí), danh sách đơn vị (trang Đơn vị), rồi tạo đợt đánh giá.' : ''}</p>`
}`,
        session,
      );
    }),
  );
}

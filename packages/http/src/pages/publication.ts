import { deadlineInstant, formatNumber, isPast } from '@cchc/core';
import { may, type RoundResult, type RoundView } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import { type PagesContext, type PagesEnv, roundPath, type Session, vietnamTime } from './context.js';

export function mountPublication<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, options, csrfOf, page, posted, signedIn, resultsOf } = context;
  /** The ranking of a round's results, a table per criteria set: ranks count within a set. */
  const rankingTables = (roundId: string, results: readonly RoundResult[], withSheets: boolean) => {
    const bySet = new Map<string, RoundResult[]>();
    for (const result of results)
      bySet.set(result.criteriaSet.id, [...(bySet.get(result.criteriaSet.id) ?? []), result]);
    return [...bySet.values()].map(
      (
        ranked,
      ) => html`<div class="cuon"><table><caption>Xếp hạng theo ${ranked[0]!.criteriaSet.title}</caption><thead><tr><th scope="col">Xếp hạng</th><th scope="col">Đơn vị</th><th scope="col">Điểm đạt</th><th scope="col">Chỉ số</th><th scope="col">Xếp loại</th>${withSheets ? html`<th scope="col">Phiếu thẩm định</th>` : ''}</tr></thead><tbody>
${[...ranked]
  .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER))
  .map(
    (result) =>
      html`<tr><td class="so">${result.rank ?? ''}</td><td>${result.unit.name}</td><td class="so">${formatNumber(result.achieved)}/${formatNumber(result.max)}</td><td class="so">${formatNumber(result.index)}</td><td>${result.classification ?? ''}</td>${withSheets ? html`<td><a href="${roundPath(roundId)}/don-vi/${encodeURIComponent(result.unit.id)}/phieu.xlsx?lop=tham-dinh">Tải phiếu thẩm định (XLSX)</a></td>` : ''}</tr>`,
  )}
</tbody></table></div>`,
    );
  };

  /** What an admin should know before publishing: units not submitted, explanations unanswered or still open. */
  const publicationWarnings = (round: RoundView): string[] => {
    const nameOf = new Map(round.units.map((unit) => [unit.id, unit.name]));
    const unsubmitted = round.unitStates
      .filter((unit) => !unit.submitted)
      .map((unit) => nameOf.get(unit.id)!);
    const unanswered = round.unitStates.filter((unit) => unit.pendingExplanations > 0);
    const unappraised = round.unitStates
      .filter((unit) => !unit.appraised)
      .map((unit) => nameOf.get(unit.id)!);
    const warnings: string[] = [];
    if (unappraised.length > 0)
      warnings.push(
        `${unappraised.length} đơn vị chưa có điểm thẩm định (phải thẩm định xong mới công bố được): ${unappraised.join(', ')}.`,
      );
    if (unsubmitted.length > 0)
      warnings.push(`${unsubmitted.length} đơn vị chưa chốt điểm tự chấm: ${unsubmitted.join(', ')}.`);
    if (unanswered.length > 0)
      warnings.push(
        `${unanswered.reduce((sum, unit) => sum + unit.pendingExplanations, 0)} yêu cầu giải trình chưa được trả lời (${unanswered.map((unit) => nameOf.get(unit.id)).join(', ')}).`,
      );
    const explanation = round.deadlines.explanation;
    if (explanation !== undefined && !isPast(explanation, now()))
      warnings.push(
        `Chưa hết hạn giải trình (${vietnamTime(deadlineInstant(explanation))}): đơn vị còn có thể giải trình.`,
      );
    return warnings;
  };

  const publishPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    sent?: { form: URLSearchParams; notice: string; status: number },
  ) => {
    const round = await rounds.getRound(session.caller, roundId);
    const results = await resultsOf(session.caller, roundId, 'appraised');
    const warnings = round.published ? [] : publicationWarnings(round);
    const typed = (name: string, fallback: string) => sent?.form.get(name) ?? fallback;
    return page(
      c,
      `Công bố và báo cáo: ${round.title}`,
      html`<p class="trang-thai${round.published ? ' khoa' : ''}" role="status"><strong>${round.published ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.` : 'Chưa công bố kết quả: kiểm tra bảng xếp hạng dưới đây, rồi công bố.'}</strong></p>
${sent ? html`<p class="loi" role="alert">${sent.notice}</p>` : ''}
${results.length > 0 ? rankingTables(roundId, results, true) : html`<p>Chưa có đơn vị nào được thẩm định.</p>`}
${
  round.published
    ? html`<p><a href="${roundPath(roundId)}/bao-cao.docx">Tải báo cáo (DOCX)</a> · <a href="${roundPath(roundId)}/ket-qua.xlsx">Tải bảng kết quả (XLSX)</a></p>`
    : html`${warnings.length > 0 ? html`<div class="the canh-bao" role="alert"><p><strong>Cần lưu ý trước khi công bố:</strong></p><ul>${warnings.map((text) => html`<li>${text}</li>`)}</ul></div>` : ''}
<form class="the" method="post" action="${roundPath(roundId)}/cong-bo"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="co-quan">Cơ quan ban hành (mỗi dòng một cấp)</label><textarea id="co-quan" name="co-quan" rows="2">${typed('co-quan', `ỦY BAN NHÂN DÂN\n${round.authority.name.replace(/^UBND\s+/i, '').toLocaleUpperCase('vi')}`)}</textarea>
<label for="dia-danh">Địa danh</label><input type="text" id="dia-danh" name="dia-danh" value="${typed('dia-danh', '')}" required>
<label for="trich-yeu">Trích yếu</label><input type="text" id="trich-yeu" name="trich-yeu" value="${typed('trich-yeu', `Kết quả đánh giá, xếp loại công tác cải cách hành chính năm ${round.period}`)}" required>
<p><input type="checkbox" id="xac-nhan-cong-bo" name="xac-nhan" value="1" required> <label for="xac-nhan-cong-bo" style="display:inline">Tôi đã kiểm tra bảng xếp hạng${warnings.length > 0 ? ' và các lưu ý ở trên' : ''}; sau khi công bố, kết quả không thay đổi được nữa</label></p>
<p><button type="submit">Công bố kết quả</button></p></form>`
}`,
      session,
      sent?.status ?? 200,
    );
  };

  app.get(
    '/app/dot/:round/cong-bo',
    signedIn(async (c, session) => {
      if (!may(session.caller, 'manage'))
        return page(
          c,
          'Không thực hiện được',
          html`<p class="loi">Chỉ quản trị được công bố kết quả.</p>`,
          session,
          403,
        );
      return publishPage(c, session, c.req.param('round')!);
    }),
  );

  app.post(
    '/app/dot/:round/cong-bo',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      const year = now().getUTCFullYear();
      const report = {
        issuer: (form.get('co-quan') ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
        number: '/BC-UBND',
        place: form.get('dia-danh')?.trim() ?? '',
        year,
        title: form.get('trich-yeu')?.trim() ?? '',
      };
      // Publication cannot be undone: the box that says so must be ticked.
      if (form.get('xac-nhan') === null)
        return await publishPage(c, session, roundId, {
          form,
          notice: 'Hãy đánh dấu ô xác nhận trước khi công bố.',
          status: 422,
        });
      await rounds.publish(session.caller, roundId, report);
      return c.redirect(`${roundPath(roundId)}/cong-bo`, 303);
    }),
  );

  app.get(
    '/app/dot/:round/xep-hang',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const round = await rounds.getRound(session.caller, roundId);
      const results = round.published ? await resultsOf(session.caller, roundId, 'appraised') : [];
      return page(
        c,
        `Kết quả xếp hạng: ${round.title}`,
        round.published
          ? html`<p class="trang-thai" role="status"><strong>Kết quả đã công bố ngày ${vietnamTime(round.published.at)}.</strong></p>${rankingTables(roundId, results, false)}`
          : html`<p class="trang-thai" role="status"><strong>Chưa công bố kết quả.</strong></p>`,
        session,
      );
    }),
  );

  // The downloads, for a session, as the API gives them for a key.
  for (const format of ['docx', 'xlsx'] as const)
    app.get(
      `/app/dot/:round/${format === 'docx' ? 'bao-cao.docx' : 'ket-qua.xlsx'}`,
      signedIn((c, session) => options.download(c, c.req.param('round')!, format, session.caller)),
    );
  app.get(
    '/app/dot/:round/don-vi/:unit/phieu.xlsx',
    signedIn((c, session) =>
      options.sheetDownload(
        c,
        c.req.param('round')!,
        c.req.param('unit')!,
        c.req.query('lop') === 'tham-dinh' ? 'appraised' : 'self',
        session.caller,
      ),
    ),
  );
}

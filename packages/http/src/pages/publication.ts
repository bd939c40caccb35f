import { deadlineInstant, formatIssue, formatNumber, isPast } from '@cchc/core';
import { createReportModel, renderHtml } from '@cchc/report';
import { may, passesOf, type RoundResult, RoundsError, type RoundView } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { Html, html } from '../html.js';
import {
  deadlineDay,
  LAYER_OF_PATH,
  linesOf,
  PATH_OF_LAYER,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  roundPath,
  type Session,
  vietnamTime,
} from './context.js';
import { publicPath } from './public-results.js';

/** How many lines of section IV (Tổ chức thực hiện) the form offers: the reports studied have three or four. */
const SECTION_FOUR_LINES = 4;

/**
 * Section IV as the form says it: each line its addressee ("Đối với UBND các xã, thị trấn"), its text, and where
 * the text writes {hạn}, its date (the round's remediation deadline when none is chosen); what does not hold
 * together, in words.
 */
function sectionFourOfForm(form: URLSearchParams): {
  items: Record<string, string>[];
  problems: Map<number, string>;
} {
  const items: Record<string, string>[] = [];
  const problems = new Map<number, string>();
  for (let line = 1; line <= SECTION_FOUR_LINES; line++) {
    const field = (name: string) => form.get(`${name}-${line}`)?.trim() ?? '';
    const [heading, text, date] = [field('iv-doi-tuong'), field('iv-noi-dung'), field('iv-han')];
    if (text === '') {
      if (heading !== '' || date !== '') problems.set(line, 'Hãy ghi nội dung.');
      continue;
    }
    const placed = text.includes('{hạn}');
    if (!placed && date !== '')
      problems.set(line, 'Đã chọn hạn: hãy viết {hạn} vào nội dung, nơi ghi ngày đó.');
    items.push({
      ...(heading === '' ? {} : { heading }),
      text: text.replaceAll('{hạn}', '{deadline}'),
      ...(placed ? { deadline: date === '' ? 'remediation' : date } : {}),
    });
  }
  return { items, problems };
}

/** The report input the publication form says (the report package's input, in the office's words). */
function reportOfForm(
  form: URLSearchParams,
  year: number,
): { report: Record<string, unknown>; problems: Map<number, string> } {
  const field = (name: string) => form.get(name)?.trim() ?? '';
  const subject = field('phan-mot');
  const implementation = sectionFourOfForm(form);
  const recipients = linesOf(form.get('noi-nhan'));
  const signatureLines = linesOf(form.get('chuc-danh'));
  const report = {
    issuer: linesOf(form.get('co-quan')),
    number: field('so'),
    place: field('dia-danh'),
    ...(field('ngay') === ''
      ? { year: /^\d{4}$/.test(field('nam-bao-cao')) ? Number(field('nam-bao-cao')) : year }
      : { date: field('ngay') }),
    title: field('trich-yeu'),
    ...(field('mo-dau') === '' ? {} : { introduction: field('mo-dau') }),
    ...(subject === ''
      ? {}
      : { subject: { unit: subject, label: field('phan-mot-goi'), indexOwner: field('phan-mot-chi-so') } }),
    ...(implementation.items.length > 0 ? { implementation: { items: implementation.items } } : {}),
    ...(field('ket-luan') === '' ? {} : { closing: field('ket-luan') }),
    ...(recipients.length > 0 ? { recipients } : {}),
    ...(signatureLines.length > 0 && field('nguoi-ky') !== ''
      ? { signature: { lines: signatureLines, name: field('nguoi-ky') } }
      : {}),
  };
  return { report, problems: implementation.problems };
}

/** The body of a report rendered as HTML, to show inside a page (its own style sheet left out). */
const reportBody = (document: string): Html =>
  new Html(document.slice(document.indexOf('<body>') + '<body>'.length, document.lastIndexOf('</body>')));

export function mountPublication<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, options, csrfOf, page, posted, signedIn, resultsOf, forbiddenPage } = context;
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
    sent?: {
      form: URLSearchParams;
      notice?: string;
      /** Section IV's problems by line: said at the line. */
      lines?: ReadonlyMap<number, string>;
      preview?: Html;
      status: number;
    },
  ) => {
    const round = await rounds.getRound(session.caller, roundId);
    const results = await resultsOf(session.caller, roundId, 'appraised');
    const warnings = round.published ? [] : publicationWarnings(round);
    const typed = (name: string, fallback: string) => sent?.form.get(name) ?? fallback;
    // "UBND huyện Kon Rẫy" → "huyện Kon Rẫy": the issuer's second line, and the place once its level is cut.
    const place = round.authority.name.replace(/^(UBND|Ủy ban nhân dân)\s+/i, '');
    return page(
      c,
      `Công bố và báo cáo: ${round.title}`,
      html`<p class="trang-thai${round.published ? ' khoa' : ''}" role="status"><strong>${round.published ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.` : 'Chưa công bố kết quả: kiểm tra bảng xếp hạng dưới đây, rồi công bố.'}</strong></p>
${sent?.notice ? html`<p class="loi" role="alert">${sent.notice}</p>` : ''}
${sent?.preview ? html`<h2>Bản xem trước của báo cáo</h2><div class="ban-xem-truoc">${sent.preview}</div>` : ''}
${results.length > 0 ? rankingTables(roundId, results, true) : html`<p>Chưa có đơn vị nào được thẩm định.</p>`}
${
  round.published
    ? html`<p><a href="${roundPath(roundId)}/bao-cao.docx">Tải báo cáo (DOCX)</a> · <a href="${roundPath(roundId)}/bao-cao.docx?bieu-do=1">Tải báo cáo kèm biểu đồ (DOCX)</a> · <a href="${roundPath(roundId)}/ket-qua.xlsx">Tải bảng kết quả (XLSX)</a></p>
<form class="the" method="post" action="${roundPath(roundId)}/cong-khai"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<h2>Trang công khai kết quả</h2>
${
  round.published.shared
    ? html`<p>Kết quả đang được công khai từ ${vietnamTime(round.published.shared.at)} tại <a href="${publicPath(roundId)}">trang công khai</a> (ai cũng xem được, không cần đăng nhập): xếp hạng, điểm từng lĩnh vực và từng tiêu chí, nhận xét của cơ quan thẩm định.</p><p><button class="phu" type="submit" name="cong-khai" value="0">Thôi công khai</button></p>`
    : html`<p>Chưa công khai. Khi công khai, ai cũng xem được xếp hạng, điểm từng lĩnh vực và từng tiêu chí của các đơn vị với nhận xét của cơ quan thẩm định, không cần đăng nhập; điểm tự chấm và những gì chưa công bố không hiện.</p><p><button type="submit" name="cong-khai" value="1">Công khai kết quả</button></p>`
}</form>`
    : html`${warnings.length > 0 ? html`<div class="the canh-bao" role="alert"><p><strong>Cần lưu ý trước khi công bố:</strong></p><ul>${warnings.map((text) => html`<li>${text}</li>`)}</ul></div>` : ''}
<form class="the" method="post" action="${roundPath(roundId)}/cong-bo"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<h2>Thông tin của báo cáo</h2>
<div class="hep">
<label for="co-quan">Cơ quan ban hành (mỗi dòng một cấp)</label><textarea id="co-quan" name="co-quan" rows="2">${typed('co-quan', `ỦY BAN NHÂN DÂN\n${place.toLocaleUpperCase('vi')}`)}</textarea>
<label for="so">Số văn bản</label><input type="text" id="so" name="so" value="${typed('so', '/BC-UBND')}" required>
<label for="dia-danh">Địa danh</label><input type="text" id="dia-danh" name="dia-danh" value="${typed('dia-danh', place.replace(/^(huyện|thị xã|thành phố|tỉnh|xã|thị trấn)\s+/i, ''))}" required>
<label for="ngay">Ngày ban hành (để trống: để trống ngày, chỉ ghi năm)</label><input type="date" id="ngay" name="ngay" value="${typed('ngay', '')}">
<label for="nam-bao-cao">Năm của báo cáo (khi để trống ngày)</label><input type="text" inputmode="numeric" id="nam-bao-cao" name="nam-bao-cao" value="${typed('nam-bao-cao', String(now().getUTCFullYear()))}">
<label for="trich-yeu">Trích yếu</label><textarea id="trich-yeu" name="trich-yeu" rows="2" required>${typed('trich-yeu', `Đánh giá, phân tích và làm rõ nguyên nhân, trách nhiệm của các cơ quan, đơn vị làm ảnh hưởng đến Chỉ số cải cách hành chính năm ${round.period}; nhiệm vụ, giải pháp chủ yếu cần thực hiện`)}</textarea>
<label for="mo-dau">Đoạn mở đầu</label><textarea id="mo-dau" name="mo-dau" rows="4">${typed('mo-dau', `Trên cơ sở kết quả đánh giá, chấm điểm và xếp loại công tác cải cách hành chính năm ${round.period}, ${round.authority.name} báo cáo kết quả như sau:`)}</textarea>
<label for="phan-mot">Phần I: chỉ số của đơn vị (để trống: không có phần này)</label><select id="phan-mot" name="phan-mot"><option value="">(không có)</option>${round.units.map((unit) => html`<option value="${unit.id}"${typed('phan-mot', '') === unit.id ? html` selected` : ''}>${unit.name}</option>`)}</select>
<label for="phan-mot-goi">Cách gọi đơn vị ở phần I (như "UBND huyện")</label><input type="text" id="phan-mot-goi" name="phan-mot-goi" value="${typed('phan-mot-goi', 'UBND huyện')}">
<label for="phan-mot-chi-so">Chỉ số của ai (như "huyện" trong "Chỉ số cải cách hành chính của huyện")</label><input type="text" id="phan-mot-chi-so" name="phan-mot-chi-so" value="${typed('phan-mot-chi-so', 'huyện')}">
</div>
<fieldset class="the"><legend>Phần IV. Tổ chức thực hiện</legend>
<p class="goi-y">Mỗi ý một đối tượng (như "Đối với UBND các xã, thị trấn") và việc phải làm. Viết {hạn} nơi ghi ngày phải xong; để trống ngày thì lấy hạn khắc phục của đợt${round.deadlines.remediation ? ` (${deadlineDay(round.deadlines.remediation)})` : ''}. Để trống các ý không dùng.</p>
${Array.from({ length: SECTION_FOUR_LINES }, (_, index) => index + 1).map(
  (line) => html`<div class="hep"><h3>Ý ${line}</h3>
<label for="iv-doi-tuong-${line}">Đối tượng</label><input type="text" id="iv-doi-tuong-${line}" name="iv-doi-tuong-${line}" value="${typed(`iv-doi-tuong-${line}`, '')}">
<label for="iv-noi-dung-${line}">Nội dung</label><textarea id="iv-noi-dung-${line}" name="iv-noi-dung-${line}" rows="3"${sent?.lines?.has(line) ? html` aria-invalid="true" aria-describedby="loi-iv-${line}"` : ''}>${typed(`iv-noi-dung-${line}`, '')}</textarea>${sent?.lines?.has(line) ? html`<p class="loi" id="loi-iv-${line}">${sent.lines.get(line)}</p>` : ''}
<label for="iv-han-${line}">Ngày ghi ở {hạn}</label><input type="date" id="iv-han-${line}" name="iv-han-${line}" value="${typed(`iv-han-${line}`, '')}"></div>`,
)}
</fieldset>
<div class="hep">
<label for="ket-luan">Đoạn kết</label><textarea id="ket-luan" name="ket-luan" rows="3">${typed('ket-luan', `Trên đây là báo cáo kết quả đánh giá Chỉ số cải cách hành chính năm ${round.period} của ${round.authority.name}./.`)}</textarea>
<label for="noi-nhan">Nơi nhận (mỗi dòng một nơi)</label><textarea id="noi-nhan" name="noi-nhan" rows="4">${typed('noi-nhan', '')}</textarea>
<label for="chuc-danh">Chức danh người ký (mỗi dòng một dòng, như "TM. ỦY BAN NHÂN DÂN")</label><textarea id="chuc-danh" name="chuc-danh" rows="3">${typed('chuc-danh', 'TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH')}</textarea>
<label for="nguoi-ky">Họ và tên người ký</label><input type="text" id="nguoi-ky" name="nguoi-ky" value="${typed('nguoi-ky', '')}">
<p class="goi-y">Phần III (nhiệm vụ, giải pháp) lấy từ các nhiệm vụ khắc phục đã lưu, hoặc được soạn sẵn từ các mục bị trừ điểm; sửa ở trang theo dõi khắc phục sau khi công bố.</p>
</div>
<p><button class="phu" type="submit" name="xem-truoc" value="1">Xem trước báo cáo</button></p>
<p><input type="checkbox" id="xac-nhan-cong-bo" name="xac-nhan" value="1"> <label for="xac-nhan-cong-bo" style="display:inline">Tôi đã kiểm tra bảng xếp hạng và bản xem trước${warnings.length > 0 ? ', các lưu ý ở trên' : ''}; sau khi công bố, kết quả không thay đổi được nữa</label></p>
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
        return forbiddenPage(c, session, 'Chỉ quản trị được công bố kết quả.');
      return publishPage(c, session, c.req.param('round')!);
    }),
  );

  app.post(
    '/app/dot/:round/cong-bo',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      const { report, problems } = reportOfForm(form, now().getUTCFullYear());
      if (problems.size > 0)
        return publishPage(c, session, roundId, {
          form,
          notice: [...problems].map(([line, text]) => `Phần IV, ý ${line}: ${text}`).join(' '),
          lines: problems,
          status: 422,
        });
      if (form.get('xem-truoc') !== null) {
        const model = createReportModel(await rounds.previewReport(session.caller, roundId, report));
        if (!model.success)
          return publishPage(c, session, roundId, {
            form,
            notice: `Báo cáo chưa lập được: ${model.issues.map((found) => formatIssue(found, 'vi')).join('; ')}`,
            status: 422,
          });
        return publishPage(c, session, roundId, {
          form,
          preview: reportBody(renderHtml(model.data)),
          status: 200,
        });
      }
      // Publication cannot be undone: the box that says so must be ticked.
      if (form.get('xac-nhan') === null)
        return await publishPage(c, session, roundId, {
          form,
          notice: 'Hãy đánh dấu ô xác nhận trước khi công bố.',
          status: 422,
        });
      try {
        await rounds.publish(session.caller, roundId, report);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind !== 'invalid-document') throw error;
        return publishPage(c, session, roundId, { form, notice: refusalWords(error), status: 422 });
      }
      return c.redirect(`${roundPath(roundId)}/cong-bo`, 303);
    }),
  );

  app.get(
    '/app/dot/:round/xep-hang',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const round = await rounds.getRound(session.caller, roundId);
      // Ranked by the layer chosen: the last pass (the published ranking), or, to compare, an earlier one.
      const chosen = LAYER_OF_PATH.get(c.req.query('lop') ?? '') ?? 'appraised';
      const layer = chosen === 'appraised-1' && passesOf(round) === 1 ? 'appraised' : chosen;
      const results = round.published ? await resultsOf(session.caller, roundId, layer) : [];
      const layerWords = (one: typeof layer) =>
        one === 'self'
          ? 'điểm tự chấm'
          : one === 'appraised-1'
            ? 'điểm thẩm định lần 1'
            : passesOf(round) === 2
              ? 'điểm thẩm định lần 2 (kết quả chính thức)'
              : 'điểm thẩm định (kết quả chính thức)';
      const choices = (
        passesOf(round) === 2
          ? (['appraised', 'appraised-1', 'self'] as const)
          : (['appraised', 'self'] as const)
      ).map((one) =>
        one === layer
          ? html`<strong>${layerWords(one)}</strong>`
          : html`<a href="${roundPath(roundId)}/xep-hang?lop=${PATH_OF_LAYER[one]}">${layerWords(one)}</a>`,
      );
      return page(
        c,
        `Kết quả xếp hạng: ${round.title}`,
        round.published
          ? html`<p class="trang-thai" role="status"><strong>Kết quả đã công bố ngày ${vietnamTime(round.published.at)}.${layer === 'appraised' ? '' : ` Đang xem xếp hạng theo ${layerWords(layer)}, không phải kết quả chính thức.`}</strong></p>
<p>Xếp hạng theo: ${choices.map((choice, position) => html`${position > 0 ? ' · ' : ''}${choice}`)}</p>${rankingTables(roundId, results, false)}`
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
        LAYER_OF_PATH.get(c.req.query('lop') ?? '') ?? 'self',
        session.caller,
      ),
    ),
  );
}

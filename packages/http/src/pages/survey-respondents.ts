/**
 * The survey's respondent list, for the admin alone (`/app/dot/{round}/khao-sat/nguoi-tra-loi`): people
 * added by pasting lines, invited by e-mail (or given their link to hand out), reminded while their link is
 * unused; and the responses whose form keeps who answered (a form not anonymous, or signed).
 */
import { may, RoundsError, type StoredSurvey, type SurveyRespondent } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type Html, html } from '../html.js';
import { surveyMailWords } from '../reminders.js';
import {
  type PagesContext,
  type PagesEnv,
  publicOrigin,
  qrPicture,
  refusalWords,
  type Session,
  vietnamTime,
} from './context.js';
import { surveyFormPath, surveyPath } from './survey-form.js';

export const respondentsPath = (round: string) => `${surveyPath(round)}/nguoi-tra-loi`;

/** A page of the list: enough to look someone up, the rest a page further. */
const PAGE_SIZE = 200;

const STATE_WORDS: Readonly<Record<SurveyRespondent['state'], string>> = {
  listed: 'Chưa mời',
  invited: 'Đã mời, chưa trả lời',
  answered: 'Đã trả lời',
};

/**
 * People as pasted, a line each: `Họ và tên; email; nơi công tác` (tab- or semicolon-separated, as cells
 * copied from a spreadsheet come), the e-mail and the workplace optional.
 */
export function respondentsOfLines(text: string, group: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.split(/\t|;/).map((cell) => cell.trim()))
    .filter((cells) => cells.some((cell) => cell !== ''))
    .map(([name = '', email = '', organisation = '']) => ({
      group,
      name,
      ...(email === '' ? {} : { email }),
      ...(organisation === '' ? {} : { organisation }),
    }));
}

export function mountSurveyRespondents<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, forbiddenPage } = context;

  const listPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    shown: { typed?: URLSearchParams; problem?: string; notice?: string; handed?: Html } = {},
  ): Promise<Response> => {
    if (!may(session.caller, 'manage'))
      return forbiddenPage(c, session, 'Chỉ người quản trị được xem danh sách người được khảo sát.');
    const round = await rounds.getRound(session.caller, roundId);
    const survey = await rounds.getSurvey(session.caller, roundId);
    const offset = Math.max(0, Number(c.req.query('tu') ?? '0') || 0);
    const list = await rounds.surveyRespondents(session.caller, roundId, { offset, limit: PAGE_SIZE });
    const groupName = (id: string) => survey.plan.groups.find((group) => group.id === id)?.name ?? id;
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    const named = survey.plan.groups.filter((group) => survey.anonymity[group.id] !== 'apart');
    const { listed, invited, answered } = list.byState;
    const removable = list.respondents.some((respondent) => respondent.state === 'listed');
    const state =
      list.total === 0
        ? 'Danh sách người được khảo sát chưa có ai.'
        : `${list.total} người trong danh sách: ${listed} chưa mời, ${invited} đã mời chưa trả lời, ${answered} đã trả lời.`;
    const body = html`<p class="trang-thai" role="status"><strong>${state}${survey.open ? '' : ' Cuộc khảo sát đã kết thúc.'}</strong></p>
${shown.notice ? html`<p class="trang-thai" role="status">${shown.notice}</p>` : ''}
${shown.problem ? html`<p class="loi" role="alert">${shown.problem}</p>` : ''}
${shown.handed ?? ''}
<p class="goi-y">Danh sách chỉ người quản trị xem được. Hệ thống biết ai đã được gửi đường dẫn và đường dẫn đã dùng hay chưa, không biết ai trả lời gì${named.length > 0 ? html`, trừ nhóm ${named.map((group) => group.name).join(', ')} (phiếu gắn tên hoặc ký tên)` : ''}.</p>
${
  survey.open
    ? html`<form class="the hep" method="post" action="${respondentsPath(roundId)}">${csrf}<h2>Thêm người vào danh sách</h2>
<label for="ds-nhom">Nhóm</label><select id="ds-nhom" name="nhom">${survey.plan.groups.map((group) => html`<option value="${group.id}"${shown.typed?.get('nhom') === group.id ? html` selected` : ''}>${group.name}</option>`)}</select>
<label for="ds-dong">Mỗi dòng một người: họ và tên; thư điện tử; nơi công tác (thư điện tử và nơi công tác không bắt buộc; có thể dán từ bảng tính)</label>
<textarea id="ds-dong" name="dong" rows="6" required>${shown.typed?.get('dong') ?? ''}</textarea>
<p><button type="submit">Thêm vào danh sách</button></p></form>
${
  listed > 0
    ? html`<form class="the hep" method="post" action="${respondentsPath(roundId)}/moi">${csrf}<h2>Gửi lời mời</h2>
<p>Phát đường dẫn cho ${listed} người chưa mời: người có thư điện tử nhận thư mời; đường dẫn của người không có thư điện tử hiện một lần trên trang để in hoặc chép.</p>
<p><button type="submit">Gửi lời mời</button></p></form>`
    : ''
}
${
  invited > 0
    ? html`<form class="the hep" method="post" action="${respondentsPath(roundId)}/nhac">${csrf}<h2>Nhắc người chưa trả lời</h2>
<p>Gửi thư nhắc kèm đường dẫn mới cho người có thư điện tử đã được mời mà chưa gửi phiếu (đường dẫn trong thư trước không dùng được nữa; câu trả lời đã lưu vẫn còn).</p>
<p><button class="phu" type="submit">Gửi thư nhắc</button></p></form>`
    : ''
}`
    : ''
}
${
  list.total > 0
    ? html`<div class="cuon"><table><caption>Danh sách người được khảo sát${list.total > PAGE_SIZE ? ` (từ người thứ ${offset + 1})` : ''}</caption><thead><tr><th scope="col">Họ và tên</th><th scope="col">Nhóm</th><th scope="col">Thư điện tử</th><th scope="col">Nơi công tác</th><th scope="col">Tình trạng</th>${removable ? html`<th scope="col">Xóa khỏi danh sách</th>` : ''}</tr></thead>
<tbody>${list.respondents.map(
        (respondent) =>
          html`<tr><td>${respondent.name}</td><td>${groupName(respondent.group)}</td><td>${respondent.email ?? ''}</td><td>${respondent.organisation ?? ''}</td><td>${STATE_WORDS[respondent.state]}${respondent.invitedAt ? `, mời ${vietnamTime(respondent.invitedAt)}` : ''}${respondent.reminders > 0 ? `, nhắc ${respondent.reminders} lần` : ''}</td>${
            !removable
              ? ''
              : respondent.state === 'listed'
                ? html`<td><form method="post" action="${respondentsPath(roundId)}/xoa">${csrf}<input type="hidden" name="nguoi" value="${respondent.id}"><button class="phu" type="submit" aria-label="Xóa ${respondent.name} khỏi danh sách">Xóa</button></form></td>`
                : html`<td></td>`
          }</tr>`,
      )}</tbody></table></div>
${
  list.total > PAGE_SIZE
    ? html`<p>${offset > 0 ? html`<a href="${respondentsPath(roundId)}?tu=${Math.max(0, offset - PAGE_SIZE)}">Trang trước</a> ` : ''}${offset + PAGE_SIZE < list.total ? html`<a href="${respondentsPath(roundId)}?tu=${offset + PAGE_SIZE}">Trang sau</a>` : ''}</p>`
    : ''
}`
    : ''
}
${named.length > 0 ? await namedResponses(session, roundId, survey) : ''}
<p><a href="${surveyPath(roundId)}">Về trang khảo sát</a></p>`;
    return page(c, `Người được khảo sát: ${round.title}`, body, session, shown.problem ? 422 : 200);
  };

  /** The responses that keep who answered: the groups whose form is not anonymous, or is signed. */
  const namedResponses = async (session: Session, roundId: string, survey: StoredSurvey): Promise<Html> => {
    // Read from the groups whose form keeps who answered, a page each: the held-apart ones' responses,
    // however many, do not push them out.
    const named = survey.plan.groups.filter((group) => survey.anonymity[group.id] !== 'apart');
    const pages = await Promise.all(
      named.map((group) =>
        rounds.surveyResponses(session.caller, roundId, { group: group.id, limit: PAGE_SIZE }),
      ),
    );
    const total = pages.reduce((sum, page) => sum + page.total, 0);
    const responses = pages.flatMap((page) => page.responses);
    const kept = responses.filter((response) => response.respondent ?? response.signature);
    const groupName = (id: string) => survey.plan.groups.find((group) => group.id === id)?.name ?? id;
    const answered = (answers: (typeof responses)[number]['answers']) =>
      Object.values(answers).reduce(
        (sum, byCode) => sum + Object.values(byCode).filter((option) => option !== null).length,
        0,
      );
    return html`<h2>Phiếu có tên người trả lời</h2>
${
  kept.length === 0
    ? html`<p>Chưa có phiếu nào gắn tên hoặc ký tên${total > 0 ? ` trong ${total} phiếu đã nhận của các nhóm này` : ''}.</p>`
    : html`<div class="cuon"><table><caption>Phiếu gắn tên hoặc ký tên</caption><thead><tr><th scope="col">Người trả lời</th><th scope="col">Nhóm</th><th scope="col">Ngày gửi</th><th scope="col">Số câu đã trả lời</th></tr></thead>
<tbody>${kept.map((response) => {
        const who = response.signature
          ? `${response.signature.name}, ${response.signature.position} (ký tên)`
          : `${response.respondent!.name}${response.respondent!.organisation ? `, ${response.respondent!.organisation}` : ''}`;
        return html`<tr><td>${who}</td><td>${groupName(response.group)}</td><td>${response.day.split('-').reverse().join('/')}</td><td class="so">${answered(response.answers)}</td></tr>`;
      })}</tbody></table></div>`
}`;
  };

  /** A refusal of the store shown on the list, or thrown when it is not one to show. */
  const refusedOn = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    error: unknown,
    typed?: URLSearchParams,
  ) => {
    if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
      throw error;
    return listPage(c, session, roundId, { problem: refusalWords(error), ...(typed ? { typed } : {}) });
  };

  app.get(
    '/app/dot/:round/khao-sat/nguoi-tra-loi',
    signedIn((c, session) => listPage(c, session, c.req.param('round')!)),
  );

  app.post(
    '/app/dot/:round/khao-sat/nguoi-tra-loi',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      const respondents = respondentsOfLines(fields.get('dong') ?? '', fields.get('nhom') ?? '');
      try {
        const { added } = await rounds.addSurveyRespondents(session.caller, roundId, { respondents });
        return listPage(c, session, roundId, { notice: `Đã thêm ${added} người vào danh sách.` });
      } catch (error) {
        return refusedOn(c, session, roundId, error, fields);
      }
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/nguoi-tra-loi/moi',
    posted(async (c, session) => {
      const roundId = c.req.param('round')!;
      const origin = publicOrigin(c.req.url, context.options.publicUrl);
      try {
        const invited = await rounds.inviteSurveyRespondents(
          session.caller,
          roundId,
          surveyMailWords(origin),
        );
        const handed =
          invited.handed.length === 0
            ? undefined
            : html`<section class="the"><h2>Đường dẫn cho ${invited.handed.length} người không có thư điện tử</h2>
<p class="goi-y">Chỉ hiện một lần: hãy in trang này hoặc chép các đường dẫn ngay để trao cho từng người.</p>
<ol class="duong-dan">${invited.handed.map((link) => {
                const address = `${origin}${surveyFormPath(link.token)}`;
                return html`<li><figure class="ma-qr" role="img" aria-label="Mã QR của đường dẫn cho ${link.name}">${qrPicture(address, 3, 2)}</figure><p><strong>${link.name}</strong><br><a href="${address}">${address}</a></p></li>`;
              })}</ol></section>`;
        return listPage(c, session, roundId, {
          notice: `Đã gửi thư mời cho ${invited.mailed} người${invited.handed.length > 0 ? `; ${invited.handed.length} đường dẫn để trao tay ở dưới` : ''}.${invited.remaining > 0 ? ` Còn ${invited.remaining} người chưa mời: bấm "Gửi lời mời" lần nữa.` : ''}`,
          ...(handed ? { handed } : {}),
        });
      } catch (error) {
        return refusedOn(c, session, roundId, error);
      }
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/nguoi-tra-loi/nhac',
    posted(async (c, session) => {
      const roundId = c.req.param('round')!;
      const origin = publicOrigin(c.req.url, context.options.publicUrl);
      try {
        const { reminded } = await rounds.remindSurveyRespondents(
          session.caller,
          roundId,
          surveyMailWords(origin),
        );
        return listPage(c, session, roundId, { notice: `Đã gửi thư nhắc cho ${reminded} người.` });
      } catch (error) {
        return refusedOn(c, session, roundId, error);
      }
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/nguoi-tra-loi/xoa',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      try {
        await rounds.removeSurveyRespondent(session.caller, roundId, fields.get('nguoi') ?? '');
      } catch (error) {
        return refusedOn(c, session, roundId, error);
      }
      return c.redirect(respondentsPath(roundId), 303);
    }),
  );
}

import { type Caller, type RegisteredUnit, RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { knownAuthorities } from '../accounts-import.js';
import { html } from '../html.js';
import {
  authorityField,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  type Session,
  vietnamTime,
} from './context.js';

const UNITS_PATH = '/app/don-vi';
const unitPath = (id: string) => `${UNITS_PATH}/${encodeURIComponent(id)}`;

const stateWords = (unit: RegisteredUnit) =>
  unit.active
    ? unit.retired
      ? `Đang đánh giá (rời danh sách sau ${unit.retired})`
      : 'Đang đánh giá'
    : `Đã rời danh sách (${unit.retired})`;

export function mountUnits<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted } = context;

  /** The fields of a unit: name, group, parent and, when editing, when it leaves the register. */
  const unitFields = (
    caller: Caller,
    authorities: readonly string[],
    sent: URLSearchParams | undefined,
    unit?: RegisteredUnit,
  ) => {
    const value = (name: string, stored: string | undefined) => sent?.get(name) ?? stored ?? '';
    return html`${unit ? '' : html`<label for="ma">Mã đơn vị</label><input id="ma" name="ma" type="text" required autocapitalize="none" spellcheck="false" aria-describedby="goi-y-ma" value="${value('ma', undefined)}"><p class="goi-y" id="goi-y-ma">Chữ, số, dấu chấm, gạch dưới, gạch ngang, ví dụ dak-koi. Mã không đổi được sau khi tạo.</p>`}
<label for="ten">Tên đơn vị</label><input id="ten" name="ten" type="text" required value="${value('ten', unit?.name)}">
<label for="nhom">Nhóm (xã, thị trấn, phòng ban…)</label><input id="nhom" name="nhom" type="text" value="${value('nhom', unit?.group)}">
${authorityField(caller, { name: 'truc-thuoc', label: 'Trực thuộc', whenEmpty: 'không thuộc cơ quan nào' }, value('truc-thuoc', unit?.parent), authorities)}
${unit ? html`<label for="roi">Rời danh sách sau ngày (để trống: vẫn đánh giá)</label><input id="roi" name="roi" type="date" value="${value('roi', unit.retired?.slice(0, 10))}">` : ''}`;
  };
  const documentOf = (form: URLSearchParams) => {
    const text = (name: string) => form.get(name)?.trim() ?? '';
    return {
      name: text('ten'),
      ...(text('nhom') === '' ? {} : { group: text('nhom') }),
      ...(text('truc-thuoc') === '' ? {} : { parent: text('truc-thuoc') }),
      ...(text('roi') === '' ? {} : { retired: text('roi') }),
    };
  };

  const listPage = async (
    c: Context<E>,
    session: Session,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    const units = await rounds.listUnits(session.caller);
    const people = await rounds.listAccounts(session.caller);
    const countOf = (id: string) => people.filter((account) => account.role === `unit:${id}`).length;
    return page(
      c,
      'Đơn vị',
      html`<p class="trang-thai" role="status"><strong>${units.filter((unit) => unit.active).length} đơn vị đang được đánh giá${units.some((unit) => !unit.active) ? `, ${units.filter((unit) => !unit.active).length} đã rời danh sách` : ''}.</strong></p>
${
  units.length > 0
    ? html`<div class="cuon"><table><caption class="khong-in">Danh sách đơn vị</caption><thead><tr><th scope="col">Tên đơn vị</th><th scope="col">Mã</th><th scope="col">Nhóm</th><th scope="col">Trực thuộc</th><th scope="col">Tình trạng</th><th scope="col">Người dùng</th></tr></thead><tbody>
${units.map((unit) => html`<tr><td><a href="${unitPath(unit.id)}">${unit.name}</a></td><td>${unit.id}</td><td>${unit.group ?? ''}</td><td>${unit.parent ?? ''}</td><td>${stateWords(unit)}</td><td class="so">${countOf(unit.id)}</td></tr>`)}
</tbody></table></div>`
    : html`<p>Chưa có đơn vị nào trong danh sách: khi chưa có, người dùng của đơn vị chọn trong các đơn vị của đợt đánh giá.</p>`
}
<h2>Thêm đơn vị</h2>
${sent ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<form class="the hep" method="post" action="${UNITS_PATH}"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
${unitFields(session.caller, await knownAuthorities(rounds, session.caller), sent?.form)}
<p><button type="submit">Thêm đơn vị</button></p></form>`,
      session,
      sent ? 422 : 200,
    );
  };

  const unitPage = async (
    c: Context<E>,
    session: Session,
    id: string,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    const unit = await rounds.getUnit(session.caller, id);
    const people = (await rounds.listAccounts(session.caller)).filter(
      (account) => account.role === `unit:${id}`,
    );
    return page(
      c,
      unit.name,
      html`<p class="trang-thai" role="status"><strong>${stateWords(unit)}. Mã ${unit.id}. Sửa lần cuối ${vietnamTime(unit.at)} bởi ${unit.key}.</strong></p>
${sent ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<form class="the hep" method="post" action="${unitPath(unit.id)}"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${unit.revision}">
${unitFields(session.caller, await knownAuthorities(rounds, session.caller), sent?.form, unit)}
<p><button type="submit">Lưu</button></p></form>
<h2>Người dùng của đơn vị</h2>
${people.length > 0 ? html`<ul>${people.map((account) => html`<li><a href="/app/nguoi-dung/${encodeURIComponent(account.login)}">${account.name}</a> (${account.login})${account.active ? '' : ', ngừng hoạt động'}</li>`)}</ul>` : html`<p>Chưa có người dùng nào.</p>`}
<p><a href="${UNITS_PATH}">Về danh sách đơn vị</a></p>`,
      session,
      sent ? 422 : 200,
    );
  };

  app.get(
    UNITS_PATH,
    signedIn((c, session) => listPage(c, session)),
  );
  app.post(
    UNITS_PATH,
    posted(async (c, session, form) => {
      try {
        // Creating only: a unit of that id already is a mistake, not a rename.
        await rounds.putUnit(session.caller, form.get('ma')?.trim() ?? '', documentOf(form), 0);
        return c.redirect(UNITS_PATH, 303);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
        const failed =
          error.kind === 'precondition-failed' ? 'Mã đơn vị này đã có trong danh sách.' : refusalWords(error);
        return listPage(c, session, { form, failed });
      }
    }),
  );
  app.get(
    `${UNITS_PATH}/:id`,
    signedIn((c, session) => unitPage(c, session, c.req.param('id')!)),
  );
  app.post(
    `${UNITS_PATH}/:id`,
    posted(async (c, session, form) => {
      const id = c.req.param('id')!;
      try {
        await rounds.putUnit(session.caller, id, documentOf(form), Number(form.get('phien-ban') ?? -1));
        return c.redirect(unitPath(id), 303);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        const failed =
          error.kind === 'precondition-failed'
            ? 'Đơn vị vừa được người khác sửa: hãy xem lại rồi lưu.'
            : refusalWords(error);
        return unitPage(c, session, id, { form, failed });
      }
    }),
  );
}

/**
 * The admin's screens for a round: create one (or copy last year's) with its units picked from the register
 * and the set of each group or unit, its deadlines as dates; then run it: progress at a glance, deadlines
 * moved, layers locked and opened again, a unit's submitted self-assessment reopened.
 */

import { type CriteriaSet, formatIssue, type Issue, isDeadline } from '@cchc/core';
import {
  explanationsClosed,
  LAYERS,
  type Layer,
  layerNamed,
  passesOf,
  type RegisteredUnit,
  RoundsError,
  type RoundView,
  unitPhaseFacts,
} from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { knownAuthorities } from '../accounts-import.js';
import { roundArchiveResponse } from '../formats.js';
import { html } from '../html.js';
import {
  authorityField,
  dateInputOf,
  deadlineDay,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  roundPath,
  type Session,
  timeLeft,
  vietnamTime,
} from './context.js';

export const NEW_ROUND_PATH = '/app/dot/moi';
const managePath = (round: string) => `${roundPath(round)}/quan-ly`;

/** The deadlines of a round, each with its field and its words. */
/** The deadlines in the order of the phases; `twoPasses`: asked only of a round of two passes. */
const DEADLINES = [
  { field: 'han-tu-cham', key: 'self', label: 'Hạn tự chấm điểm', required: true },
  {
    field: 'han-tham-dinh-1',
    key: 'appraisal1',
    label: 'Hạn thẩm định lần 1 (khi thẩm định hai lần)',
    required: false,
    twoPasses: true,
  },
  {
    field: 'han-giai-trinh',
    key: 'explanation',
    label: 'Hạn giải trình (không bắt buộc khi thẩm định một lần)',
    required: false,
  },
  { field: 'han-tham-dinh', key: 'appraisal', label: 'Hạn thẩm định (lần cuối)', required: true },
  { field: 'han-khac-phuc', key: 'remediation', label: 'Hạn khắc phục (không bắt buộc)', required: false },
] as const;

/** A deadline as a sentence names it. */
const DEADLINE_WORDS: Readonly<Record<(typeof DEADLINES)[number]['key'], string>> = {
  self: 'Hạn tự chấm điểm',
  appraisal1: 'Hạn thẩm định lần 1',
  explanation: 'Hạn giải trình',
  appraisal: 'Hạn thẩm định',
  remediation: 'Hạn khắc phục',
};

const LAYER_WORDS: Readonly<Record<Layer, string>> = {
  self: 'tự chấm điểm',
  'appraised-1': 'thẩm định lần 1',
  appraised: 'thẩm định',
};
/** A group's key in a form's field names: its position among the groups, never its text. */
const NO_GROUP = '(không nhóm)';

/** The same day a year later (29 February becomes 28). */
function yearLater(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return '';
  const day = match[2] === '02' && match[3] === '29' ? '28' : match[3];
  return `${Number(match[1]) + 1}-${match[2]}-${day}`;
}

/** The groups of the register's units, in the order a round's form lists them. */
const groupsOf = (units: readonly RegisteredUnit[]): string[] => [
  ...new Set(units.map((unit) => unit.group ?? NO_GROUP)),
];

export function mountRoundSetup<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, page, csrfOf, signedIn, adminOnly, posted, options } = context;
  const held = options.heldSets ?? new Map<string, CriteriaSet>();
  const heldDocuments = new Map([...held].map(([id, set]) => [id, set.document as unknown]));

  /** The sets a round may name: those stored, then those the server holds. */
  const setsOffered = async (): Promise<CriteriaSet[]> => {
    const stored = await rounds.criteriaSets();
    const ids = new Set(stored.map((set) => set.id));
    return [...stored, ...[...held.values()].filter((set) => !ids.has(set.id))];
  };

  /** The form of a new round; `values` are what was typed (or copied from last year's round). */
  const newRoundPage = async (
    c: Context<E>,
    session: Session,
    values: URLSearchParams,
    problems: readonly string[] = [],
  ) => {
    const units = (await rounds.listUnits(session.caller)).filter((unit) => unit.active);
    const sets = await setsOffered();
    const groups = groupsOf(units);
    const value = (name: string) => values.get(name) ?? '';
    const setSelect = (name: string, id: string, chosen: string, blank: string, label?: string) =>
      html`<select id="${id}" name="${name}"${label ? html` aria-label="${label}"` : ''}><option value="">${blank}</option>${sets.map((set) => html`<option value="${set.id}"${set.id === chosen ? html` selected` : ''}>${set.title}${set.version ? ` (${set.version})` : ''}</option>`)}</select>`;
    // A new form picks every unit; a form sent back keeps what was picked.
    const picked = (unit: RegisteredUnit) => !values.has('_gui') || values.getAll('don-vi').includes(unit.id);
    return page(
      c,
      'Tạo đợt đánh giá',
      html`<p class="trang-thai" role="status"><strong>Một đợt đánh giá: các đơn vị được chấm, bộ tiêu chí của từng nhóm và các hạn. Đợt chỉ được tạo khi mọi ô đều đúng.</strong></p>
${problems.length > 0 ? html`<div class="loi" role="alert"><p>Chưa tạo đợt đánh giá:</p><ul>${problems.map((problem) => html`<li>${problem}</li>`)}</ul></div>` : ''}
${
  units.length === 0
    ? html`<p class="loi">Chưa có đơn vị nào trong danh sách đơn vị. <a href="/app/don-vi">Thêm các đơn vị</a> trước, rồi quay lại tạo đợt đánh giá.</p>`
    : html`<form class="the" method="post" action="${NEW_ROUND_PATH}"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="_gui" value="1">
<div class="hep">
<label for="tieu-de">Tên đợt đánh giá</label><input id="tieu-de" name="tieu-de" type="text" required value="${value('tieu-de')}">
<label for="nam">Năm đánh giá</label><input id="nam" name="nam" type="text" inputmode="numeric" required value="${value('nam')}">
<label for="ma">Mã đợt (chữ, số, gạch ngang; dùng trong địa chỉ trang)</label><input id="ma" name="ma" type="text" required autocapitalize="none" spellcheck="false" value="${value('ma')}">
${authorityField(session.caller, { name: 'co-quan', label: 'Cơ quan đánh giá' }, value('co-quan'), await knownAuthorities(rounds, session.caller))}
</div>
<h2>Bộ tiêu chí của từng nhóm đơn vị</h2>
${groups.map((group, position) => html`<label for="bo-nhom-${position}">Nhóm ${group}</label>${setSelect(`bo-nhom-${position}`, `bo-nhom-${position}`, value(`bo-nhom-${position}`), '(chọn bộ tiêu chí)')}`)}
<h2>Các đơn vị được đánh giá</h2>
<p class="goi-y">Bỏ chọn đơn vị không tham gia đợt này. Một đơn vị dùng bộ tiêu chí khác với nhóm của mình thì chọn ở cột cuối.</p>
<div class="cuon"><table><caption class="khong-in">Các đơn vị trong danh sách</caption><thead><tr><th scope="col">Đánh giá</th><th scope="col">Đơn vị</th><th scope="col">Nhóm</th><th scope="col">Bộ tiêu chí riêng</th></tr></thead><tbody>
${units.map((unit, position) => html`<tr><td><input type="checkbox" id="don-vi-${position}" name="don-vi" value="${unit.id}"${picked(unit) ? html` checked` : ''}></td><td><label for="don-vi-${position}">${unit.name}</label></td><td>${unit.group ?? ''}</td><td>${setSelect(`bo-rieng:${unit.id}`, `bo-rieng-${position}`, value(`bo-rieng:${unit.id}`), 'Theo nhóm', `Bộ tiêu chí riêng của ${unit.name}`)}</td></tr>`)}
</tbody></table></div>
<h2>Thẩm định</h2>
<fieldset class="hep"><legend>Số lần thẩm định</legend>
<div><input type="radio" id="so-lan-1" name="so-lan" value="1"${value('so-lan') === '2' ? '' : html` checked`}> <label for="so-lan-1" style="display:inline">Một lần (đơn vị giải trình trong lúc thẩm định)</label></div>
<div><input type="radio" id="so-lan-2" name="so-lan" value="2"${value('so-lan') === '2' ? html` checked` : ''}> <label for="so-lan-2" style="display:inline">Hai lần: thẩm định lần 1, đơn vị giải trình, rồi thẩm định lần 2 (điểm lần 2 dùng để xếp hạng)</label></div>
</fieldset>
<h2>Các hạn</h2>
<div class="hep">
${DEADLINES.map((deadline) => html`<label for="${deadline.field}">${deadline.label}</label><input id="${deadline.field}" name="${deadline.field}" type="date"${deadline.required ? html` required` : ''} value="${value(deadline.field)}">`)}
<p class="goi-y">Thẩm định hai lần: các hạn theo thứ tự tự chấm, thẩm định lần 1, giải trình, thẩm định lần 2; mỗi giai đoạn tự đóng khi đến hạn.</p>
<p class="goi-y">Hạn là hết ngày đã chọn, theo giờ Việt Nam.</p>
</div>
<p><button type="submit">Tạo đợt đánh giá</button></p></form>`
}`,
      session,
      problems.length > 0 ? 422 : 200,
    );
  };

  /** The form's values of a copy of `round`, a year later. */
  const copied = (round: RoundView, units: readonly RegisteredUnit[]): URLSearchParams => {
    const year = Number(round.period);
    const next = Number.isInteger(year) ? String(year + 1) : '';
    const values = new URLSearchParams({
      'tieu-de': next ? round.title.replaceAll(String(year), next) : round.title,
      nam: next,
      ma: next ? round.id.replaceAll(String(year), next) : '',
      'co-quan': round.authority.name,
      _gui: '1',
    });
    const registered = new Map(units.map((unit) => [unit.id, unit.group ?? NO_GROUP]));
    const kept = round.units.filter((unit) => registered.has(unit.id));
    // A group whose units all had one set gets it as the group's (choosing another changes them all);
    // otherwise each unit keeps its own.
    const setOfGroup = new Map<string, string | null>();
    for (const unit of kept) {
      const group = registered.get(unit.id)!;
      const known = setOfGroup.get(group);
      setOfGroup.set(group, known === undefined || known === unit.criteriaSet ? unit.criteriaSet : null);
    }
    for (const [position, group] of groupsOf(units).entries()) {
      const set = setOfGroup.get(group);
      if (set) values.set(`bo-nhom-${position}`, set);
    }
    for (const unit of kept) {
      values.append('don-vi', unit.id);
      if (!setOfGroup.get(registered.get(unit.id)!)) values.set(`bo-rieng:${unit.id}`, unit.criteriaSet);
    }
    for (const { field, key } of DEADLINES) {
      const deadline = round.deadlines[key];
      if (deadline) values.set(field, yearLater(dateInputOf(deadline)));
    }
    values.set('so-lan', String(round.passes ?? 1));
    return values;
  };

  app.get(
    NEW_ROUND_PATH,
    signedIn(
      adminOnly(async (c, session) => {
        const from = c.req.query('tu');
        if (from === undefined) return newRoundPage(c, session, new URLSearchParams());
        const units = (await rounds.listUnits(session.caller)).filter((unit) => unit.active);
        return newRoundPage(c, session, copied(await rounds.getRound(session.caller, from), units));
      }),
    ),
  );

  app.post(
    NEW_ROUND_PATH,
    posted(
      adminOnly(async (c, session, form) => {
        const units = (await rounds.listUnits(session.caller)).filter((unit) => unit.active);
        const groups = groupsOf(units);
        const field = (name: string) => form.get(name)?.trim() ?? '';
        const chosen = units.filter((unit) => form.getAll('don-vi').includes(unit.id));
        const problems: string[] = [];
        if (chosen.length === 0) problems.push('Hãy chọn ít nhất một đơn vị.');
        const setOf = (unit: RegisteredUnit) =>
          field(`bo-rieng:${unit.id}`) || field(`bo-nhom-${groups.indexOf(unit.group ?? NO_GROUP)}`);
        const withoutSet = chosen.filter((unit) => setOf(unit) === '');
        if (withoutSet.length > 0)
          problems.push(
            `Chưa chọn bộ tiêu chí cho: ${withoutSet.map((unit) => unit.name).join(', ')} (chọn cho nhóm, hoặc riêng cho đơn vị).`,
          );
        if (field('co-quan') === '') problems.push('Hãy ghi cơ quan đánh giá.');
        const passes = field('so-lan') === '2' ? 2 : 1;
        for (const deadline of DEADLINES)
          if (
            (deadline.required || (passes === 2 && deadline.key !== 'remediation')) &&
            field(deadline.field) === ''
          )
            problems.push(`Hãy chọn ${DEADLINE_WORDS[deadline.key].toLowerCase()}.`);
        if (passes === 1 && field('han-tham-dinh-1') !== '')
          problems.push(
            'Hạn thẩm định lần 1 chỉ dùng khi thẩm định hai lần: hãy chọn "Hai lần" hoặc để trống ô này.',
          );
        if (problems.length > 0) return newRoundPage(c, session, form, problems);
        const deadlines = Object.fromEntries(
          DEADLINES.filter((deadline) => field(deadline.field) !== '').map((deadline) => [
            deadline.key,
            field(deadline.field),
          ]),
        );
        const document = {
          title: field('tieu-de'),
          period: field('nam'),
          authority: { name: field('co-quan') },
          units: chosen.map((unit) => ({
            id: unit.id,
            name: unit.name,
            criteriaSet: setOf(unit),
            ...(unit.group === undefined ? {} : { group: unit.group }),
          })),
          ...(passes === 2 ? { passes } : {}),
          deadlines,
        };
        try {
          // Created only: a round of that id already is said, not overwritten.
          const existing = await rounds.getRound(session.caller, field('ma')).catch((error: unknown) => {
            if (error instanceof RoundsError && error.kind === 'not-found') return undefined;
            throw error;
          });
          if (existing)
            return newRoundPage(c, session, form, [`Mã đợt "${field('ma')}" đã có đợt đánh giá khác.`]);
          await rounds.putRound(session.caller, field('ma'), document, { sets: heldDocuments });
        } catch (error) {
          if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
          const words = (found: Issue) => formatIssue(found, 'vi');
          return newRoundPage(
            c,
            session,
            form,
            error.issues.length > 0 ? [error.vi, ...error.issues.map(words)] : [refusalWords(error)],
          );
        }
        return c.redirect(`${managePath(field('ma'))}?da-tao`, 303);
      }),
    ),
  );

  /** A round's management: progress, deadlines, locks, reopening. */
  const managePage = async (c: Context<E>, session: Session, roundId: string, problem?: string) => {
    const round = await rounds.getRound(session.caller, roundId);
    const at = now();
    const states = round.unitStates;
    const nameOf = new Map(round.units.map((unit) => [unit.id, unit.name]));
    const submitted = states.filter((unit) => unit.submitted).length;
    const appraised = states.filter((unit) => unit.appraised).length;
    const pending = states.reduce((sum, unit) => sum + unit.pendingExplanations, 0);
    const twoPasses = passesOf(round) === 2;
    const deadlinesShown = DEADLINES.filter((deadline) => twoPasses || deadline.key !== 'appraisal1');
    const layersShown = LAYERS.filter((layer) => twoPasses || layer !== 'appraised-1');
    const firstPassed = states.filter((unit) => unit.firstPass).length;
    // Done with explanations: closed by the unit, or nothing was asked of it once the first pass ended.
    const explainedCount = states.filter((unit) =>
      explanationsClosed(unitPhaseFacts(round, unit), at),
    ).length;
    const layerWords = (layer: Layer) =>
      twoPasses && layer === 'appraised' ? 'thẩm định lần 2' : LAYER_WORDS[layer];
    const base = managePath(round.id);
    const events = await rounds.roundEvents(session.caller, round.id);
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    return page(
      c,
      round.title,
      html`<p class="trang-thai" role="status"><strong>${round.published ? `Đã công bố ngày ${vietnamTime(round.published.at)}.` : `${submitted}/${states.length} đơn vị đã chốt điểm tự chấm; ${twoPasses ? `${firstPassed}/${states.length} đã có điểm thẩm định lần 1; ${explainedCount}/${states.length} đã xong giải trình; ${appraised}/${states.length} đã có điểm thẩm định lần 2` : `${appraised}/${states.length} đã có điểm thẩm định`}; ${pending} yêu cầu giải trình chưa trả lời.`}</strong></p>
${c.req.query('da-tao') !== undefined ? html`<p class="ok" role="status">Đã tạo đợt đánh giá.</p>` : ''}
${problem ? html`<p class="loi" role="alert">${problem}</p>` : ''}
<p>Quản lý đợt đánh giá: các hạn, khóa hoặc mở việc chấm điểm, mở lại phiếu của một đơn vị. Cơ quan đánh giá: ${round.authority.name}; năm ${round.period}.</p>
<h2>Các hạn</h2>
<form class="the hep" method="post" action="${base}/han">${csrf}
${round.published ? html`<p>Đã công bố: chỉ còn dời được hạn khắc phục.</p>` : ''}
${deadlinesShown.map((deadline) => html`<label for="${deadline.field}">${twoPasses && deadline.key === 'appraisal' ? 'Hạn thẩm định lần 2' : DEADLINE_WORDS[deadline.key]}${round.deadlines[deadline.key] ? ` (${timeLeft(round.deadlines[deadline.key]!, at)})` : ''}</label><input id="${deadline.field}" name="${deadline.field}" type="date"${round.published && deadline.key !== 'remediation' ? html` disabled` : ''} value="${dateInputOf(round.deadlines[deadline.key])}">`)}
<label for="ly-do">Lý do thay đổi hạn (bắt buộc khi dời hạn; được lưu cùng người thay đổi và thời điểm)</label><textarea id="ly-do" name="ly-do" rows="2"></textarea>
<p><button type="submit">Lưu các hạn</button></p></form>
<h2>Khóa việc chấm điểm</h2>
${twoPasses ? html`<p class="goi-y">Khóa việc thẩm định lần 1 là kết thúc lần 1 trước hạn: các đơn vị được yêu cầu bắt đầu giải trình.</p>` : ''}
${layersShown.map((layer) => {
  const lock = round.locks[layer];
  return html`<form class="the hep" method="post" action="${base}/${lock ? 'mo-khoa' : 'khoa'}">${csrf}<input type="hidden" name="lop" value="${layer}">
<p>Việc ${layerWords(layer)}: ${lock ? `đã khóa ngày ${vietnamTime(lock.at)} (bởi ${lock.key})` : 'đang mở'}.</p>
<p><button class="phu" type="submit"${round.published ? html` disabled` : ''}>${lock ? 'Mở khóa' : 'Khóa'} việc ${layerWords(layer)}</button></p></form>`;
})}
<h2>Các đơn vị</h2>
<div class="cuon"><table><caption class="khong-in">Tình trạng của các đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tự chấm điểm</th>${twoPasses ? html`<th scope="col">Thẩm định lần 1</th>` : ''}<th scope="col">${twoPasses ? 'Giải trình' : 'Giải trình chưa trả lời'}</th><th scope="col">${twoPasses ? 'Thẩm định lần 2' : 'Thẩm định'}</th><th scope="col">Mở lại</th></tr></thead><tbody>
${states.map((unit) => {
  const name = nameOf.get(unit.id) ?? unit.id;
  const explained = unit.explanationsClosed
    ? `Đã chốt ${vietnamTime(unit.explanationsClosed.at)}`
    : unit.pendingExplanations > 0
      ? `${unit.pendingExplanations} yêu cầu chưa trả lời`
      : (unit.explanationRequests ?? 0) === 0
        ? 'Không có yêu cầu'
        : 'Đã trả lời, chưa chốt';
  return html`<tr><td>${name}</td><td>${unit.submitted ? `Đã chốt ${vietnamTime(unit.submitted.at)}` : unit.self ? 'Đang chấm' : 'Chưa chấm'}</td>${twoPasses ? html`<td>${unit.firstPass ? 'Đã có điểm' : 'Chưa có'}</td><td>${explained}</td>` : html`<td class="so">${unit.pendingExplanations}</td>`}<td>${unit.appraised ? 'Đã có điểm' : 'Chưa có'}</td><td>${unit.submitted && !round.published ? html`<form method="post" action="${base}/mo-lai">${csrf}<input type="hidden" name="don-vi" value="${unit.id}"><input type="text" name="ly-do" required aria-label="Lý do mở lại cho ${name}" placeholder="Lý do (đơn vị đọc được)"> <button class="phu" type="submit">Cho ${name} tự chấm tiếp</button></form>` : ''}${unit.explanationsClosed && !round.published ? html`<form method="post" action="${base}/mo-lai-giai-trinh">${csrf}<input type="hidden" name="don-vi" value="${unit.id}"><input type="text" name="ly-do" required aria-label="Lý do mở lại giải trình cho ${name}" placeholder="Lý do (đơn vị đọc được)"> <button class="phu" type="submit">Cho ${name} giải trình tiếp</button></form>` : ''}</td></tr>`;
})}
</tbody></table></div>
<h2>Sao lưu</h2>
<p>Bản sao lưu của đợt là một tệp gồm mọi điểm tự chấm và thẩm định với từng lần sửa, các giải trình, việc công bố và tất cả tài liệu kiểm chứng của các đơn vị. Lưu giữ tệp này để khôi phục đợt khi cần hoặc chuyển sang máy chủ khác.</p>
<p><a href="${roundPath(round.id)}/sao-luu.tar">Tải bản sao lưu của đợt (kèm tài liệu kiểm chứng)</a></p>
<h2>Lịch sử thay đổi</h2>
${events.length > 0 ? html`<ul>${events.map((event) => html`<li>${vietnamTime(event.at)}, ${event.key}: ${event.kind === 'deadline' ? `${DEADLINE_WORDS[event.deadline]} từ ${event.from ? deadlineDay(event.from) : '(chưa đặt)'} thành ${deadlineDay(event.to)}` : `mở lại ${event.phase === 'explanation' ? 'giải trình' : 'phiếu tự chấm'} của ${nameOf.get(event.unit) ?? event.unit}`}. Lý do: ${event.reason}</li>`)}</ul>` : html`<p>Chưa có thay đổi nào.</p>`}
<p><a href="${roundPath(round.id)}/phan-cong">Phân công thẩm định</a> · <a href="${roundPath(round.id)}/khao-sat">Khảo sát xã hội học</a> · <a href="${NEW_ROUND_PATH}?tu=${encodeURIComponent(round.id)}">Sao chép sang năm sau</a> · <a href="/app">Về trang tổng quan</a></p>`,
      session,
      problem ? 422 : 200,
    );
  };

  app.get(
    `/app/dot/:round/quan-ly`,
    signedIn(adminOnly((c, session) => managePage(c, session, c.req.param('round')!))),
  );

  app.get(
    `/app/dot/:round/sao-luu.tar`,
    signedIn(
      adminOnly(async (c, session) => {
        const round = c.req.param('round')!;
        return roundArchiveResponse(c, round, await rounds.exportArchive(session.caller, round));
      }),
    ),
  );

  /** A change of the round, then its page again (a refusal said at the top). */
  const change = (work: (session: Session, round: string, form: URLSearchParams) => Promise<unknown>) =>
    posted(async (c, session, form) => {
      const round = c.req.param('round')!;
      try {
        await work(session, round, form);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return managePage(c, session, round, refusalWords(error));
      }
      return c.redirect(managePath(round), 303);
    });
  const layerOf = (form: URLSearchParams): Layer => layerNamed(form.get('lop') ?? '') ?? 'self';

  app.post(
    `/app/dot/:round/quan-ly/han`,
    change(async (session, roundId, form) => {
      const round = await rounds.getRound(session.caller, roundId);
      // The deadlines whose day was changed (an empty field leaves a deadline as it is).
      const moved = DEADLINES.flatMap((deadline) => {
        const typed = form.get(deadline.field)?.trim() ?? '';
        return typed === '' || typed === dateInputOf(round.deadlines[deadline.key])
          ? []
          : [{ key: deadline.key, to: typed }];
      });
      if (moved.length === 0) return;
      // One at a time, each kept in the order of the phases: those moved later go last phase first, those
      // moved earlier first phase first.
      const later = (move: (typeof moved)[number]) =>
        dateInputOf(round.deadlines[move.key]) !== '' && move.to > dateInputOf(round.deadlines[move.key]);
      moved.sort((a, b) => {
        const [aLater, bLater] = [later(a), later(b)];
        if (aLater !== bLater) return aLater ? -1 : 1;
        const order =
          DEADLINES.findIndex((d) => d.key === a.key) - DEADLINES.findIndex((d) => d.key === b.key);
        return aLater ? -order : order;
      });
      const reason = form.get('ly-do')?.trim() ?? '';
      // Checked before any is moved: all move, or none.
      if (reason === '') throw new RoundsError('reason-required', {});
      for (const { key, to } of moved)
        if (!isDeadline(to)) throw new RoundsError('deadline-invalid', { deadline: key });
      for (const { key, to } of moved) await rounds.moveDeadline(session.caller, roundId, key, to, reason);
    }),
  );
  app.post(
    `/app/dot/:round/quan-ly/khoa`,
    change((session, round, form) => rounds.lock(session.caller, round, layerOf(form))),
  );
  app.post(
    `/app/dot/:round/quan-ly/mo-khoa`,
    change((session, round, form) => rounds.unlock(session.caller, round, layerOf(form))),
  );
  app.post(
    `/app/dot/:round/quan-ly/mo-lai-giai-trinh`,
    change((session, round, form) =>
      rounds.reopenExplanations(session.caller, round, form.get('don-vi') ?? '', form.get('ly-do') ?? ''),
    ),
  );
  app.post(
    `/app/dot/:round/quan-ly/mo-lai`,
    change((session, round, form) =>
      rounds.reopen(session.caller, round, form.get('don-vi') ?? '', form.get('ly-do') ?? ''),
    ),
  );
}

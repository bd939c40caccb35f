import {
  type Criterion,
  deadlineInstant,
  formatNumber,
  type Issue,
  issueMessage,
  rowCriteria,
  vietnamClock,
} from '@cchc/core';
import { factsOfRule } from '@cchc/core/rules';
import {
  type Caller,
  type Layer,
  layerBefore,
  layerClosure,
  layerDeadline,
  may,
  RoundsError,
  type SheetView,
  type StoredLayer,
} from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type Html, html } from '../html.js';
import { entriesOf, type RowValues, rowOfEntry, valuesOfForm } from '../sheet-rows.js';
import {
  LAYER_OF_PATH,
  nodesOf,
  PATH_OF_LAYER,
  type PagesContext,
  type PagesEnv,
  type Session,
  sheetName,
  statusOfRefusal,
  timeLeft,
  vietnamTime,
} from './context.js';
import { itemFilesLink } from './evidence.js';

/** The sheet page of a unit's layer, as the sign-in page shows it again after a session ended. */
export type SheetPage<E extends PagesEnv> = ReturnType<typeof sheetScreens<E>>['sheetPage'];

export function sheetScreens<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, csrfOf, page, posted, signedIn } = context;
  /** What a session may do with a unit's layer now, and what the top of its sheet says. */
  const sheetState = (view: SheetView, unitId: string, layer: Layer, caller: Caller) => {
    const { round, submitted } = view;
    const mayWrite = may(caller, 'write-layer', { unit: unitId, layer });
    const closed = layerClosure({ ...view, ...round, document: round }, unitId, layer, caller, now());
    const deadline = layerDeadline(round.deadlines, layer);
    const lock = round.locks[layer];
    const status = round.published
      ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}: phiếu chỉ để xem.`
      : lock
        ? `Phiếu đã bị khóa ngày ${vietnamTime(lock.at)}: phiếu chỉ để xem.`
        : closed
          ? closed.details['deadline'] !== undefined
            ? `Đã quá hạn ${layer === 'self' ? 'tự chấm điểm' : layer === 'appraised-1' ? 'thẩm định lần 1' : 'thẩm định'} (hạn ${vietnamTime(deadlineInstant(deadline))}): phiếu chỉ để xem.`
            : closed.code === 'phase-not-open'
              ? `${closed.vi}. Phiếu chỉ để xem cho đến khi tới giai đoạn này.`
              : `Đơn vị đã chốt điểm tự chấm ngày ${vietnamTime(submitted!)}: phiếu chỉ để xem; quản trị có thể mở lại.`
          : !mayWrite
            ? 'Bạn chỉ được xem phiếu này.'
            : `${submitted && layer === 'self' ? `Đơn vị đã chốt ngày ${vietnamTime(submitted)}. ` : ''}Đang mở đến ${vietnamTime(deadlineInstant(deadline))} (${timeLeft(deadline, now())}).`;
    return { writable: mayWrite && !closed, status, submitted };
  };

  /** The sheet of one unit's layer: the stored values, or those just sent back with their errors. */
  const sheetPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    unitId: string,
    layer: Layer,
    given?: {
      /** The values to show: given, or as a form sent them (read against the set here). */
      values: ReadonlyMap<string, RowValues> | URLSearchParams;
      issues: readonly Issue[];
      revision: number;
      unscored?: string | undefined;
      conflict?: StoredLayer;
      /**
       * The layer before (the self-assessment, or the first of two passes) copied into an appraisal sheet:
       * the save goes over that document.
       */
      copied?: boolean;
      /** Why the values just typed were not saved (a refusal, a new session). */
      notice?: { text: string; status: number; ok?: boolean };
    },
  ) => {
    // One transaction: the set, the latest revision scored and the state of the layer, as they stand together.
    const view = await rounds.sheetView(session.caller, roundId, unitId, layer);
    const { set, unit, stored } = view;
    const state = sheetState(view, unitId, layer, session.caller);
    const source = layerBefore(view.round, layer);
    // The second of two passes starts from the first: an empty sheet shows the first's scores to save.
    const startsFromFirst = !given && !stored && state.writable && source === 'appraised-1';
    const first = startsFromFirst ? await rounds.sheetOf(session.caller, roundId, unitId, source) : undefined;
    const sent: typeof given = first?.document ? copiedSheet(first.document, 0) : given;
    // Why a submitted self-assessment is open again, as the admin said: the unit reads it at the top.
    const reopened =
      layer === 'self' && view.submitted === null
        ? (await rounds.roundEvents(session.caller, roundId))
            .filter((event) => event.kind === 'reopen' && event.unit === unitId)
            .at(-1)
        : undefined;
    // The entries, the figures and the revision the form sends back all come from one stored revision.
    const entries = (stored?.document['entries'] ?? {}) as Record<string, Record<string, unknown>>;
    const sentValues =
      sent?.values instanceof URLSearchParams ? valuesOfForm(set, sent.values) : sent?.values;
    const valuesOf = (code: string): RowValues =>
      sentValues?.get(code) ?? rowOfEntry(entries[code] ?? {}, layer);
    /** How many files an item's stored entry names. */
    const filesOf = (code: string) => {
      const files = entries[code]?.['files'];
      return Array.isArray(files) ? files.length : 0;
    };
    const nodeOf = nodesOf(stored);
    const problemsOf = new Map<string, string[]>();
    for (const found of sent?.issues ?? []) {
      const code = found.path[0] === 'entries' && typeof found.path[1] === 'string' ? found.path[1] : '';
      problemsOf.set(code, [...(problemsOf.get(code) ?? []), sheetMessage(found)]);
    }
    const figure = (text: string | null | undefined) =>
      text === null || text === undefined ? '' : formatNumber(text);
    // In a conflict, each criterion where the stored version and the one typed differ: both shown.
    const shown = (values: RowValues) =>
      values.notApplicable
        ? 'Không áp dụng'
        : [
            values.score,
            values.max === '' ? '' : `tối đa áp dụng ${values.max}`,
            ...Object.entries(values.facts).map(([name, value]) => `${name}: ${value}`),
          ]
            .filter((part) => part !== '')
            .join('; ');
    const differences: [string, string, string][] = [];
    if (sent?.conflict)
      for (const [code, yours] of sentValues ?? []) {
        const theirs = rowOfEntry(entries[code] ?? {}, layer);
        if (shown(theirs) !== shown(yours) || theirs.note !== yours.note)
          differences.push([
            code,
            [shown(theirs), theirs.note].filter(Boolean).join(' · '),
            [shown(yours), yours.note].filter(Boolean).join(' · '),
          ]);
      }
    const { writable } = state;
    const scoreLabel =
      layer === 'self' ? 'Điểm tự chấm' : layer === 'appraised-1' ? 'Điểm thẩm định lần 1' : 'Điểm thẩm định';
    const sourceWords = source === 'self' ? 'điểm tự chấm' : 'điểm thẩm định lần 1';
    const commentLabel = layer === 'self' ? 'Ghi chú của đơn vị' : 'Nhận xét của người thẩm định';
    const withRow = new Set(rowCriteria(set).map((criterion) => criterion.code));
    const rows: Html[] = [];
    const row = (criterion: Criterion, depth: number) => {
      const hasRow = withRow.has(criterion.code);
      const unlisted = criterion.children.length > 0 && !criterion.unlisted.isZero();
      const values = valuesOf(criterion.code);
      const id = criterion.code.replace(/[^A-Za-z0-9]/g, '-');
      const problems = problemsOf.get(criterion.code) ?? [];
      const rule = criterion.children.length === 0 ? criterion.rule?.definition : undefined;
      const facts = rule ? factsOfRule(rule, criterion.rule!.params) : [];
      const hints = [
        ...(criterion.requiredEvidence ? [`Tài liệu kiểm chứng cần có: ${criterion.requiredEvidence}`] : []),
        ...(facts.length > 0 && rule?.vi ? [`Cách tính: ${rule.vi.description}`] : []),
        ...(unlisted
          ? [
              `Phần không liệt kê trong bộ tiêu chí: tối đa ${formatNumber(criterion.unlisted)} điểm. Nhập tổng điểm của cả mục, hoặc để trống và chọn tính đủ điểm ở cuối phiếu.`,
            ]
          : []),
      ];
      // Read-only, a row shows the figures the server computed, not what was typed.
      const input = (name: string, value: string, label: string, extra: Html | string = '') =>
        html`<input type="text" inputmode="decimal" name="${name}" value="${value}" aria-label="${label}"${extra}>`;
      rows.push(html`<tr class="${depth === 0 ? 'linh-vuc' : ''}" id="tc-${id}">
<td>${criterion.code}</td><td style="padding-left:${0.45 + depth}rem">${criterion.name}${hints.map((text) => html`<div class="goi-y">${text}</div>`)}${problems.map((text) => html`<div class="loi" role="alert" id="loi-${id}">${text}</div>`)}</td>
<td class="so">${formatNumber(criterion.max)}</td>
<td class="so">${hasRow && writable ? input(`m:${criterion.code}`, values.max, `Điểm tối đa áp dụng ${criterion.code} (để trống nếu là ${formatNumber(criterion.max)})`, html` placeholder="${formatNumber(criterion.max)}"`) : figure(nodeOf.get(criterion.code)?.max)}</td>
<td>${facts.map(
        (fact) =>
          html`<label for="f-${id}-${fact.name}">${fact.label}</label>${
            !writable
              ? html`<div>${fact.type === 'boolean' ? (values.facts[fact.name] === 'co' ? 'Có' : values.facts[fact.name] === 'khong' ? 'Không' : '') : (fact.choices?.find((choice) => choice.value === values.facts[fact.name])?.label ?? values.facts[fact.name] ?? '')}</div>`
              : fact.choices
                ? html`<select id="f-${id}-${fact.name}" name="f:${criterion.code}:${fact.name}"><option value=""></option>${fact.choices.map((choice) => html`<option value="${choice.value}"${values.facts[fact.name] === choice.value ? html` selected` : ''}>${choice.label}</option>`)}</select>`
                : fact.type === 'boolean'
                  ? html`<select id="f-${id}-${fact.name}" name="f:${criterion.code}:${fact.name}"><option value=""></option><option value="co"${values.facts[fact.name] === 'co' ? html` selected` : ''}>Có</option><option value="khong"${values.facts[fact.name] === 'khong' ? html` selected` : ''}>Không</option></select>`
                  : html`<input type="text"${fact.type === 'string' ? '' : html` inputmode="decimal"`} id="f-${id}-${fact.name}" name="f:${criterion.code}:${fact.name}" value="${values.facts[fact.name] ?? ''}">`
          }`,
      )}</td>
<td class="so">${hasRow && writable ? input(`s:${criterion.code}`, values.score, unlisted ? `Tổng điểm của cả mục ${criterion.code}` : `${scoreLabel} ${criterion.code}`, problems.length > 0 ? html` id="s-${id}" aria-invalid="true" aria-describedby="loi-${id}"` : html` id="s-${id}"`) : ''}<div>${figure(nodeOf.get(criterion.code)?.achieved)}</div></td>
<td>${hasRow ? (writable ? html`<input type="checkbox" name="na:${criterion.code}" aria-label="Không áp dụng ${criterion.code}"${values.notApplicable ? html` checked` : ''}>` : values.notApplicable ? 'Không áp dụng' : '') : ''}</td>
<td>${hasRow ? (writable ? html`<textarea name="ev:${criterion.code}" rows="1" aria-label="Tài liệu kiểm chứng ${criterion.code}">${values.evidence}</textarea>` : values.evidence) : ''}${hasRow ? html`<div>${itemFilesLink(roundId, unitId, layer, criterion.code, filesOf(criterion.code))}</div>` : ''}</td>${layer !== 'self' ? html`<td>${hasRow ? (writable ? html`<textarea name="tn:${criterion.code}" rows="1" aria-label="Cơ quan chịu trách nhiệm ${criterion.code}">${values.responsible}</textarea>` : values.responsible) : ''}</td>` : ''}
<td>${hasRow ? (writable ? html`<input type="text" name="no:${criterion.code}" value="${values.note}" aria-label="${commentLabel} ${criterion.code}">` : values.note) : ''}</td></tr>`);
      for (const child of criterion.children) row(child, depth + 1);
    };
    for (const area of set.criteria) row(area, 0);
    // Bonus and penalty claims after the criteria: points claimed (or given), evidence and comment.
    for (const adjustment of set.adjustments) {
      const { code } = adjustment;
      const values = valuesOf(code);
      const id = code.replace(/[^A-Za-z0-9]/g, '-');
      const problems = problemsOf.get(code) ?? [];
      const kind = adjustment.kind === 'bonus' ? 'Điểm thưởng' : 'Điểm trừ';
      rows.push(html`<tr id="tc-${id}">
<td>${code}</td><td>${adjustment.name}<div class="goi-y">${kind}: ${adjustment.kind === 'bonus' ? 'cộng' : 'trừ'} tối đa ${formatNumber(adjustment.max)} điểm.</div>${problems.map((text) => html`<div class="loi" role="alert" id="loi-${id}">${text}</div>`)}</td>
<td class="so">${formatNumber(adjustment.max)}</td><td></td><td></td>
<td class="so">${writable ? html`<input type="text" inputmode="decimal" name="s:${code}" value="${values.score}" aria-label="${kind} ${code}" id="s-${id}"${problems.length > 0 ? html` aria-invalid="true" aria-describedby="loi-${id}"` : ''}>` : ''}<div>${figure(nodeOf.get(code)?.achieved)}</div></td>
<td></td>
<td>${writable ? html`<textarea name="ev:${code}" rows="1" aria-label="Tài liệu kiểm chứng ${code}">${values.evidence}</textarea>` : values.evidence}<div>${itemFilesLink(roundId, unitId, layer, code, filesOf(code))}</div></td>${layer !== 'self' ? html`<td></td>` : ''}
<td>${writable ? html`<input type="text" name="no:${code}" value="${values.note}" aria-label="${commentLabel} ${code}">` : values.note}</td></tr>`);
    }
    const saved = c.req.query('luu');
    const unchanged = c.req.query('khong-doi') !== undefined;
    const revision = sent?.revision ?? stored?.revision ?? 0;
    const result = stored?.result;
    const conflict = sent?.conflict;
    const base = `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}`;
    // From the same stored revision as the entries and figures shown.
    const unscored = sent?.unscored ?? (stored?.document['unscored'] === 'full' ? 'full' : 'error');
    const status =
      conflict || sent?.notice ? (sent?.notice?.status ?? 409) : (sent?.issues.length ?? 0) > 0 ? 422 : 200;
    return page(
      c,
      `${sheetName(layer, view.round.passes)}: ${unit.name}`,
      html`<p class="${writable ? 'trang-thai' : 'trang-thai khoa'}" role="status"><strong>${state.status}</strong></p>
${reopened ? html`<p class="the canh-bao">Phiếu được mở lại để tự chấm tiếp ngày ${vietnamTime(reopened.at)}. Lý do: ${reopened.reason}</p>` : ''}
<p>Bộ tiêu chí: ${set.title}. ${
        stored
          ? html`Phiên bản ${stored.revision}, lưu bởi ${stored.key} ngày ${vietnamTime(stored.at)}.`
          : 'Chưa có điểm nào được lưu.'
      }</p>
${saved ? html`<p class="ok" role="status">${unchanged ? `Không có thay đổi nào so với phiên bản đã lưu: phiếu không được lưu thêm (${saved}).` : `Đã lưu lúc ${saved}.`}</p>` : ''}
${sent?.notice ? html`<p class="${sent.notice.ok ? 'ok' : 'loi'}" role="alert">${sent.notice.text}</p>` : ''}
${sent?.copied && !sent.notice && sent.issues.length === 0 && !sent.conflict ? html`<p class="ok" role="status">Đã chép ${sourceWords} (cả điểm tối đa áp dụng và mọi nội dung của từng tiêu chí) vào phiếu; bấm "Lưu" để lưu.</p>` : ''}
${(sent?.issues.length ?? 0) > 0 ? html`<p class="loi" role="alert">Phiếu có ${sent!.issues.length} lỗi; các lỗi được ghi ngay dưới tiêu chí.</p>` : ''}
${
  conflict
    ? html`<div class="the" role="alert"><p class="loi">Phiếu đã được ${conflict.key} lưu (phiên bản ${conflict.revision}, ${vietnamTime(conflict.at)}) sau khi bạn mở trang. Các giá trị bạn vừa nhập vẫn ở dưới đây.</p>
<table><caption>Những tiêu chí khác nhau giữa hai bản</caption><thead><tr><th scope="col">STT</th><th scope="col">Bản đã lưu</th><th scope="col">Bản của bạn</th></tr></thead><tbody>${differences.map(
        ([code, theirs, yours]) => html`<tr><td>${code}</td><td>${theirs}</td><td>${yours}</td></tr>`,
      )}</tbody></table>
<p>Bấm "Lưu" để ghi đè bằng bản của bạn, hoặc <a href="${base}/${PATH_OF_LAYER[layer]}">dùng bản đã lưu</a>.</p></div>`
    : ''
}
${result ? html`<p><strong>Tổng điểm: ${figure(result.achieved)}/${figure(result.max)}; chỉ số ${figure(result.index)}${result.classification ? html`; xếp loại ${result.classification}` : ''}</strong> (máy chủ tính sau mỗi lần lưu).</p>` : ''}
<form method="post" action="${base}/${PATH_OF_LAYER[layer]}" data-canh-bao>
<input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${revision}">${sent?.copied ? html`<input type="hidden" name="nguon" value="${PATH_OF_LAYER[source]}">` : ''}
<div class="cuon"><table><caption class="khong-in">Các tiêu chí và điểm</caption><thead><tr><th scope="col">STT</th><th scope="col">Tiêu chí, tiêu chí thành phần</th><th scope="col">Điểm tối đa</th><th scope="col">Điểm tối đa áp dụng</th><th scope="col">Số liệu kê khai</th><th scope="col">${scoreLabel}</th><th scope="col">Không áp dụng</th><th scope="col">Tài liệu kiểm chứng</th>${layer !== 'self' ? html`<th scope="col">Cơ quan chịu trách nhiệm (mỗi dòng một cơ quan)</th>` : ''}<th scope="col">${commentLabel}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
${
  writable
    ? html`<p><label for="chua-cham">Tiêu chí không nhập điểm</label><select id="chua-cham" name="chua-cham"><option value="loi"${unscored === 'error' ? html` selected` : ''}>Phải chấm đủ: báo lỗi tiêu chí chưa chấm</option><option value="du"${unscored === 'full' ? html` selected` : ''}>Tính đủ điểm tối đa</option></select></p>
<p><button type="submit">Lưu</button>${layer !== 'self' ? html` <button class="phu" type="submit" name="sao-chep" value="${PATH_OF_LAYER[source]}">Sao chép ${sourceWords}</button>` : ''}</p>`
    : html`<p>Tiêu chí không nhập điểm: ${unscored === 'full' ? 'tính đủ điểm tối đa' : 'phải chấm đủ'}.</p>`
}</form>
${
  writable && layer === 'self' && stored && !state.submitted
    ? html`<form class="the" method="post" action="${base}/chot"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<p>Sau khi chốt, đơn vị không sửa được phiếu nữa (quản trị có thể mở lại).</p>
<p><input type="checkbox" id="xac-nhan-chot" name="xac-nhan" value="1" required> <label for="xac-nhan-chot" style="display:inline">Tôi đã kiểm tra và chốt điểm tự chấm (phiên bản ${stored.revision})</label></p>
<p><button class="phu" type="submit">Chốt điểm tự chấm</button></p></form>`
    : ''
}`,
      session,
      status,
    );
  };

  /** Saves a sheet as the form sends it; a refusal shows the sheet again with every value typed. */
  const saveSheet = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    unitId: string,
    layer: Layer,
    form: URLSearchParams,
  ): Promise<Response> => {
    const revision = Number(form.get('phien-ban') ?? 0);
    const unscored = form.get('chua-cham') === 'du' ? 'full' : 'error';
    // The layer an appraisal copies from, as the form names it (its copy button, or the copy it shows):
    // the self-assessment, or the first of two passes, either one the appraiser may read.
    const sourceOf = (name: string | null) => {
      const named = LAYER_OF_PATH.get(name ?? '');
      return named !== undefined && named !== layer && named !== 'appraised' && layer !== 'self'
        ? named
        : undefined;
    };
    const copying = sourceOf(form.get('sao-chep'));
    if (copying) {
      // "Sao chép": every field of every entry of the sheet before, for the appraiser to change; the save
      // then goes over that document, so nothing the form does not show is lost.
      const before = await rounds.sheetOf(session.caller, roundId, unitId, copying);
      return await sheetPage(c, session, roundId, unitId, layer, copiedSheet(before.document, revision));
    }
    const source = sourceOf(form.get('nguon'));
    const copied = source !== undefined;
    const self = source
      ? (await rounds.sheetOf(session.caller, roundId, unitId, source)).document
      : undefined;
    const again = (
      sent: Omit<NonNullable<Parameters<typeof sheetPage>[5]>, 'values' | 'unscored' | 'copied'>,
    ) => sheetPage(c, session, roundId, unitId, layer, { values: form, unscored, copied, ...sent });
    let written: StoredLayer;
    try {
      // The form's rows over the stored entries (or the self-assessment copied), in the write's own
      // transaction: the latest revision is read once, and the document scored once.
      written = await rounds.editLayer(
        session.caller,
        roundId,
        unitId,
        layer,
        ({ set, document: stored }) => {
          const base = copied ? self : stored;
          const entries = entriesOf(
            set,
            valuesOfForm(set, form),
            (base?.['entries'] ?? {}) as Record<string, Record<string, unknown>>,
            layer,
          );
          // The round says the set, unit, period and layer; the rest of the document (published figures…) is kept.
          const { entries: _entries, layer: _layer, ...rest } = base ?? {};
          return { ...rest, unscored, entries };
        },
        Number.isSafeInteger(revision) ? revision : -1,
      );
    } catch (error) {
      if (!(error instanceof RoundsError)) throw error;
      if (error.kind === 'invalid-document') return await again({ issues: error.issues, revision });
      if (error.kind === 'precondition-failed') {
        const current = await rounds.getLayer(session.caller, roundId, unitId, layer);
        return await again({ issues: [], revision: current.revision, conflict: current });
      }
      // Closed, refused or gone: the values typed stay on the page, with the reason.
      return await again({
        issues: [],
        revision,
        notice: {
          text: `Chưa lưu được: ${error.vi}. Các giá trị bạn vừa nhập vẫn ở dưới đây.`,
          status: statusOfRefusal(error.kind),
        },
      });
    }
    const savedAt = vietnamClock(now());
    return c.redirect(
      `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}/${PATH_OF_LAYER[layer]}?luu=${savedAt}${written.unchanged ? '&khong-doi' : ''}`,
      303,
    );
  };

  /** The answer to an address under a unit that names no layer's sheet. */
  const noSuchPage = (c: Context<E>, session: Session) =>
    page(c, 'Không tìm thấy trang', html`<p class="loi">Không có trang này.</p>`, session, 404);

  return {
    sheetPage,
    /** The sheet's own routes: mounted last, after the screens whose addresses they would match too. */
    mount() {
      app.get(
        '/app/dot/:round/don-vi/:unit/:layer',
        signedIn(async (c, session) => {
          const layer = LAYER_OF_PATH.get(c.req.param('layer')!);
          if (!layer) return noSuchPage(c, session);
          return await sheetPage(c, session, c.req.param('round')!, c.req.param('unit')!, layer);
        }),
      );

      app.post(
        '/app/dot/:round/don-vi/:unit/chot',
        posted(async (c, session, form) => {
          const roundId = c.req.param('round')!;
          const unitId = c.req.param('unit')!;
          // Submitting closes the sheet to the unit: the box that says so must be ticked.
          if (form.get('xac-nhan') === null)
            return await sheetPage(c, session, roundId, unitId, 'self', {
              values: new Map(),
              issues: [],
              revision: 0,
              notice: { text: 'Hãy đánh dấu ô xác nhận trước khi chốt điểm tự chấm.', status: 422 },
            });
          try {
            await rounds.submit(session.caller, roundId, unitId);
          } catch (error) {
            // Said on the sheet itself, where the items it names are.
            if (!(error instanceof RoundsError) || error.code !== 'evidence-missing') throw error;
            return await sheetPage(c, session, roundId, unitId, 'self', {
              values: new Map(),
              issues: [],
              revision: 0,
              notice: { text: `Chưa chốt được. ${error.vi}.`, status: 422 },
            });
          }
          return c.redirect(
            `/app/dot/${encodeURIComponent(roundId)}/don-vi/${encodeURIComponent(unitId)}/tu-cham`,
            303,
          );
        }),
      );

      app.post(
        '/app/dot/:round/don-vi/:unit/:layer',
        posted(async (c, session, form) => {
          const layer = LAYER_OF_PATH.get(c.req.param('layer')!);
          if (!layer) return noSuchPage(c, session);
          return await saveSheet(c, session, c.req.param('round')!, c.req.param('unit')!, layer, form);
        }),
      );
    },
  };
}

/** A sheet filled with every field of every entry of `document` (the layer before), to save with "Lưu". */
function copiedSheet(
  document: Record<string, unknown> | undefined,
  revision: number,
): {
  values: Map<string, RowValues>;
  issues: readonly Issue[];
  revision: number;
  unscored: string;
  copied: true;
} {
  const values = new Map<string, RowValues>();
  for (const [code, entry] of Object.entries(
    (document?.['entries'] ?? {}) as Record<string, Record<string, unknown>>,
  ))
    values.set(code, rowOfEntry(entry, 'appraised'));
  return {
    values,
    issues: [],
    revision,
    unscored: document?.['unscored'] === 'full' ? 'full' : 'error',
    copied: true,
  };
}

/**
 * An issue as the sheet says it: in the sheet's own words where the core's message names a document field
 * (an item not scored is filled in on its row, or counted in full by the choice at the end of the sheet).
 */
function sheetMessage(found: Issue): string {
  // A figure typed into the form is text: the core's advice on writing decimals in JSON does not apply.
  if (found.code === 'invalid_decimal' && (found.params?.['reason'] ?? 'format') === 'format')
    return `${found.params?.['value'] === undefined ? 'Giá trị này' : `“${found.params['value']}”`} không phải là số: hãy viết số, ví dụ 0,25.`;
  if (found.code !== 'unscored') return issueMessage(found, 'vi');
  return found.params?.['unlisted'] === 'true'
    ? `Chưa chấm phần không liệt kê (tối đa ${formatNumber(found.params['max'] ?? '0')} điểm): nhập tổng điểm của cả mục, hoặc chọn "Tính đủ điểm tối đa" ở cuối phiếu.`
    : 'Chưa nhập điểm: nhập điểm hoặc số liệu, đánh dấu "Không áp dụng", hoặc chọn "Tính đủ điểm tối đa" ở cuối phiếu.';
}

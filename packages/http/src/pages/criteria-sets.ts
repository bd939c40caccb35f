/**
 * The admin's screens for criteria sets: the sets stored and those the server holds, an import (a decision
 * annex workbook, a YAML or JSON document, a bundled set), and a set's tree with its maxima and rules in words.
 */
import {
  type CriteriaSet,
  type Criterion,
  deadlineDate,
  formatIssue,
  formatNumber,
  formatShortDate,
  type Issue,
} from '@cchc/core';
import { readDocument } from '@cchc/documents';
import { readCriteriaSheet } from '@cchc/excel';
import { RoundsError, type RoundView } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type Html, html } from '../html.js';
import { linesOf, type PagesContext, type PagesEnv, refusalWords, type Session } from './context.js';

export const SETS_PATH = '/app/bo-tieu-chi';
export const setPath = (id: string) => `${SETS_PATH}/${encodeURIComponent(id)}`;

/** The bands a new set from a workbook starts with (the reference's), one a line: `Xuất sắc: 90`. */
const DEFAULT_CLASSES = 'Xuất sắc: 90\nTốt: 80\nKhá: 65\nTrung bình: 50\nYếu: 0';

/** A decision in words: `số 514/QĐ-UBND ngày 12/11/2021`. */
function decisionWords(set: CriteriaSet): string {
  if (!set.decision) return 'Chưa ghi quyết định ban hành';
  const day = deadlineDate(set.decision.date);
  return `Quyết định số ${set.decision.number}${day ? ` ngày ${formatShortDate(day)}` : ''}`;
}

/** Class bands typed one a line (`Khá: 65`) as a set's `classes`; undefined when a line does not read. */
export function classesOf(text: string): { label: string; min: string }[] | undefined {
  const lines = linesOf(text);
  const bands = lines.map((line) => /^(.+?)\s*[:：]\s*(\d+(?:[.,]\d+)?)$/.exec(line));
  if (bands.length === 0 || bands.some((band) => band === null)) return undefined;
  return bands.map((band) => ({ label: band![1]!, min: band![2]!.replace(',', '.') }));
}

/** The rounds (titles) that name each set. */
export function usersOf(listed: readonly RoundView[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const round of listed)
    for (const id of new Set(round.units.map((unit) => unit.criteriaSet)))
      users.set(id, [...(users.get(id) ?? []), round.title]);
  return users;
}

/** A workbook is a zip (it starts with "PK"); anything else is read as a JSON or YAML document. */
const isWorkbook = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

export function mountCriteriaSets<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, posted, refusedPage, options } = context;
  const held = options.heldSets ?? new Map<string, CriteriaSet>();

  const listPage = async (
    c: Context<E>,
    session: Session,
    sent?: { form: URLSearchParams; problems: readonly string[] },
  ) => {
    const stored = await rounds.criteriaSets();
    const users = usersOf(await rounds.listRounds(session.caller));
    const storedIds = new Set(stored.map((set) => set.id));
    const bundled = [...held.values()].filter((set) => !storedIds.has(set.id));
    const typed = (name: string, fallback = '') => sent?.form.get(name) ?? fallback;
    const inUse = stored.filter((set) => users.has(set.id)).length;
    return page(
      c,
      'Bộ tiêu chí',
      html`<p class="trang-thai" role="status"><strong>${stored.length} bộ tiêu chí đã lưu, ${inUse} bộ đang được đợt đánh giá dùng.</strong></p>
<p>Bộ tiêu chí do cơ quan có thẩm quyền ban hành bằng quyết định: các lĩnh vực, tiêu chí, điểm tối đa và cách tính điểm. Đợt đánh giá chấm điểm các đơn vị theo bộ tiêu chí đã lưu ở đây.</p>
${
  stored.length > 0
    ? html`<div class="cuon"><table><caption class="khong-in">Các bộ tiêu chí đã lưu</caption><thead><tr><th scope="col">Bộ tiêu chí</th><th scope="col">Ban hành</th><th scope="col">Điểm tối đa</th><th scope="col">Tình trạng</th></tr></thead><tbody>
${stored.map((set) => html`<tr><td><a href="${setPath(set.id)}">${set.title}</a></td><td>${decisionWords(set)}</td><td class="so">${formatNumber(set.max)}</td><td>${users.has(set.id) ? `Đang dùng: ${users.get(set.id)!.join('; ')}` : 'Chưa dùng'}</td></tr>`)}
</tbody></table></div>`
    : html`<p>Chưa lưu bộ tiêu chí nào: nhập từ tệp ở dưới, hoặc lưu một bộ có sẵn.</p>`
}
${
  bundled.length > 0
    ? html`<h2>Bộ tiêu chí có sẵn</h2><p>Các bộ đi kèm phần mềm. Lưu một bộ để dùng cho đợt đánh giá.</p>
<div class="cuon"><table><caption class="khong-in">Các bộ tiêu chí có sẵn, chưa lưu</caption><thead><tr><th scope="col">Bộ tiêu chí</th><th scope="col">Ban hành</th><th scope="col">Điểm tối đa</th><th scope="col">Lưu</th></tr></thead><tbody>
${bundled.map((set) => html`<tr><td><a href="${setPath(set.id)}">${set.title}</a></td><td>${decisionWords(set)}</td><td class="so">${formatNumber(set.max)}</td><td><form method="post" action="${SETS_PATH}/co-san"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="ma" value="${set.id}"><button class="phu" type="submit" aria-label="Lưu để dùng: ${set.title}">Lưu để dùng</button></form></td></tr>`)}
</tbody></table></div>`
    : ''
}
<h2>Nhập bộ tiêu chí từ tệp</h2>
${sent ? html`<div class="loi" role="alert"><p>Chưa lưu: tệp có ${sent.problems.length} lỗi. Sửa rồi nhập lại.</p><ul>${sent.problems.slice(0, 200).map((problem) => html`<li>${problem}</li>`)}</ul></div>` : ''}
<form class="the hep" method="post" action="${SETS_PATH}/nhap" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="tep">Tệp bộ tiêu chí (.xlsx phụ lục quyết định, hoặc .yaml, .json)</label><input id="tep" name="tep" type="file" accept=".xlsx,.yaml,.yml,.json" required aria-describedby="goi-y-tep">
<p class="goi-y" id="goi-y-tep">Bảng tính: một dòng tiêu đề có cột "STT" (hoặc "Mã"), "Nội dung" (hoặc "Tiêu chí") và "Điểm tối đa"; có thể thêm cột "Cách chấm", "Tham số" và "Tài liệu kiểm chứng". Mã 1.2 nằm dưới mã 1. Các ô dưới đây chỉ dùng cho bảng tính; tệp .yaml, .json đã có đủ.</p>
<label for="ma">Mã bộ tiêu chí</label><input id="ma" name="ma" type="text" autocapitalize="none" spellcheck="false" value="${typed('ma')}" aria-describedby="goi-y-ma"><p class="goi-y" id="goi-y-ma">Chữ, số, dấu chấm, gạch dưới, gạch ngang, ví dụ kon-ray-2022-xa.</p>
<label for="ten">Tên bộ tiêu chí</label><input id="ten" name="ten" type="text" value="${typed('ten')}">
<label for="co-quan">Cơ quan ban hành</label><input id="co-quan" name="co-quan" type="text" value="${typed('co-quan')}">
<label for="so-qd">Số quyết định</label><input id="so-qd" name="so-qd" type="text" value="${typed('so-qd')}">
<label for="ngay-qd">Ngày quyết định</label><input id="ngay-qd" name="ngay-qd" type="date" value="${typed('ngay-qd')}">
<label for="xep-loai">Xếp loại theo chỉ số (mỗi dòng một mức: tên, dấu hai chấm, chỉ số từ đó trở lên)</label><textarea id="xep-loai" name="xep-loai" rows="5">${typed('xep-loai', DEFAULT_CLASSES)}</textarea>
<p><button type="submit">Nhập và lưu</button></p></form>`,
      session,
      sent ? 422 : 200,
    );
  };

  /** A set's tree: each area, criterion and item with its maximum and, where it has one, its rule in words. */
  const setPage = async (c: Context<E>, session: Session, set: CriteriaSet, isStored: boolean) => {
    const users = usersOf(await rounds.listRounds(session.caller)).get(set.id);
    const rows: Html[] = [];
    const walk = (criterion: Criterion, depth: number) => {
      const rule = criterion.children.length === 0 ? criterion.rule?.definition : undefined;
      rows.push(
        html`<tr class="cap-${Math.min(depth, 3)}"><td>${criterion.code}</td><td>${depth === 0 ? html`<strong>${criterion.name}</strong>` : criterion.name}</td><td class="so">${formatNumber(criterion.max)}</td><td>${rule?.vi ? rule.vi.description : criterion.children.length > 0 ? 'Cộng điểm các mục con' : 'Nhập điểm'}</td><td>${criterion.requiredEvidence ?? ''}</td></tr>`,
      );
      for (const child of criterion.children) walk(child, depth + 1);
      if (criterion.children.length > 0 && !criterion.unlisted.isZero())
        rows.push(
          html`<tr><td></td><td>Phần của mục ${criterion.code} không liệt kê trong bộ tiêu chí</td><td class="so">${formatNumber(criterion.unlisted)}</td><td>Nhập tổng điểm của phần này</td><td></td></tr>`,
        );
    };
    for (const area of set.criteria) walk(area, 0);
    const state = !isStored
      ? 'Bộ có sẵn, chưa lưu: lưu ở trang Bộ tiêu chí để dùng.'
      : users
        ? `Đang dùng ở: ${users.join('; ')}. Bộ đang dùng chỉ xem, không sửa được: sao chép thành bộ mới để sửa.`
        : 'Đã lưu, chưa đợt đánh giá nào dùng.';
    return page(
      c,
      set.title,
      html`<p class="trang-thai" role="status"><strong>${state}</strong></p>
<p>${decisionWords(set)}${set.issuer ? ` của ${set.issuer}` : ''}. Tổng điểm tối đa: ${formatNumber(set.max)}. Xếp loại: ${set.classes.map((band, position) => `${band.label} (từ ${formatNumber(band.min)}${position === 0 ? ' trở lên' : ''})`).join(', ')}.</p>
${c.req.query('da-luu') !== undefined ? html`<p class="ok" role="status">Đã lưu bộ tiêu chí.</p>` : ''}
<div class="cuon"><table><caption class="khong-in">Các lĩnh vực, tiêu chí và cách tính điểm</caption><thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th><th scope="col">Điểm tối đa</th><th scope="col">Cách tính</th><th scope="col">Tài liệu kiểm chứng cần có</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<p>${isStored && !users ? html`<a class="nut" href="${setPath(set.id)}/sua">Sửa bộ tiêu chí</a> ` : ''}<a class="nut" href="${setPath(set.id)}/sao-chep">Sao chép thành bộ mới</a></p>
<p><a href="${SETS_PATH}">Về danh sách bộ tiêu chí</a></p>`,
      session,
    );
  };

  /** Only an admin imports and stores sets; the pages show no link to anyone else. */

  app.get(SETS_PATH, signedIn(adminOnly((c, session) => listPage(c, session))));

  app.get(
    `${SETS_PATH}/:id`,
    signedIn(
      adminOnly(async (c, session) => {
        const id = c.req.param('id')!;
        const stored = (await rounds.criteriaSets()).find((set) => set.id === id);
        const set = stored ?? held.get(id);
        if (!set) return refusedPage(c, new RoundsError('set-not-found', { id }), session);
        return setPage(c, session, set, stored !== undefined);
      }),
    ),
  );

  app.post(
    `${SETS_PATH}/co-san`,
    posted(async (c, session, form) => {
      const set = held.get(form.get('ma') ?? '');
      if (!set)
        return refusedPage(c, new RoundsError('set-not-found', { id: form.get('ma') ?? '' }), session);
      await rounds.putCriteriaSet(session.caller, set.id, set.document);
      return c.redirect(`${setPath(set.id)}?da-luu`, 303);
    }),
  );

  app.post(
    `${SETS_PATH}/nhap`,
    posted(
      adminOnly(async (c, session, form, files) => {
        const refused = (problems: readonly string[]) => listPage(c, session, { form, problems });
        const words = (issues: readonly Issue[]) => issues.map((found) => formatIssue(found, 'vi'));
        const bytes = files.get('tep');
        if (!bytes || bytes.byteLength === 0) return refused(['Hãy chọn tệp bộ tiêu chí.']);
        let document: unknown;
        if (isWorkbook(bytes)) {
          const field = (name: string) => form.get(name)?.trim() ?? '';
          const classes = classesOf(field('xep-loai'));
          const missing = [
            ...(field('ma') === '' ? ['Hãy ghi mã bộ tiêu chí.'] : []),
            ...(field('ten') === '' ? ['Hãy ghi tên bộ tiêu chí.'] : []),
            ...(classes ? [] : ['Xếp loại: mỗi dòng một mức, ví dụ "Khá: 65".']),
          ];
          if (missing.length > 0) return refused(missing);
          const read = await readCriteriaSheet(bytes, {
            set: {
              id: field('ma'),
              title: field('ten'),
              classes,
              ...(field('co-quan') === '' ? {} : { issuer: field('co-quan') }),
              ...(field('so-qd') === '' || field('ngay-qd') === ''
                ? {}
                : { decision: { number: field('so-qd'), date: field('ngay-qd') } }),
            },
          });
          if (!read.success) return refused(words(read.issues));
          document = read.data.document;
        } else {
          const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
          const read = readDocument(text, { format: text.trimStart().startsWith('{') ? 'json' : 'yaml' });
          if (!read.success) return refused(words(read.issues));
          document = read.data;
        }
        const id = String((document as { id?: unknown } | null)?.id ?? '');
        try {
          await rounds.putCriteriaSet(session.caller, id, document);
        } catch (error) {
          if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
          return refused(error.issues.length > 0 ? words(error.issues) : [refusalWords(error)]);
        }
        return c.redirect(`${setPath(id)}?da-luu`, 303);
      }),
    ),
  );
}

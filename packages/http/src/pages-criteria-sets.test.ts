import { parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const [districtSet, communeSet] = konRay2021.criteriaSets;
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded() });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' },
      { name: 'Tổ thẩm định', role: 'appraiser', key: 'khoa-tham-dinh-0123456789' },
    ]),
    sessionSecret: 'bí mật của phiên',
    // The district's set is the one the server holds (bundled); the communes' comes from its annex.
    criteriaSets: [unwrap(parseCriteriaSet(districtSet))],
  });
}, 60_000);
afterAll(() => rounds.close());

/** The commune set's annex as a decision prints it: STT, Nội dung, Điểm tối đa. */
async function annexWorkbook(rows: readonly (readonly (string | number)[])[]): Promise<Blob> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Phụ lục');
  sheet.addRow(['PHỤ LỤC: BỘ TIÊU CHÍ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH CẤP XÃ']);
  sheet.addRow(['STT', 'Nội dung', 'Điểm tối đa', 'Tài liệu kiểm chứng']);
  for (const row of rows) sheet.addRow([...row]);
  return new Blob([await workbook.xlsx.writeBuffer()]);
}

describe('the criteria sets in the pages', { timeout: 60_000 }, () => {
  it('stores the bundled set, imports a set from a decision annex with each error at its cell, and shows its tree', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const empty = await user.request('GET', '/app/bo-tieu-chi');
    expect(empty.text).toContain('0 bộ tiêu chí đã lưu');
    expect(empty.text).toContain(districtSet!.title);

    const store = await user.request('POST', '/app/bo-tieu-chi/co-san', {
      _csrf: user.tokenIn(empty.text),
      ma: districtSet!.id,
    });
    expect(store.response.headers.get('location')).toBe(`/app/bo-tieu-chi/${districtSet!.id}?da-luu`);
    const view = await user.request('GET', store.response.headers.get('location')!);
    expect(view.text).toContain('Đã lưu, chưa đợt đánh giá nào dùng.');
    expect(view.text).toContain('Quyết định số');

    // The annex lists the evidence of area 1 (TLKC): a unit sees it beside the item.
    const areas = (communeSet!.criteria as { code: string; name: string; max: number }[]).map((area) => [
      area.code,
      area.name,
      area.max,
      ...(area.code === '1' ? ['Kế hoạch CCHC năm; các báo cáo CCHC quý, 6 tháng, năm'] : []),
    ]);
    const upload = async (
      rows: readonly (readonly (string | number)[])[],
      fields: Record<string, string>,
    ) => {
      const page = await user.request('GET', '/app/bo-tieu-chi');
      const form = new FormData();
      form.set('_csrf', user.tokenIn(page.text));
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      form.set('tep', await annexWorkbook(rows), 'phu-luc.xlsx');
      const response = await app.request('/app/bo-tieu-chi/nhap', {
        method: 'POST',
        headers: { cookie: [...user.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        body: form,
      });
      return { response, text: await response.text() };
    };
    const fields = {
      ma: communeSet!.id,
      ten: communeSet!.title,
      'co-quan': 'UBND huyện Kon Rẫy',
      'so-qd': '514/QĐ-UBND',
      'ngay-qd': '2021-11-12',
      'xep-loai': 'Xuất sắc: 90\nTốt: 80\nKhá: 65\nTrung bình: 50\nYếu: 0',
    };
    // A maximum typed as words: refused at its cell, nothing stored, the typed fields kept.
    const refused = await upload(
      [...areas.slice(0, -1), [areas.at(-1)![0]!, areas.at(-1)![1]!, 'mười']],
      fields,
    );
    expect(refused.response.status).toBe(422);
    expect(refused.text).toMatch(/&#39;Phụ lục&#39;!C\d+/);
    expect(refused.text).toContain('value="514/QĐ-UBND"');
    expect((await rounds.criteriaSets()).map((set) => set.id)).toEqual([districtSet!.id]);

    const done = await upload(areas, fields);
    expect(done.response.headers.get('location')).toBe(`/app/bo-tieu-chi/${communeSet!.id}?da-luu`);
    const stored = (await rounds.criteriaSets()).find((set) => set.id === communeSet!.id)!;
    // The same areas and maxima as the reference's set: the annex read is the set.
    expect(stored.max.toFixed()).toBe(unwrap(parseCriteriaSet(communeSet)).max.toFixed());
    expect(stored.decision).toEqual({ number: '514/QĐ-UBND', date: '2021-11-12' });
    const tree = await user.request('GET', `/app/bo-tieu-chi/${communeSet!.id}`);
    for (const [code, name] of areas)
      expect(tree.text).toContain(`<td>${code}</td><td><strong>${name}</strong>`);
  });

  it('is the admin’s screen alone', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-tham-dinh-0123456789');
    expect((await user.request('GET', '/app/bo-tieu-chi')).response.status).toBe(403);
    expect((await user.request('GET', '/app')).text).not.toContain('/app/bo-tieu-chi');
  });
});

describe('the criteria set editor', { timeout: 60_000 }, () => {
  const copyId = 'kon-tum-2022-huyen';
  const edit = `/app/bo-tieu-chi/${copyId}/sua`;
  const storedCopy = async () => (await rounds.criteriaSets()).find((set) => set.id === copyId)!;

  it('copies last year’s set as a draft, edits names, maxima, evidence, items and rules, each problem at its item', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const copyForm = await user.request('GET', `/app/bo-tieu-chi/${districtSet!.id}/sao-chep`);
    expect(copyForm.text).toContain(`value="${districtSet!.title}"`);
    const copy = (fields: Record<string, string>) =>
      user.request('POST', `/app/bo-tieu-chi/${districtSet!.id}/sao-chep`, {
        _csrf: user.tokenIn(copyForm.text),
        'so-qd': '',
        'ngay-qd': '',
        ...fields,
      });
    const badId = await copy({ ma: 'Kon Rẫy 2022', ten: 'Bộ chỉ số huyện năm 2022' });
    expect(badId.response.status).toBe(422);
    expect(badId.text).toContain('value="Bộ chỉ số huyện năm 2022"');
    const made = await copy({ ma: copyId, ten: 'Bộ chỉ số huyện năm 2022' });
    expect(made.response.headers.get('location')).toBe(`${edit}?da-sao-chep`);
    expect((await storedCopy()).max.toFixed()).toBe(unwrap(parseCriteriaSet(districtSet)).max.toFixed());
    // The same id again overwrites nothing.
    const again = await copy({ ma: copyId, ten: 'Khác' });
    expect(again.response.status).toBe(409);
    expect(again.text).toContain(`Đã có bộ tiêu chí mã &#39;${copyId}&#39;`);

    const form = await user.request('GET', edit);
    expect(form.text).toContain('Bản nháp, chưa đợt đánh giá nào dùng');
    const fields = () => formFields(form.text, edit);
    const save = (changes: Record<string, string>, base = fields()) => {
      for (const [name, value] of Object.entries(changes)) base.set(name, value);
      return user.request('POST', edit, base);
    };
    const before = (await storedCopy()).document;

    // A maximum in words, and one that makes its criteria exceed their area's: said at the items, nothing stored.
    const words = await save({ 'diem:1.2.1': 'mười' });
    expect(words.response.status).toBe(422);
    expect(words.text).toContain('Mục 1.2.1: Điểm tối đa &quot;mười&quot; không phải là số');
    expect(words.text).toMatch(/name="diem:1\.2\.1"[^>]*aria-invalid="true"[^>]*value="mười"/);
    expect(words.text).toContain('<a href="#o-diem-1.2.1">Mục 1.2.1: Điểm tối đa');
    const over = await save({ 'diem:1.6.1': '30', 'ten:1.6.2': 'Giữ lại khi bị từ chối' });
    expect(over.response.status).toBe(422);
    expect(over.text).toMatch(/Mục 1: [^<]*30|Mục 1: [^<]*37,25|Mục 1: [^<]*37\.25/);
    expect(over.text).toContain('>Giữ lại khi bị từ chối</textarea>');
    expect((await storedCopy()).document).toEqual(before);

    const saved = await save({
      'ten:1.6.2': 'Tỷ lệ hoàn thành nhiệm vụ được giao (năm 2022)',
      'tlkc:1.4.2': 'Báo cáo kiểm tra CCHC năm',
      'xoa:1.2.8': '1',
      'them-cha': '2',
      'them-ma': '2.1',
      'them-ten': 'Ban hành văn bản quy phạm pháp luật',
      'them-diem': '4',
    });
    expect(saved.response.headers.get('location')).toBe(`${edit}?da-luu`);
    const edited = await storedCopy();
    expect(edited.byCode.get('1.6.2')?.name).toBe('Tỷ lệ hoàn thành nhiệm vụ được giao (năm 2022)');
    expect(edited.byCode.get('1.4.2')?.requiredEvidence).toBe('Báo cáo kiểm tra CCHC năm');
    expect(edited.byCode.has('1.2.8')).toBe(false);
    expect(edited.byCode.get('2')?.children.map((child) => [child.code, child.max.toFixed()])).toEqual([
      ['2.1', '4'],
    ]);
    // The areas keep their declared maxima: what an item no longer lists stays the area's unlisted part.
    expect(edited.max.toFixed()).toBe(unwrap(parseCriteriaSet(districtSet)).max.toFixed());

    // A form opened before that save is refused whole, with what it typed kept: nobody's edit is lost silently.
    const stale = await save({ 'ten:1.6.1': 'Sửa trên bản cũ' });
    expect(stale.response.status).toBe(409);
    expect(stale.text).toContain('vừa được người khác sửa');
    expect(stale.text).toContain('>Sửa trên bản cũ</textarea>');
    expect((await storedCopy()).byCode.get('1.6.1')?.name).not.toBe('Sửa trên bản cũ');
  });

  it('sets an item’s rule from the list in Vietnamese, with its parameters and the core’s checks at the field', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const itemPath = `/app/bo-tieu-chi/${copyId}/muc/1.4.2`;
    const item = await user.request('GET', itemPath);
    expect(item.text).toContain('<option value="tasks">Theo nhiệm vụ đúng hạn, quá hạn</option>');
    const post = (changes: Record<string, string>, page: string) => {
      const fields = formFields(page, itemPath);
      for (const [name, value] of Object.entries(changes)) fields.set(name, value);
      return user.request('POST', itemPath, fields);
    };
    const shown = await post({ cach: 'tasks', 'hanh-dong': 'doi' }, item.text);
    expect(shown.text).toContain('Hệ số nhiệm vụ quá hạn');
    expect((await storedCopy()).byCode.get('1.4.2')?.rule).toBeUndefined();

    const wrong = await post({ 'ts:lateWeight': '2', 'hanh-dong': 'luu' }, shown.text);
    expect(wrong.response.status).toBe(422);
    expect(wrong.text).toMatch(/name="ts:lateWeight"[^>]*aria-invalid="true"/);
    expect(wrong.text).not.toMatch(/lateWeight từ|&#39;tasks&#39;/);
    const right = await post({ 'ts:lateWeight': '0,75', 'hanh-dong': 'luu' }, shown.text);
    expect(right.response.headers.get('location')).toBe(`${edit}?da-luu`);
    expect((await storedCopy()).byCode.get('1.4.2')?.rule?.definition.kind).toBe('tasks');
    expect((await storedCopy()).document.criteria[0]).toMatchObject({
      children: expect.arrayContaining([
        expect.objectContaining({ code: '1.4.2', rule: { kind: 'tasks', lateWeight: '0,75' } }),
      ]),
    });

    // Tiers typed a line each; a tier above the item's maximum is the core's refusal, shown on the page.
    const tiersPath = `/app/bo-tieu-chi/${copyId}/muc/1.6.2`;
    const tiersPage = await user.request('POST', tiersPath, {
      ...Object.fromEntries(formFields((await user.request('GET', tiersPath)).text, tiersPath)),
      cach: 'tiers',
      'hanh-dong': 'doi',
    });
    const tiers = (lines: string) => {
      const fields = formFields(tiersPage.text, tiersPath);
      fields.set('ts:tiers', lines);
      fields.set('hanh-dong', 'luu');
      return user.request('POST', tiersPath, fields);
    };
    const above = await tiers('100: 5\n50: 0,5');
    expect(above.response.status).toBe(422);
    expect(above.text).toContain('mức thứ 1 cho 5 điểm, vượt điểm tối đa');
    expect((await tiers('100: 1\n50: 0,5')).response.status).toBe(303);
    expect(
      unwrap(parseCriteriaSet((await storedCopy()).document)).byCode.get('1.6.2')?.rule?.definition.kind,
    ).toBe('tiers');

    // A survey's options, one left out of the count in words ("không tính"): stored as null, shown again so.
    const surveyPage = await user.request('POST', tiersPath, {
      ...Object.fromEntries(formFields((await user.request('GET', tiersPath)).text, tiersPath)),
      cach: 'survey',
      'hanh-dong': 'doi',
    });
    const surveyFields = formFields(surveyPage.text, tiersPath);
    surveyFields.set('ts:credits', 'A: 100\nB: 60\nC: 20\nD: 0\nkhông biết: không tính');
    surveyFields.set('hanh-dong', 'luu');
    expect((await user.request('POST', tiersPath, surveyFields)).response.status).toBe(303);
    const surveyItem = unwrap(parseCriteriaSet((await storedCopy()).document)).byCode.get('1.6.2');
    expect(surveyItem?.rule?.definition.kind).toBe('survey');
    const credits = (surveyItem!.rule!.params as { credits: Record<string, unknown> }).credits;
    expect([credits['không biết'], String(credits['B'])]).toEqual([null, '60']);
    expect((await user.request('GET', tiersPath)).text).toContain('không biết: không tính');
  });

  it('leaves a set a round uses read-only, offering its copy', async () => {
    await rounds.putRound({ name: 'Phòng Nội vụ', role: { kind: 'admin' } }, 'huyen-2022', {
      title: 'Đánh giá CCHC các huyện năm 2022',
      period: 2022,
      authority: { name: 'UBND tỉnh Kon Tum' },
      units: [{ id: 'kon-ray', name: 'UBND huyện Kon Rẫy', criteriaSet: copyId }],
      deadlines: { self: '2023-01-20', explanation: '2023-01-25', appraisal: '2023-01-31' },
    });
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const refused = await user.request('GET', edit);
    expect(refused.response.status).toBe(409);
    expect(refused.text).toContain('đang được dùng');
    const view = await user.request('GET', `/app/bo-tieu-chi/${copyId}`);
    expect(view.text).not.toContain('Sửa bộ tiêu chí');
    expect(view.text).toContain('Sao chép thành bộ mới');
  });
});

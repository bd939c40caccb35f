import { parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf } from './pages-test-support.js';

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

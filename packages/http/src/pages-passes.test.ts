import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const ruong = konRay2021.communes.find((commune) => commune.unit.id === 'dak-ruong')!;
const koi = konRay2021.communes.find((commune) => commune.unit.id === 'dak-koi')!;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const ROUND = 'hai-lan-2021';
const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  appraiser: 'khoa-tham-dinh-0123456789',
  ruong: 'khoa-dak-ruong-0123456789',
};
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const unitPath = (unit: string) => `/app/dot/${ROUND}/don-vi/${unit}`;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: admin.name, role: 'admin', key: KEYS.admin },
      { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
      { name: ruong.unit.name, role: `unit:${ruong.unit.id}`, key: KEYS.ruong },
    ]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
}, 60_000);
afterAll(() => rounds.close());

/** The home page's "Việc cần làm" lines, as words. */
async function todoLines(key: string): Promise<string[]> {
  const user = browserOf(app);
  await user.signIn(key);
  const home = (await user.request('GET', '/app')).text;
  const section = /<h2>Việc cần làm<\/h2><ul>(.*?)<\/ul>/s.exec(home)?.[1] ?? '';
  return [...section.matchAll(/<li><a href="[^"]+">([^<]+)<\/a>/g)].map(([, text]) => text!);
}

describe('a round of two passes in the pages', () => {
  it('is set up by the admin as two passes, its deadlines in the order of the phases', async () => {
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    for (const unit of [ruong, koi])
      await rounds.putUnit(admin, unit.unit.id, { name: unit.unit.name, group: 'xã' });
    const form = await user.request('GET', '/app/dot/moi');
    expect(form.text).toContain('Hai lần: thẩm định lần 1, đơn vị giải trình, rồi thẩm định lần 2');
    const fields = formFields(form.text, '/app/dot/moi');
    fields.set('tieu-de', 'Đánh giá CCHC các xã năm 2021');
    fields.set('nam', '2021');
    fields.set('ma', ROUND);
    fields.set('co-quan', 'UBND huyện Kon Rẫy');
    fields.set('bo-nhom-0', communeSet!.id);
    fields.set('so-lan', '2');
    fields.set('han-tu-cham', '2022-01-20');
    fields.set('han-tham-dinh', '2022-01-31');
    // Two passes without the first pass's deadline: said, nothing created.
    const refused = await user.request('POST', '/app/dot/moi', fields);
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain('Hãy chọn hạn thẩm định lần 1.');
    fields.set('han-tham-dinh-1', '2022-01-25');
    fields.set('han-giai-trinh', '2022-01-28');
    const made = await user.request('POST', '/app/dot/moi', fields);
    expect(made.response.status).toBe(303);
    const round = await rounds.getRound(admin, ROUND);
    expect([round.passes, round.deadlines]).toEqual([
      2,
      { self: '2022-01-20', appraisal1: '2022-01-25', explanation: '2022-01-28', appraisal: '2022-01-31' },
    ]);
  });

  it('walks the reference unit through both passes: lowered, asked, explained, closed, half restored', async () => {
    const unit = browserOf(app);
    await unit.signIn(KEYS.ruong);
    const self = `${unitPath(ruong.unit.id)}/tu-cham`;
    const sheet = await unit.request('GET', self);
    const entries = formFields(sheet.text, self);
    // The reference's entries as a unit types them: its score and, where less, its applicable maximum.
    for (const [code, entry] of Object.entries(ruong.entries ?? {})) {
      entries.set(`s:${code}`, String(entry.score));
      if (entry.max !== undefined) entries.set(`m:${code}`, String(entry.max));
    }
    entries.set('s:1', '23,1');
    expect((await unit.request('POST', self, entries)).response.status).toBe(303);
    const saved = await unit.request('GET', self);
    const submit = formFields(saved.text, `${unitPath(ruong.unit.id)}/chot`);
    submit.set('xac-nhan', '1');
    expect((await unit.request('POST', `${unitPath(ruong.unit.id)}/chot`, submit)).response.status).toBe(303);

    const appraiser = browserOf(app);
    await appraiser.signIn(KEYS.appraiser);
    expect(await todoLines(KEYS.appraiser)).toEqual([
      'Thẩm định lần 1: 1 đơn vị đã chốt điểm tự chấm (Đánh giá CCHC các xã năm 2021)',
    ]);
    // The second pass waits for the explanations: its sheet says which phase is open, read-only.
    const early = await appraiser.request('GET', `${unitPath(ruong.unit.id)}/tham-dinh`);
    expect(early.text).toContain(
      'Chưa đến giai đoạn thẩm định lần 2 của đơn vị: đang ở giai đoạn thẩm định lần 1',
    );
    expect(early.text).not.toContain('name="s:1"');
    // The first pass: copied from the self-assessment, area 1 lowered with a comment.
    const firstPath = `${unitPath(ruong.unit.id)}/tham-dinh-lan-1`;
    const firstSheet = await appraiser.request('GET', firstPath);
    expect(firstSheet.text).toContain('Phiếu thẩm định lần 1: UBND xã Đăk Ruồng');
    const copy = formFields(firstSheet.text, firstPath);
    copy.set('sao-chep', 'tu-cham');
    const copied = await appraiser.request('POST', firstPath, copy);
    const lowered = formFields(copied.text, firstPath);
    lowered.set('s:1', '21,1');
    lowered.set('no:1', 'Kế hoạch CCHC năm 2021 ban hành trễ hạn');
    expect((await appraiser.request('POST', firstPath, lowered)).response.status).toBe(303);
    const results = `${unitPath(ruong.unit.id)}/ket-qua`;
    const ask = formFields(
      (await appraiser.request('GET', results)).text,
      `${unitPath(ruong.unit.id)}/giai-trinh`,
    );
    ask.set('ma', '1');
    ask.set('loai', 'yeu-cau');
    ask.set('noi-dung', 'Đề nghị giải trình thời điểm ban hành kế hoạch CCHC');
    expect(
      (await appraiser.request('POST', `${unitPath(ruong.unit.id)}/giai-trinh`, ask)).response.status,
    ).toBe(303);
    // The admin ends the first pass early: the explanations open.
    await rounds.lock(admin, ROUND, 'appraised-1');
    expect(await todoLines(KEYS.ruong)).toEqual([
      'Trả lời 1 yêu cầu giải trình, rồi chốt giải trình (Đánh giá CCHC các xã năm 2021)',
    ]);
    const asked = await unit.request('GET', results);
    expect(asked.text).toContain('Đang giải trình. 1 yêu cầu giải trình chưa được trả lời.');
    const answer = formFields(asked.text, `${unitPath(ruong.unit.id)}/giai-trinh`);
    answer.set('ma', '1');
    answer.delete('loai');
    answer.set('noi-dung', 'Kế hoạch số 12/KH-UBND ban hành ngày 15/01/2021, đúng hạn');
    expect(
      (await unit.request('POST', `${unitPath(ruong.unit.id)}/giai-trinh`, answer)).response.status,
    ).toBe(303);
    const answered = await unit.request('GET', results);
    const close = formFields(answered.text, `${unitPath(ruong.unit.id)}/chot-giai-trinh`);
    close.set('xac-nhan', '1');
    expect(
      (await unit.request('POST', `${unitPath(ruong.unit.id)}/chot-giai-trinh`, close)).response.status,
    ).toBe(303);
    expect(await todoLines(KEYS.ruong)).toEqual([]);
    expect((await unit.request('GET', results)).text).toContain('Đơn vị đã chốt giải trình ngày');

    // The second pass starts from the first and gives back half of what it took.
    const secondPath = `${unitPath(ruong.unit.id)}/tham-dinh`;
    const second = await appraiser.request('GET', secondPath);
    expect(second.text).toContain('Phiếu thẩm định lần 2: UBND xã Đăk Ruồng');
    expect(second.text).toContain('Đã chép điểm thẩm định lần 1');
    const restored = formFields(second.text, secondPath);
    expect(restored.get('s:1')).toBe('21,1');
    restored.set('s:1', '22,1');
    expect((await appraiser.request('POST', secondPath, restored)).response.status).toBe(303);

    // The results page puts the passes side by side with the explanation between them.
    const both = (await appraiser.request('GET', results)).text;
    expect(both).toContain(
      '<th scope="col">Tự chấm</th><th scope="col">Thẩm định lần 1</th><th scope="col">Giải trình</th><th scope="col">Thẩm định lần 2</th><th scope="col">Chênh lệch (lần 2 so với tự chấm)</th>',
    );
    const areaRow = /<tr class="linh-vuc"><td data-nhan="STT">1<\/td>.*?<\/tr>/s.exec(both)?.[0] ?? '';
    expect([...areaRow.matchAll(/<td class="so"[^>]*>([^<]*)<\/td>/g)].map(([, figure]) => figure)).toEqual([
      '33,5',
      '23,1',
      '21,1',
      '22,1',
      '-1',
    ]);
    expect(areaRow).toContain('Kế hoạch số 12/KH-UBND ban hành ngày 15/01/2021, đúng hạn');
    const stored = await rounds.results(admin, ROUND);
    expect(stored.results[0]).toMatchObject({ achieved: '76.65', firstPass: { achieved: '75.65' } });
  });
});

describe('a round of two passes over the API', () => {
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('names the passes appraised-1 and appraised-2, closes explanations, and says the phase open in a 423', async () => {
    const first = await call(KEYS.admin, 'GET', `/v1/rounds/${ROUND}/results?layer=appraised-1`);
    const last = await call(KEYS.admin, 'GET', `/v1/rounds/${ROUND}/results?layer=appraised-2`);
    expect([first.status, (first.body['results'] as { achieved: string }[])[0]?.achieved]).toEqual([
      200,
      '75.65',
    ]);
    expect(last.body).toEqual((await call(KEYS.admin, 'GET', `/v1/rounds/${ROUND}/results`)).body);
    const read = await call(KEYS.ruong, 'GET', `/v1/rounds/${ROUND}/units/${ruong.unit.id}/appraised-1`);
    expect(read.status).toBe(200);
    // Closed already: closing again changes nothing.
    const again = await call(
      KEYS.ruong,
      'POST',
      `/v1/rounds/${ROUND}/units/${ruong.unit.id}/explanations/submit`,
    );
    expect(again.status).toBe(200);
    // The first pass is locked: a write to it is 423, naming the layer.
    const late = await call(KEYS.appraiser, 'PUT', `/v1/rounds/${ROUND}/units/${ruong.unit.id}/appraised-1`, {
      entries: ruong.entries,
    });
    expect([late.status, late.body['layer'], late.body['lockedAt']]).toEqual([
      423,
      'appraised-1',
      '2022-01-10T03:00:00.000Z',
    ]);
    // Đăk Kôi never submitted: its first pass is not open, and the problem says which phase is.
    clock = new Date('2022-01-12T03:00:00Z');
    await rounds.unlock(admin, ROUND, 'appraised-1');
    const early = await call(KEYS.appraiser, 'PUT', `/v1/rounds/${ROUND}/units/${koi.unit.id}/appraised-1`, {
      entries: koi.entries,
    });
    expect([early.status, early.body['layer'], early.body['open']]).toEqual([423, 'appraised-1', 'self']);
    const reopen = await call(
      KEYS.admin,
      'POST',
      `/v1/rounds/${ROUND}/units/${ruong.unit.id}/explanations/reopen`,
      {},
    );
    expect(reopen.status).toBe(422);
  });

  it('publishes a report and a workbook that show both passes and the explanation', async () => {
    await rounds.putLayer(admin, ROUND, koi.unit.id, 'self', { entries: koi.entries });
    clock = new Date('2022-01-21T03:00:00Z');
    await rounds.putLayer(admin, ROUND, koi.unit.id, 'appraised-1', { entries: koi.entries });
    clock = new Date('2022-02-01T03:00:00Z');
    // The reference's report input, over the two communes of this round.
    const { subject: _subject, units, ...rest } = konRay2021.report as Record<string, unknown>;
    const report = { ...rest, units: { ...(units as object), ids: [ruong.unit.id, koi.unit.id] } };
    const published = await call(KEYS.admin, 'POST', `/v1/rounds/${ROUND}/publish`, { report });
    expect(published.status).toBe(200);
    const markdown = await app.request(`/v1/rounds/${ROUND}/report?format=md`, {
      headers: { authorization: `Bearer ${KEYS.admin}` },
    });
    const text = await markdown.text();
    expect(text).toContain('Thẩm định hai lần và giải trình: UBND xã Đăk Ruồng');
    expect(text).toContain(
      '| 1 | Công tác chỉ đạo, điều hành cải cách hành chính | 33,5 | 23,1 | 21,1 | Yêu cầu: Đề nghị giải trình thời điểm ban hành kế hoạch CCHC Giải trình: Kế hoạch số 12/KH-UBND ban hành ngày 15/01/2021, đúng hạn | 22,1 | \\-1 |',
    );
    // Đăk Kôi's passes agree and it was asked nothing: no table of its own.
    expect(text).not.toContain('Thẩm định hai lần và giải trình: UBND xã Đăk Kôi');
    const workbook = await app.request(`/v1/rounds/${ROUND}/report?format=xlsx`, {
      headers: { authorization: `Bearer ${KEYS.admin}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await workbook.arrayBuffer());
    const sheet = book.getWorksheet('Các lần chấm điểm')!;
    const rowOf = (unit: string, code: string) =>
      sheet
        .getRows(2, sheet.rowCount - 1)!
        .find((row) => row.getCell(1).value === unit && row.getCell(3).value === code);
    expect(rowOf(ruong.unit.id, '1')?.values).toEqual([
      undefined,
      ruong.unit.id,
      ruong.unit.name,
      '1',
      'Công tác chỉ đạo, điều hành cải cách hành chính',
      33.5,
      23.1,
      21.1,
      'Đề nghị giải trình thời điểm ban hành kế hoạch CCHC',
      'Kế hoạch số 12/KH-UBND ban hành ngày 15/01/2021, đúng hạn',
      22.1,
      -1,
    ]);
  });
});

describe('a bonus claim', () => {
  it('is claimed, appraised with a comment and explained as an item is', async () => {
    const withBonus = {
      ...(communeSet as Record<string, unknown>),
      id: 'kon-ray-2021-xa-thuong',
      adjustments: [
        { code: 'T1', name: 'Sáng kiến cải cách hành chính được công nhận', kind: 'bonus', max: '1' },
      ],
    };
    clock = new Date('2022-01-10T03:00:00Z');
    await rounds.putCriteriaSet(admin, withBonus.id, withBonus);
    await rounds.putRound(admin, 'thuong-2021', {
      title: 'Đánh giá CCHC có điểm thưởng',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [{ id: ruong.unit.id, name: ruong.unit.name, criteriaSet: withBonus.id }],
      deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
    });
    const base = `/app/dot/thuong-2021/don-vi/${ruong.unit.id}`;
    const unit = browserOf(app);
    await unit.signIn(KEYS.ruong);
    const sheet = await unit.request('GET', `${base}/tu-cham`);
    expect(sheet.text).toContain('Điểm thưởng: cộng tối đa 1 điểm.');
    const claim = formFields(sheet.text, `${base}/tu-cham`);
    for (const [code, entry] of Object.entries(ruong.entries ?? {})) {
      claim.set(`s:${code}`, String(entry.score));
      if (entry.max !== undefined) claim.set(`m:${code}`, String(entry.max));
    }
    claim.set('s:T1', '1');
    claim.set('no:T1', 'Sáng kiến "Một cửa lưu động" được huyện công nhận');
    expect((await unit.request('POST', `${base}/tu-cham`, claim)).response.status).toBe(303);

    const appraiser = browserOf(app);
    await appraiser.signIn(KEYS.appraiser);
    const grid = await appraiser.request('GET', `${base}/tham-dinh`);
    const copy = formFields(grid.text, `${base}/tham-dinh`);
    copy.set('sao-chep', 'tu-cham');
    const copied = await appraiser.request('POST', `${base}/tham-dinh`, copy);
    const given = formFields(copied.text, `${base}/tham-dinh`);
    expect(given.get('s:T1')).toBe('1');
    given.set('s:T1', '0,5');
    given.set('no:T1', 'Quyết định công nhận chưa có số');
    expect((await appraiser.request('POST', `${base}/tham-dinh`, given)).response.status).toBe(303);
    await rounds.explain(
      { name: 'Tổ thẩm định', role: { kind: 'appraiser' } },
      'thuong-2021',
      ruong.unit.id,
      'T1',
      { request: 'Đề nghị gửi quyết định công nhận sáng kiến' },
    );
    await rounds.explain(
      { name: ruong.unit.name, role: { kind: 'unit', unit: ruong.unit.id } },
      'thuong-2021',
      ruong.unit.id,
      'T1',
      {
        text: 'Quyết định số 45/QĐ-UBND ngày 02/12/2021',
      },
    );
    const results = (await appraiser.request('GET', `${base}/ket-qua`)).text;
    const bonusRow = /<tr class="[^"]*"><td data-nhan="STT">T1<\/td>.*?<\/tr>/s.exec(results)?.[0] ?? '';
    expect([...bonusRow.matchAll(/<td class="so"[^>]*>([^<]*)<\/td>/g)].map(([, figure]) => figure)).toEqual([
      '1',
      '1',
      '0,5',
      '-0,5',
    ]);
    expect(bonusRow).toContain('Quyết định công nhận chưa có số');
    expect(bonusRow).toContain('Quyết định số 45/QĐ-UBND ngày 02/12/2021');
    const [result] = (await rounds.results(admin, 'thuong-2021')).results;
    expect([result?.achieved, result?.adjustments]).toEqual([
      '77.15',
      [
        {
          code: 'T1',
          name: 'Sáng kiến cải cách hành chính được công nhận',
          kind: 'bonus',
          points: '0.5',
          max: '1',
          cause: 'Quyết định công nhận chưa có số',
        },
      ],
    ]);
  });
});

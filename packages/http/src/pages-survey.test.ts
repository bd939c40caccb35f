import type { CriteriaSetInput } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  entry: 'khoa-nhap-phieu-0123456789',
  unit: 'khoa-xa-mot-0123456789',
};
const [, communeSet] = konRay2021.criteriaSets;
const ROUND = 'xa-2021';
const surveySet = {
  ...communeSet,
  id: 'xa-khao-sat',
  criteria: [
    ...communeSet!.criteria,
    {
      code: '9',
      name: 'Khảo sát',
      children: [{ code: '9.1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
    },
  ],
} as CriteriaSetInput;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;

let rounds: Rounds;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => new Date('2022-01-10T01:00:00Z') });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
      { name: 'Cán bộ nhập phiếu', role: 'appraiser', key: KEYS.entry },
      { name: 'UBND xã Đắk Tô Re', role: 'unit:dak-to-re', key: KEYS.unit },
    ]),
  });
  await rounds.putCriteriaSet(admin, 'xa-khao-sat', surveySet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC các xã năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: konRay2021.communes.map((commune) => ({ ...commune.unit, criteriaSet: 'xa-khao-sat' })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
});
afterAll(() => rounds.close());

describe('the survey’s screens', () => {
  const path = `/app/dot/${ROUND}/khao-sat`;

  it('keeps what the admin typed when the plan is refused, and says why at the top', async () => {
    const office = browserOf(app);
    await office.signIn(KEYS.admin);
    const empty = await office.request('GET', path);
    expect(empty.text).toContain('Đợt này chưa có kế hoạch khảo sát.');
    const fields = formFields(empty.text, path);
    fields.set('tieu-de', 'Khảo sát người dân');
    fields.set('nhom-0-ten', 'Người dân');
    // No closing day: refused, the name typed kept.
    const refused = await office.request('POST', path, fields);
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain('class="loi"');
    expect(refused.text).toContain('value="Người dân"');
    fields.set('ket-thuc', '2022-01-25');
    fields.set('nhom-0-chi-tieu', '5');
    const saved = await office.request('POST', path, fields);
    expect(saved.response.status).toBe(303);
    expect((await office.request('GET', path)).text).toContain('Đang nhận phiếu đến hết ngày 25/01/2022');
    const survey = await rounds.getSurvey(admin, ROUND);
    expect(survey.plan.groups).toEqual([
      expect.objectContaining({ name: 'Người dân', units: konRay2021.communes.map((one) => one.unit.id) }),
    ]);
  });

  it('is refused to a unit, opens to the entry officer, and a link that does not exist says so without an account', async () => {
    const commune = browserOf(app);
    await commune.signIn(KEYS.unit);
    // A unit reads its own counts once the results are published; before, the page says so.
    const unitPage = await commune.request('GET', path);
    expect(unitPage.response.status).toBe(200);
    expect(unitPage.text).toContain('sau khi kết quả đánh giá được công bố');
    expect(unitPage.text).not.toContain('Phát phiếu');
    const entry = browserOf(app);
    await entry.signIn(KEYS.entry);
    const page = await entry.request('GET', `${path}/nhap?so=99`);
    expect(page.text).toContain('Không có phiếu giấy nào mang số 99');
    const stranger = browserOf(app);
    const unknown = await stranger.request('GET', '/app/khao-sat/khong-co-duong-dan-nay00');
    expect(unknown.response.status).toBe(404);
    expect(unknown.text).toContain('Đường dẫn khảo sát không đúng');
  });

  it('takes a respondent’s answers once, keeping them when one is refused', async () => {
    const { links } = await rounds.issueSurveyLinks(admin, ROUND, { group: 'nhom-1', count: 1 });
    const respondent = browserOf(app);
    const formPath = `/app/khao-sat/${links[0]!.token}`;
    const form = await respondent.request('GET', formPath);
    expect(form.text).toContain('Đã trả lời 0/7 câu');
    const fields = formFields(form.text, formPath);
    fields.set('tl:dak-koi:9.1', 'A');
    fields.set('hanh-dong', 'gui');
    const sent = await respondent.request('POST', formPath, fields);
    expect(sent.text).toContain('Phiếu đã được gửi');
    const again = await respondent.request('POST', formPath, fields);
    expect(again.response.status).toBe(409);
    expect(again.text).toContain('đã được gửi');
    expect((await rounds.getSurvey(admin, ROUND)).groups['nhom-1']!.responses).toBe(1);
    // The response rate against the quota of 5: Đăk Kôi has one response, the others none.
    const office = browserOf(app);
    await office.signIn(KEYS.admin);
    const screen = await office.request('GET', path);
    expect(screen.text).toContain('chỉ tiêu 5 người mỗi đơn vị');
    expect(screen.text).toContain('0 phiếu trên chỉ tiêu 5 (0 %)');
    expect(screen.text).toMatch(/UBND xã Đăk Kôi<\/td><td class="so">1<\/td><td class="so">20 %/);
    // Issued, the forms are frozen; the closing day still moves.
    const moved = await office.request('POST', `${path}/ngay`, {
      _csrf: office.tokenIn(screen.text),
      'ket-thuc': '2022-01-28',
    });
    expect(moved.response.status).toBe(303);
    expect((await rounds.getSurvey(admin, ROUND)).closes).toBe('2022-01-28');
  });

  it('lets the entry officer type a paper form twice, showing where the typings differ before one is confirmed', async () => {
    await rounds.putRound(admin, 'xa-2021-giay', {
      title: 'Khảo sát bằng phiếu giấy',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: konRay2021.communes.map((commune) => ({ ...commune.unit, criteriaSet: 'xa-khao-sat' })),
      deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
    });
    const survey = await rounds.getSurvey(admin, ROUND);
    await rounds.putSurvey(admin, 'xa-2021-giay', {
      criteriaSet: 'xa-khao-sat',
      title: 'Khảo sát bằng phiếu giấy',
      closes: '2022-01-25',
      groups: survey.plan.groups.map(({ quota: _quota, ...group }) => group),
      doubleEntry: true,
    });
    await rounds.issueSurveyLinks(admin, 'xa-2021-giay', { group: 'nhom-1', count: 1, paper: true });
    const entry = browserOf(app);
    await entry.signIn(KEYS.entry);
    const entryPath = '/app/dot/xa-2021-giay/khao-sat/nhap';
    const type = async (option: string, settle = false) => {
      const opened = await entry.request('GET', `${entryPath}?so=1`);
      const fields = formFields(opened.text, `${entryPath}/1`);
      fields.set('tl:dak-koi:9.1', option);
      if (settle) fields.set('xac-nhan', '1');
      return entry.request('POST', `${entryPath}/1`, fields);
    };
    expect((await type('A')).response.headers.get('location')).toBe(`${entryPath}?da-nhap-lan-1=1`);
    expect((await entry.request('GET', `${entryPath}?da-nhap-lan-1=1`)).text).toContain(
      'Đã nhập lần 1 phiếu số 1',
    );
    const differ = await type('B');
    expect(differ.response.status).toBe(409);
    expect(differ.text).toContain('Chỗ khác nhau giữa lần nhập 1 (Cán bộ nhập phiếu) và lần nhập này');
    expect(differ.text).toMatch(/<td>UBND xã Đăk Kôi<\/td><td>[^<]*<\/td><td>A<\/td><td>B<\/td>/);
    expect(differ.text).toContain('Xác nhận lần nhập này');
    expect((await rounds.getSurvey(admin, 'xa-2021-giay')).groups['nhom-1']!.responses).toBe(0);
    expect((await type('B', true)).response.headers.get('location')).toBe(`${entryPath}?da-nhap=1`);
    expect((await rounds.getSurvey(admin, 'xa-2021-giay')).groups['nhom-1']!.responses).toBe(1);
  });

  it('lists the respondents for the admin, invites them, and shows the links of those without an address once', async () => {
    await rounds.putRound(admin, 'xa-2021-moi', {
      title: 'Khảo sát theo danh sách',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: konRay2021.communes.map((commune) => ({ ...commune.unit, criteriaSet: 'xa-khao-sat' })),
      deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
    });
    const listPath = '/app/dot/xa-2021-moi/khao-sat/nguoi-tra-loi';
    const office = browserOf(app);
    await office.signIn(KEYS.admin);
    // The plan's form offers each group's way of keeping its forms: signed for the leaders.
    const planPage = await office.request('GET', '/app/dot/xa-2021-moi/khao-sat');
    const plan = formFields(planPage.text, '/app/dot/xa-2021-moi/khao-sat');
    plan.set('tieu-de', 'Khảo sát lãnh đạo');
    plan.set('ket-thuc', '2022-01-25');
    plan.set('nhom-0-ten', 'Lãnh đạo các phòng');
    plan.set('nhom-0-an-danh', 'signed');
    expect((await office.request('POST', '/app/dot/xa-2021-moi/khao-sat', plan)).response.status).toBe(303);
    expect((await rounds.getSurvey(admin, 'xa-2021-moi')).anonymity).toEqual({ 'nhom-1': 'signed' });

    const empty = await office.request('GET', listPath);
    expect(empty.text).toContain('Danh sách người được khảo sát chưa có ai.');
    const people = formFields(empty.text, listPath);
    people.set('dong', 'Y Hoa; hoa@konray.gov.vn; Phòng Nội vụ\nA Thanh\nSai; khong-phai-email');
    const refused = await office.request('POST', listPath, people);
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain('Danh sách người được khảo sát có lỗi');
    // What was typed stays, to be mended.
    expect(refused.text).toContain('A Thanh');
    people.set('dong', 'Y Hoa; hoa@konray.gov.vn; Phòng Nội vụ\nA Thanh');
    const added = await office.request('POST', listPath, people);
    expect(added.text).toContain('Đã thêm 2 người vào danh sách.');
    expect(added.text).toContain('2 người trong danh sách: 2 chưa mời, 0 đã mời chưa trả lời, 0 đã trả lời.');

    const invited = await office.request('POST', `${listPath}/moi`, { _csrf: office.tokenIn(added.text) });
    expect(invited.text).toContain('Đã gửi thư mời cho 1 người; 1 đường dẫn để trao tay ở dưới.');
    const handed = /\/app\/khao-sat\/([A-Za-z0-9_-]{22})/.exec(invited.text)![1]!;
    expect(invited.text).toContain('<strong>A Thanh</strong>');
    // The respondent of a signed form signs it before sending.
    const respondent = browserOf(app);
    const formPath = `/app/khao-sat/${handed}`;
    const form = await respondent.request('GET', formPath);
    expect(form.text).toContain('Phiếu có ký tên');
    const answers = formFields(form.text, formPath);
    answers.set('tl:dak-koi:9.1', 'B');
    answers.set('hanh-dong', 'gui');
    const unsigned = await respondent.request('POST', formPath, answers);
    expect(unsigned.response.status).toBe(422);
    expect(unsigned.text).toContain('cần ghi họ tên và chức vụ');
    answers.set('ho-ten', 'A Thanh');
    answers.set('chuc-vu', 'Phó trưởng phòng Tư pháp');
    expect((await respondent.request('POST', formPath, answers)).text).toContain('Phiếu đã được gửi');

    const after = await office.request('GET', listPath);
    expect(after.text).toContain('0 chưa mời, 1 đã mời chưa trả lời, 1 đã trả lời');
    expect(after.text).toContain('A Thanh, Phó trưởng phòng Tư pháp (ký tên)');
    // The entry officer and the units do not see the list.
    const entry = browserOf(app);
    await entry.signIn(KEYS.entry);
    expect((await entry.request('GET', listPath)).response.status).toBe(403);
  });

  it('imports the forms typed in the workbook, all or none, each error at its cell', async () => {
    const entry = browserOf(app);
    await entry.signIn(KEYS.entry);
    const entryPath = '/app/dot/xa-2021-moi/khao-sat/nhap';
    const page = await entry.request('GET', entryPath);
    expect(page.text).toContain('Nhập nhiều phiếu từ bảng tính');
    const template = await app.request('/app/dot/xa-2021-moi/khao-sat/phieu.xlsx', {
      headers: { cookie: entry.cookieHeader() },
    });
    expect(template.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    const sheet = workbook.getWorksheet('Lãnh đạo các phòng')!;
    const upload = async () => {
      const form = new FormData();
      form.set('_csrf', entry.tokenIn(page.text.slice(page.text.indexOf('nhap-bang-tinh'))));
      form.set('bang-tinh', new Blob([await workbook.xlsx.writeBuffer()]), 'phieu.xlsx');
      const response = await app.request(`/app/dot/xa-2021-moi/khao-sat/nhap-bang-tinh`, {
        method: 'POST',
        headers: { cookie: entry.cookieHeader() },
        body: form,
      });
      return { status: response.status, text: await response.text() };
    };
    sheet.getCell('D4').value = 'A';
    sheet.getCell('D12').value = 'Rất tốt';
    const refused = await upload();
    expect([refused.status, refused.text.includes('Chưa nhập gì: bảng tính có 1 lỗi')]).toEqual([422, true]);
    expect(refused.text).toContain(
      '&#39;Lãnh đạo các phòng&#39;!D12: &#39;Rất tốt&#39; không phải là phương án',
    );
    expect((await rounds.getSurvey(admin, 'xa-2021-moi')).groups['nhom-1']!.responses).toBe(1);
    sheet.getCell('D12').value = 'c';
    const stored = await upload();
    expect(stored.text).toContain('Đã nhập 2 phiếu từ bảng tính.');
    expect((await rounds.getSurvey(admin, 'xa-2021-moi')).groups['nhom-1']!.responses).toBe(3);

    // Counted by hand elsewhere: the tally sheets, a row per commune.
    const tally = await app.request('/app/dot/xa-2021-moi/khao-sat/so-phieu.xlsx', {
      headers: { cookie: entry.cookieHeader() },
    });
    const sheets = new ExcelJS.Workbook();
    await sheets.xlsx.load(await tally.arrayBuffer());
    const leaders = sheets.getWorksheet('Lãnh đạo các phòng')!;
    const sendSheets = async () => {
      const form = new FormData();
      form.set('_csrf', entry.tokenIn(page.text.slice(page.text.indexOf('nhap-so-phieu'))));
      form.set('bang-tinh', new Blob([await sheets.xlsx.writeBuffer()]), 'so-phieu.xlsx');
      const response = await app.request('/app/dot/xa-2021-moi/khao-sat/nhap-so-phieu', {
        method: 'POST',
        headers: { cookie: entry.cookieHeader() },
        body: form,
      });
      return response.text();
    };
    expect(leaders.getCell('A4').value).toBe('UBND xã Đắk Tô Re');
    leaders.getCell('B4').value = 5;
    leaders.getCell('C4').value = 4;
    leaders.getCell('D4').value = 3;
    // Seven chosen of five respondents: refused at the respondents' cell.
    expect(await sendSheets()).toContain(
      '&#39;Lãnh đạo các phòng&#39;!B4: tổng số lượt chọn các phương án của tiêu chí &#39;9.1&#39; là 7, nhiều hơn 5 người trả lời',
    );
    leaders.getCell('D4').value = 1;
    expect(await sendSheets()).toContain('Đã nhập số phiếu tổng hợp của 1 đơn vị.');
    expect((await rounds.getSurvey(admin, 'xa-2021-moi')).groups['nhom-1']!.counted).toBe(5);
  });
});

import { konRay2021 } from '@cchc/examples';
import { inSchema, keyRing, openEmbedded, openRounds, openServer, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields, peopleWorkbook } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const ROUND = 'xa-2021-tai-khoan';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([{ name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' }]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC các xã năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [{ id: commune!.unit.id, name: commune!.unit.name, criteriaSet: communeSet!.id }],
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
}, 60_000);
afterAll(() => rounds.close());

/** Signs in at the page with a login and a password, as a person types them. */
async function signIn(user: ReturnType<typeof browserOf>, login: string, password: string) {
  const page = await user.request('GET', '/app/dang-nhap');
  return user.request('POST', '/app/dang-nhap', { _csrf: user.tokenIn(page.text), login, password });
}

describe('people sign in to the pages with their own account', { timeout: 60_000 }, () => {
  it('sets their own password at the first sign-in, then fill in their sheet under their name', async () => {
    const made = await rounds.putAccount(admin, 'dang.thi.hoa', {
      name: 'Đặng Thị Hoa',
      role: `unit:${commune!.unit.id}`,
    });
    const user = browserOf(app);
    const first = await signIn(user, 'Dang.Thi.Hoa', made.oneTimePassword!);
    expect([first.response.status, first.response.headers.get('location')]).toEqual([
      303,
      '/app/doi-mat-khau',
    ]);
    // Nothing else opens before the one-time password is changed.
    expect((await user.request('GET', '/app')).response.headers.get('location')).toBe('/app/doi-mat-khau');
    const form = await user.request('GET', '/app/doi-mat-khau');
    expect(form.text).toContain('Bạn đang dùng mật khẩu dùng một lần');
    const fields = formFields(form.text, '/app/doi-mat-khau');
    fields.set('hien-tai', made.oneTimePassword!);
    fields.set('moi', 'matkhau12345');
    fields.set('nhap-lai', 'matkhau12345');
    const weak = await user.request('POST', '/app/doi-mat-khau', fields);
    expect([weak.response.status, weak.text.includes('Mật khẩu này quá phổ biến')]).toEqual([422, true]);
    fields.set('moi', 'sông Đăk Bla chảy qua 1930');
    fields.set('nhap-lai', 'sông Đăk Bla chảy qua 1931');
    expect((await user.request('POST', '/app/doi-mat-khau', fields)).response.status).toBe(422);
    fields.set('nhap-lai', 'sông Đăk Bla chảy qua 1930');
    const changed = await user.request('POST', '/app/doi-mat-khau', fields);
    expect([changed.response.status, changed.response.headers.get('location')]).toEqual([
      303,
      '/app?doi-mat-khau',
    ]);

    const path = `/app/dot/${ROUND}/don-vi/${commune!.unit.id}/tu-cham`;
    const sheet = await user.request('GET', path);
    expect(sheet.response.status).toBe(200);
    expect(sheet.text).toContain('Đặng Thị Hoa');
    const typed = formFields(sheet.text, path);
    typed.set('no:1', 'Đã họp triển khai');
    typed.set('chua-cham', 'du');
    expect((await user.request('POST', path, typed)).response.status).toBe(303);
    const [revision] = await rounds.history(admin, ROUND, commune!.unit.id);
    expect(revision!.key).toBe('Đặng Thị Hoa');
  });

  it('ends a person’s open session at their next request once the admin deactivates the account', async () => {
    const made = await rounds.putAccount(admin, 'pham.van.duc', { name: 'Phạm Văn Đức', role: 'appraiser' });
    await rounds.changePassword('pham.van.duc', made.oneTimePassword!, 'một ngày đẹp trời ở Kon Rẫy');
    const user = browserOf(app);
    expect(
      (await signIn(user, 'pham.van.duc', 'một ngày đẹp trời ở Kon Rẫy')).response.headers.get('location'),
    ).toBe('/app');
    expect((await user.request('GET', '/app')).response.status).toBe(200);
    await rounds.putAccount(admin, 'pham.van.duc', {
      name: 'Phạm Văn Đức',
      role: 'appraiser',
      deactivated: '2022-01-10T03:00:00Z',
    });
    clock = new Date(clock.getTime() + 1000);
    expect((await user.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
    const refused = await signIn(user, 'pham.van.duc', 'một ngày đẹp trời ở Kon Rẫy');
    expect([refused.response.status, refused.text.includes('Tài khoản đã ngừng hoạt động')]).toEqual([
      403,
      true,
    ]);
  });
});

describe('the admin manages people from the pages', { timeout: 60_000 }, () => {
  it('creates an account, shows its one-time password once, changes its role and resets its password', async () => {
    const adminUser = browserOf(app);
    await adminUser.signIn('khoa-quan-tri-0123456789');
    const list = await adminUser.request('GET', '/app/nguoi-dung');
    expect(list.response.status).toBe(200);
    // The form that adds a person (the one above it filters the list).
    const fields = formFields(list.text.slice(list.text.indexOf('Thêm người dùng')), '/app/nguoi-dung');
    fields.set('ho-ten', 'Võ Thị Mai');
    fields.set('ten-dang-nhap', 'vo.thi.mai');
    fields.set('vai-tro', 'don-vi');
    fields.set('don-vi', commune!.unit.id);
    const made = await adminUser.request('POST', '/app/nguoi-dung', fields);
    expect(made.response.status).toBe(200);
    expect(made.response.headers.get('cache-control')).toBe('no-store');
    const password = /Mật khẩu dùng một lần: <strong class="mat-khau">([^<]+)<\/strong>/.exec(made.text)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{14}$/);
    // The same login again, written otherwise: refused, nothing made.
    fields.set('ten-dang-nhap', 'VO.THI.MAI');
    const again = await adminUser.request('POST', '/app/nguoi-dung', fields);
    expect([again.response.status, again.text.includes('trùng với')]).toEqual([422, true]);
    // A role without its unit: said, nothing made.
    fields.set('ten-dang-nhap', 'ai.do');
    fields.set('don-vi', '');
    expect((await adminUser.request('POST', '/app/nguoi-dung', fields)).response.status).toBe(422);

    const person = browserOf(app);
    expect((await signIn(person, 'vo.thi.mai', password!)).response.headers.get('location')).toBe(
      '/app/doi-mat-khau',
    );
    const listed = await adminUser.request('GET', '/app/nguoi-dung?vai-tro=don-vi');
    expect(listed.text).toContain('Võ Thị Mai');
    expect(listed.text).toContain('Chưa đổi mật khẩu dùng một lần');
    expect(listed.text).toContain(`Đơn vị: ${commune!.unit.name}`);

    // The admin makes her an appraiser: her session ends.
    const page = await adminUser.request('GET', '/app/nguoi-dung/vo.thi.mai');
    const edit = formFields(page.text, '/app/nguoi-dung/vo.thi.mai');
    edit.set('vai-tro', 'tham-dinh');
    edit.set('ma-tieu-chi', '1, 2');
    expect((await adminUser.request('POST', '/app/nguoi-dung/vo.thi.mai', edit)).response.status).toBe(303);
    expect((await person.request('GET', '/app/doi-mat-khau')).response.headers.get('location')).toBe(
      '/app/dang-nhap',
    );
    expect((await rounds.getAccount(admin, 'vo.thi.mai')).role).toBe('appraiser:1,2');

    const reset = formFields(
      (await adminUser.request('GET', '/app/nguoi-dung/vo.thi.mai')).text,
      '/app/nguoi-dung/vo.thi.mai/dat-lai',
    );
    expect(
      (await adminUser.request('POST', '/app/nguoi-dung/vo.thi.mai/dat-lai', reset)).response.status,
    ).toBe(422);
    reset.set('xac-nhan', '1');
    const newPassword = await adminUser.request('POST', '/app/nguoi-dung/vo.thi.mai/dat-lai', reset);
    const second = /Mật khẩu dùng một lần: <strong class="mat-khau">([^<]+)<\/strong>/.exec(
      newPassword.text,
    )?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(password);
    expect((await signIn(person, 'vo.thi.mai', password!)).response.status).toBe(401);
    expect((await signIn(person, 'vo.thi.mai', second!)).response.headers.get('location')).toBe(
      '/app/doi-mat-khau',
    );
  });
});

describe('the admin imports people from a workbook in the pages', { timeout: 60_000 }, () => {
  it('gives the template, takes it back filled in as a plain form upload, and hands the passwords out once', async () => {
    const adminUser = browserOf(app);
    await adminUser.signIn('khoa-quan-tri-0123456789');
    const template = await adminUser.request('GET', '/app/nguoi-dung/mau.xlsx');
    expect(template.response.headers.get('content-type')).toBe(XLSX);
    const workbook = await peopleWorkbook(
      [
        ['Bùi Văn Nam', 'bui.van.nam', '', commune!.unit.name, 'Đơn vị'],
        ['Hồ Thị Oanh', 'ho.thi.oanh', '', '', 'Thẩm định', '1'],
        ['Sai vai trò', 'sai.vai.tro', '', '', 'Chủ tịch'],
      ],
      new Map([[commune!.unit.id, commune!.unit.name]]),
    );
    const upload = async (rowsKept: number) => {
      const sheet = workbook.getWorksheet('Người dùng')!;
      for (let row = rowsKept + 2; row <= 4; row++) sheet.spliceRows(row, 1, []);
      const page = await adminUser.request('GET', '/app/nguoi-dung');
      const form = new FormData();
      form.set('_csrf', adminUser.tokenIn(page.text.slice(page.text.indexOf('Nhập từ Excel'))));
      form.set('bang-tinh', new Blob([await workbook.xlsx.writeBuffer()]), 'nguoi-dung.xlsx');
      return app.request('/app/nguoi-dung/nhap', {
        method: 'POST',
        headers: { cookie: [...adminUser.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        body: form,
      });
    };
    const refused = await upload(3);
    const text = await refused.text();
    expect([refused.status, text.includes('Chưa nhập ai: bảng tính có 1 lỗi')]).toEqual([422, true]);
    expect(text).toContain('&#39;Người dùng&#39;!E4: &#39;Chủ tịch&#39; không phải vai trò');
    expect(
      await rounds.listAccounts(admin).then((all) => all.some((account) => account.login === 'bui.van.nam')),
    ).toBe(false);

    const done = await upload(2);
    expect([done.status, done.headers.get('content-type'), done.headers.get('cache-control')]).toEqual([
      200,
      XLSX,
      'no-store',
    ]);
    const passwords = new ExcelJS.Workbook();
    await passwords.xlsx.load(await done.arrayBuffer());
    const [, bui] = passwords.worksheets[0]!.getRow(2).values as string[];
    expect(bui).toBe('Bùi Văn Nam');
    const password = passwords.worksheets[0]!.getRow(2).getCell(3).value as string;
    const person = browserOf(app);
    expect((await signIn(person, 'bui.van.nam', password)).response.headers.get('location')).toBe(
      '/app/doi-mat-khau',
    );
    expect((await rounds.getAccount(admin, 'ho.thi.oanh')).role).toBe('appraiser:1');
  });
});

describe('a person’s own account', { timeout: 60_000 }, () => {
  it('mints a token for a script, shown once, which acts as the person until revoked', async () => {
    const made = await rounds.putAccount(admin, 'luu.van.tam', { name: 'Lưu Văn Tâm', role: 'appraiser' });
    await rounds.changePassword('luu.van.tam', made.oneTimePassword!, 'sương sớm trên đèo Măng Đen');
    const person = browserOf(app);
    await signIn(person, 'luu.van.tam', 'sương sớm trên đèo Măng Đen');
    const mine = await person.request('GET', '/app/tai-khoan');
    expect(mine.text).toContain('Bạn chưa có mã truy cập nào.');
    const fields = formFields(mine.text, '/app/tai-khoan/ma-truy-cap');
    fields.set('ten', 'Bảng tính tổng hợp');
    fields.set('het-han', new Date(clock.getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
    const minted = await person.request('POST', '/app/tai-khoan/ma-truy-cap', fields);
    const token = /<strong class="mat-khau">(cchc_[^<]+)<\/strong>/.exec(minted.text)?.[1];
    expect([minted.response.status, minted.response.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const asScript = () => app.request('/v1/rounds', { headers: { authorization: `Bearer ${token}` } });
    expect((await asScript()).status).toBe(200);
    // Shown once: the page read again lists it without its secret.
    const again = await person.request('GET', '/app/tai-khoan');
    expect(again.text).toContain('Bảng tính tổng hợp');
    expect(again.text).not.toContain(token!);
    const revoke = formFields(again.text, `/app/tai-khoan/ma-truy-cap/${token!.split('_')[1]}/thu-hoi`);
    expect(
      (await person.request('POST', `/app/tai-khoan/ma-truy-cap/${token!.split('_')[1]}/thu-hoi`, revoke))
        .response.status,
    ).toBe(303);
    expect((await asScript()).status).toBe(401);
    const tooFar = formFields(again.text, '/app/tai-khoan/ma-truy-cap');
    tooFar.set('ten', 'Quá xa');
    tooFar.set('het-han', '2099-01-01');
    const refused = await person.request('POST', '/app/tai-khoan/ma-truy-cap', tooFar);
    expect([refused.response.status, refused.text.includes('trong vòng một năm tới')]).toEqual([422, true]);
  });
});

describe('a session without requests', { timeout: 60_000 }, () => {
  it('lasts a working day after the last request, however long the person works', async () => {
    const idleApp = createApp({
      rounds,
      keys: keyRing([]),
      sessionSecret: 'bí mật',
      now: () => clock,
      sessionIdleMinutes: 60,
    });
    const made = await rounds.putAccount(admin, 'kieu.thi.quyen', {
      name: 'Kiều Thị Quyên',
      role: 'appraiser',
    });
    await rounds.changePassword('kieu.thi.quyen', made.oneTimePassword!, 'mùa mưa Tây Nguyên năm ấy');
    const person = browserOf(idleApp);
    await signIn(person, 'kieu.thi.quyen', 'mùa mưa Tây Nguyên năm ấy');
    // Forty minutes between requests, three times: two hours in all, the session stands.
    for (let turn = 0; turn < 3; turn++) {
      clock = new Date(clock.getTime() + 40 * 60_000);
      expect((await person.request('GET', '/app')).response.status).toBe(200);
    }
    // An hour and a minute without a request: it has ended.
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect((await person.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
  });
});

// Last: the failures it counts slow every later sign-in from the same address.
// Two app processes on one PostgreSQL server (as .ci/run gives one): a person's session ends on both.
const serverUrl = process.env['DATABASE_URL'];
describe.skipIf(!serverUrl)('two processes on one PostgreSQL server', { timeout: 60_000 }, () => {
  it('end a person’s session on the other process once one of them changes their role', async () => {
    const schema = `cchc_pages_${process.pid}_${Date.now()}`;
    const setup = await openServer(serverUrl!);
    await setup.exec(`create schema ${schema}`);
    const [first, second] = [
      await openRounds({ sql: await openServer(inSchema(serverUrl!, schema)) }),
      await openRounds({ sql: await openServer(inSchema(serverUrl!, schema)) }),
    ];
    try {
      const options = { keys: keyRing([]), sessionSecret: 'một bí mật cho mọi tiến trình' };
      const [appA, appB] = [
        createApp({ ...options, rounds: first }),
        createApp({ ...options, rounds: second }),
      ];
      const made = await first.putAccount(admin, 'trinh.van.son', {
        name: 'Trịnh Văn Sơn',
        role: 'appraiser',
      });
      await first.changePassword('trinh.van.son', made.oneTimePassword!, 'gió đại ngàn thổi qua Kon Rẫy');
      const person = browserOf(appA);
      await signIn(person, 'trinh.van.son', 'gió đại ngàn thổi qua Kon Rẫy');
      // The same cookie is good on the other process.
      const onB = await appB.request('/app', {
        headers: { cookie: [...person.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      });
      expect(onB.status).toBe(200);
      await second.putAccount(admin, 'trinh.van.son', { name: 'Trịnh Văn Sơn', role: 'appraiser:1' });
      expect((await person.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
    } finally {
      await first.close();
      await second.close();
      await setup.exec(`drop schema ${schema} cascade`);
      await setup.close();
    }
  });
});

describe('behind a trusted reverse proxy', { timeout: 60_000 }, () => {
  it('throttles each person’s address, not the proxy’s', async () => {
    const proxied = createApp({
      rounds,
      keys: keyRing([]),
      sessionSecret: 'bí mật',
      now: () => clock,
      trustProxy: true,
    });
    const from = (address: string) => {
      const user = browserOf({
        request: (path, init) =>
          proxied.request(path, {
            ...init,
            headers: {
              ...(init.headers as Record<string, string>),
              'x-forwarded-for': `203.0.113.77, ${address}`,
            },
          }),
      });
      return (login: string) => signIn(user, login, 'đoán sai mật khẩu rồi');
    };
    const guesser = from('198.51.100.20');
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await guesser(`doan.${attempt}`)).response.status).toBe(401);
    expect((await guesser('doan.5')).response.status).toBe(429);
    // Another person behind the same proxy is not held up by the guesser.
    expect((await from('198.51.100.21')('nguoi.khac')).response.status).toBe(401);
  });
});

// Last of the tests that make people: once the register has units, a person's unit must be one of them.
describe('the register of units in the pages', { timeout: 60_000 }, () => {
  it('adds, renames and retires a unit, and offers the register to the people screen', async () => {
    const adminUser = browserOf(app);
    await adminUser.signIn('khoa-quan-tri-0123456789');
    const empty = await adminUser.request('GET', '/app/don-vi');
    expect(empty.text).toContain('Chưa có đơn vị nào trong danh sách');
    const add = async (id: string, name: string) => {
      const fields = formFields((await adminUser.request('GET', '/app/don-vi')).text, '/app/don-vi');
      fields.set('ma', id);
      fields.set('ten', name);
      fields.set('nhom', 'xã');
      fields.set('truc-thuoc', 'UBND huyện Kon Rẫy');
      return adminUser.request('POST', '/app/don-vi', fields);
    };
    expect((await add(commune!.unit.id, commune!.unit.name)).response.status).toBe(303);
    expect((await add('xa-moi', 'UBND xã Mới')).response.status).toBe(303);
    const twice = await add('xa-moi', 'Trùng mã');
    expect([twice.response.status, twice.text.includes('Mã đơn vị này đã có trong danh sách.')]).toEqual([
      422,
      true,
    ]);
    const listed = await adminUser.request('GET', '/app/don-vi');
    expect(listed.text).toContain('2 đơn vị đang được đánh giá.');

    const page = await adminUser.request('GET', '/app/don-vi/xa-moi');
    const edit = formFields(page.text, '/app/don-vi/xa-moi');
    edit.set('ten', 'UBND xã Mới Lập');
    edit.set('roi', '2021-12-31');
    expect((await adminUser.request('POST', '/app/don-vi/xa-moi', edit)).response.status).toBe(303);
    const unit = await rounds.getUnit(admin, 'xa-moi');
    expect([unit.name, unit.active, unit.revision]).toEqual(['UBND xã Mới Lập', false, 2]);
    // The people screen offers the units of the register that are still assessed.
    const people = await adminUser.request('GET', '/app/nguoi-dung');
    expect(people.text).toContain(`<option value="${commune!.unit.id}">`);
    expect(people.text).not.toContain('<option value="xa-moi">');
    const unitOf = await adminUser.request('GET', `/app/don-vi/${commune!.unit.id}`);
    expect(unitOf.text).toContain('Người dùng của đơn vị');
  });
});

// Last: its failures slow down every later sign-in from the tests' one address.
describe('a guesser', { timeout: 60_000 }, () => {
  it('answers a wrong password and an unknown login alike, and slows a guesser down in Vietnamese', async () => {
    const user = browserOf(app);
    const unknown = await signIn(user, 'khong.co.ai', 'sai mật khẩu rồi');
    const wrong = await signIn(user, 'dang.thi.hoa', 'sai mật khẩu rồi');
    for (const answer of [unknown, wrong])
      expect([
        answer.response.status,
        answer.text.includes('Tên đăng nhập hoặc mật khẩu không đúng'),
      ]).toEqual([401, true]);
    for (let attempt = 0; attempt < 4; attempt++) await signIn(user, 'dang.thi.hoa', 'sai mật khẩu rồi');
    const slowed = await signIn(user, 'dang.thi.hoa', 'sông Đăk Bla chảy qua 1930');
    expect(slowed.response.status).toBe(429);
    expect(slowed.response.headers.get('retry-after')).toBe('1');
    expect(slowed.text).toContain('hãy thử lại sau 1 giây');
  });
});

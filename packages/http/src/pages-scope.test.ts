import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const KON_RAY = 'UBND huyện Kon Rẫy';
const DAK_HA = 'UBND huyện Đăk Hà';
const province = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
const clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

const roundOf = (title: string, authority: string, unit: string) => ({
  title,
  period: 2021,
  authority: { name: authority },
  units: [{ id: unit, name: `UBND xã ${unit}`, criteriaSet: communeSet!.id }],
  deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
});

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([{ name: 'Sở Nội vụ', role: 'admin', key: 'khoa-so-noi-vu-0123456789' }]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  await rounds.putCriteriaSet(province, communeSet!.id, communeSet);
  await rounds.putUnit(province, 'dak-koi', { name: 'UBND xã Đăk Kôi', group: 'xã', parent: KON_RAY });
  await rounds.putUnit(province, 'ngok-reo', { name: 'UBND xã Ngọk Réo', group: 'xã', parent: DAK_HA });
  await rounds.putRound(province, 'kon-ray-2021', roundOf('Các xã huyện Kon Rẫy 2021', KON_RAY, 'dak-koi'));
  await rounds.putRound(province, 'dak-ha-2021', roundOf('Các xã huyện Đăk Hà 2021', DAK_HA, 'ngok-reo'));
  await rounds.putAccount(province, 'xa.ngokreo', {
    name: 'Xã Ngọk Réo',
    role: 'unit:ngok-reo',
    authority: DAK_HA,
  });
}, 60_000);
afterAll(() => rounds.close());

describe('a district’s Phòng Nội vụ in the pages', { timeout: 60_000 }, () => {
  it('is made by the province, then sees and administers its own district alone', async () => {
    const provinceUser = browserOf(app);
    await provinceUser.signIn('khoa-so-noi-vu-0123456789');
    const list = await provinceUser.request('GET', '/app/nguoi-dung');
    // The authorities the register and the rounds name are offered as the province types one.
    for (const authority of [KON_RAY, DAK_HA]) expect(list.text).toContain(`<option value="${authority}">`);
    const fields = formFields(list.text.slice(list.text.indexOf('Thêm người dùng')), '/app/nguoi-dung');
    fields.set('ho-ten', 'Phòng Nội vụ Kon Rẫy');
    fields.set('ten-dang-nhap', 'pnv.konray');
    fields.set('vai-tro', 'quan-tri');
    fields.set('pham-vi', KON_RAY);
    const made = await provinceUser.request('POST', '/app/nguoi-dung', fields);
    const password = /class="mat-khau">([^<]+)</.exec(made.text)?.[1];
    expect(password).toBeDefined();

    const district = browserOf(app);
    const signIn = await district.request('GET', '/app/dang-nhap');
    await district.request('POST', '/app/dang-nhap', {
      _csrf: district.tokenIn(signIn.text),
      login: 'pnv.konray',
      password: password!,
    });
    const change = formFields((await district.request('GET', '/app/doi-mat-khau')).text, '/app/doi-mat-khau');
    change.set('hien-tai', password!);
    change.set('moi', 'thác Pa Sỹ mùa mưa 2022');
    change.set('nhap-lai', 'thác Pa Sỹ mùa mưa 2022');
    expect((await district.request('POST', '/app/doi-mat-khau', change)).response.status).toBe(303);

    const overview = await district.request('GET', '/app');
    expect(overview.text).toContain(`Phòng Nội vụ Kon Rẫy · ${KON_RAY}`);
    expect(overview.text).toContain('Các xã huyện Kon Rẫy 2021');
    expect(overview.text).not.toContain('Các xã huyện Đăk Hà 2021');
    expect((await district.request('GET', '/app/dot/dak-ha-2021/tham-dinh')).response.status).toBe(404);
    expect((await provinceUser.request('GET', '/app/dot/dak-ha-2021/tham-dinh')).response.status).toBe(200);

    const people = await district.request('GET', '/app/nguoi-dung');
    expect(people.text).toContain('pnv.konray');
    expect(people.text).not.toContain('xa.ngokreo');
    // Its people work within its district: said, not asked.
    expect(people.text).toContain(`Làm việc trong phạm vi cơ quan: <strong>${KON_RAY}</strong>`);
    expect(people.text).not.toContain('id="pham-vi"');
    const units = await district.request('GET', '/app/don-vi');
    expect(units.text).toContain('UBND xã Đăk Kôi');
    expect(units.text).not.toContain('UBND xã Ngọk Réo');

    const add = formFields(people.text.slice(people.text.indexOf('Thêm người dùng')), '/app/nguoi-dung');
    add.set('ho-ten', 'Xã Đăk Kôi');
    add.set('ten-dang-nhap', 'xa.dakkoi');
    add.set('vai-tro', 'don-vi');
    add.set('don-vi', 'dak-koi');
    // A form altered to grant rights in another district: refused, nothing made.
    add.set('pham-vi', DAK_HA);
    expect((await district.request('POST', '/app/nguoi-dung', add)).response.status).toBe(403);
    add.set('pham-vi', KON_RAY);
    expect((await district.request('POST', '/app/nguoi-dung', add)).response.status).toBe(200);
    expect((await rounds.getAccount(province, 'xa.dakkoi')).authority).toBe(KON_RAY);
    expect((await district.request('GET', '/app/nguoi-dung/xa.ngokreo')).response.status).toBe(404);
  });

  it('by a token of theirs, is held to the district over the API too', async () => {
    const signedIn = await rounds.signIn('pnv.konray', 'thác Pa Sỹ mùa mưa 2022', '192.0.2.30');
    if ('secondFactor' in signedIn) throw new Error('no second factor was set up');
    const { token } = await rounds.mintToken(signedIn.caller, 'bảng tổng hợp', '2022-06-30');
    const api = (path: string, init: RequestInit = {}) =>
      app.request(path, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
    const listed = (await (await api('/v1/rounds')).json()) as { rounds: { id: string }[] };
    expect(listed.rounds.map((round) => round.id)).toEqual(['kon-ray-2021']);
    expect((await api('/v1/rounds/dak-ha-2021')).status).toBe(404);
    const granted = await api('/v1/accounts/so.noi.vu.moi', {
      method: 'PUT',
      body: JSON.stringify({ name: 'Sở Nội vụ', role: 'admin' }),
    });
    expect(granted.status).toBe(403);
    expect(((await granted.json()) as { detail: string }).detail).toContain(KON_RAY);
    const people = (await (await api('/v1/accounts')).json()) as { accounts: { login: string }[] };
    expect(people.accounts.map((account) => account.login)).toEqual(['pnv.konray', 'xa.dakkoi']);
  });
});

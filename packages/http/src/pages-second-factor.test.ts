import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
const PASSWORD = 'suối Đăk Snghé mùa nước';
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const codeOf = (secret: string) => generate({ secret, epoch: Math.floor(clock.getTime() / 1000) });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([{ name: 'Sở Nội vụ', role: 'admin', key: 'khoa-so-noi-vu-0123456789' }]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  const made = await rounds.putAccount(admin, 'quan.tri.vien', { name: 'Quản trị viên', role: 'admin' });
  await rounds.changePassword('quan.tri.vien', made.oneTimePassword!, PASSWORD);
}, 60_000);
afterAll(() => rounds.close());

/** The first step of a sign-in, as a person types it. */
async function signIn(user: ReturnType<typeof browserOf>, password = PASSWORD) {
  const page = await user.request('GET', '/app/dang-nhap');
  return user.request('POST', '/app/dang-nhap', {
    _csrf: user.tokenIn(page.text),
    login: 'quan.tri.vien',
    password,
  });
}
/** The second step: the code page's form, with `code` typed. */
async function answer(user: ReturnType<typeof browserOf>, codePage: string, code: string) {
  const fields = formFields(codePage, '/app/dang-nhap');
  fields.set('ma-xac-thuc', code);
  return user.request('POST', '/app/dang-nhap', fields);
}

describe('an admin’s second factor in the pages', { timeout: 60_000 }, () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('is set up from "Tài khoản của tôi": a QR code, the key, a code that proves it, then the recovery codes once', async () => {
    const user = browserOf(app);
    expect((await signIn(user)).response.headers.get('location')).toBe('/app');
    const account = await user.request('GET', '/app/tai-khoan');
    expect(account.text).toContain('Xác thực hai bước: chưa bật');
    const setup = await user.request(
      'POST',
      '/app/tai-khoan/hai-buoc',
      formFields(account.text, '/app/tai-khoan/hai-buoc'),
    );
    expect(setup.text).toContain('<svg');
    secret = /class="mat-khau">([A-Z2-7 ]+)</.exec(setup.text)![1]!.replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const confirm = formFields(setup.text, '/app/tai-khoan/hai-buoc/xac-nhan');
    confirm.set('ma-xac-thuc', '000000');
    const wrong = await user.request('POST', '/app/tai-khoan/hai-buoc/xac-nhan', confirm);
    // Refused, and the same key shown again: the app that scanned it is still right.
    expect([wrong.response.status, wrong.text.includes(secret.slice(0, 4))]).toEqual([422, true]);
    confirm.set('ma-xac-thuc', await codeOf(secret));
    const done = await user.request('POST', '/app/tai-khoan/hai-buoc/xac-nhan', confirm);
    expect(done.response.status).toBe(200);
    recoveryCodes = [...done.text.matchAll(/<li><strong class="mat-khau">([a-z2-9-]+)</g)].map(
      (found) => found[1]!,
    );
    expect(recoveryCodes).toHaveLength(10);
    // The session that set it up goes on; the account page says it is on.
    expect((await user.request('GET', '/app/tai-khoan')).text).toContain('Xác thực hai bước: đang bật');
  });

  it('asks for the code after the password, and opens only with a right one', async () => {
    later(60);
    const user = browserOf(app);
    const first = await signIn(user);
    expect([first.response.status, first.text.includes('Mật khẩu đúng. Hãy nhập mã xác thực')]).toEqual([
      200,
      true,
    ]);
    // Nothing opens between the two steps.
    expect((await user.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
    const wrong = await answer(user, first.text, '123456');
    expect([wrong.response.status, wrong.text.includes('Mã xác thực không đúng')]).toEqual([401, true]);
    const right = await answer(user, wrong.text, await codeOf(secret));
    expect([right.response.status, right.response.headers.get('location')]).toEqual([303, '/app']);
    expect((await user.request('GET', '/app')).response.status).toBe(200);

    // A recovery code, typed in capitals: once.
    const other = browserOf(app);
    const step = await signIn(other);
    expect((await answer(other, step.text, recoveryCodes[0]!.toUpperCase())).response.status).toBe(303);
    const again = browserOf(app);
    const refused = await answer(again, (await signIn(again)).text, recoveryCodes[0]!);
    expect(refused.response.status).toBe(401);
  });

  it('sends a sign-in that waited too long for its code back to the password', async () => {
    later(60);
    const user = browserOf(app);
    const step = await signIn(user);
    later(5 * 60 + 1);
    const late = await answer(user, step.text, await codeOf(secret));
    expect([late.response.status, late.text.includes('Đã quá thời gian nhập mã xác thực')]).toEqual([
      401,
      true,
    ]);
    expect(late.text).toContain('id="password"');
  });

  it('is turned off with the password', async () => {
    later(60);
    const user = browserOf(app);
    const step = await signIn(user);
    await answer(user, step.text, await codeOf(secret));
    const account = await user.request('GET', '/app/tai-khoan');
    const off = formFields(account.text, '/app/tai-khoan/hai-buoc/tat');
    off.set('mat-khau', 'không phải mật khẩu');
    const refused = await user.request('POST', '/app/tai-khoan/hai-buoc/tat', off);
    expect([refused.response.status, refused.text.includes('Mật khẩu hiện tại không đúng')]).toEqual([
      422,
      true,
    ]);
    off.set('mat-khau', PASSWORD);
    expect((await user.request('POST', '/app/tai-khoan/hai-buoc/tat', off)).response.status).toBe(303);
    expect((await signIn(browserOf(app))).response.headers.get('location')).toBe('/app');
  });
});

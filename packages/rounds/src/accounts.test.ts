import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { passwordProblem } from './passwords.js';
import { openRounds, type Rounds } from './rounds.js';
import { passwordOnly, refusal, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const commune: Caller = { name: 'UBND xã Đăk Kôi', role: { kind: 'unit', unit: 'dak-koi' } };
const ADDRESS = '192.0.2.10';

describe('passwords a person may choose', () => {
  it('refuses short ones, the login, and common ones however they are dressed up', () => {
    expect(passwordProblem('ngắn quá', 'nguyen.van.a')).toBe('short');
    expect(passwordProblem('Nguyen.Van.A2024', 'nguyen.van.a')).toBe('login');
    expect(passwordProblem('Mật khẩu 2024!', 'nguyen.van.a')).toBe('common');
    expect(passwordProblem('1234567890', 'nguyen.van.a')).toBe('common');
    expect(passwordProblem('aaaaaaaaaaaa', 'nguyen.van.a')).toBe('common');
    expect(passwordProblem('đồi thông hai mộ 1930', 'nguyen.van.a')).toBeUndefined();
  });
});

for (const store of STORES)
  describe(`accounts on ${store.name}`, { timeout: 60_000 }, () => {
    let clock = new Date('2024-03-01T02:00:00Z');
    let rounds: Rounds;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });
    const later = (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    };

    it('creates an account with a one-time password, which the first sign-in must change', async () => {
      const made = await rounds.putAccount(admin, 'Nguyễn.Văn.An', {
        name: 'Nguyễn Văn An',
        email: 'an@example.org',
        role: 'unit:dak-koi',
      });
      expect(made.created).toBe(true);
      expect(made.oneTimePassword).toMatch(/^[A-Za-z2-9]{14}$/);
      expect(made.account).toMatchObject({
        login: 'Nguyễn.Văn.An',
        role: 'unit:dak-koi',
        mustChange: true,
        active: true,
      });
      expect(JSON.stringify(made.account)).not.toContain('argon2');

      const first = passwordOnly(await rounds.signIn('nguyễn.văn.an', made.oneTimePassword!, ADDRESS));
      expect([first.caller.name, first.caller.role, first.mustChange]).toEqual([
        'Nguyễn Văn An',
        { kind: 'unit', unit: 'dak-koi' },
        true,
      ]);
      expect(
        await refusalCode(rounds.changePassword('Nguyễn.Văn.An', made.oneTimePassword!, 'matkhau2024')),
      ).toBe('password-weak');
      const changed = await rounds.changePassword(
        'Nguyễn.Văn.An',
        made.oneTimePassword!,
        'đồi thông hai mộ 1930',
      );
      expect(changed.mustChange).toBe(false);
      // The session signed in with the one-time password has ended; the new one stands.
      expect(await rounds.accountSession('Nguyễn.Văn.An', first.epoch)).toBeUndefined();
      expect((await rounds.accountSession('Nguyễn.Văn.An', changed.epoch))?.caller.name).toBe(
        'Nguyễn Văn An',
      );
      expect(await refusalCode(rounds.signIn('Nguyễn.Văn.An', made.oneTimePassword!, ADDRESS))).toBe(
        'sign-in-failed',
      );
      expect(
        passwordOnly(await rounds.signIn('Nguyễn.Văn.An', 'đồi thông hai mộ 1930', ADDRESS)).mustChange,
      ).toBe(false);
    });

    it('keeps one login however it is typed: case and the encoding of accents', async () => {
      const decomposed = 'Nguyễn.Văn.An'.normalize('NFD');
      expect(
        await refusalCode(rounds.putAccount(admin, 'nguyễn.văn.an', { name: 'Ai khác', role: 'admin' })),
      ).toBe('login-taken');
      // The same spelling, its accents written as combining marks: the same account, changed.
      const same = await rounds.putAccount(admin, decomposed, {
        name: 'Nguyễn Văn An',
        email: 'an@example.org',
        role: 'unit:dak-koi',
      });
      expect([same.created, same.account.revision, same.oneTimePassword]).toEqual([false, 2, undefined]);
      expect(await refusalCode(rounds.putAccount(admin, 'a b', { name: 'X', role: 'admin' }))).toBe(
        'login-invalid',
      );
      expect(await refusal(rounds.putAccount(admin, 'tran.b', { name: 'X', role: 'chủ tịch' }))).toBe(
        'invalid-document',
      );
      expect(await refusal(rounds.putAccount(commune, 'tran.b', { name: 'X', role: 'admin' }))).toBe(
        'forbidden',
      );
    });

    it('slows down, then locks out, repeated failures per account and per address, without saying whether the login exists', async () => {
      await rounds.putAccount(admin, 'tran.thi.binh', { name: 'Trần Thị Bình', role: 'appraiser:1,2' });
      const { oneTimePassword: password } = await rounds.resetPassword(admin, 'tran.thi.binh');
      const wrong = () => rounds.signIn('tran.thi.binh', 'không phải mật khẩu', '198.51.100.7');
      for (let failure = 1; failure <= 5; failure++)
        expect(await refusalCode(wrong())).toBe('sign-in-failed');
      // After five in a row, each attempt waits: first one second.
      expect(await refusalCode(wrong())).toBe('sign-in-wait');
      for (const seconds of [1, 2, 4]) {
        later(seconds);
        expect(await refusalCode(wrong())).toBe('sign-in-failed');
      }
      // The eighth failure locked the account: the right password is refused for fifteen minutes.
      later(60);
      expect(await refusalCode(rounds.signIn('tran.thi.binh', password, '203.0.113.5'))).toBe(
        'sign-in-locked',
      );
      // A login that does not exist is answered as one that does.
      expect(await refusalCode(rounds.signIn('khong.ai.ca', 'không phải mật khẩu', '203.0.113.9'))).toBe(
        'sign-in-failed',
      );
      later(15 * 60);
      expect(passwordOnly(await rounds.signIn('tran.thi.binh', password, '203.0.113.5')).caller.role).toEqual(
        {
          kind: 'appraiser',
          codes: ['1', '2'],
        },
      );
      const kinds = (await rounds.accountEvents(admin, 'tran.thi.binh')).map((event) => event.kind);
      expect(kinds.filter((kind) => kind === 'failure')).toHaveLength(8);
      expect(kinds).toContain('lock-out');
      expect(kinds[0]).toBe('sign-in');
    });

    it('locks an address that guesses many logins', async () => {
      const guesser = '192.0.2.200';
      for (let failure = 1; failure <= 5; failure++)
        expect(await refusalCode(rounds.signIn(`ai.do.${failure}`, 'đoán bừa một lần', guesser))).toBe(
          'sign-in-failed',
        );
      expect(await refusalCode(rounds.signIn('ai.do.6', 'đoán bừa một lần', guesser))).toBe('sign-in-wait');
    });

    it('ends every session of a person whose role changes, who is deactivated, or whose password is reset', async () => {
      const made = await rounds.putAccount(admin, 'le.van.cuong', {
        name: 'Lê Văn Cường',
        role: 'unit:dak-koi',
      });
      const session = passwordOnly(await rounds.signIn('le.van.cuong', made.oneTimePassword!, ADDRESS));
      expect(await rounds.accountSession('le.van.cuong', session.epoch)).toBeDefined();
      await rounds.putAccount(admin, 'le.van.cuong', { name: 'Lê Văn Cường', role: 'unit:dak-pne' });
      expect(await rounds.accountSession('le.van.cuong', session.epoch)).toBeUndefined();

      const { oneTimePassword } = await rounds.resetPassword(admin, 'le.van.cuong');
      const again = passwordOnly(await rounds.signIn('le.van.cuong', oneTimePassword, ADDRESS));
      expect(again.caller.role).toEqual({ kind: 'unit', unit: 'dak-pne' });
      await rounds.putAccount(admin, 'le.van.cuong', {
        name: 'Lê Văn Cường',
        role: 'unit:dak-pne',
        deactivated: '2024-03-01T02:30:00Z',
      });
      expect(await rounds.accountSession('le.van.cuong', again.epoch)).toBeUndefined();
      later(3600);
      const account = await rounds.getAccount(admin, 'le.van.cuong');
      expect(account.active).toBe(false);
      expect(await refusalCode(rounds.signIn('le.van.cuong', oneTimePassword, ADDRESS))).toBe(
        'account-inactive',
      );
    });

    it('imports many accounts all or none, every error said with its path', async () => {
      const people = [
        { login: 'hoang.van.giang', name: 'Hoàng Văn Giang', role: 'unit:dak-koi' },
        { login: 'hoang.van.giang', name: 'Hoàng Văn Giang (lại)', role: 'unit:dak-koi' },
        { login: 'TRAN.THI.BINH', name: 'Trùng tài khoản có sẵn', role: 'admin' },
        { login: 'x', name: 'Quá ngắn', role: 'admin' },
        { login: 'ngo.thi.ha', name: 'Ngô Thị Hà', role: 'giám đốc' },
      ];
      const refused = await rounds.importAccounts(admin, people).catch((error: RoundsError) => error);
      expect(
        refused instanceof RoundsError && refused.issues.map((found) => [found.path.join('.'), found.code]),
      ).toEqual([
        ['accounts.1.login', 'invalid_value'],
        ['accounts.3.login', 'invalid_value'],
        ['accounts.4.role', 'invalid_value'],
        ['accounts.2.login', 'invalid_value'],
      ]);
      expect(await refusal(rounds.getAccount(admin, 'hoang.van.giang'))).toBe('not-found');
      const made = await rounds.importAccounts(admin, [
        people[0]!,
        { login: 'ngo.thi.ha', name: 'Ngô Thị Hà', role: 'appraiser' },
      ]);
      expect(made.map((person) => [person.login, person.oneTimePassword.length])).toEqual([
        ['hoang.van.giang', 14],
        ['ngo.thi.ha', 14],
      ]);
      expect(
        passwordOnly(await rounds.signIn('ngo.thi.ha', made[1]!.oneTimePassword, ADDRESS)).mustChange,
      ).toBe(true);
      expect(await refusal(rounds.importAccounts(commune, [people[0]!]))).toBe('forbidden');
    });

    it('gives a person tokens for their scripts, acting with their role until revoked or expired', async () => {
      const made = await rounds.putAccount(admin, 'dao.van.tu', { name: 'Đào Văn Tư', role: 'unit:dak-koi' });
      const person = passwordOnly(await rounds.signIn('dao.van.tu', made.oneTimePassword!, ADDRESS)).caller;
      const minted = await rounds.mintToken(person, 'Bảng tính tổng hợp', '2024-06-30');
      expect(minted.token).toMatch(/^cchc_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{32}$/);
      expect(await rounds.tokenCaller(minted.token)).toEqual({
        name: 'Đào Văn Tư',
        role: { kind: 'unit', unit: 'dak-koi' },
        account: 'dao.van.tu',
      });
      // A secret off by a letter, or no token at all: nobody.
      expect(
        await rounds.tokenCaller(`${minted.token.slice(0, -1)}${minted.token.endsWith('a') ? 'b' : 'a'}`),
      ).toBeUndefined();
      expect(await rounds.tokenCaller('cchc_khongphaima')).toBeUndefined();
      const listed = await rounds.listTokens(person);
      expect(listed.map((token) => [token.name, token.active])).toEqual([['Bảng tính tổng hợp', true]]);
      expect(JSON.stringify(listed)).not.toContain(minted.token.slice(-32));
      expect(await refusalCode(rounds.mintToken(person, 'Quá xa', '2099-01-01'))).toBe('token-expiry');
      expect(await refusalCode(rounds.mintToken(admin, 'Khóa không có tài khoản', '2024-06-30'))).toBe(
        'token-person-only',
      );
      // Revoked: refused from its next request.
      await rounds.revokeToken(person, minted.id);
      expect(await rounds.tokenCaller(minted.token)).toBeUndefined();
      // Expired, and the account deactivated: refused too.
      const second = await rounds.mintToken(person, 'Hết hạn sớm', '2024-03-02');
      expect(await rounds.tokenCaller(second.token)).toBeDefined();
      await rounds.putAccount(admin, 'dao.van.tu', {
        name: 'Đào Văn Tư',
        role: 'unit:dak-koi',
        deactivated: '2024-03-01T03:00:00Z',
      });
      later(2 * 3600);
      expect(await rounds.tokenCaller(second.token)).toBeUndefined();
      later(2 * 86_400);
      expect((await rounds.listTokens(person)).map((token) => token.active)).toEqual([false, false]);
      expect(await refusalCode(rounds.revokeToken(person, 'khong-co'))).toBe('token-not-found');
    });

    it('lists accounts for an admin only, never with a password', async () => {
      const listed = await rounds.listAccounts(admin);
      expect(listed.map((account) => account.login)).toEqual([
        'dao.van.tu',
        'hoang.van.giang',
        'le.van.cuong',
        'ngo.thi.ha',
        'Nguyễn.Văn.An',
        'tran.thi.binh',
      ]);
      expect(JSON.stringify(listed)).not.toMatch(/argon2|password_hash/);
      expect(await refusal(rounds.listAccounts(commune))).toBe('forbidden');
    });
  });

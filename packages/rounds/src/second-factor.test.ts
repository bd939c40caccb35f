import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import type { SecondFactorNeeded } from './second-factor.js';
import { passwordOnly, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Sở Nội vụ', role: { kind: 'admin' } };
const ADDRESS = '192.0.2.40';
const PASSWORD = 'ngọn Ngọc Linh trong mây';

for (const store of STORES)
  describe(`a second factor on ${store.name}`, { timeout: 60_000 }, () => {
    let clock = new Date('2024-03-01T02:00:00Z');
    let rounds: Rounds;
    const codeAt = (secret: string, seconds = 0) =>
      generate({ secret, epoch: Math.floor(clock.getTime() / 1000) + seconds });
    const later = (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    };
    const challengeOf = async (login: string) => {
      const result = await rounds.signIn(login, PASSWORD, ADDRESS);
      expect(result).toMatchObject({ secondFactor: 'needed', login });
      return (result as SecondFactorNeeded).challenge;
    };
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    /** An admin who set their own password, and turned the second factor on: its secret and recovery codes. */
    async function withSecondFactor(login: string) {
      const made = await rounds.putAccount(admin, login, { name: login, role: 'admin' });
      await rounds.changePassword(login, made.oneTimePassword!, PASSWORD);
      const { secret, uri } = await rounds.startSecondFactor(login);
      expect(uri).toBe(`otpauth://totp/CCHC:${login}?secret=${secret}&issuer=CCHC`);
      // Not on before a code of the app says the app has it.
      expect(passwordOnly(await rounds.signIn(login, PASSWORD, ADDRESS)).login).toBe(login);
      expect(await refusalCode(rounds.confirmSecondFactor(login, '000000'))).toBe('second-factor-code');
      const { signedIn, recoveryCodes } = await rounds.confirmSecondFactor(login, await codeAt(secret));
      expect(signedIn.login).toBe(login);
      return { secret, recoveryCodes };
    }

    it('asks for the app’s code after the password, takes each code once, and records the sign-in', async () => {
      const { secret, recoveryCodes } = await withSecondFactor('pnv.konray');
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect((await rounds.getAccount(admin, 'pnv.konray')).secondFactor).toEqual({
        on: true,
        recoveryCodesLeft: 10,
      });

      later(60);
      const challenge = await challengeOf('pnv.konray');
      const code = await codeAt(secret);
      const person = await rounds.signInSecondFactor(challenge, code, ADDRESS);
      expect(person.caller.role).toEqual({ kind: 'admin' });
      // Answered once: the challenge, and the code with it, do not sign in twice.
      expect(await refusalCode(rounds.signInSecondFactor(challenge, code, ADDRESS))).toBe(
        'second-factor-expired',
      );
      expect(
        await refusalCode(rounds.signInSecondFactor(await challengeOf('pnv.konray'), code, ADDRESS)),
      ).toBe('second-factor-failed');
      // A phone half a minute off still signs in (a step after the code used above).
      later(90);
      expect(
        (await rounds.signInSecondFactor(await challengeOf('pnv.konray'), await codeAt(secret, -25), ADDRESS))
          .login,
      ).toBe('pnv.konray');
      // A challenge waits five minutes for its code, no longer.
      const waited = await challengeOf('pnv.konray');
      later(5 * 60 + 1);
      expect(await refusalCode(rounds.signInSecondFactor(waited, await codeAt(secret), ADDRESS))).toBe(
        'second-factor-expired',
      );
      const kinds = (await rounds.accountEvents(admin, 'pnv.konray')).map((event) => event.kind);
      expect(kinds.filter((kind) => kind === 'sign-in')).toHaveLength(3);
      expect(kinds).toContain('second-factor-on');
    });

    it('takes a recovery code once, in any case and with or without its dashes', async () => {
      const { recoveryCodes } = await withSecondFactor('tham.dinh.1');
      const [first] = recoveryCodes;
      const typed = first!.toUpperCase().replaceAll('-', ' ');
      expect((await rounds.signInSecondFactor(await challengeOf('tham.dinh.1'), typed, ADDRESS)).login).toBe(
        'tham.dinh.1',
      );
      expect(
        await refusalCode(rounds.signInSecondFactor(await challengeOf('tham.dinh.1'), first!, ADDRESS)),
      ).toBe('second-factor-failed');
      expect((await rounds.getAccount(admin, 'tham.dinh.1')).secondFactor.recoveryCodesLeft).toBe(9);
      expect((await rounds.accountEvents(admin, 'tham.dinh.1')).map((event) => event.kind)).toContain(
        'recovery-code-used',
      );
    });

    it('counts wrong codes with wrong passwords: a guesser of codes is locked out too', async () => {
      const { secret } = await withSecondFactor('doan.ma');
      for (let attempt = 1; attempt <= 8; attempt++) {
        const challenge = await challengeOf('doan.ma');
        expect(await refusalCode(rounds.signInSecondFactor(challenge, '123456', '198.51.100.9'))).toBe(
          'second-factor-failed',
        );
        later(20);
      }
      // Locked: the password is refused now, and so would the right code be.
      expect(await refusalCode(rounds.signIn('doan.ma', PASSWORD, ADDRESS))).toBe('sign-in-locked');
      later(15 * 60);
      const challenge = await challengeOf('doan.ma');
      expect((await rounds.signInSecondFactor(challenge, await codeAt(secret), ADDRESS)).login).toBe(
        'doan.ma',
      );
    });

    it('is turned off with the password, and removed by an admin’s reset; either ends other sessions', async () => {
      await withSecondFactor('tat.di');
      expect(await refusalCode(rounds.startSecondFactor('tat.di'))).toBe('second-factor-on');
      const epoch = (await rounds.secondFactorOf('tat.di')).on;
      expect(epoch).toBe(true);
      expect(await refusalCode(rounds.removeSecondFactor('tat.di', 'không phải mật khẩu'))).toBe(
        'password-wrong',
      );
      const after = await rounds.removeSecondFactor('tat.di', PASSWORD);
      expect(await rounds.accountSession('tat.di', after.epoch - 1)).toBeUndefined();
      expect(passwordOnly(await rounds.signIn('tat.di', PASSWORD, ADDRESS)).login).toBe('tat.di');
      expect(await refusalCode(rounds.removeSecondFactor('tat.di', PASSWORD))).toBe('second-factor-off');

      await withSecondFactor('mat.dien.thoai');
      const { oneTimePassword } = await rounds.resetPassword(admin, 'mat.dien.thoai');
      expect(await rounds.secondFactorOf('mat.dien.thoai')).toEqual({ on: false, recoveryCodesLeft: 0 });
      expect(passwordOnly(await rounds.signIn('mat.dien.thoai', oneTimePassword, ADDRESS)).mustChange).toBe(
        true,
      );
    });
  });

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded } from './sql.js';
import { passwordOnly, refusalCode, STORES } from './test-stores.js';

const province: Caller = { name: 'Sở Nội vụ', role: { kind: 'admin' } };
const KON_RAY = 'UBND huyện Kon Rẫy';
const district: Caller = { name: 'Phòng Nội vụ Kon Rẫy', role: { kind: 'admin' }, authority: KON_RAY };

for (const store of STORES)
  describe(`the directory moved to ${store.name}`, { timeout: 60_000 }, () => {
    let source: Rounds;
    let target: Rounds;
    beforeAll(async () => {
      source = await openRounds({ sql: await openEmbedded() });
      target = await openRounds({ sql: await store.open() });
      await source.putUnit(province, 'dak-koi', { name: 'UBND xã Đăk Kôi', group: 'xã', parent: KON_RAY });
      await source.putUnit(province, 'ngok-reo', {
        name: 'UBND xã Ngọk Réo',
        group: 'xã',
        parent: 'UBND huyện Đăk Hà',
      });
      const made = await source.putAccount(province, 'Nguyễn.Văn.An', {
        name: 'Nguyễn Văn An',
        email: 'an@example.org',
        role: 'unit:dak-koi',
        authority: KON_RAY,
      });
      await source.changePassword('Nguyễn.Văn.An', made.oneTimePassword!, 'đồi thông hai mộ 1930');
      await source.startSecondFactor('Nguyễn.Văn.An');
      await source.putAccount(province, 'so.noi.vu', { name: 'Sở Nội vụ', role: 'admin' });
    }, 60_000);
    afterAll(async () => {
      await source.close();
      await target.close();
      await store.drop?.();
    });

    it('exports units and people without a secret, and makes them again elsewhere with one-time passwords', async () => {
      const exported = await source.exportDirectory(province);
      expect(exported.units.map((unit) => unit.id)).toEqual(['dak-koi', 'ngok-reo']);
      expect(exported.accounts).toEqual([
        {
          login: 'Nguyễn.Văn.An',
          name: 'Nguyễn Văn An',
          email: 'an@example.org',
          role: 'unit:dak-koi',
          authority: KON_RAY,
        },
        { login: 'so.noi.vu', name: 'Sở Nội vụ', role: 'admin' },
      ]);
      expect(JSON.stringify(exported)).not.toMatch(/argon2|totp|secret|hash/i);

      const imported = await target.importDirectory(province, JSON.parse(JSON.stringify(exported)));
      expect(imported.units).toBe(2);
      expect(imported.accounts.map((account) => account.login)).toEqual(['Nguyễn.Văn.An', 'so.noi.vu']);
      const again = await target.exportDirectory(province);
      expect({ ...again, exportedAt: '' }).toEqual({ ...exported, exportedAt: '' });
      const [an] = imported.accounts;
      const person = passwordOnly(await target.signIn('nguyễn.văn.an', an!.oneTimePassword, '192.0.2.50'));
      expect([person.mustChange, person.caller.authority]).toEqual([true, KON_RAY]);
    });

    it('stores nothing of a directory with an error, and says each one at its path', async () => {
      const before = await target.exportDirectory(province);
      const refused = await target
        .importDirectory(province, {
          format: 'cchc-directory',
          version: 1,
          units: [
            { id: 'dak-pne', name: 'UBND xã Đắk Pnè', parent: KON_RAY },
            { id: 'dak-koi', name: 'UBND xã Đăk Kôi (tên khác)', group: 'xã', parent: KON_RAY },
          ],
          accounts: [
            { login: 'xa.dakpne', name: 'Xã Đắk Pnè', role: 'unit:dak-pne' },
            { login: 'SO.NOI.VU', name: 'Sở Nội vụ', role: 'admin' },
            { login: 'xa.khac', name: 'Xã khác', role: 'unit:khong-co' },
          ],
        })
        .then(
          () => undefined,
          (error: { code: string; issues: { path: (string | number)[] }[] }) => error,
        );
      expect(refused?.code).toBe('directory-errors');
      expect(refused?.issues.map((found) => found.path.join('.'))).toEqual([
        'units.1',
        'accounts.1.login',
        'accounts.2.role',
      ]);
      expect(await target.exportDirectory(province)).toEqual({ ...before, exportedAt: expect.any(String) });
      expect(await refusalCode(target.importDirectory(province, { format: 'other' }))).toBe(
        'directory-errors',
      );
    });

    it('gives a district admin its own district, and takes from it only its own', async () => {
      const own = await source.exportDirectory(district);
      expect(own.units.map((unit) => unit.id)).toEqual(['dak-koi']);
      expect(own.accounts.map((account) => account.login)).toEqual(['Nguyễn.Văn.An']);
      const refused = await target
        .importDirectory(district, {
          format: 'cchc-directory',
          version: 1,
          units: [{ id: 'xa-ngoai', name: 'Xã ngoài huyện', parent: 'UBND huyện Đăk Hà' }],
          accounts: [{ login: 'so.moi', name: 'Sở', role: 'admin' }],
        })
        .then(
          () => undefined,
          (error: { issues: { path: (string | number)[] }[] }) => error,
        );
      expect(refused?.issues.map((found) => found.path.join('.'))).toEqual([
        'units.0.parent',
        'accounts.0.authority',
      ]);
    });
  });

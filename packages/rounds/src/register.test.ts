import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { refusal, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const [, communeSet] = konRay2021.criteriaSets;
const commune: Caller = { name: 'UBND xã Đăk Kôi', role: { kind: 'unit', unit: 'dak-koi' } };

for (const store of STORES)
  describe(`the register of units on ${store.name}`, { timeout: 60_000 }, () => {
    let clock = new Date('2024-03-01T02:00:00Z');
    let rounds: Rounds;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('registers, renames and retires units, each write a revision', async () => {
      const made = await rounds.putUnit(
        admin,
        'dak-koi',
        { name: 'UBND xã Đăk Kôi', group: 'xã', parent: 'UBND huyện Kon Rẫy' },
        0,
      );
      expect([made.created, made.unit.revision, made.unit.active]).toEqual([true, 1, true]);
      await rounds.putUnit(admin, 'dak-pne', {
        name: 'UBND xã Đắk Pnè',
        group: 'xã',
        parent: 'UBND huyện Kon Rẫy',
      });
      const renamed = await rounds.putUnit(
        admin,
        'dak-koi',
        { name: 'UBND xã Đăk Kôi (mới)', group: 'xã', retired: '2024-06-30' },
        1,
      );
      expect([renamed.created, renamed.unit.revision, renamed.unit.name, renamed.unit.active]).toEqual([
        false,
        2,
        'UBND xã Đăk Kôi (mới)',
        true,
      ]);
      clock = new Date('2024-07-01T00:00:00Z');
      expect((await rounds.getUnit(admin, 'dak-koi')).active).toBe(false);
      // By parent, group and name: the renamed one has no parent any more.
      expect((await rounds.listUnits(admin)).map((unit) => [unit.id, unit.active])).toEqual([
        ['dak-koi', false],
        ['dak-pne', true],
      ]);
    });

    it('refuses what is not a unit, a stale write and anyone but an admin', async () => {
      expect(await refusalCode(rounds.putUnit(admin, 'a b', { name: 'X' }))).toBe('unit-id-invalid');
      expect(await refusal(rounds.putUnit(admin, 'x', { name: '', extra: 1 }))).toBe('invalid-document');
      expect(await refusal(rounds.putUnit(admin, 'dak-pne', { name: 'Y' }, 7))).toBe('precondition-failed');
      expect(await refusal(rounds.putUnit(commune, 'x', { name: 'X' }))).toBe('forbidden');
      expect(await refusalCode(rounds.getUnit(admin, 'khong-co'))).toBe('unit-not-registered');
    });

    it('takes a person of a unit only when the register has the unit', async () => {
      await rounds.putAccount(admin, 'nguoi.dak.pne', { name: 'Người xã Đắk Pnè', role: 'unit:dak-pne' });
      const refused = await rounds
        .putAccount(admin, 'nguoi.xa.khac', { name: 'Người xã khác', role: 'unit:xa-khac' })
        .catch((error: { code: string; issues: { path: (string | number)[] }[] }) => error);
      expect([
        (refused as { code: string }).code,
        (refused as { issues: { path: (string | number)[] }[] }).issues.map((found) => found.path),
      ]).toEqual(['account-errors', [['role']]]);
      const imported = await rounds
        .importAccounts(admin, [
          { login: 'nhap.mot', name: 'Một', role: 'unit:dak-pne' },
          { login: 'nhap.hai', name: 'Hai', role: 'unit:xa-khac' },
        ])
        .catch((error: { issues: { path: (string | number)[] }[] }) => error);
      expect(
        (imported as { issues: { path: (string | number)[] }[] }).issues.map((found) => found.path),
      ).toEqual([['accounts', 1, 'role']]);
    });

    it('takes a round of registered units only, once there is a register', async () => {
      await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
      const round = (units: string[]) => ({
        title: 'Đánh giá CCHC năm 2024',
        period: 2024,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: units.map((id) => ({ id, name: `Xã ${id}`, criteriaSet: communeSet!.id })),
        deadlines: { self: '2025-01-20', appraisal: '2025-01-31' },
      });
      const refused = await rounds
        .putRound(admin, 'dot-2024', round(['dak-pne', 'xa-khac']))
        .catch((error: { code: string; issues: { path: (string | number)[] }[] }) => error);
      expect([
        (refused as { code: string }).code,
        (refused as { issues: { path: (string | number)[] }[] }).issues.map((found) => found.path),
      ]).toEqual(['round-units-unregistered', [['units', 1, 'id']]]);
      // A retired unit is still in the register: a round of the year it was assessed names it.
      expect((await rounds.putRound(admin, 'dot-2024', round(['dak-pne', 'dak-koi']))).created).toBe(true);
    });
  });

import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, keyListSchema, keyRing } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { passwordOnly, refusalCode, STORES } from './test-stores.js';

/** The province's Sở Nội vụ: every authority. */
const province: Caller = { name: 'Sở Nội vụ', role: { kind: 'admin' } };
const KON_RAY = 'UBND huyện Kon Rẫy';
const DAK_HA = 'UBND huyện Đăk Hà';
const [, communeSet] = konRay2021.criteriaSets;
const ADDRESS = '192.0.2.20';

const roundOf = (authority: string, unit: string) => ({
  title: 'Đánh giá CCHC năm 2021',
  period: 2021,
  authority: { name: authority },
  units: [{ id: unit, name: `Xã ${unit}`, criteriaSet: communeSet!.id }],
  deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
});

for (const store of STORES)
  describe(`an admin limited to a district on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    /** Kon Rẫy's Phòng Nội vụ, as its person signs in. */
    let district: Caller;
    /** Kon Rẫy's appraiser. */
    let appraiser: Caller;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => new Date('2022-01-10T00:00:00Z') });
      await rounds.putCriteriaSet(province, communeSet!.id, communeSet);
      for (const [id, parent] of [
        ['dak-koi', KON_RAY],
        ['dak-pne', KON_RAY],
        ['ngok-reo', DAK_HA],
      ] as const)
        await rounds.putUnit(province, id, { name: `Xã ${id}`, group: 'xã', parent });
      const signedIn = async (login: string, document: Record<string, unknown>) => {
        const made = await rounds.putAccount(province, login, document);
        const password = 'rừng khộp mùa khô 2022';
        await rounds.changePassword(login, made.oneTimePassword!, password);
        return passwordOnly(await rounds.signIn(login, password, ADDRESS)).caller;
      };
      district = await signedIn('pnv.konray', {
        name: 'Phòng Nội vụ Kon Rẫy',
        role: 'admin',
        authority: KON_RAY,
      });
      appraiser = await signedIn('tham.dinh.konray', {
        name: 'Tổ thẩm định Kon Rẫy',
        role: 'appraiser',
        authority: 'ubnd huyện kon rẫy',
      });
      await rounds.putAccount(province, 'xa.ngokreo', {
        name: 'Xã Ngọk Réo',
        role: 'unit:ngok-reo',
        authority: DAK_HA,
      });
      await rounds.putRound(province, 'dak-ha-2021', roundOf(DAK_HA, 'ngok-reo'));
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('signs the person in within their authority, and so do their tokens', async () => {
      expect(district.authority).toBe(KON_RAY);
      const minted = await rounds.mintToken(district, 'bảng tính', '2022-06-30');
      expect((await rounds.tokenCaller(minted.token))?.authority).toBe(KON_RAY);
    });

    it('sees, writes and retires only the units under its authority', async () => {
      expect((await rounds.listUnits(district)).map((unit) => unit.id)).toEqual(['dak-koi', 'dak-pne']);
      expect((await rounds.listUnits(province)).map((unit) => unit.id)).toHaveLength(3);
      expect(await refusalCode(rounds.getUnit(district, 'ngok-reo'))).toBe('unit-not-registered');
      expect(await refusalCode(rounds.putUnit(district, 'xa-moi', { name: 'Xã mới', parent: DAK_HA }))).toBe(
        'outside-authority',
      );
      // No parent: a unit of every authority, not a district's to register.
      expect(await refusalCode(rounds.putUnit(district, 'xa-moi', { name: 'Xã mới' }))).toBe(
        'outside-authority',
      );
      // Nor moved into its own by writing another's again.
      expect(
        await refusalCode(rounds.putUnit(district, 'ngok-reo', { name: 'Xã Ngọk Réo', parent: KON_RAY })),
      ).toBe('outside-authority');
      const made = await rounds.putUnit(district, 'dak-to-re', { name: 'Xã Đăk Tờ Re', parent: KON_RAY });
      expect(made.created).toBe(true);
    });

    it('grants no right beyond its authority, and sees only its own people', async () => {
      const refusedGrant = (document: Record<string, unknown>) =>
        refusalCode(rounds.putAccount(district, 'nguoi.moi', { name: 'Người mới', ...document }));
      // Province-wide rights, another district's, a unit of another district.
      expect(await refusedGrant({ role: 'admin' })).toBe('outside-authority');
      expect(await refusedGrant({ role: 'appraiser', authority: DAK_HA })).toBe('outside-authority');
      expect(await refusedGrant({ role: 'unit:ngok-reo', authority: KON_RAY })).toBe('account-errors');
      expect(
        await refusalCode(
          rounds.putAccount(district, 'xa.ngokreo', { name: 'X', role: 'admin', authority: KON_RAY }),
        ),
      ).toBe('outside-authority');
      const made = await rounds.putAccount(district, 'xa.dakkoi', {
        name: 'Xã Đăk Kôi',
        role: 'unit:dak-koi',
        authority: KON_RAY,
      });
      expect(made.account.authority).toBe(KON_RAY);

      expect((await rounds.listAccounts(district)).map((account) => account.login)).toEqual([
        'pnv.konray',
        'tham.dinh.konray',
        'xa.dakkoi',
      ]);
      for (const work of [
        () => rounds.getAccount(district, 'xa.ngokreo'),
        () => rounds.resetPassword(district, 'xa.ngokreo'),
        () => rounds.accountEvents(district, 'xa.ngokreo'),
      ])
        expect(await refusalCode(work())).toBe('account-not-found');

      // An import is all or none: one row of another district refuses every row.
      const imported = rounds.importAccounts(district, [
        { login: 'xa.dakpne', name: 'Xã Đắk Pnè', role: 'unit:dak-pne', authority: KON_RAY },
        { login: 'so.noi.vu.2', name: 'Sở Nội vụ', role: 'admin' },
      ]);
      const error = await imported.then(
        () => undefined,
        (refused: { issues?: { path: (string | number)[] }[] }) => refused,
      );
      expect(error?.issues?.map((issue) => issue.path.join('.'))).toEqual(['accounts.1.authority']);
      expect(await refusalCode(rounds.getAccount(province, 'xa.dakpne'))).toBe('account-not-found');
    });

    it('runs its own rounds; another district’s round does not exist for it, nor for its appraiser', async () => {
      expect(await refusalCode(rounds.putRound(district, 'kon-ray-2021', roundOf(DAK_HA, 'dak-koi')))).toBe(
        'outside-authority',
      );
      await rounds.putRound(district, 'kon-ray-2021', roundOf(KON_RAY, 'dak-koi'));
      expect((await rounds.listRounds(district)).map((round) => round.id)).toEqual(['kon-ray-2021']);
      expect((await rounds.listRounds(appraiser)).map((round) => round.id)).toEqual(['kon-ray-2021']);
      expect((await rounds.listRounds(province)).map((round) => round.id)).toEqual([
        'dak-ha-2021',
        'kon-ray-2021',
      ]);

      const elsewhere = 'dak-ha-2021';
      for (const work of [
        () => rounds.getRound(district, elsewhere),
        () => rounds.lock(district, elsewhere, 'self'),
        () => rounds.publish(district, elsewhere),
        () => rounds.results(district, elsewhere),
        () => rounds.exportRound(district, elsewhere),
        () => rounds.history(district, elsewhere, 'ngok-reo'),
        () => rounds.sheetView(appraiser, elsewhere, 'ngok-reo', 'appraised'),
        () => rounds.putLayer(appraiser, elsewhere, 'ngok-reo', 'appraised', { entries: [] }),
        () => rounds.followUp(district, elsewhere),
      ])
        expect(await refusalCode(work()), String(work)).toBe('round-not-found');
      // Written again under its own authority, another's round is not taken over.
      expect(await refusalCode(rounds.putRound(district, elsewhere, roundOf(KON_RAY, 'dak-koi')))).toBe(
        'outside-authority',
      );
      // Nor read into its own under another authority's name.
      const exported = await rounds.exportRound(province, elsewhere);
      expect(await refusalCode(rounds.importRound(district, 'ban-sao', exported))).toBe('outside-authority');
    });

    it('changes only the criteria sets of its authority', async () => {
      // The province's set, in use by a round of the district or not, is the province's to change.
      const changed = { ...communeSet, title: 'Bộ chỉ số của huyện' };
      expect(await refusalCode(rounds.putCriteriaSet(district, communeSet!.id, changed))).toBe(
        'outside-authority',
      );
      const own = { ...communeSet, id: 'bo-huyen-kon-ray' };
      expect(await rounds.putCriteriaSet(district, own.id, own)).toEqual({ created: true });
      expect(await rounds.putCriteriaSet(district, own.id, { ...own, title: 'Sửa' })).toEqual({
        created: false,
      });
      const provinceSet = { ...communeSet, id: 'bo-cua-tinh' };
      await rounds.putCriteriaSet(province, provinceSet.id, provinceSet);
      expect(
        await refusalCode(rounds.putCriteriaSet(district, provinceSet.id, { ...provinceSet, title: 'Sửa' })),
      ).toBe('outside-authority');
    });
  });

describe('a machine key limited to an authority', () => {
  it('acts within it, as a person of that authority does', () => {
    const keys = keyRing(
      keyListSchema.parse([
        {
          name: 'Hệ thống một cửa Kon Rẫy',
          role: 'admin',
          key: 'khoa-may-kon-ray-0123456789',
          authority: KON_RAY,
        },
        { name: 'Sở Nội vụ', role: 'admin', key: 'khoa-so-noi-vu-0123456789' },
      ]),
    );
    expect(keys.callerOf('khoa-may-kon-ray-0123456789')?.authority).toBe(KON_RAY);
    expect(keys.callerNamed('Hệ thống một cửa Kon Rẫy', 'admin')?.authority).toBe(KON_RAY);
    expect(keys.callerOf('khoa-so-noi-vu-0123456789')).not.toHaveProperty('authority');
  });
});

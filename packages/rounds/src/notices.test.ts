import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { refusal, refusalCode, STORES } from './test-stores.js';

const province: Caller = { name: 'Sở Nội vụ', role: { kind: 'admin' } };
const district: Caller = {
  name: 'Phòng Nội vụ Kon Rẫy',
  role: { kind: 'admin' },
  authority: 'UBND huyện Kon Rẫy',
};
const otherDistrict: Caller = {
  name: 'Phòng Nội vụ Đăk Hà',
  role: { kind: 'admin' },
  authority: 'UBND huyện Đăk Hà',
};
const commune = (unit: string, authority = 'UBND huyện Kon Rẫy'): Caller => ({
  name: unit,
  role: { kind: 'unit', unit },
  authority,
});
const appraiser: Caller = {
  name: 'Tổ thẩm định',
  role: { kind: 'appraiser' },
  authority: 'UBND huyện Kon Rẫy',
};

for (const store of STORES)
  describe(`notices on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    let clock = new Date('2022-01-10T01:00:00Z');
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });
    const titles = async (caller: Caller) => (await rounds.notices(caller)).map((notice) => notice.title);

    it('shows each notice to its authority’s people, everyone or the units named, newest first', async () => {
      await rounds.postNotice(province, {
        title: 'Hướng dẫn chung của tỉnh',
        text: 'Áp dụng cho mọi huyện.',
        public: true,
      });
      clock = new Date('2022-01-10T02:00:00Z');
      await rounds.postNotice(district, { title: 'Lịch thẩm định', text: 'Thẩm định từ ngày 21/01/2022.' });
      clock = new Date('2022-01-10T03:00:00Z');
      const posted = await rounds.postNotice(district, {
        title: 'Bổ sung hồ sơ',
        text: 'Xã Đăk Tơ Re bổ sung kế hoạch.',
        units: ['dak-to-re', 'dak-to-re'],
      });
      expect(posted).toMatchObject({
        units: ['dak-to-re'],
        public: false,
        authority: 'UBND huyện Kon Rẫy',
        key: district.name,
      });
      expect(await titles(commune('dak-to-re'))).toEqual([
        'Bổ sung hồ sơ',
        'Lịch thẩm định',
        'Hướng dẫn chung của tỉnh',
      ]);
      expect(await titles(commune('dak-ruong'))).toEqual(['Lịch thẩm định', 'Hướng dẫn chung của tỉnh']);
      expect(await titles(appraiser)).toEqual(['Lịch thẩm định', 'Hướng dẫn chung của tỉnh']);
      expect(await titles(commune('ha-mon', 'UBND huyện Đăk Hà'))).toEqual(['Hướng dẫn chung của tỉnh']);
      expect(await titles(otherDistrict)).toEqual(['Hướng dẫn chung của tỉnh']);
      expect(await titles(province)).toEqual(['Bổ sung hồ sơ', 'Lịch thẩm định', 'Hướng dẫn chung của tỉnh']);
      expect((await rounds.publicNotices()).map((notice) => notice.title)).toEqual([
        'Hướng dẫn chung của tỉnh',
      ]);
    });

    it('refuses a notice without its title or text, from anyone but an admin, and takes one down within its authority', async () => {
      expect(await refusalCode(rounds.postNotice(district, { title: '', text: 'x' }))).toBe('notice-errors');
      expect(await refusalCode(rounds.postNotice(district, { title: 'x', text: 'y', link: 'z' }))).toBe(
        'notice-errors',
      );
      expect(await refusal(rounds.postNotice(commune('dak-to-re'), { title: 'x', text: 'y' }))).toBe(
        'forbidden',
      );
      const [latest] = await rounds.notices(district);
      expect(await refusalCode(rounds.removeNotice(otherDistrict, latest!.id))).toBe('notice-not-found');
      const provinceWide = (await rounds.notices(province)).find((notice) => notice.authority === null)!;
      expect(await refusalCode(rounds.removeNotice(district, provinceWide.id))).toBe('notice-not-found');
      await rounds.removeNotice(district, latest!.id);
      expect(await titles(commune('dak-to-re'))).toEqual(['Lịch thẩm định', 'Hướng dẫn chung của tỉnh']);
      expect(await refusalCode(rounds.removeNotice(district, latest!.id))).toBe('notice-not-found');
    });
  });

import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded } from './sql.js';
import { refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const unitOf = (commune: typeof first): Caller => ({
  name: commune!.unit.name,
  role: { kind: 'unit', unit: commune!.unit.id },
});
const ROUND = 'gia-han-2021';

for (const store of STORES)
  describe(`a round's changes, with who and why, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => new Date('2022-01-10T00:00:00Z') });
      await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
      await rounds.putRound(admin, ROUND, {
        title: 'Đánh giá CCHC năm 2021',
        period: 2021,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: [first!, second!].map((commune) => ({
          id: commune.unit.id,
          name: commune.unit.name,
          criteriaSet: communeSet!.id,
        })),
        deadlines: { self: '2022-01-20', appraisal: '2022-01-31', remediation: '2022-03-31' },
      });
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('moves a deadline only with a reason, kept beside who and when', async () => {
      expect(await refusalCode(rounds.moveDeadline(admin, ROUND, 'self', '2022-01-25', '  '))).toBe(
        'reason-required',
      );
      expect(await refusalCode(rounds.moveDeadline(admin, ROUND, 'self', '25/01/2022', 'Mất điện'))).toBe(
        'deadline-invalid',
      );
      expect(
        await refusalCode(rounds.moveDeadline(unitOf(first), ROUND, 'self', '2022-01-25', 'Xin gia hạn')),
      ).toBe('admin-only');
      const moved = await rounds.moveDeadline(
        admin,
        ROUND,
        'self',
        '2022-01-25',
        'Mạng điện tử gián đoạn 3 ngày',
      );
      expect(moved.deadlines.self).toBe('2022-01-25');
      expect(await rounds.roundEvents(admin, ROUND)).toEqual([
        {
          kind: 'deadline',
          deadline: 'self',
          from: '2022-01-20',
          to: '2022-01-25',
          reason: 'Mạng điện tử gián đoạn 3 ngày',
          key: 'Phòng Nội vụ',
          at: '2022-01-10T00:00:00.000Z',
        },
      ]);
    });

    it('reopens a unit with the reason it reads, and after publication moves the remediation deadline alone', async () => {
      for (const commune of [first!, second!]) {
        await rounds.putLayer(admin, ROUND, commune.unit.id, 'self', { entries: commune.entries });
        await rounds.putLayer(admin, ROUND, commune.unit.id, 'appraised', { entries: commune.entries });
      }
      await rounds.submit(unitOf(first), ROUND, first!.unit.id);
      await rounds.reopen(admin, ROUND, first!.unit.id, 'Bổ sung tài liệu kiểm chứng mục 1.2');
      const read = await rounds.roundEvents(unitOf(first), ROUND);
      expect(read.map((event) => [event.kind, event.reason])).toEqual([
        ['reopen', 'Bổ sung tài liệu kiểm chứng mục 1.2'],
      ]);
      expect(await rounds.roundEvents(unitOf(second), ROUND)).toEqual([]);

      await rounds.publish(admin, ROUND);
      expect(
        await refusalCode(rounds.moveDeadline(admin, ROUND, 'appraisal', '2022-02-10', 'Thêm thời gian')),
      ).toBe('round-published-remediation');
      const later = await rounds.moveDeadline(
        admin,
        ROUND,
        'remediation',
        '2022-04-30',
        'Theo chỉ đạo của UBND tỉnh',
      );
      expect(later.deadlines.remediation).toBe('2022-04-30');
      expect((await rounds.followUp(admin, ROUND)).planDeadline).toBe('2022-04-30');
    });

    it('carries its changes in its export: another store reads the same reasons, by the same people', async () => {
      const exported = await rounds.exportRound(admin, ROUND);
      expect(exported.events.map((event) => event.kind)).toEqual(['deadline', 'reopen', 'deadline']);
      const target = await openRounds({ sql: await openEmbedded() });
      try {
        await target.importRound(admin, ROUND, exported);
        expect(await target.roundEvents(admin, ROUND)).toEqual(await rounds.roundEvents(admin, ROUND));
        expect(await target.roundEvents(unitOf(first), ROUND)).toEqual([
          expect.objectContaining({ kind: 'reopen', reason: 'Bổ sung tài liệu kiểm chứng mục 1.2' }),
        ]);
      } finally {
        await target.close();
      }
    });
  });

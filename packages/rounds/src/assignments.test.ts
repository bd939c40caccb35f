import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { passwordOnly, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
/** An appraiser's key of CCHC_API_KEYS: no one's account, its role's reach. */
const appraiserKey: Caller = { name: 'Tổ thẩm định (khóa)', role: { kind: 'appraiser' } };
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ROUND = 'phan-cong-2021';

type Entries = Record<string, { score: string; max: string }>;
/** A commune's entries with the score of one area changed. */
const changed = (entries: Entries, code: string): Entries => ({
  ...entries,
  [code]: { ...entries[code]!, score: '0' },
});

for (const store of STORES)
  describe(`the appraisers’ assignment on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    const person: Record<string, Caller> = {};
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
        deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
      });
      for (const commune of [first!, second!])
        await rounds.putLayer(admin, ROUND, commune.unit.id, 'self', { entries: commune.entries });
      for (const login of ['tham.dinh.a', 'tham.dinh.b', 'tham.dinh.c']) {
        const made = await rounds.putAccount(admin, login, { name: login, role: 'appraiser' });
        await rounds.changePassword(login, made.oneTimePassword!, 'thẩm định công tâm 2022');
        person[login] = passwordOnly(
          await rounds.signIn(login, 'thẩm định công tâm 2022', '192.0.2.60'),
        ).caller;
      }
      await rounds.putAccount(admin, 'xa.mot', { name: 'Xã một', role: `unit:${first!.unit.id}` });
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('refuses an assignment of someone who is no appraiser, a unit or a criterion the round has not', async () => {
      const refused = await rounds
        .putAssignments(admin, ROUND, [
          { login: 'xa.mot', units: [first!.unit.id] },
          { login: 'tham.dinh.a', units: ['khong-co'], codes: ['9.9'] },
        ])
        .catch((error: { code: string; issues: { path: (string | number)[] }[] }) => error);
      expect([
        (refused as { code: string }).code,
        (refused as { issues: { path: (string | number)[] }[] }).issues.map((found) => found.path.join('.')),
      ]).toEqual(['assignment-errors', ['0.login', '1.units.0', '1.codes.0']]);
      expect(await rounds.assignments(admin, ROUND)).toEqual([]);
      expect(await refusalCode(rounds.putAssignments(person['tham.dinh.a']!, ROUND, []))).toBe('admin-only');
    });

    it('holds each appraiser to the units and criteria assigned, once the round assigns any', async () => {
      const a = person['tham.dinh.a']!;
      // No assignment yet: an appraiser appraises as its role says.
      await rounds.putLayer(a, ROUND, second!.unit.id, 'appraised', { entries: second!.entries });
      const stored = await rounds.putAssignments(admin, ROUND, [
        { login: 'tham.dinh.a', units: [first!.unit.id], codes: ['1'] },
        { login: 'tham.dinh.b', units: [second!.unit.id] },
      ]);
      expect(stored.map((assignment) => [assignment.login, assignment.units, assignment.codes])).toEqual([
        ['tham.dinh.a', [first!.unit.id], ['1']],
        ['tham.dinh.b', [second!.unit.id], []],
      ]);
      const entries = first!.entries as Entries;
      expect(
        await refusalCode(
          rounds.putLayer(a, ROUND, second!.unit.id, 'appraised', { entries: second!.entries }),
        ),
      ).toBe('not-assigned-unit');
      // Nor does it hand in evidence files for a unit not assigned to it.
      expect(
        await refusalCode(
          rounds.putFile(a, ROUND, second!.unit.id, {
            name: 'bien-ban.pdf',
            bytes: (async function* () {
              yield new TextEncoder().encode('%PDF-1.7\n');
            })(),
          }),
        ),
      ).toBe('not-assigned-unit');
      expect(
        await refusalCode(
          rounds.putLayer(a, ROUND, first!.unit.id, 'appraised', { entries: changed(entries, '2') }),
        ),
      ).toBe('appraise-codes');
      const written = await rounds.putLayer(a, ROUND, first!.unit.id, 'appraised', {
        entries: changed(entries, '1'),
      });
      expect(written.key).toBe('tham.dinh.a');
      expect(
        await refusalCode(rounds.explain(a, ROUND, first!.unit.id, '3', { request: 'Đề nghị giải trình' })),
      ).toBe('ask-codes');
      await rounds.explain(a, ROUND, first!.unit.id, '1', { request: 'Đề nghị giải trình mục 1' });
      // Not assigned at all: nothing in this round.
      expect(
        await refusalCode(
          rounds.putLayer(person['tham.dinh.c']!, ROUND, first!.unit.id, 'appraised', {
            entries: first!.entries,
          }),
        ),
      ).toBe('not-assigned');
      // A key is no one's: its role's reach stays.
      await rounds.putLayer(appraiserKey, ROUND, second!.unit.id, 'appraised', { entries: second!.entries });
      // An empty assignment: back to the roles.
      await rounds.putAssignments(admin, ROUND, []);
      await rounds.putLayer(person['tham.dinh.c']!, ROUND, first!.unit.id, 'appraised', {
        entries: first!.entries,
      });
    });
  });

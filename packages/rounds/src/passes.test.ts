import { readFileSync } from 'node:fs';
import { createScorer, decimalText, parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { refusal, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const appraiser: Caller = { name: 'Tổ thẩm định', role: { kind: 'appraiser' } };
const [, communeSet] = konRay2021.criteriaSets;
const ruong = konRay2021.communes.find((commune) => commune.unit.id === 'dak-ruong')!;
const koi = konRay2021.communes.find((commune) => commune.unit.id === 'dak-koi')!;
const unitOf = (commune: typeof ruong): Caller => ({
  name: commune.unit.name,
  role: { kind: 'unit', unit: commune.unit.id },
});
const ROUND = 'hai-lan-2021';
const DEADLINES = {
  self: '2022-01-20',
  appraisal1: '2022-01-25',
  explanation: '2022-01-28',
  appraisal2: '2022-01-31',
};
const scorer = createScorer();
const parsedSet = unwrap(parseCriteriaSet(communeSet));
/** A commune's figures as the reference's entries score, through the core. */
const referenceOf = (commune: typeof ruong) => {
  const result = unwrap(scorer.score(commune, { set: parsedSet }));
  return { achieved: decimalText(result.achieved), index: decimalText(result.index) };
};
/**
 * Đăk Ruồng's area 1 (a commune's areas are its items in the reference's set) as the reference appraised
 * it (22,1), and as the unit claimed it and the first pass took it: the second pass gives back half.
 */
const withArea1 = (score: string) => ({ ...ruong.entries, '1': { score, max: '33,5' } });

for (const store of STORES)
  describe(`a round of two appraisal passes, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    let clock = new Date('2022-01-10T00:00:00Z');
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
      await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });
    const round = (passes: 1 | 2, deadlines: Record<string, string>) => ({
      title: 'Đánh giá CCHC năm 2021',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      passes,
      units: [ruong, koi].map((commune) => ({
        id: commune.unit.id,
        name: commune.unit.name,
        criteriaSet: communeSet!.id,
      })),
      deadlines,
    });

    it('needs every phase deadline, in order, and takes appraisal2 as the last pass', async () => {
      const { appraisal1: _first, ...withoutFirst } = DEADLINES;
      expect(await refusal(rounds.putRound(admin, 'thieu-han', round(2, withoutFirst)))).toBe(
        'invalid-document',
      );
      expect(
        await refusal(
          rounds.putRound(admin, 'sai-thu-tu', round(2, { ...DEADLINES, explanation: '2022-01-22' })),
        ),
      ).toBe('invalid-document');
      expect(
        await refusal(rounds.putRound(admin, 'mot-lan', round(1, { ...DEADLINES, appraisal: '2022-01-31' }))),
      ).toBe('invalid-document');
      const { round: stored } = await rounds.putRound(admin, ROUND, round(2, DEADLINES));
      expect(stored.passes).toBe(2);
      expect(stored.deadlines.appraisal).toBe('2022-01-31');
      // A phase moved out of its order is refused: explanations cannot end before the first pass does.
      expect(
        await refusalCode(rounds.moveDeadline(admin, ROUND, 'explanation', '2022-01-21', 'Gia hạn')),
      ).toBe('deadline-invalid');
    });

    it('opens each phase after the one before, and says which is open', async () => {
      // Self-assessment open: the first pass waits for it.
      const early = rounds.putLayer(appraiser, ROUND, ruong.unit.id, 'appraised-1', {
        entries: ruong.entries,
      });
      expect(await refusalCode(early)).toBe('phase-not-open');
      await rounds.putLayer(unitOf(ruong), ROUND, ruong.unit.id, 'self', { entries: withArea1('23,1') });
      await rounds.submit(unitOf(ruong), ROUND, ruong.unit.id);
      // Submitted, the unit's first appraisal opens; the second still waits.
      const first = await rounds.putLayer(appraiser, ROUND, ruong.unit.id, 'appraised-1', {
        entries: withArea1('21,1'),
      });
      expect(first.result.achieved).toBe('75.65');
      expect(
        await refusalCode(
          rounds.putLayer(appraiser, ROUND, ruong.unit.id, 'appraised', { entries: ruong.entries }),
        ),
      ).toBe('phase-not-open');
      await rounds.explain(appraiser, ROUND, ruong.unit.id, '1', {
        request: 'Đề nghị giải trình việc ban hành kế hoạch CCHC năm 2021 trễ hạn',
      });
      // An answer waits for the first pass to close.
      expect(
        await refusalCode(rounds.explain(unitOf(ruong), ROUND, ruong.unit.id, '1', { text: 'Sớm' })),
      ).toBe('phase-not-open');
      // Đăk Kôi self-assesses until the deadline; the first pass of it opens then.
      await rounds.putLayer(unitOf(koi), ROUND, koi.unit.id, 'self', { entries: koi.entries });
      clock = new Date('2022-01-21T00:00:00Z');
      await rounds.putLayer(appraiser, ROUND, koi.unit.id, 'appraised-1', { entries: koi.entries });
    });

    it('freezes the first pass when explanations open; the unit explains and closes; the second pass opens', async () => {
      clock = new Date('2022-01-26T00:00:00Z');
      expect(
        await refusalCode(
          rounds.putLayer(appraiser, ROUND, ruong.unit.id, 'appraised-1', { entries: ruong.entries }),
        ),
      ).toBe('layer-deadline');
      // A request belongs to the first pass: none after it.
      expect(
        await refusalCode(rounds.explain(appraiser, ROUND, ruong.unit.id, '2', { request: 'Muộn' })),
      ).toBe('layer-deadline');
      // Đăk Kôi was asked nothing: its second pass is open at once.
      await rounds.putLayer(appraiser, ROUND, koi.unit.id, 'appraised', { entries: koi.entries });
      // Đăk Ruồng was asked: its second pass waits for its explanations.
      const second = () =>
        rounds.putLayer(appraiser, ROUND, ruong.unit.id, 'appraised', { entries: withArea1('22,1') });
      expect(await refusalCode(second())).toBe('phase-not-open');
      await rounds.explain(unitOf(ruong), ROUND, ruong.unit.id, '1', {
        text: 'Kế hoạch số 12/KH-UBND ban hành đúng hạn; gửi kèm văn bản',
      });
      const closed = await rounds.closeExplanations(unitOf(ruong), ROUND, ruong.unit.id);
      expect(closed.unitStates.find((unit) => unit.id === ruong.unit.id)?.explanationsClosed).toEqual({
        at: '2022-01-26T00:00:00.000Z',
        key: ruong.unit.name,
      });
      expect(
        await refusalCode(rounds.explain(unitOf(ruong), ROUND, ruong.unit.id, '1', { text: 'Thêm' })),
      ).toBe('explanations-closed');
      // The second pass starts from the first and restores half of what it took.
      expect((await second()).result.achieved).toBe('76.65');
      // The admin reopens the explanations, with the reason kept for the unit.
      await rounds.reopenExplanations(admin, ROUND, ruong.unit.id, 'Bổ sung văn bản');
      await rounds.explain(unitOf(ruong), ROUND, ruong.unit.id, '1', { text: 'Bổ sung' });
      const events = await rounds.roundEvents(unitOf(ruong), ROUND);
      expect(events.map((event) => event.kind === 'reopen' && [event.phase, event.reason])).toEqual([
        ['explanation', 'Bổ sung văn bản'],
      ]);
      // Reopened, the unit's explanations are its phase again: the second pass waits.
      expect(await refusalCode(second())).toBe('phase-not-open');
      await rounds.closeExplanations(unitOf(ruong), ROUND, ruong.unit.id);
    });

    it('ranks by the last pass with the first beside it, or by the first when asked', async () => {
      const last = await rounds.results(admin, ROUND);
      const ruongResult = last.results.find((result) => result.unit.id === ruong.unit.id)!;
      // The second pass is the reference's own entries: its figures are the reference's, scored.
      expect(ruongResult.achieved).toBe(referenceOf(ruong).achieved);
      expect(ruongResult.index).toBe(referenceOf(ruong).index);
      expect(ruongResult.firstPass?.achieved).toBe('75.65');
      expect(ruongResult.self?.achieved).toBe('77.65');
      const firstPass = await rounds.results(admin, ROUND, 'appraised-1');
      expect(firstPass.results.find((result) => result.unit.id === ruong.unit.id)?.achieved).toBe('75.65');
      expect(
        (await rounds.getRound(admin, ROUND)).unitStates.map((unit) => [unit.id, unit.firstPass?.revision]),
      ).toEqual([
        [ruong.unit.id, 1],
        [koi.unit.id, 1],
      ]);
    });

    it('publishes a unit the second pass left untouched with the first pass copied, kept in its history', async () => {
      const other = 'hai-lan-sao-chep';
      clock = new Date('2022-01-10T00:00:00Z');
      await rounds.putRound(admin, other, round(2, DEADLINES));
      for (const commune of [ruong, koi]) {
        await rounds.putLayer(unitOf(commune), other, commune.unit.id, 'self', { entries: commune.entries });
        await rounds.submit(unitOf(commune), other, commune.unit.id);
        await rounds.putLayer(appraiser, other, commune.unit.id, 'appraised-1', { entries: commune.entries });
      }
      clock = new Date('2022-02-01T00:00:00Z');
      await rounds.publish(admin, other);
      const history = await rounds.history(admin, other, koi.unit.id);
      expect(history.map((revision) => [revision.layer, revision.revision, revision.key])).toEqual([
        ['self', 1, koi.unit.name],
        ['appraised-1', 1, appraiser.name],
        ['appraised', 1, admin.name],
      ]);
      const published = await rounds.results(admin, other);
      expect(published.results.map((result) => [result.unit.id, result.index])).toEqual(
        [ruong, koi]
          .map((commune) => [commune.unit.id, referenceOf(commune).index])
          .sort((a, b) => Number(b[1]) - Number(a[1])),
      );
    });

    it('exports and imports both passes and the closings; a one-pass round has no first pass', async () => {
      const exported = await rounds.exportRound(admin, ROUND);
      expect(exported.explanationClosures?.map((closure) => closure.unit)).toEqual([ruong.unit.id]);
      await rounds.importRound(admin, 'hai-lan-nhap', exported);
      expect(await rounds.results(admin, 'hai-lan-nhap')).toEqual(await rounds.results(admin, ROUND));
      const imported = await rounds.getRound(admin, 'hai-lan-nhap');
      expect(imported.unitStates.find((unit) => unit.id === ruong.unit.id)?.explanationsClosed?.at).toBe(
        '2022-01-26T00:00:00.000Z',
      );

      clock = new Date('2022-01-10T00:00:00Z');
      await rounds.putRound(admin, 'mot-lan', round(1, { self: '2022-01-20', appraisal: '2022-01-31' }));
      await rounds.putLayer(unitOf(koi), 'mot-lan', koi.unit.id, 'self', { entries: koi.entries });
      expect(
        await refusalCode(
          rounds.putLayer(appraiser, 'mot-lan', koi.unit.id, 'appraised-1', { entries: koi.entries }),
        ),
      ).toBe('single-pass');
      const one = await rounds.exportRound(admin, 'mot-lan');
      expect('explanationClosures' in one).toBe(false);
      expect('firstPass' in (await rounds.getRound(admin, 'mot-lan')).unitStates[0]!).toBe(false);
      // A first pass smuggled into a one-pass round's export is refused, naming where.
      const smuggled = {
        ...one,
        revisions: [...one.revisions, { ...one.revisions[0]!, layer: 'appraised-1' as const }],
      };
      expect(await refusalCode(rounds.importRound(admin, 'mot-lan-2', smuggled))).toBe('export-inconsistent');
    });
  });

for (const store of STORES)
  describe(`an export made before two passes, on ${store.name}`, { timeout: 60_000 }, () => {
    it('imports and reads unchanged: the same export again, the same published results', async () => {
      // Written by the rounds of commit f9c281d (one pass only): a published round of three communes
      // with a reopening, an explanation and a deadline moved.
      const before = JSON.parse(
        readFileSync(new URL('./fixtures/one-pass-export-before-two-passes.json', import.meta.url), 'utf8'),
      );
      const rounds = await openRounds({ sql: await store.open() });
      try {
        await rounds.importRound(admin, 'kon-ray-2021', before);
        expect(await rounds.exportRound(admin, 'kon-ray-2021')).toEqual(before);
        expect((await rounds.results(admin, 'kon-ray-2021')).results).toEqual(before.round.published.results);
        const view = await rounds.getRound(admin, 'kon-ray-2021');
        expect(view.passes).toBeUndefined();
        expect(view.unitStates.every((unit) => !('firstPass' in unit))).toBe(true);
      } finally {
        await rounds.close();
        await store.drop?.();
      }
    });
  });

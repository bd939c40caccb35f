import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openRounds, type Rounds, roundsWhenOpen } from './rounds.js';
import { criteriaSetTag } from './setup.js';
import { inSchema, openEmbedded, openServer, type SqlClient } from './sql.js';
import { refusal, refusalCode, STORES, serverUrl } from './test-stores.js';

const admin: Caller = { name: 'sở nội vụ', role: { kind: 'admin' } };
const appraiser: Caller = { name: 'tổ thẩm định', role: { kind: 'appraiser' } };
const unitKey = (unit: string): Caller => ({ name: `xã ${unit}`, role: { kind: 'unit', unit } });

const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
/** A round of the two communes, its deadlines after the clock. */
const COMMUNE_ROUND = {
  title: 'Đánh giá CCHC năm 2021',
  period: 2021,
  authority: { name: 'UBND huyện Kon Rẫy' },
  units: [first!, second!].map((commune) => ({
    id: commune.unit.id,
    name: commune.unit.name,
    criteriaSet: communeSet!.id,
  })),
  deadlines: { self: '2022-01-20', explanation: '2022-01-25', appraisal: '2022-01-31' },
};
/** A commune's published scores as a document the round completes (no set, unit, period or layer). */
const scoresOf = (commune: typeof first) => ({ entries: commune!.entries });

let clock = new Date('2022-01-10T00:00:00Z');
const WRITES_PER_WRITER = Number(process.env['ROUNDS_WRITES_PER_WRITER'] ?? 500);

describe.each(STORES)('rounds on $name', (store) => {
  let sql: SqlClient;
  let rounds: Rounds;

  beforeAll(async () => {
    sql = await store.open();
    rounds = await openRounds({ sql, now: () => clock });
    await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  }, 60_000);
  afterAll(async () => {
    await rounds.close();
    await store.drop?.();
  });

  /** A new round of the two communes (COMMUNE_ROUND) under `id`. */
  async function newRound(id: string) {
    await rounds.putRound(admin, id, COMMUNE_ROUND);
    return id;
  }

  describe('rules', { timeout: 30_000 }, () => {
    it('keeps every write of a layer as a revision, and refuses one that did not start from the current', async () => {
      const round = await newRound('r-revisions');
      const unit = first!.unit.id;
      const one = await rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first));
      // 79,3 as the report publishes for UBND xã Đăk Tô Re.
      expect([one.revision, one.result.achieved]).toEqual([1, '79.3']);
      expect(await refusal(rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first), 0))).toBe(
        'precondition-failed',
      );
      const changed = { entries: { ...first!.entries, '1': { score: 0 } } };
      const two = await rounds.putLayer(unitKey(unit), round, unit, 'self', changed, 1);
      expect(two.revision).toBe(2);
      expect((await rounds.getLayer(admin, round, unit, 'self', 1)).result.achieved).toBe('79.3');
      expect((await rounds.getLayer(unitKey(unit), round, unit, 'self')).revision).toBe(2);
      expect(await rounds.history(admin, round, unit)).toMatchObject([
        { revision: 1, layer: 'self', key: `xã ${unit}` },
        { revision: 2, layer: 'self', changes: ['1'] },
      ]);
    });

    it('stores no revision for a write that says what is stored, however its numbers are written', async () => {
      const round = await newRound('r-unchanged');
      const unit = first!.unit.id;
      const one = await rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first));
      // The same values typed otherwise: decimals with a comma, as text, as numbers; keys in another order.
      const retyped = Object.fromEntries(
        Object.entries(first!.entries as unknown as Record<string, Record<string, unknown>>)
          .reverse()
          .map(([code, entry]) => [
            code,
            Object.fromEntries(
              Object.entries(entry).map(([field, value]) => [
                field,
                field === 'score' || field === 'max' ? String(value).replace('.', ',') : value,
              ]),
            ),
          ]),
      );
      const again = await rounds.putLayer(unitKey(unit), round, unit, 'self', { entries: retyped }, 1);
      expect([again.revision, again.unchanged, again.at]).toEqual([1, true, one.at]);
      expect(await rounds.history(admin, round, unit)).toHaveLength(1);
      // A value that does change is a revision, naming only that code.
      const code = Object.keys(retyped)[0]!;
      const changed = { entries: { ...retyped, [code]: { ...retyped[code], note: 'bổ sung' } } };
      const two = await rounds.putLayer(unitKey(unit), round, unit, 'self', changed, 1);
      expect([two.revision, two.unchanged]).toEqual([2, undefined]);
      expect((await rounds.history(admin, round, unit))[1]!.changes).toEqual([code]);
      // `If-Match: *` matches whatever revision there is, and none where there is none.
      await rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first), '*');
      const other = second!.unit.id;
      expect(
        await refusal(rounds.putLayer(unitKey(other), round, other, 'self', scoresOf(second), '*')),
      ).toBe('precondition-failed');
    });

    it('judges an appraiser limited to some criteria by the figures its write changes, not by the entries it names', async () => {
      const round = await newRound('r-limited');
      const unit = first!.unit.id;
      const limited: Caller = { name: 'tổ lĩnh vực 1', role: { kind: 'appraiser', codes: ['1'] } };
      await rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first));
      // The communes' sets are scored by area: area 1 is the code this appraiser may change.
      const codeIn1 = '1';
      // One entry under 1, and every other area at its maximum through `unscored: full`: refused.
      for (const unscored of ['full', 'error'] as const) {
        const refused = await rounds
          .putLayer(limited, round, unit, 'appraised', { unscored, entries: { [codeIn1]: { score: 0 } } })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(RoundsError);
        if (unscored === 'full') expect((refused as RoundsError).message).toMatch(/not .*\b2\b/);
      }
      // The self-assessment copied, with a change in area 1 only: allowed, and its history names the code.
      const copied = { entries: { ...first!.entries, [codeIn1]: { score: 0 } } };
      const appraised = await rounds.putLayer(limited, round, unit, 'appraised', copied);
      expect(appraised.revision).toBe(1);
      // From then on, `unscored: full` with entries of area 2 removed is a change of area 2: refused.
      const withoutArea2 = Object.fromEntries(
        Object.entries(copied.entries).filter(([code]) => code !== '2'),
      );
      expect(
        await refusal(
          rounds.putLayer(limited, round, unit, 'appraised', { unscored: 'full', entries: withoutArea2 }),
        ),
      ).toBe('forbidden');
    });

    it('takes round ids as unit ids are, keeps the units that have scores, and closes a published round', async () => {
      for (const id of ['đợt 2021', 'a\r\nb', 'x"y', 'a\u202eb', '-a'])
        expect(await refusal(rounds.putRound(admin, id, COMMUNE_ROUND)), id).toBe('invalid-document');
      const round = await newRound('đợt-2021');
      const unit = first!.unit.id;
      await rounds.putLayer(unitKey(unit), round, unit, 'self', scoresOf(first));
      const withoutFirst = { ...COMMUNE_ROUND, units: COMMUNE_ROUND.units.slice(1) };
      expect(await refusal(rounds.putRound(admin, round, withoutFirst))).toBe('conflict');
      const renamed = {
        ...COMMUNE_ROUND,
        units: COMMUNE_ROUND.units.map((entry) => ({ ...entry, name: `${entry.name} (mới)` })),
      };
      await rounds.putRound(admin, round, renamed);
      // Texts follow the core's rule: no NUL, no bidi override, at most 10,000 characters.
      expect(await refusal(rounds.putRound(admin, round, { ...COMMUNE_ROUND, title: 'a\u0000b' }))).toBe(
        'invalid-document',
      );
      expect(await refusal(rounds.explain(appraiser, round, unit, '1', { request: 'x\u0000' }))).toBe(
        'invalid-document',
      );
      const longCause = { entries: { ...first!.entries, '1': { score: 0, cause: 'x'.repeat(10_001) } } };
      expect(await refusal(rounds.putLayer(unitKey(unit), round, unit, 'self', longCause))).toBe(
        'invalid-document',
      );
      // A unit key sees the rounds it is in; an agency sees results once they are published.
      const stranger: Caller = { name: 'xã khác', role: { kind: 'unit', unit: 'xa-khac' } };
      expect(await refusal(rounds.getRound(stranger, round))).toBe('not-found');
      const agency: Caller = { name: 'Phòng Tài chính', role: { kind: 'agency', agency: 'Phòng Tài chính' } };
      expect(await refusal(rounds.results(agency, round))).toBe('forbidden');
      for (const commune of [first!, second!])
        await rounds.putLayer(appraiser, round, commune.unit.id, 'appraised', scoresOf(commune));
      await rounds.publish(admin, round);
      expect((await rounds.results(agency, round)).results).toHaveLength(2);
      expect(await refusal(rounds.reopen(admin, round, unit))).toBe('locked');
      expect(await refusal(rounds.lock(admin, round, 'self'))).toBe('locked');
      expect(await refusal(rounds.unlock(admin, round, 'self'))).toBe('locked');
    });

    it('lets each key write only what its role allows', async () => {
      const round = await newRound('r-roles');
      const [a, b] = [first!.unit.id, second!.unit.id];
      expect(await refusal(rounds.putLayer(unitKey(a), round, b, 'self', scoresOf(second)))).toBe(
        'forbidden',
      );
      expect(await refusal(rounds.putLayer(appraiser, round, a, 'self', scoresOf(first)))).toBe('forbidden');
      expect(await refusal(rounds.putLayer(unitKey(a), round, a, 'appraised', scoresOf(first)))).toBe(
        'forbidden',
      );
      expect(await refusal(rounds.getLayer(unitKey(a), round, b, 'self'))).toBe('forbidden');
      expect(await refusal(rounds.lock(appraiser, round, 'self'))).toBe('forbidden');
      const limited: Caller = { name: 'tổ 1', role: { kind: 'appraiser', codes: ['2'] } };
      await rounds.putLayer(appraiser, round, a, 'appraised', scoresOf(first));
      const inArea2 = { entries: { ...first!.entries, '2': { score: 0 } } };
      await rounds.putLayer(limited, round, a, 'appraised', inArea2);
      const inArea1 = { entries: { ...inArea2.entries, '1': { score: 0 } } };
      expect(await refusal(rounds.putLayer(limited, round, a, 'appraised', inArea1))).toBe('forbidden');
    });

    it('closes a layer at its deadline, under a lock, and to a unit that submitted until an admin reopens it', async () => {
      const round = await newRound('r-closing');
      const unit = first!.unit.id;
      const write = (who: Caller) => rounds.putLayer(who, round, unit, 'self', scoresOf(first));
      await write(unitKey(unit));
      await rounds.submit(unitKey(unit), round, unit);
      expect(await refusal(write(unitKey(unit)))).toBe('locked');
      expect((await rounds.getRound(admin, round)).unitStates[0]!.submitted).not.toBeNull();
      await rounds.reopen(admin, round, unit);
      await write(unitKey(unit));
      await rounds.lock(admin, round, 'self');
      expect(await refusal(write(unitKey(unit)))).toBe('locked');
      await rounds.unlock(admin, round, 'self');
      await write(unitKey(unit));
      const saved = clock;
      // The self deadline is the date 2022-01-20: the end of that day in Vietnam (UTC+7).
      clock = new Date('2022-01-20T16:59:59.999Z'); // 23:59:59.999 on the 20th in Vietnam: the last moment
      try {
        await write(unitKey(unit));
        clock = new Date('2022-01-20T17:00:00Z'); // 00:00 on the 21st in Vietnam: past it
        expect(await refusal(write(unitKey(unit)))).toBe('locked');
        await rounds.putLayer(appraiser, round, unit, 'appraised', scoresOf(first));
      } finally {
        clock = saved;
      }
    });

    it('fills the round in a document, and refuses one that names another unit or period', async () => {
      const round = await newRound('r-documents');
      const unit = first!.unit.id;
      expect(
        await refusal(rounds.putLayer(admin, round, unit, 'self', { ...scoresOf(first), period: 2020 })),
      ).toBe('invalid-document');
      expect(await refusal(rounds.putLayer(admin, round, unit, 'self', first))).toBe('invalid-document'); // layer appraised
      const stored = await rounds.putLayer(admin, round, unit, 'self', { ...first, layer: 'self' });
      expect(stored.document).toMatchObject({ criteriaSet: communeSet!.id, period: '2021', layer: 'self' });
      const broken = { entries: { ...first!.entries, '9.9': { score: 1 } } };
      expect(await refusal(rounds.putLayer(admin, round, unit, 'self', broken))).toBe('invalid-document');
      expect(await refusal(rounds.putLayer(admin, round, 'nowhere', 'self', scoresOf(first)))).toBe(
        'not-found',
      );
    });

    it('publishes only when every unit is appraised, ranks the results, and freezes them', async () => {
      const round = await newRound('r-publish');
      const [a, b] = [first!.unit.id, second!.unit.id];
      await rounds.putLayer(unitKey(a), round, a, 'self', scoresOf(first));
      await rounds.putLayer(appraiser, round, a, 'appraised', scoresOf(first));
      expect(await refusal(rounds.publish(admin, round))).toBe('conflict');
      await rounds.putLayer(appraiser, round, b, 'appraised', scoresOf(second));
      await rounds.publish(admin, round);
      const { results, published } = await rounds.results(unitKey(a), round);
      expect(published).toBe(true);
      expect(results.map((result) => [result.unit.id, result.rank])).toEqual(
        [...results]
          .sort((x, y) => Number(y.index) - Number(x.index))
          .map((result) => [result.unit.id, result.rank]),
      );
      expect(results.find((result) => result.unit.id === a)).toMatchObject({ difference: '0' });
      expect(await refusal(rounds.putLayer(appraiser, round, a, 'appraised', scoresOf(first)))).toBe(
        'locked',
      );
      expect(
        await refusal(rounds.putCriteriaSet(admin, communeSet!.id, { ...communeSet, title: 'Khác' })),
      ).toBe('conflict');
      expect(await rounds.putCriteriaSet(admin, communeSet!.id, communeSet)).toEqual({ created: false });
    });

    it('stores a copy of a set only under a new id, and an edit only over the version it began from, whoever writes between', async () => {
      const draft = { ...communeSet, id: 'xa-nhap-thu', title: 'Bản nháp' };
      expect(await rounds.putCriteriaSet(admin, draft.id, draft, { replacing: null })).toEqual({
        created: true,
      });
      expect(await refusalCode(rounds.putCriteriaSet(admin, draft.id, draft, { replacing: null }))).toBe(
        'set-exists',
      );
      const began = criteriaSetTag(draft);
      // Two admins save their edits of the same version at once: one lands, the other is told, nothing is lost silently.
      const saves = await Promise.allSettled(
        ['Bản của người thứ nhất', 'Bản của người thứ hai'].map((title) =>
          rounds.putCriteriaSet(admin, draft.id, { ...draft, title }, { replacing: began }),
        ),
      );
      expect(saves.filter((save) => save.status === 'fulfilled')).toHaveLength(1);
      const refused = saves.find((save) => save.status === 'rejected') as PromiseRejectedResult;
      expect((refused.reason as RoundsError).code).toBe('set-changed');
      const kept = (await rounds.criteriaSets()).find((set) => set.id === draft.id)!;
      expect(criteriaSetTag(kept.document)).not.toBe(began);
      expect(
        await refusalCode(
          rounds.putCriteriaSet(admin, 'xa-khong-co', { ...draft, id: 'xa-khong-co' }, { replacing: began }),
        ),
      ).toBe('set-changed');
    });

    it('keeps every acknowledged write, numbered without gaps, whatever the order of writers (property)', async () => {
      const round = await newRound('r-property');
      const unit = first!.unit.id;
      let expected = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), async (stale) => {
          for (const useStale of stale) {
            // Each write says something new (a write that changes nothing is no revision).
            const document = {
              entries: { ...first!.entries, '1': { score: 0, note: `lần ${expected + 1}` } },
            };
            const write = rounds.putLayer(
              admin,
              round,
              unit,
              'self',
              document,
              useStale ? expected + 5 : expected,
            );
            if (useStale) expect(await refusal(write)).toBe('precondition-failed');
            else expect((await write).revision).toBe(++expected);
          }
        }),
        { numRuns: 10 },
      );
      const revisions = (await rounds.history(admin, round, unit)).map((entry) => entry.revision);
      expect(revisions).toEqual(Array.from({ length: expected }, (_, at) => at + 1));
    });

    it('exports a round and imports it into another store with every revision, author and time', {
      timeout: 60_000,
    }, async () => {
      const round = await newRound('r-export');
      const [a, b] = [first!.unit.id, second!.unit.id];
      await rounds.putLayer(unitKey(a), round, a, 'self', scoresOf(first));
      await rounds.putLayer(unitKey(a), round, a, 'self', {
        entries: { ...first!.entries, '1': { score: 0 } },
      });
      await rounds.submit(unitKey(a), round, a);
      await rounds.explain(appraiser, round, a, '1', { request: 'Vì sao 0 điểm?' });
      await rounds.explain(unitKey(a), round, a, '1', { text: 'Nhập nhầm.' });
      // A second request replaces the first and its answer as the current one; the record keeps all three.
      await rounds.explain(appraiser, round, a, '1', { request: 'Đề nghị gửi kèm tài liệu.' });
      const [explained] = await rounds.explanations(admin, round, a);
      expect([explained!.answer, explained!.history.map((entry) => `${entry.kind}: ${entry.text}`)]).toEqual([
        null,
        ['request: Vì sao 0 điểm?', 'answer: Nhập nhầm.', 'request: Đề nghị gửi kèm tài liệu.'],
      ]);
      await rounds.putLayer(appraiser, round, a, 'appraised', scoresOf(first));
      await rounds.putLayer(appraiser, round, b, 'appraised', scoresOf(second));
      await rounds.publish(admin, round);
      const exported = await rounds.exportRound(admin, round);
      const elsewhere = await openRounds({ sql: await openEmbedded(), now: () => clock });
      try {
        // Through JSON text, as the backup file is.
        await elsewhere.importRound(admin, round, JSON.parse(JSON.stringify(exported)));
        expect(await elsewhere.exportRound(admin, round)).toEqual(exported);
        expect(await elsewhere.history(admin, round, a)).toEqual(await rounds.history(admin, round, a));
        expect(await elsewhere.results(admin, round)).toEqual(await rounds.results(admin, round));
        expect(await refusal(elsewhere.importRound(admin, round, exported))).toBe('conflict');
        const gap = {
          ...exported,
          revisions: exported.revisions.map((entry) => ({ ...entry, revision: entry.revision + 1 })),
        };
        expect(await refusal(elsewhere.importRound(admin, 'r-gap', gap))).toBe('invalid-document');
        expect(await refusal(elsewhere.exportRound(appraiser, round))).toBe('forbidden');
        expect((await elsewhere.explanations(admin, round, a))[0]!.history).toHaveLength(3);
        // Exports whose parts do not agree: refused with the path of the fault, and nothing stored.
        const [revision] = exported.revisions;
        const broken: [string, unknown, string][] = [
          [
            'a revision of a unit not in the round',
            { ...exported, revisions: [{ ...revision!, unit: 'xa-khac' }] },
            'revisions.0.unit',
          ],
          [
            'a document that does not score',
            {
              ...exported,
              revisions: [
                { ...revision!, document: { ...revision!.document, entries: { '9.9': { score: 1 } } } },
              ],
            },
            'revisions.0.document.entries.9.9',
          ],
          [
            'a revision given twice',
            { ...exported, revisions: [revision!, revision!] },
            'revisions.1.revision',
          ],
          [
            'a revision past what a store holds',
            { ...exported, revisions: [{ ...revision!, revision: 2 ** 31 }] },
            'revisions.0.revision',
          ],
          [
            'a NUL in a name',
            { ...exported, revisions: [{ ...revision!, key: 'a\u0000b' }] },
            'revisions.0.key',
          ],
          [
            'a set under another id',
            { ...exported, criteriaSets: exported.criteriaSets.map((set) => ({ ...set, id: 'khac' })) },
            'criteriaSets.0.id',
          ],
          [
            'published results that are not results',
            {
              ...exported,
              round: {
                ...exported.round,
                published: { ...exported.round.published!, results: [{ rác: 1 }] },
              },
            },
            'round.published.results.0',
          ],
        ];
        for (const [what, document, path] of broken) {
          const error = (await elsewhere
            .importRound(admin, 'r-broken', document)
            .catch((found: unknown) => found)) as RoundsError;
          expect([what, error.kind, error.issues.map((found) => found.path.join('.'))]).toEqual([
            what,
            'invalid-document',
            expect.arrayContaining([path]),
          ]);
        }
        expect(await refusal(elsewhere.getRound(admin, 'r-broken'))).toBe('not-found');
      } finally {
        await elsewhere.close();
      }
    });

    it('keeps every write acknowledged to 8 writers at once, and changes nothing for a stale one', {
      timeout: 600_000,
    }, async () => {
      const round = await newRound('r-concurrent');
      const layers = [
        { unit: first!.unit.id, layer: 'self', who: unitKey(first!.unit.id) },
        { unit: second!.unit.id, layer: 'appraised', who: appraiser },
      ] as const;
      const acknowledged = new Map<string, number[]>(layers.map((target) => [target.layer, []]));
      let stale = 0;
      // Writers 0–3 on one layer, 4–7 on another: each writes with the revision it last saw (about 5 s a
      // store here for 8 × 500; ROUNDS_WRITES_PER_WRITER sets another size).
      const writer = async (index: number) => {
        const target = layers[index % 2]!;
        let seen = 0;
        for (let write = 0; write < WRITES_PER_WRITER; write++) {
          // Each write says something new (one that changes nothing is no revision): its writer and number.
          const entries = {
            ...first!.entries,
            '1': { score: (index + write) % 2, note: `${index}.${write}` },
          };
          try {
            const stored = await rounds.putLayer(
              target.who,
              round,
              target.unit,
              target.layer,
              { entries },
              seen,
            );
            acknowledged.get(target.layer)!.push(stored.revision);
            seen = stored.revision;
          } catch (error) {
            if (!(error instanceof RoundsError) || error.kind !== 'precondition-failed') throw error;
            stale++;
            seen = error.details['revision'] as number;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, index) => writer(index)));
      for (const target of layers) {
        const history = (await rounds.history(admin, round, target.unit)).filter(
          (entry) => entry.layer === target.layer,
        );
        const written = acknowledged.get(target.layer)!.sort((a, b) => a - b);
        expect(history.map((entry) => entry.revision)).toEqual(written);
        expect(written).toEqual(Array.from({ length: written.length }, (_, at) => at + 1));
      }
      expect(stale + [...acknowledged.values()].flat().length).toBe(8 * WRITES_PER_WRITER);
      expect(stale).toBeGreaterThan(0); // the writers did run into each other
    });

    it('migrates once: a second run finds nothing to do', async () => {
      expect(await migrate(sql)).toEqual([]);
    });
  });
});

describe('a write to a layer on the embedded store', () => {
  /** `sql`, with the text of every statement run through it or its transactions noted in `seen`. */
  const noting = (sql: SqlClient, seen: string[]): SqlClient => ({
    ...sql,
    query: (text, params) => {
      seen.push(text);
      return sql.query(text, params);
    },
    transaction: (work) => sql.transaction((tx) => work(noting(tx, seen))),
  });

  it('reads the round, the unit’s phase and the layer’s last revision in one statement, and stores in one', async () => {
    // Each statement is a trip to the embedded store's thread: the writes of a round are bound by them.
    const seen: string[] = [];
    const rounds = await openRounds({ sql: noting(await openEmbedded(), seen), now: () => clock });
    try {
      await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
      await rounds.putRound(admin, 'r-statements', COMMUNE_ROUND);
      const unit = first!.unit.id;
      await rounds.putLayer(unitKey(unit), 'r-statements', unit, 'self', scoresOf(first));
      seen.length = 0;
      const changed = { entries: { ...first!.entries, '1': { score: 0 } } };
      const written = await rounds.putLayer(unitKey(unit), 'r-statements', unit, 'self', changed, 1);
      expect(written.revision).toBe(2);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toContain('from cchc_revisions');
      expect(seen[1]).toMatch(/^insert into cchc_revisions/);
      // What it read with the round is the layer's last revision: a write from the one before is refused.
      expect(await refusal(rounds.putLayer(unitKey(unit), 'r-statements', unit, 'self', changed, 1))).toBe(
        'precondition-failed',
      );
    } finally {
      await rounds.close();
    }
  });
});

describe('rounds opened in the background', () => {
  it('wait for the store, and are refused as unavailable when it could not open', async () => {
    const failed = roundsWhenOpen(Promise.reject(new Error('no such server')));
    expect(await refusal(failed.listRounds(admin))).toBe('unavailable');
    // An async function may return them: they are not taken for a promise.
    const returned = await (async () => failed)();
    expect(returned).toBe(failed);
    const opened = roundsWhenOpen(openEmbedded().then((sql) => openRounds({ sql })));
    expect(await opened.listRounds(admin)).toEqual([]);
    await opened.close();
  }, 60_000);

  it('say nothing of why the store failed to a client, and try to open it again after a while', async () => {
    let attempts = 0;
    let time = 0;
    const store = roundsWhenOpen(
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
        return openRounds({ sql: await openEmbedded() });
      },
      { retryAfterMs: 5_000, now: () => time },
    );
    const refused = (await store.listRounds(admin).catch((error: unknown) => error)) as RoundsError;
    expect([refused.kind, refused.message, refused.details]).toEqual([
      'unavailable',
      "the rounds' store is not available now; try again shortly",
      { retryAfterSeconds: 5 },
    ]);
    time = 4_999;
    expect(await refusal(store.listRounds(admin))).toBe('unavailable');
    expect(attempts).toBe(1);
    time = 5_000;
    expect(await store.listRounds(admin)).toEqual([]);
    expect(attempts).toBe(2);
    await store.close();
  }, 60_000);
});

describe('a PostgreSQL server that is down or hung', () => {
  it('is unavailable, said without its address, within the connection time limit', async () => {
    // One that refuses connections, and one that takes them and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      for (const url of ['postgres://cchc@127.0.0.1:1/test', `postgres://cchc@127.0.0.1:${port}/test`]) {
        const sql = await openServer(url);
        const started = Date.now();
        const error = (await sql.query('select 1').catch((found: unknown) => found)) as RoundsError;
        expect([url, error.kind, error.message.includes('127.0.0.1')]).toEqual([url, 'unavailable', false]);
        expect(Date.now() - started).toBeLessThan(8_000);
        await sql.close();
      }
    } finally {
      silent.close();
    }
  }, 30_000);
});

describe('an embedded store’s folder', () => {
  it('is opened by one process at a time, and taken over from a process that no longer runs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cchc-lock-'));
    const lock = join(folder, 'cchc.lock');
    // How a lock names a running process: its id and (Linux) when it started.
    const markOf = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return `${pid} ${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
    };
    try {
      const first = await openEmbedded(folder);
      const mine = readFileSync(lock, 'utf8');
      expect(mine).toBe(markOf(process.pid));
      // What another process sees: the lock names a running process that is not itself.
      writeFileSync(lock, markOf(process.ppid));
      await expect(openEmbedded(folder)).rejects.toThrow(/is open in another process/);
      writeFileSync(lock, mine);
      await first.close();
      expect(existsSync(lock)).toBe(false);
      // Left by a process that was killed, or naming an id another process took since: taken over.
      for (const left of ['2147483646 1', `${process.ppid} 1`]) {
        writeFileSync(lock, left);
        const again = await openEmbedded(folder);
        await again.close();
      }
      expect(readdirSync(folder).filter((name) => name.startsWith('cchc.lock'))).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('is refused when it holds files but no store, never re-created over them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cchc-damaged-'));
    try {
      const store = await openEmbedded(folder);
      await store.close();
      rmSync(join(folder, 'PG_VERSION'));
      await expect(openEmbedded(folder)).rejects.toThrow(/not a sound store \(no PG_VERSION\)/);
      // Nothing was written over the old files, and the folder is free again.
      expect(existsSync(join(folder, 'PG_VERSION'))).toBe(false);
      expect(existsSync(join(folder, 'cchc.lock'))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!serverUrl)('migrations on a PostgreSQL server', () => {
  it('are applied once when two processes start at once: one migrates, the other waits and finds it done', async () => {
    const schema = `cchc_race_${process.pid}_${Date.now()}`;
    const setup = await openServer(serverUrl!);
    await setup.exec(`create schema ${schema}`);
    const url = inSchema(serverUrl!, schema);
    const [a, b] = [await openServer(url), await openServer(url)];
    try {
      const applied = await Promise.all([migrate(a), migrate(b)]);
      expect(applied.map((versions) => versions.length).sort()).toEqual([0, MIGRATIONS.length]);
    } finally {
      await a.close();
      await b.close();
      await setup.exec(`drop schema ${schema} cascade`);
      await setup.close();
    }
  });
});

describe.skipIf(!serverUrl)('moving a round from the embedded store to a PostgreSQL server', () => {
  it('gives the same history and results after export from PGlite and import into the server', {
    timeout: 60_000,
  }, async () => {
    const schema = `cchc_move_${process.pid}_${Date.now()}`;
    const setup = await openServer(serverUrl!);
    await setup.exec(`create schema ${schema}`);
    const embedded = await openRounds({ sql: await openEmbedded(), now: () => clock });
    const server = await openRounds({
      sql: await openServer(inSchema(serverUrl!, schema)),
      now: () => clock,
    });
    try {
      await embedded.putCriteriaSet(admin, communeSet!.id, communeSet);
      await embedded.putRound(admin, 'move', COMMUNE_ROUND);
      for (const commune of [first!, second!]) {
        await embedded.putLayer(admin, 'move', commune.unit.id, 'self', scoresOf(commune));
        await embedded.putLayer(appraiser, 'move', commune.unit.id, 'appraised', scoresOf(commune));
      }
      await embedded.publish(admin, 'move');
      const exported = JSON.parse(JSON.stringify(await embedded.exportRound(admin, 'move')));
      await server.importRound(admin, 'move', exported);
      expect(await server.exportRound(admin, 'move')).toEqual(exported);
      expect(await server.results(admin, 'move')).toEqual(await embedded.results(admin, 'move'));
      expect(await server.history(admin, 'move', first!.unit.id)).toEqual(
        await embedded.history(admin, 'move', first!.unit.id),
      );
    } finally {
      await embedded.close();
      await server.close();
      await setup.exec(`drop schema ${schema} cascade`);
      await setup.close();
    }
  });
});

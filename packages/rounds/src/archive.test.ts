import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded } from './sql.js';
import { refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ROUND = 'luu-tru-2021';
const now = () => new Date('2022-01-10T00:00:00Z');

/** A PDF's first bytes and then `size` bytes in all, varied by `seed`. */
function pdf(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let at = 9; at < size; at++) bytes[at] = (at * 31 + seed) % 251;
  return bytes;
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
async function* streamed(bytes: Uint8Array, part = 50_000): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += part) yield bytes.subarray(at, at + part);
}
async function collected(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
/** Where each entry of a tar starts (its header), with its size. */
function entries(archive: Uint8Array): { at: number; size: number }[] {
  const found: { at: number; size: number }[] = [];
  for (let at = 0; at + 512 <= archive.byteLength && archive[at] !== 0; ) {
    const size = Number.parseInt(Buffer.from(archive.subarray(at + 124, at + 135)).toString(), 8);
    found.push({ at, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

describe('a round and its files as one archive', { timeout: 120_000 }, () => {
  let source: Rounds;
  let archive: Buffer;
  const files = [pdf(1_300_000, 1), pdf(700, 2)];
  beforeAll(async () => {
    source = await openRounds({ sql: await openEmbedded(), now });
    await source.putCriteriaSet(admin, communeSet!.id, communeSet);
    await source.putRound(admin, ROUND, {
      title: 'Đánh giá CCHC năm 2021',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [first!, second!].map((unit) => ({
        id: unit.unit.id,
        name: unit.unit.name,
        criteriaSet: communeSet!.id,
      })),
      deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
    });
    // The same decision in both communes' libraries: one entry in the archive.
    for (const unit of [first!, second!])
      await source.putFile(admin, ROUND, unit.unit.id, {
        name: 'Quyết định.pdf',
        bytes: streamed(files[0]!),
      });
    await source.putFile(admin, ROUND, first!.unit.id, { name: 'Báo cáo.pdf', bytes: streamed(files[1]!) });
    archive = await collected(await source.exportArchive(admin, ROUND));
    // A new embedded store and 2.6 MB of files: seconds on a busy machine, more than the 10 s default once.
  }, 60_000);
  afterAll(() => source.close());

  it('is a plain tar: round.json first, then each file once by its hash', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cchc-archive-'));
    try {
      writeFileSync(join(folder, 'dot.tar'), archive);
      const listed = spawnSync('tar', ['-tf', join(folder, 'dot.tar')], { encoding: 'utf8' });
      if (listed.error) return; // no tar tool on this machine: the entries are checked below all the same
      expect(listed.stdout.trim().split('\n')).toEqual([
        'round.json',
        ...[...new Set(files.map((bytes) => `files/${sha(bytes)}`))],
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(entries(archive).map((entry) => entry.size)).toEqual([
      expect.any(Number),
      files[0]!.byteLength,
      files[1]!.byteLength,
    ]);
  });

  it('sweeps a day later the files of an archive whose round was refused', async () => {
    const sql = await openEmbedded();
    const refused = await openRounds({ sql, now });
    const damaged = Buffer.from(archive);
    damaged[entries(archive)[2]!.at + 600]! ^= 0xff;
    expect(await refusalCode(refused.importArchive(admin, ROUND, streamed(damaged)))).toBe(
      'file-hash-mismatch',
    );
    const stored = async () =>
      (await sql.query<{ count: number }>('select count(*)::int as count from cchc_files'))[0]!.count;
    // The large file came whole before the damaged one: kept, named by no round.
    expect(await stored()).toBe(1);
    await openRounds({ sql, now: () => new Date(now().getTime() + 23 * 3600_000) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stored()).toBe(1);
    await openRounds({ sql, now: () => new Date(now().getTime() + 25 * 3600_000) });
    for (let tries = 0; (await stored()) > 0 && tries < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await stored()).toBe(0);
    expect((await sql.query('select upload from cchc_file_chunks')).length).toBe(0);
    await sql.close();
  });

  for (const store of STORES)
    describe(`imported into an empty ${store.name}`, () => {
      let target: Rounds;
      beforeAll(async () => {
        target = await openRounds({ sql: await store.open(), now });
      });
      afterAll(async () => {
        await target.close();
        await store.drop?.();
      });
      const importing = (bytes: Uint8Array, round = ROUND) =>
        target.importArchive(admin, round, streamed(bytes, 7_000));

      it('refuses a damaged file, a file missing, a cut-off archive and a stranger entry, importing nothing', async () => {
        const [round, big] = entries(archive);
        const damaged = Buffer.from(archive);
        damaged[big!.at + 512 + 100_000]! ^= 0xff;
        expect(await refusalCode(importing(damaged))).toBe('file-hash-mismatch');
        // The round alone, then the end: the files it lists never came.
        const alone = Buffer.concat([archive.subarray(0, big!.at), Buffer.alloc(1024)]);
        expect(await refusalCode(importing(alone))).toBe('export-files-missing');
        expect(await refusalCode(importing(archive.subarray(0, big!.at + 512 + 4096)))).toBe(
          'archive-malformed',
        );
        // A header whose name was changed: its checksum no longer matches; made whole again, its name is wrong.
        const renamed = Buffer.from(archive);
        renamed.write('round.yaml', round!.at);
        expect(await importing(renamed).catch((error: unknown) => error)).toMatchObject({
          code: 'archive-malformed',
          params: { problem: 'an entry header is damaged (its checksum does not match)' },
        });
        renamed.write('      \0 ', round!.at + 148);
        let sum = 0;
        for (let at = round!.at; at < round!.at + 512; at++)
          sum += at >= round!.at + 148 && at < round!.at + 156 ? 32 : renamed[at]!;
        renamed.write(`${sum.toString(8).padStart(6, '0')}\0 `, round!.at + 148);
        expect(await importing(renamed).catch((error: unknown) => error)).toMatchObject({
          code: 'archive-malformed',
          params: { problem: "the archive's first entry must be round.json" },
        });
        expect(await refusalCode(importing(new TextEncoder().encode('{"round":{}}')))).toBe(
          'archive-malformed',
        );
        expect(await target.listRounds(admin)).toEqual([]);
      });

      it('gives the same round and the same files, byte for byte', async () => {
        await importing(archive);
        for (const unit of [first!, second!]) {
          const [copied, original] = await Promise.all([
            target.unitFiles(admin, ROUND, unit.unit.id),
            source.unitFiles(admin, ROUND, unit.unit.id),
          ]);
          expect(copied).toEqual(original);
          for (const file of original) {
            const [copy, kept] = await Promise.all([
              collected((await target.readFile(admin, ROUND, unit.unit.id, file.hash)).chunks),
              collected((await source.readFile(admin, ROUND, unit.unit.id, file.hash)).chunks),
            ]);
            expect(copy.equals(kept)).toBe(true);
          }
        }
        expect(await target.exportRound(admin, ROUND)).toEqual(await source.exportRound(admin, ROUND));
        // Twice: the round is there already, refused before the files are read; and the id it was exported
        // with is the one taken when none is given.
        expect(await refusalCode(importing(archive))).toBe('round-exists');
        expect(await refusalCode(target.importArchive(admin, undefined, streamed(archive)))).toBe(
          'round-exists',
        );
        expect(
          await refusalCode(
            target.importArchive(
              { name: 'Xã', role: { kind: 'unit', unit: first!.unit.id } },
              ROUND,
              streamed(archive),
            ),
          ),
        ).toBe('admin-only');
      });
    });
});

import { createHash } from 'node:crypto';
import { konRay2021 } from '@cchc/examples';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded, type SqlClient } from './sql.js';
import { refusal, refusalCode, STORES } from './test-stores.js';

const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
const appraiser: Caller = { name: 'Tổ thẩm định', role: { kind: 'appraiser' } };
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const commune: Caller = { name: first!.unit.name, role: { kind: 'unit', unit: first!.unit.id } };
const ROUND = 'tep-2021';
const UNIT = first!.unit.id;

/** A PDF's first bytes and then `size` bytes in all, varied so that no two sizes share a hash. */
function pdf(size: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let at = 9; at < size; at++) bytes[at] = (at * 31 + seed) % 251;
  return bytes;
}
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1,
  8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Bytes as an upload streams them, in parts of `part` bytes. */
async function* streamed(bytes: Uint8Array, part = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += part) yield bytes.subarray(at, at + part);
}
async function collected(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

for (const store of STORES)
  describe(`evidence files on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    let sql: SqlClient;
    const chunksLeft = async () =>
      Number(
        (
          await sql.query<{ count: number }>(
            'select count(*)::int as count from cchc_file_chunks where upload not in (select upload from cchc_files)',
          )
        )[0]!.count,
      );
    beforeAll(async () => {
      sql = await store.open();
      rounds = await openRounds({
        sql,
        now: () => new Date('2022-01-10T00:00:00Z'),
        files: { fileBytes: 3 * 1024 * 1024, unitBytes: 6 * 1024 * 1024, unitFiles: 50 },
      });
      await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
      await rounds.putRound(admin, ROUND, {
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
    }, 60_000);
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('stores a file streamed in, in chunks, and gives back the same bytes; the same bytes again are the same file', async () => {
      const bytes = pdf(2.5 * 1024 * 1024);
      const stored = await rounds.putFile(commune, ROUND, UNIT, {
        name: 'Ke hoach CCHC 2021.pdf'.normalize('NFD'),
        bytes: streamed(bytes),
      });
      expect(stored).toMatchObject({
        hash: sha256(bytes),
        size: bytes.byteLength,
        type: 'application/pdf',
        name: 'Ke hoach CCHC 2021.pdf',
        by: commune.name,
        layer: 'self',
        created: true,
      });
      const read = await rounds.readFile(appraiser, ROUND, UNIT, stored.hash);
      expect(sha256(await collected(read.chunks))).toBe(stored.hash);
      // Uploaded again under another name, with its hash said: one file, the newer name.
      const again = await rounds.putFile(admin, ROUND, UNIT, {
        name: 'Kế hoạch CCHC năm 2021.pdf',
        bytes: streamed(bytes, 1000),
        hash: stored.hash,
      });
      expect(again).toMatchObject({ hash: stored.hash, created: false, name: 'Kế hoạch CCHC năm 2021.pdf' });
      expect((await rounds.unitFiles(commune, ROUND, UNIT)).map((file) => file.name)).toEqual([
        'Kế hoạch CCHC năm 2021.pdf',
      ]);
      const [{ count }] = (await sql.query<{ count: number }>(
        'select count(*)::int as count from cchc_files',
      )) as [{ count: number }];
      expect(count).toBe(1);
      expect(await chunksLeft()).toBe(0);
    });

    it('judges a file by its bytes and refuses what is not evidence, storing nothing of it', async () => {
      const put = (name: string, bytes: Uint8Array, hash?: string) =>
        refusalCode(
          rounds.putFile(commune, ROUND, UNIT, { name, bytes: streamed(bytes), ...(hash ? { hash } : {}) }),
        );
      const html = new TextEncoder().encode('<!DOCTYPE html><html><script>alert(1)</script></html>');
      const exe = new Uint8Array(4096);
      exe.set([0x4d, 0x5a]);
      exe.set(new TextEncoder().encode('PE\0\0'), 0x80);
      exe[0x3c] = 0x80;
      expect(await put('bao-cao.pdf', html)).toBe('file-type');
      expect(await put('bao-cao.pdf', exe)).toBe('file-type');
      expect(await put('anh-chup.pdf', PNG)).toBe('file-type-name');
      expect(await put('trong.pdf', new Uint8Array())).toBe('file-empty');
      expect(await put('lon.pdf', pdf(3 * 1024 * 1024 + 1))).toBe('file-too-large');
      expect(await put('../../etc/passwd.pdf', pdf(100))).toBe('file-name');
      expect(await put('bao\u202Efdp.exe', pdf(100))).toBe('file-name');
      expect(await put('dong\nmoi.pdf', pdf(100))).toBe('file-name');
      expect(await put('sai-ma.pdf', pdf(100), 'a'.repeat(64))).toBe('file-hash-mismatch');
      expect(
        await refusal(
          rounds.putFile(commune, ROUND, UNIT, { name: 'x.pdf', bytes: streamed(pdf(10)), hash: 'ABC' }),
        ),
      ).toBe('invalid-document');
      // A picture named as what it is, is evidence.
      expect(
        (await rounds.putFile(commune, ROUND, UNIT, { name: 'anh-chup.png', bytes: streamed(PNG) })).type,
      ).toBe('image/png');
      expect(await chunksLeft()).toBe(0);
    });

    it('refuses a document that unpacks to far more than it is (a zip bomb), and takes a real one', async () => {
      const docx = zipSync({
        '[Content_Types].xml': strToU8(
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
        'word/document.xml': strToU8('<w:document/>'),
      });
      const stored = await rounds.putFile(commune, ROUND, UNIT, {
        name: 'bien-ban.docx',
        bytes: streamed(docx),
      });
      expect(stored.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      // The same document whose directory says one entry unpacks to 4 GB.
      const bomb = docx.slice();
      const view = new DataView(bomb.buffer);
      for (let at = bomb.byteLength - 22; at >= 0; at--)
        if (view.getUint32(at, true) === 0x02014b50) {
          view.setUint32(at + 24, 0xfffffffe, true);
          break;
        }
      expect(
        await refusalCode(rounds.putFile(commune, ROUND, UNIT, { name: 'bom.docx', bytes: streamed(bomb) })),
      ).toBe('file-zip-bomb');
      expect(await chunksLeft()).toBe(0);
      await rounds.putLayer(admin, ROUND, UNIT, 'self', { entries: first!.entries });
      await rounds.removeFile(commune, ROUND, UNIT, stored.hash);
    });

    it('stores nothing of an upload cut off half-way', async () => {
      const before = await rounds.unitFiles(admin, ROUND, UNIT);
      async function* cut(): AsyncIterable<Uint8Array> {
        yield* streamed(pdf(1.5 * 1024 * 1024, 7));
        throw new Error('the client went away');
      }
      await expect(
        rounds.putFile(commune, ROUND, UNIT, { name: 'dang-do.pdf', bytes: cut() }),
      ).rejects.toThrow('the client went away');
      expect(await rounds.unitFiles(admin, ROUND, UNIT)).toEqual(before);
      expect(await chunksLeft()).toBe(0);
    });

    it('lets only those who write a unit’s layers upload for it, and those who read it download', async () => {
      const other: Caller = { name: second!.unit.name, role: { kind: 'unit', unit: second!.unit.id } };
      const agency: Caller = { name: 'Phòng Tư pháp', role: { kind: 'agency', agency: 'Phòng Tư pháp' } };
      expect(
        await refusal(rounds.putFile(other, ROUND, UNIT, { name: 'a.pdf', bytes: streamed(pdf(50)) })),
      ).toBe('forbidden');
      expect(
        await refusal(rounds.putFile(agency, ROUND, UNIT, { name: 'a.pdf', bytes: streamed(pdf(50)) })),
      ).toBe('forbidden');
      const [file] = await rounds.unitFiles(admin, ROUND, UNIT);
      expect(await refusal(rounds.readFile(other, ROUND, UNIT, file!.hash))).toBe('forbidden');
      expect(await refusal(rounds.unitFiles(other, ROUND, UNIT))).toBe('forbidden');
      // The appraiser's own evidence is the appraisal's.
      const own = await rounds.putFile(appraiser, ROUND, UNIT, {
        name: 'bien-ban-kiem-tra.png',
        bytes: streamed(PNG),
      });
      expect(own.layer).toBe('appraised');
    });

    it('takes two uploads of the same bytes at once as one file, both acknowledged', async () => {
      const bytes = pdf(1.2 * 1024 * 1024, 3);
      const both = await Promise.all(
        ['quyet-dinh-1.pdf', 'quyet-dinh-2.pdf'].map((name) =>
          rounds.putFile(commune, ROUND, second!.unit.id === UNIT ? UNIT : UNIT, {
            name,
            bytes: streamed(bytes),
          }),
        ),
      );
      expect(new Set(both.map((file) => file.hash))).toEqual(new Set([sha256(bytes)]));
      expect(
        (await rounds.unitFiles(admin, ROUND, UNIT)).filter((file) => file.hash === sha256(bytes)),
      ).toHaveLength(1);
      expect(sha256(await collected((await rounds.readFile(admin, ROUND, UNIT, sha256(bytes))).chunks))).toBe(
        sha256(bytes),
      );
      expect(await chunksLeft()).toBe(0);
    });

    it('lets entries name files of the unit’s library only, and keeps a file an item names', async () => {
      const library = await rounds.unitFiles(commune, ROUND, UNIT);
      const plan = library.find((file) => file.name.startsWith('Kế hoạch'))!;
      const entries = structuredClone(first!.entries) as Record<string, Record<string, unknown>>;
      const [code] = Object.keys(entries);
      entries[code!]!['files'] = [plan.hash];
      await rounds.putLayer(commune, ROUND, UNIT, 'self', { entries });
      entries[code!]!['files'] = [plan.hash, sha256(pdf(77))];
      expect(await refusalCode(rounds.putLayer(commune, ROUND, UNIT, 'self', { entries }))).toBe(
        'files-not-in-library',
      );
      expect(await refusalCode(rounds.removeFile(commune, ROUND, UNIT, plan.hash))).toBe('file-in-use');
      // Taken off the item, then out of the library: still readable through the revision that named it.
      entries[code!]!['files'] = [];
      delete entries[code!]!['files'];
      await rounds.putLayer(commune, ROUND, UNIT, 'self', { entries });
      await rounds.removeFile(commune, ROUND, UNIT, plan.hash);
      expect((await rounds.unitFiles(commune, ROUND, UNIT)).some((file) => file.hash === plan.hash)).toBe(
        false,
      );
      expect((await rounds.readFile(commune, ROUND, UNIT, plan.hash)).file.size).toBe(plan.size);
    });

    it('exports a round’s files as a manifest; another store imports the round once it holds every file', async () => {
      const exported = await rounds.exportRound(admin, ROUND);
      expect(exported.files.length).toBeGreaterThan(0);
      const target = await openRounds({
        sql: await openEmbedded(),
        now: () => new Date('2022-01-10T00:00:00Z'),
      });
      try {
        // A file missing: the whole round is refused, nothing of it stored.
        expect(await refusalCode(target.importRound(admin, ROUND, exported))).toBe('export-files-missing');
        expect(await target.listRounds(admin)).toEqual([]);
        for (const file of exported.files) {
          const { chunks } = await rounds.readFile(admin, ROUND, file.unit, file.hash);
          await target.putFileBytes(admin, { name: file.name, bytes: chunks, hash: file.hash });
        }
        await target.importRound(admin, ROUND, exported);
        expect((await target.unitFiles(admin, ROUND, UNIT)).map((file) => [file.hash, file.name])).toEqual(
          (await rounds.unitFiles(admin, ROUND, UNIT)).map((file) => [file.hash, file.name]),
        );
        for (const file of exported.files) {
          const [copy, original] = await Promise.all([
            collected((await target.readFile(admin, ROUND, file.unit, file.hash)).chunks),
            collected((await rounds.readFile(admin, ROUND, file.unit, file.hash)).chunks),
          ]);
          expect(Buffer.from(copy).equals(Buffer.from(original))).toBe(true);
        }
        // Bytes that are not what the manifest says are refused as they come.
        expect(
          await refusalCode(
            target.putFileBytes(admin, {
              name: 'x.pdf',
              bytes: streamed(pdf(500, 1)),
              hash: exported.files[0]!.hash,
            }),
          ),
        ).toBe('file-hash-mismatch');
      } finally {
        await target.close();
      }
    });

    it('hands files of the library in with an explanation, and keeps them while it names them', async () => {
      const code = String((communeSet!.criteria as { code: string | number }[])[1]!.code);
      await rounds.explain(appraiser, ROUND, UNIT, code, { request: 'Đề nghị gửi báo cáo kiểm tra văn bản' });
      const file = await rounds.putFile(commune, ROUND, UNIT, {
        name: 'bao-cao-kiem-tra.pdf',
        bytes: streamed(pdf(700, 21)),
      });
      expect(
        await refusalCode(
          rounds.explain(commune, ROUND, UNIT, code, { text: 'Đã gửi', files: [sha256(pdf(900, 22))] }),
        ),
      ).toBe('files-not-in-library');
      await rounds.explain(commune, ROUND, UNIT, code, {
        text: 'Gửi kèm báo cáo kiểm tra',
        files: [file.hash],
      });
      const [explanation] = (await rounds.explanations(appraiser, ROUND, UNIT)).filter(
        (found) => found.code === code,
      );
      expect(explanation!.answer!.files).toEqual([file.hash]);
      expect(await refusalCode(rounds.removeFile(commune, ROUND, UNIT, file.hash))).toBe('file-in-use');
    });

    it('names each item’s files for a results workbook, to those who may read the unit', async () => {
      const [file] = await rounds.unitFiles(admin, ROUND, UNIT);
      const entries = structuredClone(first!.entries) as Record<string, Record<string, unknown>>;
      const code = Object.keys(entries).at(-1)!;
      entries[code]!['files'] = [file!.hash];
      await rounds.putLayer(commune, ROUND, UNIT, 'self', { entries });
      expect((await rounds.roundFileNames(admin, ROUND))[UNIT]?.[code]).toEqual([file!.name]);
      const other: Caller = { name: second!.unit.name, role: { kind: 'unit', unit: second!.unit.id } };
      expect(await rounds.roundFileNames(other, ROUND)).toEqual({});
    });

    it('keeps a unit’s library within its limits', async () => {
      // 6 MiB for the unit: 1.2 MiB stored (the 2.5 MiB file was taken out); a 3 MiB file fits once, not twice.
      const roomy = pdf(3 * 1024 * 1024, 11);
      await rounds.putFile(commune, ROUND, UNIT, { name: 'phu-luc.pdf', bytes: streamed(roomy) });
      expect(
        await refusalCode(
          rounds.putFile(commune, ROUND, UNIT, {
            name: 'phu-luc-2.pdf',
            bytes: streamed(pdf(3 * 1024 * 1024, 12)),
          }),
        ),
      ).toBe('unit-files-bytes');
      expect(await chunksLeft()).toBe(0);
    });

    it('refuses a self-assessment to be submitted while an item the set asks evidence for has neither a file nor a note', async () => {
      const withEvidence = {
        ...communeSet!,
        id: 'xa-co-tlkc',
        criteria: (communeSet!.criteria as Record<string, unknown>[]).map((area, position) =>
          position === 0 ? { ...area, requiredEvidence: 'Kế hoạch CCHC năm' } : area,
        ),
      };
      await rounds.putCriteriaSet(admin, withEvidence.id, withEvidence);
      await rounds.putRound(admin, 'tep-tlkc', {
        title: 'Đợt có tài liệu kiểm chứng',
        period: 2021,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: [{ id: UNIT, name: first!.unit.name, criteriaSet: withEvidence.id }],
        deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
      });
      const code = String((communeSet!.criteria as { code: string | number }[])[0]!.code);
      const entries = structuredClone(first!.entries) as Record<string, Record<string, unknown>>;
      await rounds.putLayer(commune, 'tep-tlkc', UNIT, 'self', { entries });
      expect(await refusalCode(rounds.submit(commune, 'tep-tlkc', UNIT))).toBe('evidence-missing');
      const file = await rounds.putFile(commune, 'tep-tlkc', UNIT, {
        name: 'ke-hoach.pdf',
        bytes: streamed(pdf(300, 5)),
      });
      entries[code]!['files'] = [file.hash];
      await rounds.putLayer(commune, 'tep-tlkc', UNIT, 'self', { entries });
      expect((await rounds.submit(commune, 'tep-tlkc', UNIT)).unitStates[0]!.submitted).not.toBeNull();
    });
  });

/**
 * Evidence files (tài liệu kiểm chứng) kept with a round, in its store: one backup holds scores and files
 * together. A file is stored once by its SHA-256 (content-addressed), in chunks of 512 KiB, streamed in and
 * out so that memory stays flat whatever its size; each unit of a round has a library of the files uploaded
 * for it, which its entries name by hash. An upload's chunks are written as they come, outside any
 * transaction (a slow client holds no lock), and become a file only in the transaction that ends it: an
 * upload cut off, refused or killed half-way leaves chunks that nothing names, swept away later.
 */
import { createHash, randomUUID } from 'node:crypto';
import { may, requireMay } from './access.js';
import { appraiserInRound } from './assignments.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import {
  FILE_KINDS,
  fileNameProblem,
  judgedType,
  lastBytesOf,
  unpackedSize,
  ZIP_TAIL_BYTES,
  ZIP_UNPACKED_LIMIT,
} from './file-kinds.js';
import type { Caller } from './keys.js';
import { lockRecord, type SqlClient } from './sql.js';

/** How large files may be, per file and per unit's library in a round. */
export interface FileLimits {
  /** The most bytes of one file (default 20 MiB). */
  readonly fileBytes: number;
  /** The most bytes of one unit's files in a round, each file counted once (default 500 MiB). */
  readonly unitBytes: number;
  /** The most files in one unit's library in a round (default 2,000). */
  readonly unitFiles: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  fileBytes: 20 * 1024 * 1024,
  unitBytes: 500 * 1024 * 1024,
  unitFiles: 2_000,
};

/**
 * The size of a stored chunk: large enough to keep rows few, small enough that the uploads under way, each
 * holding one while it waits its turn, keep the process's memory flat.
 */
export const FILE_CHUNK_BYTES = 512 * 1024;
/** How many chunks are written to the store at once, whatever the number of uploads: the others wait, unread. */
export const FILE_CHUNK_WRITERS = 4;
/** An upload older than this whose chunks no file names was cut off: its chunks are swept. */
const ABANDONED_UPLOAD_MS = 60 * 60 * 1000;
/** A file no library names this long after it was stored is swept. */
const UNNAMED_FILE_MS = 24 * 60 * 60 * 1000;

/** A file of a unit's library in a round. */
export interface UnitFile {
  /** SHA-256 of the bytes, lower-case hex: how entries name the file. */
  readonly hash: string;
  /** The name it was uploaded with, in NFC. */
  readonly name: string;
  readonly size: number;
  /** Its media type, judged by its bytes. */
  readonly type: string;
  /** Who uploaded it, and when. */
  readonly by: string;
  readonly at: string;
  /** Which layer's people uploaded it: the unit's (`self`) or the appraisers' (`appraised`). */
  readonly layer: 'self' | 'appraised';
}

export interface FileMethods {
  /**
   * Stores a file in a unit's library of a round, streamed from `bytes`: those who write the unit's
   * self-assessment (the unit, admin) or appraise it (appraisers). With `hash`, the bytes must be those
   * (`file-hash-mismatch`). The same bytes again are the same file (`created: false`), under the newer name.
   */
  putFile(
    caller: Caller,
    round: string,
    unit: string,
    file: { readonly name: string; readonly bytes: AsyncIterable<Uint8Array>; readonly hash?: string },
  ): Promise<UnitFile & { readonly created: boolean }>;
  /**
   * Stores a file's bytes without a unit's library (admin): how a round's files reach a store before the
   * round is imported there (`importRound` then checks every file its export lists). Answers the file.
   */
  putFileBytes(
    caller: Caller,
    file: { readonly name: string; readonly bytes: AsyncIterable<Uint8Array>; readonly hash?: string },
  ): Promise<{ readonly hash: string; readonly size: number; readonly type: string }>;
  /** A unit's library in a round, oldest first: those who may read the unit. */
  unitFiles(caller: Caller, round: string, unit: string): Promise<UnitFile[]>;
  /**
   * A file of a unit's library, or one its entries named in any revision: its facts, and its bytes chunk by
   * chunk, each read when asked for.
   */
  readFile(
    caller: Caller,
    round: string,
    unit: string,
    hash: string,
  ): Promise<{ readonly file: UnitFile; readonly chunks: AsyncIterable<Uint8Array> }>;
  /**
   * The names of the files each item of a round was handed in with, in the latest revision of each layer, by
   * unit and code: for each unit the caller may read (a results workbook lists them).
   */
  roundFileNames(
    caller: Caller,
    round: string,
  ): Promise<Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>>;
  /**
   * Takes a file out of a unit's library (its bytes stay: revisions that named it still open it). A file an
   * entry of the current layers names is refused (`file-in-use`): take it off those items first.
   */
  removeFile(caller: Caller, round: string, unit: string, hash: string): Promise<void>;
}

export function fileMethods(context: RoundsContext, limits: FileLimits): FileMethods {
  const { sql, now, stamp, loadRound, loadRoundForUnit, unitOf, requireUnpublished } = context;

  /** The layer whose people the caller uploads for: an appraiser's files are the appraisal's. */
  const layerOf = (caller: Caller): 'self' | 'appraised' =>
    caller.role.kind === 'appraiser' ? 'appraised' : 'self';

  const rowOf = (row: FileRow): UnitFile => ({
    hash: row.hash,
    name: row.name,
    size: Number(row.size),
    type: row.type,
    by: row.key_name,
    at: row.at,
    layer: row.layer,
  });

  /** Sweeps the chunks of uploads cut off long ago (a process killed mid-upload leaves them). */
  const sweep = async () => {
    const before = new Date(now().getTime() - ABANDONED_UPLOAD_MS).toISOString();
    await sql.query(
      `delete from cchc_file_chunks where upload in (select upload from cchc_uploads where started_at < $1)
         and upload not in (select upload from cchc_files)`,
      [before],
    );
    await sql.query('delete from cchc_uploads where started_at < $1', [before]);
    // Files no unit's library names, stored a day ago or more: put for an import that was refused or never
    // came (`putFileBytes`, an archive's files before its round).
    const dayBefore = new Date(now().getTime() - UNNAMED_FILE_MS).toISOString();
    await sql.transaction(async (tx) => {
      const gone = await tx.query<{ upload: string }>(
        `delete from cchc_files f where f.stored_at < $1
           and not exists (select 1 from cchc_unit_files u where u.hash = f.hash)
         returning f.upload`,
        [dayBefore],
      );
      if (gone.length > 0)
        await tx.query('delete from cchc_file_chunks where upload = any($1)', [
          gone.map((file) => file.upload),
        ]);
    });
  };
  void sweep().catch(() => undefined);

  // Uploads take turns to write a chunk: one waiting does not read its client further (back-pressure), so
  // twenty uploads at once hold twenty chunks at most, not twenty bodies.
  let writing = 0;
  const turns: (() => void)[] = [];
  const writeChunk = async (write: () => Promise<unknown>) => {
    if (writing >= FILE_CHUNK_WRITERS) await new Promise<void>((resolve) => turns.push(resolve));
    else writing++;
    try {
      await write();
    } finally {
      const next = turns.shift();
      if (next) next();
      else writing--;
    }
  };

  const discard = async (upload: string) => {
    await sql.query(
      'delete from cchc_file_chunks where upload = $1 and upload not in (select upload from cchc_files)',
      [upload],
    );
    await sql.query('delete from cchc_uploads where upload = $1', [upload]);
  };

  /** A file's name as kept, or the refusal of it (and of a malformed hash). */
  const checkedName = (name: string, hash: string | undefined) => {
    const problem = fileNameProblem(name);
    if (problem) throw new RoundsError('file-name', { name: name.slice(0, 200), problem });
    if (hash !== undefined && !/^[0-9a-f]{64}$/.test(hash))
      throw new RoundsError('file-hash', { hash: hash.slice(0, 80) });
    return name.normalize('NFC');
  };

  /**
   * Streams a file's bytes into chunks, judging its type by the first of them and hashing them, then in one
   * transaction makes them a file (unless the same bytes are one already) and does `then` with it. Anything
   * that fails on the way leaves nothing but chunks that nothing names, removed at once.
   */
  async function received<T>(
    name: string,
    bytes: AsyncIterable<Uint8Array>,
    expected: string | undefined,
    then: (tx: SqlClient, file: { hash: string; size: number; type: string }) => Promise<T>,
  ): Promise<T> {
    const upload = randomUUID();
    await sql.query('insert into cchc_uploads (upload, started_at) values ($1, $2)', [upload, stamp()]);
    const hasher = createHash('sha256');
    let size = 0;
    let sequence = 0;
    let type: string | undefined;
    // One chunk's room, filled as the parts come and filled again once the store has taken it: an upload
    // allocates it once, not a new chunk a MiB, and holds no part of its client's after copying it.
    let chunk: Buffer | undefined;
    let filled = 0;
    // The file's last bytes, where a zip (DOCX, XLSX) says what its entries unpack to.
    const tail = lastBytesOf(ZIP_TAIL_BYTES);
    const flush = async () => {
      if (filled === 0) return;
      const bytes = chunk!.subarray(0, filled);
      if (type === undefined) {
        const judged = await judgedType(bytes, name);
        if (judged instanceof RoundsError) throw judged;
        type = judged;
      }
      // The bytes as a binary parameter, never as text: no copy a third larger for the collector to find.
      const seq = sequence++;
      await writeChunk(() =>
        sql.query('insert into cchc_file_chunks (upload, seq, bytes) values ($1, $2, $3)', [
          upload,
          seq,
          bytes,
        ]),
      );
      filled = 0;
    };
    try {
      for await (const part of bytes) {
        size += part.byteLength;
        if (size > limits.fileBytes)
          throw new RoundsError('file-too-large', { name, limit: limits.fileBytes });
        hasher.update(part);
        tail.add(part);
        chunk ??= Buffer.allocUnsafe(FILE_CHUNK_BYTES);
        let offset = 0;
        while (offset < part.byteLength) {
          const take = Math.min(FILE_CHUNK_BYTES - filled, part.byteLength - offset);
          chunk.set(part.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === FILE_CHUNK_BYTES) await flush();
        }
      }
      await flush();
      if (size === 0) throw new RoundsError('file-empty', { name });
      const hash = hasher.digest('hex');
      if (type === FILE_KINDS['docx']!.mime || type === FILE_KINDS['xlsx']!.mime) {
        const unpacked = unpackedSize(tail.bytes());
        if (unpacked !== undefined && unpacked > ZIP_UNPACKED_LIMIT)
          throw new RoundsError('file-zip-bomb', { name, limit: ZIP_UNPACKED_LIMIT });
      }
      if (expected !== undefined && expected !== hash)
        throw new RoundsError('file-hash-mismatch', { expected, hash });
      const file = { hash, size, type: type! };
      const { known, result } = await sql.transaction(async (tx) => {
        await lockRecord(tx, `files/${hash}`);
        const [stored] = await tx.query<{ upload: string }>('select upload from cchc_files where hash = $1', [
          hash,
        ]);
        if (!stored)
          await tx.query(
            'insert into cchc_files (hash, upload, size, type, stored_at) values ($1, $2, $3, $4, $5)',
            [hash, upload, size, file.type, stamp()],
          );
        const result = await then(tx, file);
        await tx.query('delete from cchc_uploads where upload = $1', [upload]);
        return { known: Boolean(stored), result };
      });
      // The same bytes were stored before: this upload's chunks are not needed.
      if (known) await discard(upload);
      return result;
    } catch (error) {
      await discard(upload).catch(() => undefined);
      throw error;
    }
  }

  return {
    async putFile(caller, roundId, unitId, file) {
      const layer = layerOf(caller);
      requireMay(caller, 'write-layer', { unit: unitId, layer });
      const name = checkedName(file.name, file.hash);
      // The round and the unit first: nothing is read from a client that may not write here (an appraiser of
      // a round that assigns appraisers: one assigned this unit).
      await sql.transaction(async (tx) => {
        const round = requireUnpublished(await loadRoundForUnit(tx, roundId, unitId, caller));
        unitOf(round, unitId);
        if (layer === 'appraised') await appraiserInRound(tx, caller, roundId, unitId);
      });
      return received(name, file.bytes, file.hash, async (tx, bytes) => {
        const round = requireUnpublished(await loadRoundForUnit(tx, roundId, unitId, caller));
        unitOf(round, unitId);
        await lockRecord(tx, `${roundId}/${unitId}/files`);
        const [existing] = await tx.query<{ hash: string }>(
          `select hash from cchc_unit_files
             where round_id = $1 and unit_id = $2 and hash = $3 and removed_at is null`,
          [roundId, unitId, bytes.hash],
        );
        if (!existing) await requireRoom(tx, roundId, unitId, bytes.size);
        const at = stamp();
        await tx.query(
          `insert into cchc_unit_files (round_id, unit_id, hash, name, key_name, at, layer, removed_at)
             values ($1, $2, $3, $4, $5, $6, $7, null)
             on conflict (round_id, unit_id, hash)
             do update set name = excluded.name, key_name = excluded.key_name, at = excluded.at,
                           layer = excluded.layer, removed_at = null`,
          [roundId, unitId, bytes.hash, name, caller.name, at, layer],
        );
        return { ...bytes, name, by: caller.name, at, layer, created: !existing };
      });
    },

    async putFileBytes(caller, file) {
      requireMay(caller, 'manage');
      const name = checkedName(file.name, file.hash);
      return received(name, file.bytes, file.hash, async (_tx, bytes) => bytes);
    },

    async roundFileNames(caller, roundId) {
      return sql.transaction(async (tx) => {
        const round = await loadRound(tx, roundId, caller);
        const readable = new Set(
          round.document.units.map((unit) => unit.id).filter((unit) => may(caller, 'read-unit', { unit })),
        );
        const names = new Map(
          (
            await tx.query<{ unit_id: string; hash: string; name: string }>(
              'select unit_id, hash, name from cchc_unit_files where round_id = $1',
              [roundId],
            )
          ).map((row) => [`${row.unit_id}\u0000${row.hash}`, row.name]),
        );
        const latest = await tx.query<{
          unit_id: string;
          document: { entries?: Record<string, { files?: unknown }> };
        }>(
          `select r.unit_id, r.document from cchc_revisions r
             where r.round_id = $1 and r.revision = (select max(revision) from cchc_revisions x
               where x.round_id = r.round_id and x.unit_id = r.unit_id and x.layer = r.layer)`,
          [roundId],
        );
        const byUnit: Record<string, Record<string, string[]>> = {};
        for (const row of latest) {
          if (!readable.has(row.unit_id)) continue;
          for (const [code, entry] of Object.entries(row.document.entries ?? {})) {
            if (!Array.isArray(entry?.files)) continue;
            const unit = byUnit[row.unit_id] ?? {};
            byUnit[row.unit_id] = unit;
            const listed = unit[code] ?? [];
            unit[code] = listed;
            for (const hash of entry.files as string[]) {
              const name = names.get(`${row.unit_id}\u0000${hash}`) ?? hash;
              if (!listed.includes(name)) listed.push(name);
            }
          }
        }
        return byUnit;
      });
    },

    async unitFiles(caller, roundId, unitId) {
      requireMay(caller, 'read-unit', { unit: unitId });
      return sql.transaction(async (tx) => {
        unitOf(await loadRoundForUnit(tx, roundId, unitId, caller), unitId);
        const rows = await tx.query<FileRow>(
          `select u.hash, u.name, f.size, f.type, u.key_name, u.at, u.layer
             from cchc_unit_files u join cchc_files f on f.hash = u.hash
            where u.round_id = $1 and u.unit_id = $2 and u.removed_at is null order by u.at, u.hash`,
          [roundId, unitId],
        );
        return rows.map(rowOf);
      });
    },

    async readFile(caller, roundId, unitId, hash) {
      requireMay(caller, 'read-unit', { unit: unitId });
      const { row, upload, count } = await sql.transaction(async (tx) => {
        unitOf(await loadRoundForUnit(tx, roundId, unitId, caller), unitId);
        const [found] = await tx.query<FileRow & { upload: string; chunks: number }>(
          `select u.hash, u.name, f.size, f.type, u.key_name, u.at, u.layer, f.upload,
                  (select count(*)::int from cchc_file_chunks c where c.upload = f.upload) as chunks
             from cchc_unit_files u join cchc_files f on f.hash = u.hash
            where u.round_id = $1 and u.unit_id = $2 and u.hash = $3`,
          [roundId, unitId, hash],
        );
        if (!found) throw new RoundsError('file-not-found', { hash: hash.slice(0, 80) });
        return { row: found, upload: found.upload, count: found.chunks };
      });
      async function* chunks(): AsyncIterable<Uint8Array> {
        for (let sequence = 0; sequence < count; sequence++) {
          const [chunk] = await sql.query<{ bytes: Uint8Array }>(
            'select bytes from cchc_file_chunks where upload = $1 and seq = $2',
            [upload, sequence],
          );
          if (!chunk) throw new Error(`chunk ${sequence} of file ${hash} is missing`);
          yield chunk.bytes;
        }
      }
      return { file: rowOf(row), chunks: chunks() };
    },

    async removeFile(caller, roundId, unitId, hash) {
      requireMay(caller, 'write-layer', { unit: unitId, layer: layerOf(caller) });
      await sql.transaction(async (tx) => {
        requireUnpublished(await loadRoundForUnit(tx, roundId, unitId, caller));
        await lockRecord(tx, `${roundId}/${unitId}/files`);
        const named = await tx.query<{ layer: string }>(
          `select r.layer from cchc_revisions r
             where r.round_id = $1 and r.unit_id = $2
               and r.revision = (select max(revision) from cchc_revisions x
                                  where x.round_id = r.round_id and x.unit_id = r.unit_id and x.layer = r.layer)
               and exists (select 1 from jsonb_each(r.document->'entries') e
                            where e.value->'files' ? $3)`,
          [roundId, unitId, hash],
        );
        const answered = await tx.query<{ code: string }>(
          `select code from cchc_explanations
             where round_id = $1 and unit_id = $2 and answer is not null and answer->'files' ? $3`,
          [roundId, unitId, hash],
        );
        if (named.length > 0 || answered.length > 0) throw new RoundsError('file-in-use', { hash });
        const removed = await tx.query<{ hash: string }>(
          `update cchc_unit_files set removed_at = $4, removed_by = $5
             where round_id = $1 and unit_id = $2 and hash = $3 and removed_at is null returning hash`,
          [roundId, unitId, hash, stamp(), caller.name],
        );
        if (removed.length === 0) throw new RoundsError('file-not-found', { hash: hash.slice(0, 80) });
      });
    },
  };

  /** Refuses a new file that the unit's library has no room for. */
  async function requireRoom(tx: SqlClient, roundId: string, unitId: string, size: number) {
    const [library] = await tx.query<{ files: number; bytes: string | number }>(
      `select count(*)::int as files, coalesce(sum(f.size), 0) as bytes
         from cchc_unit_files u join cchc_files f on f.hash = u.hash
        where u.round_id = $1 and u.unit_id = $2 and u.removed_at is null`,
      [roundId, unitId],
    );
    if (library!.files + 1 > limits.unitFiles)
      throw new RoundsError('unit-files-full', { unit: unitId, limit: limits.unitFiles });
    if (Number(library!.bytes) + size > limits.unitBytes)
      throw new RoundsError('unit-files-bytes', { unit: unitId, limit: limits.unitBytes });
  }
}

interface FileRow {
  readonly hash: string;
  readonly name: string;
  readonly size: string | number;
  readonly type: string;
  readonly key_name: string;
  readonly at: string;
  readonly layer: 'self' | 'appraised';
}

/** The hashes of the files a layer's entries name. */
export function filesNamed(document: { readonly entries?: Readonly<Record<string, unknown>> }): Set<string> {
  const named = new Set<string>();
  for (const entry of Object.values(document.entries ?? {})) {
    const files = (entry as { files?: unknown } | null)?.files;
    if (Array.isArray(files)) for (const hash of files) if (typeof hash === 'string') named.add(hash);
  }
  return named;
}

/** Refuses a layer whose entries name a file that is not in the unit's library. */
export function requireFilesInLibrary(
  tx: SqlClient,
  roundId: string,
  unitId: string,
  document: { readonly entries?: Readonly<Record<string, unknown>> },
): Promise<void> {
  return requireHashesInLibrary(tx, roundId, unitId, [...filesNamed(document)]);
}

/** Refuses files (by hash) that are not in the unit's library of the round. */
export async function requireHashesInLibrary(
  tx: SqlClient,
  roundId: string,
  unitId: string,
  named: readonly string[],
): Promise<void> {
  if (named.length === 0) return;
  const found = new Set(
    (
      await tx.query<{ hash: string }>(
        'select hash from cchc_unit_files where round_id = $1 and unit_id = $2 and hash = any($3) and removed_at is null',
        [roundId, unitId, named],
      )
    ).map((row) => row.hash),
  );
  const missing = named.filter((hash) => !found.has(hash));
  if (missing.length > 0)
    throw new RoundsError('files-not-in-library', { count: missing.length }, { details: { files: missing } });
}

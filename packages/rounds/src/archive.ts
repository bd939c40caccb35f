/**
 * A round and its evidence as one archive: a plain tar (POSIX ustar) whose first entry, `round.json`, is the
 * round's export, followed by `files/<sha256>`, the bytes of every file the export lists. Any tar tool lists and
 * unpacks it. Both ways stream: the files are read from the store and written to the store chunk by chunk, so
 * that neither side holds a round's files in memory.
 */
import { requireMay } from './access.js';
import type { RoundsContext } from './context.js';
import { RoundsError } from './errors.js';
import { requireRoundId } from './setup.js';
import type { RoundExport } from './transfer-schema.js';
import type { Rounds } from './types.js';

const BLOCK = 512;
/** The name of the archive's first entry, the round's export. */
export const ARCHIVE_ROUND_ENTRY = 'round.json';
const FILE_ENTRY = /^files\/([0-9a-f]{64})$/;
/** The most `round.json` may hold: a round of thousands of units with every revision stays well below. */
export const ARCHIVE_ROUND_BYTES = 64 * 1024 * 1024;

const ascii = new TextEncoder();
const text = new TextDecoder();

/** A ustar header for a regular file `name` of `size` bytes. */
function header(name: string, size: number, modified: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (value: string, offset: number) => block.set(ascii.encode(value), offset);
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(modified, 12), 136);
  put('        ', 148);
  put('0', 156);
  put('ustar\0', 257);
  put('00', 263);
  put(`${checksum(block).toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** The sum of a header's bytes with its checksum field read as spaces. */
function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let at = 0; at < BLOCK; at++) sum += at >= 148 && at < 156 ? 32 : block[at]!;
  return sum;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** The round's export and then every file it lists, once each, as a tar archive's bytes. */
export async function* archiveBytes(
  exported: RoundExport,
  readFile: (file: { unit: string; hash: string }) => Promise<AsyncIterable<Uint8Array>>,
): AsyncIterable<Uint8Array> {
  const modified = Math.floor(Date.now() / 1000);
  const round = ascii.encode(JSON.stringify(exported));
  yield header(ARCHIVE_ROUND_ENTRY, round.byteLength, modified);
  yield round;
  yield new Uint8Array(padding(round.byteLength));
  const seen = new Set<string>();
  for (const file of exported.files) {
    if (seen.has(file.hash)) continue;
    seen.add(file.hash);
    yield header(`files/${file.hash}`, file.size, modified);
    let written = 0;
    for await (const chunk of await readFile(file)) {
      written += chunk.byteLength;
      yield chunk;
    }
    // The store gave other bytes than it listed: an archive that says otherwise would be refused on import.
    if (written !== file.size) throw new Error(`file ${file.hash} has ${written} bytes, not ${file.size}`);
    yield new Uint8Array(padding(file.size));
  }
  yield new Uint8Array(2 * BLOCK);
}

const malformed = (problem: string) => new RoundsError('archive-malformed', { problem });

/** Reads a stream by exact counts of bytes, across however its parts fall. */
class StreamReader {
  private readonly parts: AsyncIterator<Uint8Array>;
  private held: Uint8Array = new Uint8Array(0);

  constructor(source: AsyncIterable<Uint8Array>) {
    this.parts = source[Symbol.asyncIterator]();
  }

  /** The next part of at most `most` bytes; undefined at the stream's end. */
  private async next(most: number): Promise<Uint8Array | undefined> {
    while (this.held.byteLength === 0) {
      const { done, value } = await this.parts.next();
      if (done) return undefined;
      this.held = value;
    }
    const part = this.held.subarray(0, most);
    this.held = this.held.subarray(part.byteLength);
    return part;
  }

  /** Exactly `count` bytes; undefined when the stream ends before the first, refused when it ends inside. */
  async exactly(count: number, what: string): Promise<Uint8Array | undefined> {
    const bytes = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const part = await this.next(count - filled);
      if (part === undefined) {
        if (filled === 0) return undefined;
        throw malformed(`the archive ends inside ${what}`);
      }
      bytes.set(part, filled);
      filled += part.byteLength;
    }
    return bytes;
  }

  /** The next `count` bytes as they come; refused when the stream ends before them. */
  async *take(count: number, what: string): AsyncIterable<Uint8Array> {
    let left = count;
    while (left > 0) {
      const part = await this.next(Math.min(left, 1024 * 1024));
      if (part === undefined) throw malformed(`the archive ends inside ${what}`);
      left -= part.byteLength;
      yield part;
    }
  }
}

/** An archive's next entry: its name and size, or undefined at the end (two zero blocks, or none). */
async function nextEntry(reader: StreamReader): Promise<{ name: string; size: number } | undefined> {
  const block = await reader.exactly(BLOCK, 'a header');
  if (block === undefined || block.every((byte) => byte === 0)) return undefined;
  const field = (offset: number, width: number) => {
    const bytes = block.subarray(offset, offset + width);
    const end = bytes.indexOf(0);
    return text.decode(end === -1 ? bytes : bytes.subarray(0, end));
  };
  if (field(257, 6).trim() !== 'ustar') throw malformed('an entry is not a tar (ustar) header');
  const sum = field(148, 8).trim();
  if (!/^[0-7]{1,7}$/.test(sum) || Number.parseInt(sum, 8) !== checksum(block))
    throw malformed('an entry header is damaged (its checksum does not match)');
  const type = field(156, 1);
  const name = field(0, 100);
  if (type !== '0' && type !== '')
    throw malformed(`entry '${name.slice(0, 100)}' is not a plain file (links and folders are not taken)`);
  const size = field(124, 12).trim();
  if (!/^[0-7]{1,11}$/.test(size)) throw malformed(`entry '${name.slice(0, 100)}' has no readable size`);
  return { name, size: Number.parseInt(size, 8) };
}

async function skipPadding(reader: StreamReader, size: number, what: string) {
  const pad = padding(size);
  if (pad > 0 && (await reader.exactly(pad, what)) === undefined)
    throw malformed(`the archive ends inside ${what}`);
}

export function archiveMethods(
  context: RoundsContext,
  rounds: Pick<Rounds, 'exportRound' | 'importRound' | 'readFile' | 'putFileBytes'>,
): Pick<Rounds, 'exportArchive' | 'importArchive'> {
  return {
    async exportArchive(caller, roundId) {
      const exported = await rounds.exportRound(caller, roundId);
      return archiveBytes(
        exported,
        async (file) => (await rounds.readFile(caller, roundId, file.unit, file.hash)).chunks,
      );
    },

    async importArchive(caller, given, bytes) {
      // The admin's alone, before anything is read (not even whether a round of that id exists).
      requireMay(caller, 'manage');
      if (given !== undefined) requireRoundId(given);
      const reader = new StreamReader(bytes);
      const first = await nextEntry(reader);
      if (first?.name !== ARCHIVE_ROUND_ENTRY)
        throw malformed(`the archive's first entry must be ${ARCHIVE_ROUND_ENTRY}`);
      if (first.size > ARCHIVE_ROUND_BYTES)
        throw malformed(`${ARCHIVE_ROUND_ENTRY} is larger than ${ARCHIVE_ROUND_BYTES} bytes`);
      const round = (await reader.exactly(first.size, ARCHIVE_ROUND_ENTRY)) ?? new Uint8Array(0);
      await skipPadding(reader, first.size, ARCHIVE_ROUND_ENTRY);
      let document: unknown;
      try {
        document = JSON.parse(text.decode(round));
      } catch {
        throw malformed(`${ARCHIVE_ROUND_ENTRY} is not JSON`);
      }
      // The round's id as given, or as it was exported; refused before a byte of the files is read when a
      // round of that id is there already.
      const exportedId = (document as { round?: { id?: unknown } } | null)?.round?.id;
      const roundId = given ?? (typeof exportedId === 'string' ? exportedId : '');
      requireRoundId(roundId);
      const [existing] = await context.sql.query('select id from cchc_rounds where id = $1', [roundId]);
      if (existing) throw new RoundsError('round-exists', { round: roundId });
      // Each file the export lists, by hash: the name it is judged by, and whether it has come.
      const listed = new Map<string, { name: string; size: number; received: boolean }>();
      const files = (document as { files?: unknown } | null)?.files;
      for (const file of Array.isArray(files) ? files : []) {
        const { hash, name, size } = (file ?? {}) as { hash?: unknown; name?: unknown; size?: unknown };
        if (typeof hash === 'string' && typeof name === 'string' && typeof size === 'number')
          listed.set(hash, { name, size, received: false });
      }
      for (let entry = await nextEntry(reader); entry; entry = await nextEntry(reader)) {
        const hash = FILE_ENTRY.exec(entry.name)?.[1];
        const file = hash === undefined ? undefined : listed.get(hash);
        if (hash === undefined || !file || file.received)
          throw malformed(
            `entry '${entry.name.slice(0, 100)}' is not a file ${ARCHIVE_ROUND_ENTRY} lists, or comes twice`,
          );
        if (entry.size !== file.size)
          throw malformed(`file ${hash} has ${entry.size} bytes in the archive, ${file.size} in its list`);
        // Stored under its hash, checked as it streams in (a damaged file is refused, and nothing of it kept).
        await rounds.putFileBytes(caller, {
          name: file.name,
          hash,
          bytes: reader.take(entry.size, `file ${hash}`),
        });
        await skipPadding(reader, entry.size, `file ${hash}`);
        file.received = true;
      }
      // The round last, in one transaction, refused whole (a file listed and not received included).
      return rounds.importRound(caller, roundId, document);
    },
  };
}

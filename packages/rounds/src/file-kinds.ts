/**
 * What a file handed in as evidence is, judged by its bytes and its name: its kind (PDF, Word, Excel, JPEG,
 * PNG), its name as kept, and whether a zip inside it (a DOCX, an XLSX) says it unpacks to too much. The store
 * (files.ts) asks these of each upload as it streams in.
 */
import { fileTypeFromBuffer } from 'file-type';
import { RoundsError } from './errors.js';

/**
 * The kinds of file a unit may hand in, judged by their bytes: PDF, Word, Excel, JPEG, PNG. A legacy Word or
 * Excel file is an OLE compound file whatever it holds, so its name's extension says which it is.
 */
export const FILE_KINDS: Readonly<
  Record<string, { readonly extensions: readonly string[]; readonly mime: string }>
> = {
  pdf: { extensions: ['pdf'], mime: 'application/pdf' },
  docx: {
    extensions: ['docx'],
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  xlsx: { extensions: ['xlsx'], mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  cfb: { extensions: ['doc', 'xls'], mime: 'application/x-cfb' },
  jpg: { extensions: ['jpg', 'jpeg'], mime: 'image/jpeg' },
  png: { extensions: ['png'], mime: 'image/png' },
};
/** The media type a legacy Office file is served with, by its extension. */
const LEGACY_MIME: Readonly<Record<string, string>> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

/** How much of a file's end is kept to read a zip's directory: the directory of a document's few entries. */
export const ZIP_TAIL_BYTES = 64 * 1024;
/**
 * The most a DOCX or XLSX may unpack to: an office document of 20 MB unpacks to some tens of MB; one that says
 * it unpacks to more is a zip bomb, refused before anyone downloads and opens it.
 */
export const ZIP_UNPACKED_LIMIT = 512 * 1024 * 1024;

/**
 * The last `keep` bytes of a stream, held by reference to its last parts and copied once when asked: a copy
 * of each part as it passes would double what an upload allocates.
 */
export function lastBytesOf(keep: number) {
  const parts: Uint8Array[] = [];
  let held = 0;
  return {
    add(part: Uint8Array) {
      parts.push(part);
      held += part.byteLength;
      while (parts.length > 1 && held - parts[0]!.byteLength >= keep) held -= parts.shift()!.byteLength;
    },
    bytes(): Uint8Array {
      return Buffer.concat(parts, held).subarray(Math.max(0, held - keep));
    },
  };
}

/**
 * What a zip's entries unpack to, summed from its central directory as its last bytes hold it; undefined when
 * they do not hold it whole (a zip64 or a directory larger than the tail is not judged).
 */
export function unpackedSize(tail: Uint8Array): number | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  // The end-of-directory record: its signature, searched backwards past a comment of up to 64 KiB.
  let end = -1;
  for (let at = tail.byteLength - 22; at >= 0; at--)
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  if (end < 0) return undefined;
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const start = end - directorySize;
  if (start < 0 || entries === 0xffff) return undefined;
  let total = 0;
  let at = start;
  for (let entry = 0; entry < entries; entry++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return undefined;
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return undefined;
    total += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
}

/** A file's name as kept: NFC, without a path, a control or a direction mark; undefined when none is left. */
export function fileNameProblem(name: string): string | undefined {
  const normal = name.normalize('NFC');
  if (normal.trim() === '') return 'the name is empty';
  if ([...normal].length > 200) return 'the name is longer than 200 characters';
  if (/[/\\]/.test(normal)) return 'the name holds a path ("/" or "\\")';
  if (/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(normal))
    return 'the name holds a control or direction character';
  if (normal === '.' || normal === '..') return 'the name is a path';
  return undefined;
}

const extensionOf = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** The media type of a file's first bytes and name, or why it is refused. */
export async function judgedType(head: Uint8Array, name: string): Promise<string | RoundsError> {
  const found = await fileTypeFromBuffer(head);
  const kind = found && FILE_KINDS[found.ext];
  const extension = extensionOf(name);
  if (!found || !kind) return new RoundsError('file-type', { name, found: found?.ext ?? 'unknown' });
  if (!kind.extensions.includes(extension))
    return new RoundsError('file-type-name', { name, found: found.ext === 'cfb' ? 'doc/xls' : found.ext });
  return LEGACY_MIME[extension] ?? kind.mime;
}

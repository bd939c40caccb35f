import type { Outcome } from '@cchc/core';
import { fail, issue } from '@cchc/core/internal';
import { type DocumentFormat, type Limits, readDocument } from '@cchc/documents';
import type { Context } from 'hono';

const JSON_TYPES = new Set(['application/json', 'application/problem+json']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

/** The document format a Content-Type names, or undefined when it names none the API reads. */
export function formatOfContentType(contentType: string | undefined): DocumentFormat | undefined {
  // What nearly every client sends, told without splitting and lowering it.
  if (contentType === 'application/json') return 'json';
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (JSON_TYPES.has(type) || type.endsWith('+json')) return 'json';
  if (YAML_TYPES.has(type)) return 'yaml';
  return undefined;
}

/** How large and deep a body's document may be: the document reader's own limits. */
export type BodyLimits = Limits;

/** Reads a request body as a document of the given format, within the limits. */
export function readBody(text: string, format: DocumentFormat, limits: BodyLimits): Outcome<unknown> {
  if (text.trim() === '')
    return fail([issue('invalid_syntax', [], { format: format.toUpperCase(), detail: 'the body is empty' })]);
  return readDocument(text, { format, ...limits });
}

/**
 * Reads a request body's bytes, at most `maxBytes` of them; resolves to undefined when the body is larger.
 * The default reads the web Request (any Hono adapter); a server may pass one that reads its own socket.
 */
export type BodyReader = (c: Context, maxBytes: number) => Promise<Uint8Array | undefined>;

/**
 * A request body's bytes as they come, for a body too large to hold (an uploaded file): the default reads the
 * web Request's stream; the Node app passes one that reads its socket. A client that goes away makes the
 * iteration throw.
 */
export type BodyStreamer = (c: Context) => AsyncIterable<Uint8Array>;

/** The portable streamer: the web Request's body, read part by part. */
export const streamRequestBody: BodyStreamer = (c) => ({
  async *[Symbol.asyncIterator]() {
    const stream = c.req.raw.body;
    if (!stream) return;
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  },
});

/** The media type of an Excel workbook (.xlsx). */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Is the Content-Type an Excel workbook? */
export function isXlsx(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === XLSX_MEDIA_TYPE;
}

const utf8 = new TextDecoder();
/** A body's bytes as text (UTF-8; a broken sequence becomes U+FFFD, which the readers then refuse). */
export const bodyText = (bytes: Uint8Array): string => utf8.decode(bytes);

/** The portable reader: the Content-Length when given, then the body's stream, counted as it comes. */
export const readRequestBody: BodyReader = async (c, maxBytes) => {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) return undefined;
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    // The body broke off (the client went away): answered as a request without one, not as a fault.
    return new Uint8Array();
  }
  return concatenate(chunks, size);
};

function concatenate(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/**
 * Evidence files on the pages: an item's files (attached, uploaded and attached at once, attached from the
 * unit's files uploaded before, taken off), and their downloads. An upload is a plain multipart form, which
 * works without script; its files are streamed from the request into the store one after another, never held
 * whole, and its form token is checked before the first byte of a file is kept.
 */
import { Readable } from 'node:stream';
import { formatNumber } from '@cchc/core';
import { type Layer, may, RoundsError, type UnitFile } from '@cchc/rounds';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Context, Hono } from 'hono';
import { fileResponse, PREVIEW_TYPES } from '../formats.js';
import { type Html, html } from '../html.js';
import {
  LAYER_OF_PATH,
  PASSWORD_PATH,
  PATH_OF_LAYER,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  roundPath,
  type Session,
  vietnamTime,
} from './context.js';

/** The most files one upload form may carry. */
const FILES_PER_POST = 20;
/** What the pages say of the limits, before an upload. */
const limitWords = (fileLimit: number) =>
  `Tối đa ${Math.floor(fileLimit / 1024 / 1024)} MB mỗi tệp, ${FILES_PER_POST} tệp mỗi lần; PDF, DOC/DOCX, XLS/XLSX, JPG, PNG.`;
const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png';

/** A size as people read it: `820 KB`, `4,5 MB`. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${formatNumber((Math.round((bytes / 1024 / 1024) * 10) / 10).toString())} MB`;
}

const unitPath = (round: string, unit: string) => `${roundPath(round)}/don-vi/${encodeURIComponent(unit)}`;
/** Where a file of a unit is downloaded. */
export const filePath = (round: string, unit: string, hash: string) => `${unitPath(round, unit)}/tep/${hash}`;
/** An item's files on a layer's sheet. */
export const itemFilesPath = (round: string, unit: string, layerPath: string, code: string) =>
  `${unitPath(round, unit)}/${layerPath}/tep/${encodeURIComponent(code)}`;

/** What became of each file of an upload. */
type Received = {
  readonly name: string;
  readonly file?: UnitFile;
  readonly refused?: string;
  /** What became of a file stored, where it is not "attached". */
  readonly note?: string;
};

export function mountEvidence<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, sessionOf, same, refusedPage, options } = context;

  const itemPage = async (
    c: Context<E>,
    session: Session,
    where: { round: string; unit: string; layerPath: string; code: string },
    notice?: { received?: readonly Received[]; text?: string; status: number },
  ) => {
    const layer = LAYER_OF_PATH.get(where.layerPath);
    if (!layer) throw new RoundsError('criterion-not-found', { code: where.code });
    const sheet = await rounds.sheetOf(session.caller, where.round, where.unit, layer);
    const criterion = sheet.set.byCode.get(where.code);
    if (!criterion || (criterion.children.length > 0 && criterion.unlisted.isZero()))
      throw new RoundsError('criterion-not-found', { code: where.code });
    const library = await rounds.unitFiles(session.caller, where.round, where.unit);
    const entry = (sheet.document?.['entries'] as Record<string, Record<string, unknown>> | undefined)?.[
      where.code
    ];
    const attachedHashes = Array.isArray(entry?.['files']) ? (entry['files'] as string[]) : [];
    const byHash = new Map(library.map((file) => [file.hash, file]));
    const attached = attachedHashes.map(
      (hash) => byHash.get(hash) ?? { hash, name: 'Tệp đã bỏ khỏi thư viện', size: 0 },
    );
    const others = library.filter((file) => !attachedHashes.includes(file.hash));
    const scored = entry !== undefined;
    const writable = may(session.caller, 'write-layer', { unit: where.unit, layer });
    const action = itemFilesPath(where.round, where.unit, where.layerPath, where.code);
    const sheetLink = `${unitPath(where.round, where.unit)}/${where.layerPath}#tc-${where.code.replace(/[^A-Za-z0-9]/g, '-')}`;
    const received = notice?.received ?? [];
    return page(
      c,
      `Tệp kiểm chứng: mục ${where.code}`,
      html`<p class="trang-thai" role="status"><strong>${sheet.unit.name}, mục ${where.code}: ${attached.length} tệp đính kèm${criterion.requiredEvidence ? '. Bộ tiêu chí yêu cầu tài liệu kiểm chứng cho mục này' : ''}.</strong></p>
<p>${criterion.name}${criterion.requiredEvidence ? html`<br>Tài liệu kiểm chứng cần có: ${criterion.requiredEvidence}` : ''}</p>
${notice?.text ? html`<p class="loi" role="alert">${notice.text}</p>` : ''}
${received.some((one) => !one.refused) ? html`<div class="ok" role="status"><ul>${received.filter((one) => !one.refused).map((one) => html`<li>${one.name}: ${one.note ?? 'đã tải lên và đính kèm.'}</li>`)}</ul></div>` : ''}${received.some((one) => one.refused) ? html`<div class="loi" role="alert"><p>Không lưu được ${received.filter((one) => one.refused).length} tệp:</p><ul>${received.filter((one) => one.refused).map((one) => html`<li>${one.name}: ${one.refused}</li>`)}</ul></div>` : ''}
${
  attached.length > 0
    ? html`<div class="cuon"><table><caption>Các tệp đính kèm ở mục ${where.code}</caption><thead><tr><th scope="col">Tệp</th><th scope="col">Cỡ</th><th scope="col">Người tải lên</th><th scope="col">Lúc</th>${writable ? html`<th scope="col">Bỏ khỏi mục</th>` : ''}</tr></thead><tbody>
${attached.map((file) => html`<tr><td><a href="${filePath(where.round, where.unit, file.hash)}" download>${file.name}</a>${'type' in file && PREVIEW_TYPES.has(file.type) ? html` · <a href="${filePath(where.round, where.unit, file.hash)}/xem?ve=${encodeURIComponent(action)}" aria-label="Xem tệp ${file.name}">Xem</a>` : ''}</td><td class="so">${'by' in file ? sizeWords(file.size) : ''}</td><td>${'by' in file ? file.by : ''}</td><td>${'at' in file ? vietnamTime(file.at) : ''}</td>${writable ? html`<td><form method="post" action="${action}/dinh-kem"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="bo" value="${file.hash}"><button class="phu" type="submit" aria-label="Bỏ tệp ${file.name} khỏi mục">Bỏ</button></form></td>` : ''}</tr>`)}
</tbody></table></div>`
    : html`<p>Chưa có tệp nào đính kèm ở mục này.</p>`
}
${
  writable
    ? html`${scored ? '' : html`<p class="canh-bao the">Mục chưa có điểm: tệp tải lên được lưu vào các tệp của đơn vị và đính kèm sau khi nhập điểm của mục ở phiếu.</p>`}
<form class="the hep" method="post" action="${action}" enctype="multipart/form-data" data-tien-do><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="tep">Chọn tệp (có thể chọn nhiều tệp)</label><input id="tep" name="tep" type="file" multiple accept="${ACCEPT}" required aria-describedby="gioi-han-tep">
<p class="goi-y" id="gioi-han-tep">${limitWords(options.fileLimit)}</p>
<p class="goi-y" role="status" data-keo-tha hidden>Hoặc kéo các tệp thả vào khung này.</p>
<p><button type="submit">${scored ? 'Tải lên và đính kèm' : 'Tải lên'}</button></p></form>
${
  others.length > 0 && scored
    ? html`<form class="the" method="post" action="${action}/dinh-kem"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<fieldset><legend>Đính kèm tệp đã tải lên trước (một tệp dùng được cho nhiều mục)</legend>
<ul class="chon">${others.map((file, position) => html`<li><input type="checkbox" id="thu-vien-${position}" name="tep" value="${file.hash}"> <label for="thu-vien-${position}" style="display:inline">${file.name} (${sizeWords(file.size)})</label></li>`)}</ul></fieldset>
<p><button type="submit">Đính kèm các tệp đã chọn</button></p></form>`
    : ''
}`
    : ''
}
<p><a href="${sheetLink}">Về phiếu chấm điểm</a></p>`,
      session,
      notice?.status ?? 200,
    );
  };

  /** The files of an entry changed by `change`, written as a new revision of the layer. */
  const changeFiles = async (
    session: Session,
    where: { round: string; unit: string; layerPath: string; code: string },
    change: (files: readonly string[]) => string[],
  ) => {
    const layer = LAYER_OF_PATH.get(where.layerPath)!;
    await rounds.editLayer(session.caller, where.round, where.unit, layer, ({ document }) => {
      const entries = { ...((document?.['entries'] ?? {}) as Record<string, Record<string, unknown>>) };
      const entry = entries[where.code];
      if (!entry) throw new RoundsError('criterion-not-found', { code: where.code });
      const before = Array.isArray(entry['files']) ? (entry['files'] as string[]) : [];
      const files = change(before);
      const { files: _files, ...rest } = entry;
      entries[where.code] = files.length > 0 ? { ...rest, files } : rest;
      return { ...document, entries };
    });
  };

  const whereOf = (c: Context<E>) => ({
    round: c.req.param('round')!,
    unit: c.req.param('unit')!,
    layerPath: c.req.param('layer')!,
    code: c.req.param('code')!,
  });
  const ITEM = '/app/dot/:round/don-vi/:unit/:layer/tep/:code';

  app.get(
    ITEM,
    signedIn((c, session) => itemPage(c, session, whereOf(c))),
  );

  // Files from the library attached, or one taken off the item.
  app.post(
    `${ITEM}/dinh-kem`,
    posted(async (c, session, form) => {
      const where = whereOf(c);
      const off = form.get('bo');
      const chosen = form.getAll('tep').filter((hash) => /^[0-9a-f]{64}$/.test(hash));
      try {
        await changeFiles(session, where, (files) =>
          off
            ? files.filter((hash) => hash !== off)
            : [...files, ...chosen.filter((hash) => !files.includes(hash))],
        );
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        return itemPage(c, session, where, { text: refusalWords(error), status: 409 });
      }
      return c.redirect(itemFilesPath(where.round, where.unit, where.layerPath, where.code), 303);
    }),
  );

  // An upload: each file streamed into the unit's files, then those stored attached to the item.
  app.post(ITEM, async (c) => {
    const where = whereOf(c);
    const session = await sessionOf(c);
    if (!session) return c.redirect('/app/dang-nhap', 303);
    // As every other post: a one-time password is changed before anything else is done.
    if (session.account?.mustChange) return c.redirect(PASSWORD_PATH, 303);
    try {
      const received = await receive(c, session, where);
      if ('refused' in received) return received.refused;
      const stored = received.files.flatMap((one) => (one.file ? [one.file.hash] : []));
      const sheet = await rounds.sheetOf(
        session.caller,
        where.round,
        where.unit,
        LAYER_OF_PATH.get(where.layerPath)!,
      );
      const scored =
        (sheet.document?.['entries'] as Record<string, unknown> | undefined)?.[where.code] !== undefined;
      if (stored.length > 0 && scored)
        await changeFiles(session, where, (files) => [
          ...files,
          ...stored.filter((hash) => !files.includes(hash)),
        ]);
      const failed = received.files.some((one) => one.refused);
      return itemPage(c, session, where, {
        received: received.files.map((one) =>
          one.file && !scored ? { ...one, note: 'đã tải lên, chưa đính kèm vì mục chưa có điểm.' } : one,
        ),
        status: failed ? 422 : 200,
      });
    } catch (error) {
      return refusedPage(c, error, session);
    }
  });

  /**
   * Reads a multipart upload as it streams: the form token first (a file before it is refused unread), then
   * each file into the store, one after another.
   */
  const receive = (
    c: Context<E>,
    session: Session,
    where: { round: string; unit: string },
  ): Promise<{ files: Received[] } | { refused: Response }> =>
    new Promise((resolve, reject) => {
      /** The page of a body that is no multipart form the parser can read. */
      const malformed = () =>
        page(
          c,
          'Không thể gửi biểu mẫu',
          html`<p class="loi">Biểu mẫu gửi lên không đúng.</p>`,
          session,
          400,
        );
      let parser: BusboyInstance;
      try {
        parser = new Busboy({
          headers: { 'content-type': c.req.header('content-type') ?? '' },
          limits: {
            files: FILES_PER_POST,
            fileSize: options.fileLimit + 1,
            fields: 20,
            fieldSize: 4096,
            parts: 40,
          },
        });
      } catch {
        resolve({
          refused: malformed(),
        });
        return;
      }
      let tokenOk = false;
      /** The file being stored: ended with an error when the request breaks off, so that none of it is kept. */
      let current: Readable | undefined;
      const files: Received[] = [];
      let work = Promise.resolve();
      parser.on('field', (name: string, value: string) => {
        if (name === '_csrf') tokenOk = same(value, csrfOf(session));
      });
      parser.on('file', (_field: string, stream: Readable, filename: string) => {
        if (!tokenOk) {
          stream.resume();
          return;
        }
        const name = filename ?? '';
        // One file at a time: the parser waits for each file's stream to be read.
        work = work.then(async () => {
          if (name === '') {
            stream.resume();
            return;
          }
          try {
            current = stream;
            const file = await rounds.putFile(session.caller, where.round, where.unit, {
              name,
              bytes: stream,
            });
            files.push({ name: file.name, file });
          } catch (error) {
            stream.resume();
            if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
              throw error;
            files.push({ name, refused: refusalWords(error) });
          }
        });
      });
      parser.on('error', () =>
        work.then(
          () =>
            resolve({
              refused: malformed(),
            }),
          reject,
        ),
      );
      parser.on('finish', () => {
        work.then(() => {
          if (!tokenOk)
            resolve({
              refused: page(
                c,
                'Không thể gửi biểu mẫu',
                html`<p class="loi">Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.</p>`,
                session,
                403,
              ),
            });
          else resolve({ files });
        }, reject);
      });
      // The client went away mid-upload: what was stored whole stays, the file cut off is not kept.
      const cutOff = () =>
        resolve({
          refused: page(
            c,
            'Tải lên bị gián đoạn',
            html`<p class="loi">Việc tải lên bị gián đoạn: tệp đang gửi dở không được lưu. Hãy gửi lại.</p>`,
            session,
            400,
          ),
        });
      Readable.from(options.streamBody(c))
        .on('error', () => {
          current?.destroy(new Error('the upload broke off'));
          parser.destroy();
          work.then(cutOff, cutOff);
        })
        .pipe(parser);
    });

  // A file's download: as the API gives it, an attachment that no browser runs.
  app.get(
    '/app/dot/:round/don-vi/:unit/tep/:hash',
    signedIn(async (c, session) => {
      const { file, chunks } = await rounds.readFile(
        session.caller,
        c.req.param('round')!,
        c.req.param('unit')!,
        c.req.param('hash')!,
      );
      return fileResponse(c, file, chunks, { preview: c.req.query('xem') !== undefined });
    }),
  );

  // A PDF or an image shown in the page, sandboxed, with who handed it in and when.
  app.get(
    '/app/dot/:round/don-vi/:unit/tep/:hash/xem',
    signedIn(async (c, session) => {
      const round = c.req.param('round')!;
      const unit = c.req.param('unit')!;
      const hash = c.req.param('hash')!;
      const file = (await rounds.unitFiles(session.caller, round, unit)).find((one) => one.hash === hash);
      if (!file || !PREVIEW_TYPES.has(file.type))
        throw new RoundsError('file-not-found', { hash: hash.slice(0, 80) });
      const shown = `${filePath(round, unit, hash)}?xem`;
      // Back to the item the link came from: a path of these pages only.
      const back = c.req.query('ve') ?? '';
      return page(
        c,
        file.name,
        html`<p class="trang-thai" role="status"><strong>${file.type === 'application/pdf' ? 'Tệp PDF' : 'Ảnh'}, ${sizeWords(file.size)}, do ${file.by} tải lên ${vietnamTime(file.at)}.</strong></p>
<p><a href="${filePath(round, unit, hash)}" download>Tải về</a>${back.startsWith(`${unitPath(round, unit)}/`) ? html` · <a href="${back}">Quay lại mục</a>` : ''}</p>
${file.type === 'application/pdf' ? html`<iframe class="xem-tep" src="${shown}" title="${file.name}"></iframe>` : html`<img class="xem-tep" src="${shown}" alt="${file.name}">`}`,
        session,
      );
    }),
  );
}

/** The link to an item's files on a sheet's row: how many are attached. */
export function itemFilesLink(round: string, unit: string, layer: Layer, code: string, count: number): Html {
  return html`<a href="${itemFilesPath(round, unit, PATH_OF_LAYER[layer], code)}" aria-label="Tệp kiểm chứng mục ${code}: ${count} tệp">Tệp (${count})</a>`;
}

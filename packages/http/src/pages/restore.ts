/**
 * A round restored from its backup (`/app/dot/khoi-phuc`): the admin picks the backup file (the tar that the
 * round's page gave, with every evidence file), and it streams into the store as it uploads: each file checked
 * against its hash, the round imported whole or not at all. A plain multipart form; no script needed.
 */
import { Readable } from 'node:stream';
import { RoundsError } from '@cchc/rounds';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Context, Hono } from 'hono';
import { html } from '../html.js';
import { PASSWORD_PATH, type PagesContext, type PagesEnv, refusalWords, type Session } from './context.js';

export const RESTORE_PATH = '/app/dot/khoi-phuc';

export function mountRestore<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, sessionOf, same, refusedPage, options } = context;

  const restorePage = (c: Context<E>, session: Session, problem?: string, status = 200) =>
    page(
      c,
      'Khôi phục đợt từ bản sao lưu',
      html`${problem ? html`<p class="loi" role="alert">${problem}</p>` : ''}
<p>Chọn tệp sao lưu của một đợt (tệp .tar tải từ mục "Sao lưu" ở trang quản lý đợt). Đợt được khôi phục với mọi điểm, mọi lần sửa, giải trình và tài liệu kiểm chứng; mỗi tệp được kiểm tra khi nhận. Tệp sao lưu hỏng hoặc thiếu thì không có gì được khôi phục.</p>
<form class="the hep" method="post" action="${RESTORE_PATH}" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="ma-dot">Mã đợt (để trống: giữ mã của đợt khi sao lưu)</label><input id="ma-dot" name="ma" type="text" autocapitalize="none" spellcheck="false">
<label for="sao-luu">Tệp sao lưu</label><input id="sao-luu" name="sao-luu" type="file" accept=".tar,application/x-tar" required>
<p><button type="submit">Khôi phục đợt</button></p></form>`,
      session,
      status,
    );

  app.get(RESTORE_PATH, signedIn(adminOnly(async (c, session) => restorePage(c, session))));

  app.post(RESTORE_PATH, async (c) => {
    const session = await sessionOf(c);
    if (!session) return c.redirect('/app/dang-nhap', 303);
    if (session.account?.mustChange) return c.redirect(PASSWORD_PATH, 303);
    try {
      const restored = await new Promise<{ round: string } | { problem: string; status: number }>(
        (resolve, reject) => {
          // The answer is given as soon as the store has the round or refuses it: the rest of the upload, if
          // any, is read and dropped, never waited on.
          let settled = false;
          // The upload as the evidence form reads it: piped into the parser, until the answer is known.
          const source = Readable.from(options.streamBody(c));
          const settle = () => {
            settled = true;
            source.unpipe();
            source.resume();
          };
          const answer = (outcome: { round: string } | { problem: string; status: number }) => {
            if (settled) return;
            settle();
            resolve(outcome);
          };
          const refuse = (error: unknown) => {
            if (settled) return;
            settle();
            reject(error);
          };
          let parser: BusboyInstance;
          try {
            parser = new Busboy({
              headers: { 'content-type': c.req.header('content-type') ?? '' },
              limits: { files: 1, fields: 4, fieldSize: 200, parts: 6 },
            });
          } catch {
            answer({ problem: 'Biểu mẫu gửi lên không đúng.', status: 400 });
            return;
          }
          let tokenOk = false;
          let code = '';
          let current: Readable | undefined;
          parser.on('field', (name: string, value: string) => {
            if (name === '_csrf') tokenOk = same(value, csrfOf(session));
            if (name === 'ma') code = value.trim();
          });
          parser.on('file', (_field: string, stream: Readable) => {
            // A file before the form's token, or without it, or a second one, is not read.
            if (!tokenOk || current) {
              stream.resume();
              return;
            }
            current = stream;
            rounds
              .importArchive(session.caller, code === '' ? undefined : code, stream)
              .then((view) => answer({ round: view.id }), refuse);
          });
          parser.on('finish', () => {
            if (!tokenOk)
              answer({ problem: 'Biểu mẫu đã hết hạn. Hãy tải lại trang và thử lại.', status: 403 });
            else if (!current) answer({ problem: 'Hãy chọn tệp sao lưu.', status: 422 });
          });
          parser.on('error', () => answer({ problem: 'Biểu mẫu gửi lên không đúng.', status: 400 }));
          source
            .on('error', () => {
              // The upload broke off: the file cut off is refused as such, and nothing of the round is kept.
              current?.destroy(new Error('the upload broke off'));
              parser.destroy();
              answer({
                problem: 'Việc tải lên bị gián đoạn: không có gì được khôi phục. Hãy gửi lại.',
                status: 400,
              });
            })
            .pipe(parser);
        },
      );
      if ('round' in restored)
        return c.redirect(`/app/dot/${encodeURIComponent(restored.round)}/quan-ly`, 303);
      return restorePage(c, session, restored.problem, restored.status);
    } catch (error) {
      if (!(error instanceof RoundsError) || error.kind === 'forbidden')
        return refusedPage(c, error, session);
      return restorePage(c, session, refusalWords(error), error.kind === 'conflict' ? 409 : 422);
    }
  });
}

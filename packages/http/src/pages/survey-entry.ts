/**
 * The entry officer's page of a round's survey (`…/khao-sat/nhap`, admin and appraisers): a paper form
 * opened by its serial number and typed (twice when the plan asks, the differences shown side by side until
 * one typing is confirmed), and the workbooks of forms typed elsewhere and of tally sheets, downloaded and
 * sent back, each stored all or none with its errors at their cells.
 */
import { formatIssue, type Issue } from '@cchc/core';
import { may, type PaperDifference, type PaperEntry, RoundsError, type SurveyForm } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { surveyFormsResponse } from '../formats.js';
import { html } from '../html.js';
import { importSurveyCountsWorkbook, importSurveyWorkbook } from '../survey-import.js';
import { type PagesContext, type PagesEnv, refusalWords, type Session } from './context.js';
import { answerField, answersFieldsets, answersOf, surveyPath } from './survey-form.js';

export function mountSurveyEntry<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, forbiddenPage } = context;

  const entryPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    shown: {
      serial?: number;
      form?: SurveyForm;
      fields?: URLSearchParams;
      problem?: string;
      entered?: string;
      /** The first typing was kept: the form waits for its second. */
      firstOf?: string;
      /** Where the second typing differs from the first (double entry), with who typed the first. */
      differences?: readonly PaperDifference[];
      firstBy?: string;
      /** The errors of a workbook of forms, each at its cell: nothing of it was stored. */
      imported?: readonly Issue[];
      /** What a workbook brought, said. */
      importedDone?: string;
    } = {},
  ) => {
    if (!may(session.caller, 'enter-survey'))
      return forbiddenPage(
        c,
        session,
        'Chỉ người quản trị và người thẩm định (cán bộ nhập phiếu) được nhập phiếu giấy.',
      );
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    const { form, serial } = shown;
    const chosen = (unit: string, code: string) => shown.fields?.get(answerField(unit, code));
    const unitName = (unit: string) => form?.units.find((one) => one.id === unit)?.name ?? unit;
    const question = (code: string) => form?.questions.find((one) => one.code === code)?.text ?? code;
    const done = shown.importedDone
      ? `${shown.importedDone} `
      : shown.entered
        ? `Đã nhập phiếu số ${shown.entered}. `
        : shown.firstOf
          ? `Đã nhập lần 1 phiếu số ${shown.firstOf}; phiếu được tính khi nhập lần 2 (nên do người khác nhập) khớp với lần 1. `
          : '';
    const differences = shown.differences ?? [];
    return page(
      c,
      'Nhập phiếu khảo sát giấy',
      html`<p class="trang-thai" role="status"><strong>${done}${form ? `Đang nhập phiếu số ${serial} (nhóm ${form.group.name}).` : 'Nhập số thứ tự in trên phiếu để mở phiếu.'}</strong></p>
${shown.problem ? html`<p class="loi" role="alert">${shown.problem}</p>` : ''}
${
  differences.length > 0
    ? html`<div class="cuon"><table><caption>Chỗ khác nhau giữa lần nhập 1${shown.firstBy ? ` (${shown.firstBy})` : ''} và lần nhập này</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Câu hỏi</th><th scope="col">Lần 1</th><th scope="col">Lần này</th></tr></thead>
<tbody>${differences.map((difference) => html`<tr><td>${unitName(difference.unit)}</td><td>${question(difference.code)}</td><td>${difference.first ?? 'Không trả lời'}</td><td>${difference.second ?? 'Không trả lời'}</td></tr>`)}</tbody></table></div>
<p>Xem lại phiếu giấy, sửa các câu dưới đây nếu cần, rồi bấm "Xác nhận lần nhập này": phiếu được tính theo lần nhập này.</p>`
    : ''
}
${
  shown.imported
    ? html`<div class="loi" role="alert"><p>Chưa nhập gì: bảng tính có ${shown.imported.length} lỗi. Sửa các ô dưới đây rồi nhập lại cả bảng.</p><ul>${shown.imported.slice(0, 100).map((found) => html`<li>${formatIssue(found, 'vi')}</li>`)}</ul></div>`
    : ''
}
<form class="the hep" method="get" action="${surveyPath(roundId)}/nhap"><label for="ks-so-phieu">Số thứ tự của phiếu</label><input id="ks-so-phieu" name="so" type="number" min="1" required value="${serial ?? ''}"><p><button class="phu" type="submit">Mở phiếu</button></p></form>
${
  form
    ? html`<form method="post" action="${surveyPath(roundId)}/nhap/${serial}">${csrf}${answersFieldsets(form, chosen)}<p>${differences.length > 0 ? html`<button type="submit" name="xac-nhan" value="1">Xác nhận lần nhập này</button>` : html`<button type="submit">Lưu phiếu số ${serial}</button>`}</p></form>`
    : ''
}
${
  form
    ? ''
    : html`<form class="the hep" method="post" action="${surveyPath(roundId)}/nhap-bang-tinh" enctype="multipart/form-data">${csrf}<h2>Nhập nhiều phiếu từ bảng tính</h2>
<p>Tải <a href="${surveyPath(roundId)}/phieu.xlsx">bảng tính mẫu để nhập phiếu (XLSX)</a>: mỗi nhóm một trang, mỗi dòng là một đơn vị của một phiếu, mỗi cột một câu hỏi. Các dòng cùng số phiếu là một phiếu; ghi số phiếu giấy nếu có. Mọi phiếu trong bảng được nhập cùng lúc, hoặc không phiếu nào nếu có lỗi.</p>
<label for="ks-bang-tinh">Bảng tính đã nhập phiếu</label><input id="ks-bang-tinh" name="bang-tinh" type="file" accept=".xlsx" required>
<p><button type="submit">Nhập các phiếu trong bảng tính</button></p></form>
<form class="the hep" method="post" action="${surveyPath(roundId)}/nhap-so-phieu" enctype="multipart/form-data">${csrf}<h2>Nhập số phiếu đã tổng hợp</h2>
<p>Khi phiếu đã được đếm ở nơi khác (tổng hợp bằng tay, hoặc từ một công cụ khảo sát khác): tải <a href="${surveyPath(roundId)}/so-phieu.xlsx">bảng tổng hợp mẫu (XLSX)</a>, mỗi nhóm một trang, mỗi dòng một đơn vị: số người trả lời và số người chọn mỗi phương án của từng câu. Nhập lại một đơn vị thì số mới thay số cũ của đơn vị đó.</p>
<label for="ks-so-phieu-tep">Bảng tổng hợp đã điền</label><input id="ks-so-phieu-tep" name="bang-tinh" type="file" accept=".xlsx" required>
<p><button type="submit">Nhập số phiếu đã tổng hợp</button></p></form>`
}
<p><a href="${surveyPath(roundId)}">Về trang khảo sát</a></p>`,
      session,
      differences.length > 0 ? 409 : shown.problem || shown.imported ? 422 : 200,
    );
  };

  app.get(
    '/app/dot/:round/khao-sat/nhap',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const asked = c.req.query('so');
      const entered = c.req.query('da-nhap');
      const firstOf = c.req.query('da-nhap-lan-1');
      if (asked === undefined)
        return entryPage(c, session, roundId, {
          ...(entered ? { entered } : {}),
          ...(firstOf ? { firstOf } : {}),
        });
      const serial = Number(asked);
      try {
        return entryPage(c, session, roundId, {
          serial,
          form: await rounds.surveyPaperForm(session.caller, roundId, serial),
        });
      } catch (error) {
        if (error instanceof RoundsError && error.kind !== 'forbidden')
          return entryPage(c, session, roundId, { problem: error.vi });
        throw error;
      }
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/nhap/:serial',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      const serial = Number(c.req.param('serial'));
      const form = await rounds.surveyPaperForm(session.caller, roundId, serial);
      let entry: PaperEntry;
      try {
        entry = await rounds.enterSurveyPaper(session.caller, roundId, serial, answersOf(form, fields), {
          settle: fields.get('xac-nhan') === '1',
        });
      } catch (error) {
        if (error instanceof RoundsError && error.kind === 'invalid-document')
          return entryPage(c, session, roundId, { serial, form, fields, problem: refusalWords(error) });
        if (error instanceof RoundsError && error.code === 'survey-entries-differ')
          return entryPage(c, session, roundId, {
            serial,
            form,
            fields,
            problem: error.vi,
            differences: error.details['differences'] as PaperDifference[],
            firstBy: String(error.details['firstBy'] ?? ''),
          });
        throw error;
      }
      const said = entry.state === 'first' ? 'da-nhap-lan-1' : 'da-nhap';
      return c.redirect(`${surveyPath(roundId)}/nhap?${said}=${serial}`, 303);
    }),
  );

  app.get(
    '/app/dot/:round/khao-sat/phieu.xlsx',
    signedIn((c, session) => surveyFormsResponse(c, rounds, session.caller, c.req.param('round')!)),
  );
  app.get(
    '/app/dot/:round/khao-sat/so-phieu.xlsx',
    signedIn((c, session) => surveyFormsResponse(c, rounds, session.caller, c.req.param('round')!, 'counts')),
  );

  /** A workbook of forms or of tally sheets uploaded on the entry page, stored all or none. */
  const workbookUpload = (
    path: string,
    importer: typeof importSurveyWorkbook,
    done: (stored: number) => string,
  ) =>
    app.post(
      path,
      posted(async (c, session, _fields, files) => {
        const roundId = c.req.param('round')!;
        const bytes = files.get('bang-tinh');
        if (!bytes || bytes.byteLength === 0)
          return entryPage(c, session, roundId, { problem: 'Hãy chọn bảng tính để nhập.' });
        let outcome: Awaited<ReturnType<typeof importer>>;
        try {
          outcome = await importer(rounds, session.caller, roundId, bytes);
        } catch (error) {
          if (error instanceof RoundsError && error.kind !== 'forbidden' && error.kind !== 'not-found')
            return entryPage(c, session, roundId, { problem: refusalWords(error) });
          throw error;
        }
        if ('issues' in outcome) return entryPage(c, session, roundId, { imported: outcome.issues });
        return entryPage(c, session, roundId, { importedDone: done(outcome.stored) });
      }),
    );
  workbookUpload(
    '/app/dot/:round/khao-sat/nhap-bang-tinh',
    importSurveyWorkbook,
    (stored) => `Đã nhập ${stored} phiếu từ bảng tính.`,
  );
  workbookUpload(
    '/app/dot/:round/khao-sat/nhap-so-phieu',
    importSurveyCountsWorkbook,
    (stored) => `Đã nhập số phiếu tổng hợp của ${stored} đơn vị.`,
  );
}

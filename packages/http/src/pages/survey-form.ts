/**
 * The respondent's form of a survey (`/app/khao-sat/{token}`), without an account: the link is the right to
 * answer. Each unit rated is a card of its questions; the answers are saved to come back to and sent once.
 * Its fields are also the entry officer's, who types a paper form (survey.ts).
 */
import { RoundsError, type SurveyForm } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type Html, html } from '../html.js';
import {
  deadlineDay,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  roundPath,
  statusOfRefusal,
} from './context.js';

export const surveyFormPath = (token: string) => `/app/khao-sat/${encodeURIComponent(token)}`;
/** The admin's and entry officer's page of a round's survey. */
export const surveyPath = (round: string) => `${roundPath(round)}/khao-sat`;

/** The name of the field of a unit's answer to a question. */
export const answerField = (unit: string, code: string) => `tl:${unit}:${code}`;

/** Answers as typed into a form: every unit and question of it, a blank as null. */
export function answersOf(
  form: SurveyForm,
  fields: URLSearchParams,
): Record<string, Record<string, string | null>> {
  return Object.fromEntries(
    form.units.map((unit) => [
      unit.id,
      Object.fromEntries(
        form.questions.map((question) => {
          const chosen = fields.get(answerField(unit.id, question.code)) ?? '';
          return [question.code, chosen === '' ? null : chosen];
        }),
      ),
    ]),
  );
}

/** The questions of a form for every unit it rates: a card per unit, a row of choices per question. */
export function answersFieldsets(
  form: SurveyForm,
  chosen: (unit: string, code: string) => string | null | undefined,
): Html {
  return html`${form.units.map(
    (unit, unitAt) => html`<fieldset class="the"><legend>${unit.name}</legend>
${form.questions.map((question, questionAt) => {
  const value = chosen(unit.id, question.code) ?? '';
  const id = (optionAt: number | string) => `tl-${unitAt}-${questionAt}-${optionAt}`;
  return html`<fieldset class="cau-hoi"><legend>${question.text}</legend>
${question.options.map(
  (option, optionAt) =>
    html`<div><input type="radio" id="${id(optionAt)}" name="${answerField(unit.id, question.code)}" value="${option}"${value === option ? html` checked` : ''}> <label for="${id(optionAt)}" style="display:inline">${option}</label></div>`,
)}
<div><input type="radio" id="${id('trong')}" name="${answerField(unit.id, question.code)}" value=""${value === '' ? html` checked` : ''}> <label for="${id('trong')}" style="display:inline">Không trả lời</label></div></fieldset>`;
})}</fieldset>`,
  )}`;
}

/** What a respondent is told of how their answers are kept, by the form's anonymity. */
export const ANONYMITY_WORDS: Readonly<Record<SurveyForm['anonymity'], string>> = {
  apart:
    'Phiếu không ghi tên: câu trả lời được lưu tách riêng, không gắn với đường dẫn hay tên người trả lời.',
  none: 'Phiếu có gắn tên: cơ quan tổ chức khảo sát biết câu trả lời này là của ông/bà (người được mời qua đường dẫn này).',
  signed: 'Phiếu có ký tên: ông/bà ghi họ tên và chức vụ ở cuối phiếu; tên được lưu cùng câu trả lời.',
};

/** How many of a form's questions are answered, over all units. */
export function answeredCount(
  form: SurveyForm,
  chosen: (unit: string, code: string) => string | null | undefined,
): number {
  let count = 0;
  for (const unit of form.units)
    for (const question of form.questions) if (chosen(unit.id, question.code)) count++;
  return count;
}

export function mountSurveyForm<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, formOf, tooLarge } = context;

  // ---- The respondent's form: no account, the link is the right to answer. ----

  const refusedForm = (c: Context<E>, error: unknown) => {
    if (!(error instanceof RoundsError)) throw error;
    const words: Record<string, string> = {
      'survey-link-used':
        'Phiếu khảo sát theo đường dẫn này đã được gửi. Mỗi đường dẫn chỉ gửi được một lần. Cảm ơn ông/bà.',
      'survey-link-unknown':
        'Đường dẫn khảo sát không đúng. Hãy kiểm tra đã chép đủ đường dẫn, hoặc hỏi nơi đã gửi phiếu.',
    };
    return page(
      c,
      'Phiếu khảo sát',
      html`<p class="loi" role="alert">${words[error.code] ?? error.vi}</p>`,
      undefined,
      statusOfRefusal(error.kind),
    );
  };

  const respondentPage = (
    c: Context<E>,
    token: string,
    form: SurveyForm,
    shown: { fields?: URLSearchParams; problem?: string; saved?: boolean } = {},
  ) => {
    const chosen = (unit: string, code: string) =>
      shown.fields ? shown.fields.get(answerField(unit, code)) : form.draft?.[unit]?.[code];
    const signed = (field: 'ho-ten' | 'chuc-vu', saved: string | undefined) =>
      shown.fields ? (shown.fields.get(field) ?? '') : (saved ?? '');
    const total = form.units.length * form.questions.length;
    const answered = answeredCount(form, chosen);
    return page(
      c,
      form.title,
      html`<p class="trang-thai" role="status"><strong>${shown.saved ? 'Đã lưu. ' : ''}Đã trả lời ${answered}/${total} câu. Nhận phiếu đến hết ngày ${deadlineDay(form.closes)}.</strong></p>
${shown.problem ? html`<p class="loi" role="alert">${shown.problem}</p>` : ''}
<p>Ông/bà trả lời với tư cách: <strong>${form.group.name}</strong>. Với mỗi đơn vị dưới đây, chọn một phương án cho từng câu hỏi. Có thể lưu lại để trả lời tiếp bằng chính đường dẫn này; khi gửi, phiếu không sửa được nữa.</p>
<p>${ANONYMITY_WORDS[form.anonymity]}</p>
<form method="post" action="${surveyFormPath(token)}">
${answersFieldsets(form, chosen)}
${
  form.anonymity === 'signed'
    ? html`<fieldset class="the"><legend>Người trả lời ký tên</legend>
<label for="ks-ho-ten">Họ và tên</label><input id="ks-ho-ten" name="ho-ten" autocomplete="name" maxlength="200" value="${signed('ho-ten', form.signature?.name)}">
<label for="ks-chuc-vu">Chức vụ, nơi công tác</label><input id="ks-chuc-vu" name="chuc-vu" autocomplete="organization-title" maxlength="200" value="${signed('chuc-vu', form.signature?.position)}"></fieldset>`
    : ''
}
<p><button class="phu" type="submit" name="hanh-dong" value="luu">Lưu để trả lời tiếp</button> <button type="submit" name="hanh-dong" value="gui">Gửi phiếu</button></p></form>`,
      undefined,
      shown.problem ? 422 : 200,
    );
  };

  app.get('/app/khao-sat/:token', async (c) => {
    const token = c.req.param('token')!;
    try {
      return respondentPage(c, token, await rounds.surveyForm(token), {
        saved: c.req.query('da-luu') !== undefined,
      });
    } catch (error) {
      return refusedForm(c, error);
    }
  });

  app.post('/app/khao-sat/:token', async (c) => {
    const token = c.req.param('token')!;
    const fields = await formOf(c);
    if (!fields) return tooLarge(c);
    let form: SurveyForm;
    try {
      form = await rounds.surveyForm(token);
    } catch (error) {
      return refusedForm(c, error);
    }
    const answers = answersOf(form, fields);
    try {
      // A signed form's name and position are saved with every save and before sending.
      const [name, position] = [fields.get('ho-ten')?.trim() ?? '', fields.get('chuc-vu')?.trim() ?? ''];
      if (form.anonymity === 'signed' && (name !== '' || position !== ''))
        await rounds.signSurvey(token, { name, position });
      if (fields.get('hanh-dong') === 'luu') {
        await rounds.saveSurveyDraft(token, answers);
        return c.redirect(`${surveyFormPath(token)}?da-luu`, 303);
      }
      await rounds.submitSurveyResponse(token, answers);
    } catch (error) {
      if (error instanceof RoundsError && error.kind === 'invalid-document')
        return respondentPage(c, token, form, { fields, problem: refusalWords(error) });
      return refusedForm(c, error);
    }
    return page(
      c,
      'Đã gửi phiếu khảo sát',
      html`<p class="trang-thai" role="status"><strong>Phiếu đã được gửi. Cảm ơn ông/bà đã dành thời gian trả lời.</strong></p>
<p>${form.anonymity === 'apart' ? 'Câu trả lời được tổng hợp chung, không gắn với đường dẫn hay tên người trả lời.' : 'Kết quả được công bố ở dạng tổng hợp; từng phiếu chỉ cơ quan tổ chức khảo sát được xem.'}</p>`,
    );
  });
}

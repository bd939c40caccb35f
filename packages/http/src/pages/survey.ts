/**
 * The survey's screens (the respondent's form is survey-form.ts). For the admin
 * (`/app/dot/{round}/khao-sat`): the plan (groups, the communes each rates, its questions), links and
 * numbered paper forms issued and printed, what came in per group, the closing, which writes each unit's
 * survey criteria into its appraisal, the counts per unit and criterion, and the survey set against the
 * assessments. The entry officer's page (`…/khao-sat/nhap`) is survey-entry.ts.
 */
import { type CriteriaSet, formatNumber, surveyPointsDiffering } from '@cchc/core';
import { may, RoundsError, type StoredSurvey, type SurveyComparison, type SurveyResults } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { stackedChart } from '../charts.js';
import { surveyWorkbookResponse } from '../formats.js';
import { type Html, html } from '../html.js';
import {
  deadlineDay,
  type PagesContext,
  type PagesEnv,
  publicOrigin,
  qrPicture,
  refusalWords,
  roundPath,
  type Session,
} from './context.js';
import { surveyFormPath, surveyPath } from './survey-form.js';
import { respondentsPath } from './survey-respondents.js';

/** How a group's responses are kept, as the plan's form offers it. */
const ANONYMITY_CHOICES = [
  ['apart', 'Không ghi tên: phiếu lưu tách riêng, không biết ai trả lời gì'],
  ['none', 'Gắn tên: biết phiếu của người được mời nào'],
  ['signed', 'Ký tên: người trả lời ghi họ tên, chức vụ trên phiếu'],
] as const;

/** Group slots of the plan's form: three respondent groups cover the sets seen (leaders, citizens, businesses). */
const GROUP_SLOTS = 3;

/** A criterion's name by its code, as the counts carry them. */
function criterionNames(results: SurveyResults): (code: string) => string {
  const names = new Map(results.criteria.map((criterion) => [criterion.code, criterion.name]));
  return (code) => names.get(code) ?? '';
}

/** The survey criteria of a set: its leaves scored by the `survey` rule. */
function surveyCriteria(set: CriteriaSet): { code: string; name: string }[] {
  return [...set.byCode.values()]
    .filter((criterion) => criterion.children.length === 0 && criterion.rule?.definition.kind === 'survey')
    .map((criterion) => ({ code: criterion.code, name: criterion.name }));
}

export function mountSurvey<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, posted, forbiddenPage } = context;

  // ---- The admin's survey of a round, and the entry officer's paper forms. ----

  /** The round's survey, or undefined when it has none yet. */
  const surveyOf = async (session: Session, roundId: string): Promise<StoredSurvey | undefined> => {
    try {
      return await rounds.getSurvey(session.caller, roundId);
    } catch (error) {
      if (error instanceof RoundsError && error.code === 'survey-not-found') return undefined;
      throw error;
    }
  };

  const stateLine = (survey: StoredSurvey | undefined): string => {
    if (!survey) return 'Đợt này chưa có kế hoạch khảo sát.';
    const received = Object.values(survey.groups).reduce((sum, group) => sum + group.responses, 0);
    const counted = Object.values(survey.groups).reduce((sum, group) => sum + group.counted, 0);
    const tallied = counted > 0 ? ` và ${counted} người qua bảng tổng hợp` : '';
    if (survey.open)
      return `Đang nhận phiếu đến hết ngày ${deadlineDay(survey.closes)}: đã nhận ${received} phiếu${tallied}.`;
    return survey.appliedAt
      ? `Đã kết thúc: ${received} phiếu${tallied}; điểm khảo sát đã ghi vào điểm thẩm định của các đơn vị.`
      : `Đã kết thúc: ${received} phiếu${tallied}; điểm khảo sát chưa ghi xong vào điểm thẩm định (bấm "Kết thúc khảo sát và ghi điểm" để ghi).`;
  };

  const planForm = (
    roundId: string,
    session: Session,
    units: readonly { id: string; name: string }[],
    sets: readonly CriteriaSet[],
    survey: StoredSurvey | undefined,
    typed: URLSearchParams | undefined,
  ): Html => {
    const set =
      sets.find((candidate) => candidate.id === (typed?.get('bo') ?? survey?.criteriaSet)) ?? sets[0]!;
    const criteria = surveyCriteria(set);
    const value = (field: string, fallback: string) => typed?.get(field) ?? fallback;
    const group = (slot: number) => survey?.plan.groups[slot];
    return html`<form class="the" method="post" action="${surveyPath(roundId)}"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<h2>Kế hoạch khảo sát</h2>
${
  sets.length > 1
    ? html`<label for="ks-bo">Bộ tiêu chí có câu hỏi khảo sát</label><select id="ks-bo" name="bo">${sets.map((candidate) => html`<option value="${candidate.id}"${candidate.id === set.id ? html` selected` : ''}>${candidate.title}</option>`)}</select>`
    : html`<input type="hidden" name="bo" value="${set.id}"><p>Bộ tiêu chí: ${set.title}.</p>`
}
<label for="ks-tieu-de">Tên cuộc khảo sát</label><input id="ks-tieu-de" name="tieu-de" type="text" maxlength="300" required value="${value('tieu-de', survey?.title ?? 'Khảo sát sự hài lòng')}">
<label for="ks-ket-thuc">Nhận phiếu đến hết ngày</label><input id="ks-ket-thuc" name="ket-thuc" type="date" required value="${value('ket-thuc', survey?.closes ?? '')}">
<label for="ks-toi-thieu">Số người trả lời tối thiểu cho mỗi đơn vị và câu hỏi (ít hơn: tiêu chí không tính vào điểm tối đa)</label><input id="ks-toi-thieu" name="toi-thieu" type="number" min="1" max="1000000" required value="${value('toi-thieu', String(survey?.plan.minimumRespondents ?? 1))}">
<div><input type="checkbox" id="ks-nhap-hai-lan" name="nhap-hai-lan" value="co"${value('nhap-hai-lan', survey?.doubleEntry ? 'co' : '') === 'co' ? html` checked` : ''}> <label for="ks-nhap-hai-lan" style="display:inline">Nhập mỗi phiếu giấy hai lần để đối chiếu (phiếu được tính khi hai lần nhập khớp nhau)</label></div>
<fieldset><legend>Cách tính điểm khi có nhiều nhóm</legend>
<div><input type="radio" id="ks-gop" name="cach-tinh" value="pooled"${value('cach-tinh', survey?.plan.pooling ?? 'pooled') === 'pooled' ? html` checked` : ''}> <label for="ks-gop" style="display:inline">Gộp phiếu của mọi nhóm</label></div>
<div><input type="radio" id="ks-nhom" name="cach-tinh" value="by-group"${value('cach-tinh', survey?.plan.pooling ?? 'pooled') === 'by-group' ? html` checked` : ''}> <label for="ks-nhom" style="display:inline">Bình quân điểm của các nhóm</label></div></fieldset>
${Array.from({ length: GROUP_SLOTS }, (_, slot) => {
  const planned = group(slot);
  const name = value(`nhom-${slot}-ten`, planned?.name ?? '');
  const ratedUnits = typed
    ? new Set(typed.getAll(`nhom-${slot}-dv`))
    : new Set(planned?.units ?? units.map((unit) => unit.id));
  const asked = typed
    ? new Set(typed.getAll(`nhom-${slot}-cau`))
    : new Set(
        planned
          ? planned.questions.map((question) => question.code)
          : criteria.map((criterion) => criterion.code),
      );
  const textOf = (code: string, fallback: string) =>
    typed?.get(`nhom-${slot}-noi-dung-${code}`) ??
    planned?.questions.find((question) => question.code === code)?.text ??
    fallback;
  return html`<fieldset class="the"><legend>Nhóm người trả lời ${slot + 1}${slot > 0 ? ' (để trống tên nếu không dùng)' : ''}</legend>
<label for="nhom-${slot}-ten">Tên nhóm</label><input id="nhom-${slot}-ten" name="nhom-${slot}-ten" type="text" maxlength="200" value="${name}">
<label for="nhom-${slot}-an-danh">Cách lưu phiếu của nhóm</label><select id="nhom-${slot}-an-danh" name="nhom-${slot}-an-danh">${ANONYMITY_CHOICES.map(([mode, words]) => html`<option value="${mode}"${value(`nhom-${slot}-an-danh`, (planned && survey?.anonymity[planned.id]) ?? 'apart') === mode ? html` selected` : ''}>${words}</option>`)}</select>
<label for="nhom-${slot}-chi-tieu">Chỉ tiêu: số người trả lời cần có cho mỗi đơn vị (không bắt buộc)</label><input id="nhom-${slot}-chi-tieu" name="nhom-${slot}-chi-tieu" type="number" min="1" max="1000000" value="${value(`nhom-${slot}-chi-tieu`, planned?.quota === undefined ? '' : String(planned.quota))}">
<details><summary>Các đơn vị nhóm này đánh giá (${ratedUnits.size}/${units.length})</summary><ul class="chon">${units.map((unit, at) => html`<li><input type="checkbox" id="nhom-${slot}-dv-${at}" name="nhom-${slot}-dv" value="${unit.id}"${ratedUnits.has(unit.id) ? html` checked` : ''}> <label for="nhom-${slot}-dv-${at}" style="display:inline">${unit.name}</label></li>`)}</ul></details>
<p>Câu hỏi trên phiếu của nhóm (mỗi câu gắn với một tiêu chí chấm theo phiếu khảo sát):</p>
${criteria.map(
  (
    criterion,
    at,
  ) => html`<div><input type="checkbox" id="nhom-${slot}-cau-${at}" name="nhom-${slot}-cau" value="${criterion.code}"${asked.has(criterion.code) ? html` checked` : ''}> <label for="nhom-${slot}-cau-${at}" style="display:inline">Hỏi về tiêu chí ${criterion.code}. ${criterion.name}</label>
<label for="nhom-${slot}-noi-dung-${at}">Nội dung câu hỏi ${criterion.code}</label><input id="nhom-${slot}-noi-dung-${at}" name="nhom-${slot}-noi-dung-${criterion.code}" type="text" maxlength="1000" value="${textOf(criterion.code, criterion.name)}"></div>`,
)}</fieldset>`;
})}
<p><button type="submit">Lưu kế hoạch khảo sát</button></p></form>`;
  };

  /** The group slots of the form that have a name: the groups planned. */
  const namedSlots = (fields: URLSearchParams) =>
    Array.from({ length: GROUP_SLOTS }, (_, slot) => slot).filter(
      (slot) => (fields.get(`nhom-${slot}-ten`) ?? '').trim() !== '',
    );

  /** The plan as the store takes it, from the form: the groups that have a name. */
  const planFromForm = (fields: URLSearchParams) => ({
    criteriaSet: fields.get('bo') ?? '',
    title: fields.get('tieu-de') ?? '',
    closes: fields.get('ket-thuc') ?? '',
    minimumRespondents: Number(fields.get('toi-thieu') ?? '1'),
    pooling: fields.get('cach-tinh') ?? 'pooled',
    doubleEntry: fields.get('nhap-hai-lan') === 'co',
    anonymity: Object.fromEntries(
      namedSlots(fields).map((slot) => [`nhom-${slot + 1}`, fields.get(`nhom-${slot}-an-danh`) ?? 'apart']),
    ),
    groups: namedSlots(fields).map((slot) => ({
      id: `nhom-${slot + 1}`,
      name: fields.get(`nhom-${slot}-ten`)!.trim(),
      ...((fields.get(`nhom-${slot}-chi-tieu`) ?? '').trim() === ''
        ? {}
        : { quota: Number(fields.get(`nhom-${slot}-chi-tieu`)) }),
      units: fields.getAll(`nhom-${slot}-dv`),
      questions: fields.getAll(`nhom-${slot}-cau`).map((code) => ({
        code,
        text: (fields.get(`nhom-${slot}-noi-dung-${code}`) ?? '').trim() || code,
      })),
    })),
  });

  /** Per group what was issued and sent back, and per unit the responses against the group's quota. */
  const groupsTables = (survey: StoredSurvey, nameOf: (unit: string) => string): Html => {
    const rate = (count: number, quota: number | undefined) =>
      quota === undefined ? '' : `${Math.round((count / quota) * 100)} %`;
    return html`<div class="cuon"><table><caption>${survey.title}: phiếu theo nhóm</caption><thead><tr><th scope="col">Nhóm</th><th scope="col">Đường dẫn đã phát</th><th scope="col">Phiếu giấy đã phát</th><th scope="col">Phiếu đã nhận</th><th scope="col">Đơn vị ít phiếu nhất</th></tr></thead>
<tbody>${survey.plan.groups.map((group) => {
      const counts = survey.groups[group.id]!;
      const [fewest] = Object.entries(counts.byUnit).sort(([, a], [, b]) => a - b);
      const least = fewest
        ? `${nameOf(fewest[0])}: ${fewest[1]} phiếu${group.quota === undefined ? '' : ` trên chỉ tiêu ${group.quota} (${rate(fewest[1], group.quota)})`}`
        : '';
      return html`<tr><td>${group.name} (${group.units.length} đơn vị, ${group.questions.length} câu hỏi${group.quota === undefined ? '' : `, chỉ tiêu ${group.quota} người mỗi đơn vị`})</td><td class="so">${counts.links}</td><td class="so">${counts.paper}</td><td class="so">${counts.responses}${counts.counted > 0 ? ` và ${counts.counted} người qua bảng tổng hợp` : ''}</td><td>${least}</td></tr>`;
    })}</tbody></table></div>
${survey.plan.groups.map((group) => {
  const counts = survey.groups[group.id]!;
  return html`<details><summary>Phiếu theo đơn vị: ${group.name}</summary><div class="cuon"><table><caption class="khong-in">Phiếu theo đơn vị: ${group.name}</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Phiếu đã nhận</th>${group.quota === undefined ? '' : html`<th scope="col">Tỷ lệ so với chỉ tiêu ${group.quota}</th>`}</tr></thead>
<tbody>${group.units.map((unit) => html`<tr><td>${nameOf(unit)}</td><td class="so">${counts.byUnit[unit] ?? 0}</td>${group.quota === undefined ? '' : html`<td class="so">${rate(counts.byUnit[unit] ?? 0, group.quota)}</td>`}</tr>`)}</tbody></table></div></details>`;
})}`;
  };

  const resultsTable = (results: SurveyResults, nameOf: (unit: string) => string): Html => {
    const criterionOf = criterionNames(results);
    const row = (code: string, criterion: SurveyResults['units'][string]['criteria'][string]) => {
      const options = Object.entries(criterion.options).map(([option, count]) => `${option}: ${count}`);
      const scored = criterion.applicable
        ? 'Có tính điểm'
        : `Không tính điểm: dưới ${results.minimumRespondents} người được tính`;
      return html`<tr><td>${code}. ${criterionOf(code)}</td><td>${options.join('; ')}</td><td class="so">${criterion.counted}</td><td class="so">${criterion.blank}</td><td>${scored}</td></tr>`;
    };
    // Per criterion, a bar per unit of how its respondents chose: the options' counts stacked.
    const codes = [...new Set(Object.values(results.units).flatMap((unit) => Object.keys(unit.criteria)))];
    const charts = codes.map((code, at) => {
      const stacks = Object.entries(results.units)
        .filter(([, unit]) => unit.criteria[code] !== undefined)
        .map(([unit, tally]) => ({
          label: nameOf(unit),
          parts: Object.entries(tally.criteria[code]!.options).map(([name, count]) => ({ name, count })),
        }));
      const chosen = new Map<string, number>();
      for (const stack of stacks)
        for (const part of stack.parts) chosen.set(part.name, (chosen.get(part.name) ?? 0) + part.count);
      const [top] = [...chosen].sort(([, a], [, b]) => b - a);
      return stackedChart({
        id: `khao-sat-${at + 1}`,
        title: `Tiêu chí ${code}. ${criterionOf(code)}: số lượt chọn mỗi phương án`,
        reading: top
          ? `${stacks.length} đơn vị; phương án được chọn nhiều nhất: ${top[0]} (${top[1]} lượt).`
          : `${stacks.length} đơn vị; chưa có lượt chọn nào.`,
        stacks,
        labelHeader: 'Đơn vị',
      });
    });
    return html`<h2>Kết quả khảo sát theo đơn vị</h2>${charts}${Object.entries(results.units).map(
      ([
        unit,
        tally,
      ]) => html`<details><summary>${nameOf(unit)}</summary><div class="cuon"><table><caption class="khong-in">Số phiếu theo phương án: ${nameOf(unit)}</caption>
<thead><tr><th scope="col">Tiêu chí</th><th scope="col">Số phiếu theo phương án</th><th scope="col">Được tính</th><th scope="col">Bỏ trống</th><th scope="col">Tính điểm</th></tr></thead>
<tbody>${Object.entries(tally.criteria).map(([code, criterion]) => row(code, criterion))}</tbody></table></div></details>`,
    )}`;
  };

  /**
   * Per unit and survey criterion, the survey's points beside the self-assessment's and the appraisal's:
   * the rows where they differ first, marked, so that an appraiser sees what to look at.
   */
  const comparisonTable = (comparison: SurveyComparison, nameOf: (unit: string) => string): Html => {
    const figure = (points: string | null | undefined) =>
      points === undefined ? 'Chưa có' : points === null ? 'Không áp dụng' : formatNumber(points);
    const rows = Object.entries(comparison.units).flatMap(([unit, byCode]) =>
      comparison.criteria.map((criterion) => {
        const points = byCode[criterion.code]!;
        const differing = surveyPointsDiffering(points).map((place) =>
          place === 'self' ? 'tự chấm' : 'thẩm định',
        );
        return { unit, criterion, points, differs: differing.length > 0, differing };
      }),
    );
    const differing = rows.filter((row) => row.differs).length;
    return html`<h2>Đối chiếu điểm khảo sát với điểm tự chấm và điểm thẩm định</h2>
<p>${differing === 0 ? 'Điểm tự chấm và điểm thẩm định của mọi đơn vị khớp với điểm khảo sát.' : `${differing} trên ${rows.length} dòng có điểm tự chấm hoặc điểm thẩm định khác điểm khảo sát (xếp lên đầu).`}</p>
<div class="cuon"><table><caption class="khong-in">Đối chiếu điểm khảo sát</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Tiêu chí</th><th scope="col">Điểm tối đa</th><th scope="col">Theo khảo sát</th><th scope="col">Tự chấm</th><th scope="col">Thẩm định</th><th scope="col">So với khảo sát</th></tr></thead>
<tbody>${[...rows.filter((row) => row.differs), ...rows.filter((row) => !row.differs)].map(
      (row) =>
        html`<tr><td>${nameOf(row.unit)}</td><td>${row.criterion.code}. ${row.criterion.name}</td><td class="so">${formatNumber(row.criterion.max)}</td><td class="so">${figure(row.points.survey)}</td><td class="so">${figure(row.points.self)}</td><td class="so">${figure(row.points.appraised)}</td><td>${row.differs ? html`<strong>Khác ở ${row.differing.join(' và ')}</strong>` : row.points.self === undefined && row.points.appraised === undefined ? 'Chưa có điểm để đối chiếu' : 'Khớp'}</td></tr>`,
    )}</tbody></table></div>`;
  };

  const surveyPage = async (
    c: Context<E>,
    session: Session,
    roundId: string,
    shown: { typed?: URLSearchParams; problem?: string; notice?: string; issued?: Html } = {},
  ): Promise<Response> => {
    const { caller } = session;
    if (!may(caller, 'enter-survey')) {
      if (caller.role.kind === 'unit') return unitSurveyPage(c, session, roundId, caller.role.unit);
      return forbiddenPage(
        c,
        session,
        'Chỉ người quản trị và người thẩm định (cán bộ nhập phiếu) được làm việc với cuộc khảo sát.',
      );
    }
    const round = await rounds.getRound(caller, roundId);
    const survey = await surveyOf(session, roundId);
    const admin = may(caller, 'manage');
    const usedSets = new Set(round.units.map((unit) => unit.criteriaSet));
    const sets = (await rounds.criteriaSets()).filter(
      (set) => usedSets.has(set.id) && surveyCriteria(set).length > 0,
    );
    const nameOf = (unit: string) => round.units.find((candidate) => candidate.id === unit)?.name ?? unit;
    const csrf = html`<input type="hidden" name="_csrf" value="${csrfOf(session)}">`;
    const issuedAny = survey
      ? Object.values(survey.groups).some((group) => group.links + group.paper > 0)
      : false;
    const results = survey && !survey.open ? await rounds.surveyResults(caller, roundId) : undefined;
    const body = html`<p class="trang-thai" role="status"><strong>${stateLine(survey)}</strong></p>
${shown.notice ? html`<p class="trang-thai" role="status">${shown.notice}</p>` : ''}
${shown.problem ? html`<p class="loi" role="alert">${shown.problem}</p>` : ''}
${shown.issued ?? ''}
${survey ? groupsTables(survey, nameOf) : ''}
${
  admin && sets.length === 0
    ? html`<p class="goi-y">Bộ tiêu chí của đợt này không có tiêu chí nào chấm theo phiếu khảo sát: hãy chọn cách tính điểm "Theo phiếu khảo sát" cho các tiêu chí khảo sát trong bộ tiêu chí.</p>`
    : ''
}
${admin && sets.length > 0 && !issuedAny && (survey?.open ?? true) ? planForm(roundId, session, round.units, sets, survey, shown.typed) : ''}
${
  admin && survey?.open
    ? html`<form class="the hep" method="post" action="${surveyPath(roundId)}/phat">${csrf}<h2>Phát phiếu</h2>
<label for="ks-phat-nhom">Nhóm</label><select id="ks-phat-nhom" name="nhom">${survey.plan.groups.map((group) => html`<option value="${group.id}">${group.name}</option>`)}</select>
<label for="ks-phat-so">Số phiếu</label><input id="ks-phat-so" name="so" type="number" min="1" max="5000" required value="10">
<fieldset><legend>Hình thức</legend>
<div><input type="radio" id="ks-phat-link" name="loai" value="duong-dan" checked> <label for="ks-phat-link" style="display:inline">Đường dẫn trả lời trực tuyến (mỗi đường dẫn gửi được một lần)</label></div>
<div><input type="radio" id="ks-phat-giay" name="loai" value="giay"> <label for="ks-phat-giay" style="display:inline">Phiếu giấy in số thứ tự, nhập lại sau</label></div></fieldset>
<p><button type="submit">Phát phiếu</button></p></form>
${
  issuedAny
    ? html`<form class="the hep" method="post" action="${surveyPath(roundId)}/ngay">${csrf}<h2>Đổi ngày kết thúc</h2><p class="goi-y">Phiếu đã phát nên nội dung phiếu không sửa được nữa; chỉ đổi được ngày kết thúc.</p>
<label for="ks-ngay">Nhận phiếu đến hết ngày</label><input id="ks-ngay" name="ket-thuc" type="date" required value="${survey.closes}">
<p><button class="phu" type="submit">Đổi ngày</button></p></form>`
    : ''
}`
    : ''
}
${
  survey
    ? html`<ul class="lien-ket">${admin ? html`<li><a href="${respondentsPath(roundId)}">Danh sách người được khảo sát, thư mời và thư nhắc (${Object.values(survey.groups).reduce((sum, group) => sum + group.respondents, 0)} người)</a></li>` : ''}${survey.open ? html`<li><a href="${surveyPath(roundId)}/nhap">Nhập phiếu giấy, hoặc nhiều phiếu từ bảng tính</a></li>` : ''}</ul>`
    : ''
}
${
  admin && survey && !survey.appliedAt
    ? html`<form class="the hep" method="post" action="${surveyPath(roundId)}/ket-thuc">${csrf}<h2>Kết thúc khảo sát và ghi điểm</h2>
<p>Không nhận thêm phiếu; số phiếu được tổng hợp và ghi vào điểm thẩm định của từng đơn vị (tiêu chí có ít hơn ${survey.plan.minimumRespondents} người trả lời được tính thì không tính vào điểm tối đa).</p>
<div><input type="checkbox" id="ks-dong-y" name="dong-y" value="co" required> <label for="ks-dong-y" style="display:inline">Tôi đã kiểm tra: kết thúc khảo sát</label></div>
<p><button type="submit">Kết thúc khảo sát và ghi điểm</button></p></form>`
    : ''
}
${results ? html`<p><a href="${surveyPath(roundId)}/ket-qua.xlsx">Tải kết quả khảo sát (XLSX)</a> · <a href="${surveyPath(roundId)}/bao-cao.docx">Tải báo cáo khảo sát (DOCX)</a></p>` : ''}
${results ? resultsTable(results, nameOf) : ''}
${results ? comparisonTable(await rounds.surveyComparison(caller, roundId), nameOf) : ''}
<p><a href="${roundPath(roundId)}/quan-ly">Về trang quản lý đợt</a></p>`;
    const status = shown.problem ? 422 : 200;
    return page(c, `Khảo sát: ${round.title}`, body, session, status);
  };

  /** A unit's own figures, after publication: the groups with too few respondents left out (the store's rule). */
  const unitSurveyPage = async (c: Context<E>, session: Session, roundId: string, unitId: string) => {
    const round = await rounds.getRound(session.caller, roundId);
    const title = `Kết quả khảo sát: ${round.units.find((unit) => unit.id === unitId)?.name ?? unitId}`;
    let results: SurveyResults;
    try {
      results = await rounds.surveyResults(session.caller, roundId);
    } catch (error) {
      if (!(error instanceof RoundsError) || !['survey-hidden', 'survey-not-found'].includes(error.code))
        throw error;
      const words =
        error.code === 'survey-hidden'
          ? 'Đơn vị được xem kết quả khảo sát của mình sau khi kết quả đánh giá được công bố.'
          : 'Đợt đánh giá này không có khảo sát xã hội học.';
      return page(c, title, html`<p class="trang-thai" role="status"><strong>${words}</strong></p>`, session);
    }
    const own = results.units[unitId];
    const criterionOf = criterionNames(results);
    const names = new Map(results.groups.map((group) => [group.id, group.name]));
    const groupName = (id: string) => names.get(id) ?? id;
    return page(
      c,
      title,
      html`<p class="trang-thai" role="status"><strong>${own ? `Kết quả khảo sát về đơn vị theo ${Object.keys(own.criteria).length} tiêu chí. Nhóm có dưới ${results.minimumRespondents} người trả lời không được hiển thị riêng.` : 'Đơn vị không được khảo sát trong đợt này.'}</strong></p>
${
  own
    ? html`<div class="cuon"><table><caption>Số phiếu theo phương án</caption><thead><tr><th scope="col">Tiêu chí</th><th scope="col">Số phiếu theo phương án</th><th scope="col">Được tính</th><th scope="col">Theo nhóm</th><th scope="col">Tính điểm</th></tr></thead>
<tbody>${Object.entries(own.criteria).map(
        ([code, criterion]) =>
          html`<tr><td>${code}. ${criterionOf(code)}</td><td>${Object.entries(criterion.options)
            .map(([option, count]) => `${option}: ${count}`)
            .join('; ')}</td><td class="so">${criterion.counted}</td><td>${Object.entries(criterion.groups)
            .map(([group, count]) => `${groupName(group)}: ${count.counted} người`)
            .join(
              '; ',
            )}</td><td>${criterion.applicable ? 'Có tính điểm' : `Không tính điểm: dưới ${results.minimumRespondents} người được tính`}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
<p><a href="${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/ket-qua">Về kết quả thẩm định của đơn vị</a></p>`,
      session,
    );
  };

  app.get(
    '/app/dot/:round/khao-sat/bao-cao.docx',
    signedIn((c, session) => context.options.surveyReport(c, c.req.param('round')!, session.caller)),
  );

  app.get(
    '/app/dot/:round/khao-sat/ket-qua.xlsx',
    signedIn((c, session) => surveyWorkbookResponse(c, rounds, session.caller, c.req.param('round')!)),
  );

  app.get(
    '/app/dot/:round/khao-sat',
    signedIn((c, session) => surveyPage(c, session, c.req.param('round')!)),
  );

  app.post(
    '/app/dot/:round/khao-sat',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      try {
        await rounds.putSurvey(session.caller, roundId, planFromForm(fields));
      } catch (error) {
        if (error instanceof RoundsError && (error.kind === 'invalid-document' || error.kind === 'conflict'))
          return surveyPage(c, session, roundId, { typed: fields, problem: refusalWords(error) });
        throw error;
      }
      return c.redirect(`${surveyPath(roundId)}?da-luu`, 303);
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/ngay',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      const survey = await rounds.getSurvey(session.caller, roundId);
      await rounds.putSurvey(session.caller, roundId, {
        criteriaSet: survey.criteriaSet,
        title: survey.title,
        closes: fields.get('ket-thuc') ?? '',
        groups: survey.plan.groups.map(({ quota, ...group }) =>
          quota === undefined ? group : { ...group, quota },
        ),
        minimumRespondents: survey.plan.minimumRespondents,
        pooling: survey.plan.pooling,
        doubleEntry: survey.doubleEntry,
        anonymity: survey.anonymity,
      });
      return c.redirect(surveyPath(roundId), 303);
    }),
  );

  app.post(
    '/app/dot/:round/khao-sat/phat',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      const paper = fields.get('loai') === 'giay';
      const issued = await rounds.issueSurveyLinks(session.caller, roundId, {
        group: fields.get('nhom') ?? '',
        count: Number(fields.get('so') ?? '0'),
        paper,
      });
      const survey = await rounds.getSurvey(session.caller, roundId);
      const group = survey.plan.groups.find((planned) => planned.id === issued.group)!;
      const origin = publicOrigin(c.req.url, context.options.publicUrl);
      const shown = paper
        ? await paperForms(
            session,
            roundId,
            issued.links.map((link) => link.serial!),
          )
        : html`<section class="the"><h2>${issued.links.length} đường dẫn cho nhóm ${group.name}</h2>
<p class="goi-y">Chỉ hiện một lần: hãy in trang này hoặc chép các đường dẫn ngay. Mỗi đường dẫn gửi được một phiếu; máy chủ chỉ giữ dấu vết đã mã hóa của đường dẫn.</p>
<ol class="duong-dan">${issued.links.map((link, at) => {
            const address = `${origin}${surveyFormPath(link.token)}`;
            return html`<li><figure class="ma-qr" role="img" aria-label="Mã QR của đường dẫn số ${at + 1}">${qrPicture(address, 3, 2)}</figure><p><strong>Đường dẫn số ${at + 1}</strong><br><a href="${address}">${address}</a></p></li>`;
          })}</ol></section>`;
      return surveyPage(c, session, roundId, {
        notice: `Đã phát ${issued.links.length} ${paper ? 'phiếu giấy' : 'đường dẫn'} cho nhóm ${group.name}.`,
        issued: shown,
      });
    }),
  );

  /** Paper forms to print, each with its serial number, the units and the boxes of each question. */
  const paperForms = async (session: Session, roundId: string, serials: readonly number[]): Promise<Html> => {
    const forms = await Promise.all(
      serials.map((serial) => rounds.surveyPaperForm(session.caller, roundId, serial)),
    );
    return html`<section><h2>Phiếu giấy để in (${serials.length} phiếu)</h2>${forms.map(
      (
        form,
        at,
      ) => html`<article class="the phieu-giay"><h3>Phiếu số ${serials[at]}: ${form.title}</h3><p>Nhóm: ${form.group.name}. Đánh dấu một ô cho mỗi câu.</p>
${form.units.map(
  (unit) =>
    html`<h4>${unit.name}</h4><ul>${form.questions.map((question) => html`<li>${question.text}: ${question.options.map((option) => `☐ ${option}`).join('   ')}</li>`)}</ul>`,
)}</article>`,
    )}</section>`;
  };

  app.post(
    '/app/dot/:round/khao-sat/ket-thuc',
    posted(async (c, session, fields) => {
      const roundId = c.req.param('round')!;
      if (fields.get('dong-y') !== 'co')
        return surveyPage(c, session, roundId, {
          problem: 'Hãy đánh dấu ô xác nhận trước khi kết thúc khảo sát.',
        });
      const closed = await rounds.closeSurvey(session.caller, roundId);
      const round = await rounds.getRound(session.caller, roundId);
      const nameOf = (unit: string) => round.units.find((candidate) => candidate.id === unit)?.name ?? unit;
      const waiting = closed.notWritten.map((unit) => `${nameOf(unit.unit)}: ${unit.reason}`);
      return surveyPage(c, session, roundId, {
        notice: `Đã ghi điểm khảo sát vào điểm thẩm định của ${closed.written.length} đơn vị.${waiting.length > 0 ? ` Chưa ghi được: ${waiting.join('; ')}.` : ''}`,
      });
    }),
  );
}

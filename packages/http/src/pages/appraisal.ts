import { type Criterion, deadlineInstant, formatNumber, isPast } from '@cchc/core';
import {
  explanationClosure,
  type Layer,
  may,
  PHASE_NAMES_VI,
  passesOf,
  phaseOf,
  RoundsError,
  unitPhaseFacts,
} from '@cchc/rounds';
import type { Hono } from 'hono';
import { type Html, html } from '../html.js';
import {
  decimalDifference,
  nodesOf,
  type PagesContext,
  type PagesEnv,
  roundPath,
  timeLeft,
  vietnamTime,
} from './context.js';
import { earlierPeriods, unitAreasChart, unitYearsChart } from './dashboard.js';
import { filePath, itemFilesPath } from './evidence.js';
import { appraisedUnits } from './todo.js';

export function mountAppraisal<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, csrfOf, page, posted, signedIn, resultsOf, forbiddenPage } = context;
  app.get(
    '/app/dot/:round/tham-dinh',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      if (!may(session.caller, 'appraise'))
        return forbiddenPage(c, session, 'Chỉ người thẩm định và quản trị xem được danh sách này.');
      const round = await rounds.getRound(session.caller, roundId);
      // A round that assigns appraisers lists to an appraiser's account what was assigned to it.
      const listed = appraisedUnits(session.caller, round, await rounds.assignments(session.caller, roundId));
      const appraised = new Map(
        (await resultsOf(session.caller, roundId, 'appraised')).map((result) => [result.unit.id, result]),
      );
      const states = new Map(round.unitStates.map((unit) => [unit.id, unit]));
      // An appraised result carries the unit's self-assessed figures: the self layer is scored again only
      // where a unit has it without an appraisal yet (a round of 150 units scored twice took 74 ms a page).
      const twoPasses = passesOf(round) === 2;
      const selfOnly = round.unitStates.some((unit) => unit.self && !unit.appraised);
      const selfFigures = new Map<string, { readonly achieved: string }>(
        [...appraised].flatMap(([id, result]) => (result.self ? [[id, result.self] as const] : [])),
      );
      if (selfOnly)
        for (const result of await resultsOf(session.caller, roundId, 'self'))
          if (!selfFigures.has(result.unit.id)) selfFigures.set(result.unit.id, result);
      // Two passes: the first pass's figures, carried by the second's results or scored where it is alone.
      const firstFigures = new Map<string, { readonly achieved: string }>(
        [...appraised].flatMap(([id, result]) => (result.firstPass ? [[id, result.firstPass] as const] : [])),
      );
      if (twoPasses && round.unitStates.some((unit) => unit.firstPass && !unit.appraised))
        for (const result of await resultsOf(session.caller, roundId, 'appraised-1'))
          if (!firstFigures.has(result.unit.id)) firstFigures.set(result.unit.id, result);
      const figure = (found: { readonly achieved: string } | undefined) =>
        found ? formatNumber(found.achieved) : '';
      const at = now();
      return page(
        c,
        `Danh sách đơn vị: ${round.title}`,
        html`<div class="cuon"><table><caption class="khong-in">Điểm tự chấm và điểm thẩm định của các đơn vị</caption><thead><tr><th scope="col">Đơn vị</th><th scope="col">Đã chốt</th><th scope="col">Điểm tự chấm</th>${twoPasses ? html`<th scope="col">Thẩm định lần 1</th><th scope="col">Giải trình</th><th scope="col">Thẩm định lần 2</th>` : html`<th scope="col">Điểm thẩm định</th>`}<th scope="col">Chênh lệch</th>${twoPasses ? '' : html`<th scope="col">Giải trình chờ</th>`}<th scope="col">Phiếu</th></tr></thead><tbody>
${listed.length === 0 ? html`<tr><td colspan="8">Bạn chưa được phân công đơn vị nào trong đợt này.</td></tr>` : ''}
${listed.map((unit) => {
  const theirs = appraised.get(unit.id);
  const state = states.get(unit.id);
  const path = `${roundPath(roundId)}/don-vi/${encodeURIComponent(unit.id)}`;
  const links = twoPasses
    ? html`<a href="${path}/tham-dinh-lan-1">Thẩm định lần 1</a> · <a href="${path}/tham-dinh">Thẩm định lần 2</a> · <a href="${path}/ket-qua">Kết quả và giải trình</a>`
    : html`<a href="${path}/tham-dinh">Chấm thẩm định</a> · <a href="${path}/ket-qua">Kết quả và giải trình</a>`;
  const phase = twoPasses && state ? PHASE_NAMES_VI[phaseOf(unitPhaseFacts(round, state), at)] : '';
  return html`<tr><td>${unit.name}${phase ? html`<div class="goi-y">Đang: ${phase}</div>` : ''}</td><td>${state?.submitted ? 'Đã chốt' : 'Chưa'}</td><td class="so">${figure(selfFigures.get(unit.id))}</td>${twoPasses ? html`<td class="so">${figure(firstFigures.get(unit.id))}</td><td>${state?.explanationsClosed ? 'Đã chốt' : state?.pendingExplanations ? `${state.pendingExplanations} yêu cầu chờ` : ''}</td>` : ''}<td class="so">${figure(theirs)}</td><td class="so">${theirs?.difference === undefined ? '' : formatNumber(theirs.difference)}</td>${twoPasses ? '' : html`<td class="so">${state?.pendingExplanations ?? 0}</td>`}<td>${links}</td></tr>`;
})}
</tbody></table></div>`,
        session,
      );
    }),
  );

  app.get(
    '/app/dot/:round/don-vi/:unit/ket-qua',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      const unitId = c.req.param('unit')!;
      const layerOf = async (layer: Layer) => {
        try {
          return await rounds.getLayer(session.caller, roundId, unitId, layer);
        } catch (error) {
          if (error instanceof RoundsError && error.kind === 'not-found') return undefined;
          throw error;
        }
      };
      const { set, unit } = await rounds.sheetOf(session.caller, roundId, unitId, 'self');
      const round = await rounds.getRound(session.caller, roundId);
      const twoPasses = passesOf(round) === 2;
      const [self, first, appraised] = [
        await layerOf('self'),
        twoPasses ? await layerOf('appraised-1') : undefined,
        await layerOf('appraised'),
      ];
      const explanations = new Map(
        (await rounds.explanations(session.caller, roundId, unitId)).map((found) => [found.code, found]),
      );
      const unitState = round.unitStates.find((one) => one.id === unitId)!;
      const facts = unitPhaseFacts(round, unitState);
      const at = now();
      // What may be written now, as the store will judge it: answers, requests, the closing.
      const answering = explanationClosure(facts, unitId, false, session.caller, at) === undefined;
      const asking = explanationClosure(facts, unitId, true, session.caller, at) === undefined;
      const phase = twoPasses ? phaseOf(facts, at) : undefined;
      // The unit's files: handed in with an answer, and shown with it by their names.
      const library = await rounds.unitFiles(session.caller, roundId, unitId);
      const nameOfFile = new Map(library.map((file) => [file.hash, file.name]));
      const fileLinks = (hashes: readonly string[]) =>
        hashes.length > 0
          ? html`<br>Tệp kèm theo: ${hashes.map((hash, position) => html`${position > 0 ? ', ' : ''}<a href="${filePath(roundId, unitId, hash)}" download>${nameOfFile.get(hash) ?? 'tệp'}</a>`)}`
          : '';
      // The state at the top: requests waiting for an answer, and until when the unit may answer.
      const waiting = [...explanations.values()].filter((found) => found.request && !found.answer).length;
      const deadline = round.deadlines.explanation;
      const answerUntil =
        deadline === undefined
          ? ''
          : isPast(deadline, at)
            ? ` Đã hết hạn giải trình (${vietnamTime(deadlineInstant(deadline))}).`
            : ` Hạn giải trình: ${vietnamTime(deadlineInstant(deadline))} (${timeLeft(deadline, at)}).`;
      const waitingWords =
        waiting > 0
          ? `${waiting} yêu cầu giải trình chưa được trả lời.`
          : 'Không có yêu cầu giải trình nào chờ trả lời.';
      const state = round.published
        ? `Đã công bố kết quả ngày ${vietnamTime(round.published.at)}.`
        : unitState.explanationsClosed
          ? `Đơn vị đã chốt giải trình ngày ${vietnamTime(unitState.explanationsClosed.at)}${phase === 'appraised' ? '; đang thẩm định lần 2' : ''}.`
          : phase === 'self' || phase === 'appraised-1'
            ? `Đang ${PHASE_NAMES_VI[phase]}: đơn vị giải trình sau khi thẩm định lần 1 kết thúc (${vietnamTime(deadlineInstant(round.deadlines.appraisal1!))}).`
            : phase === 'explanation'
              ? `Đang giải trình. ${waitingWords}${answerUntil} Khi đã trả lời xong, đơn vị bấm "Chốt giải trình".`
              : `${waitingWords}${answerUntil}`;
      const mine = nodesOf(self);
      const firstNodes = nodesOf(first);
      const theirs = nodesOf(appraised);
      // The appraisers' comments: the last pass's, and the first's where it said otherwise.
      const causesOf = (layer: Awaited<ReturnType<typeof layerOf>>) =>
        (layer?.document['entries'] ?? {}) as Record<string, { cause?: string }>;
      const [lastCauses, firstCauses] = [causesOf(appraised), causesOf(first)];
      const comment = (code: string) => {
        const [last, earlier] = [lastCauses[code]?.cause, firstCauses[code]?.cause];
        if (!twoPasses || earlier === undefined || earlier === last) return last ?? '';
        return html`${last ? html`<p>Lần 2: ${last}</p>` : ''}<p>Lần 1: ${earlier}</p>`;
      };
      const mayAnswer = may(session.caller, 'answer-explanation', { unit: unitId }) && answering;
      const token = csrfOf(session);
      const action = `${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/giai-trinh`;
      const rows: Html[] = [];
      /** A criterion, or a bonus or penalty claim read as one. */
      type Item = Pick<Criterion, 'code' | 'name' | 'max'> & { readonly children: readonly Item[] };
      const row = (criterion: Item, depth: number) => {
        const a = mine.get(criterion.code)?.achieved;
        const b = theirs.get(criterion.code)?.achieved;
        const firstScore = firstNodes.get(criterion.code)?.achieved;
        const difference =
          a !== undefined && a !== null && b !== undefined && b !== null
            ? formatNumber(decimalDifference(b, a))
            : '';
        const explanation = explanations.get(criterion.code);
        // What a later request replaced: earlier requests and answers, with who and when.
        const current = [explanation?.request, explanation?.answer];
        const earlier = (explanation?.history ?? []).filter(
          (entry) => !current.some((shown) => shown?.at === entry.at && shown.text === entry.text),
        );
        const explained = html`${
          earlier.length > 0
            ? html`<details><summary>Các lần trước (${earlier.length})</summary>${earlier.map((entry) => html`<p class="goi-y">${entry.kind === 'request' ? 'Yêu cầu' : 'Giải trình'} của ${entry.key}, ${vietnamTime(entry.at)}: ${entry.text}</p>`)}</details>`
            : ''
        }${
          explanation?.request
            ? html`<p><strong>Yêu cầu giải trình:</strong> ${explanation.request.text}</p>`
            : ''
        }${explanation?.answer ? html`<p><strong>Đơn vị giải trình:</strong> ${explanation.answer.text}${fileLinks(explanation.answer.files)}</p>` : ''}${
          mayAnswer && explanation?.request
            ? html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="ma" value="${criterion.code}"><label for="gt-${criterion.code}">Nội dung giải trình ${criterion.code}</label><textarea id="gt-${criterion.code}" name="noi-dung" rows="2" required></textarea>${library.length > 0 ? html`<fieldset><legend>Tệp gửi kèm (các tệp đơn vị đã tải lên)</legend>${library.map((file, position) => html`<div><input type="checkbox" id="gt-tep-${criterion.code}-${position}" name="tep" value="${file.hash}"> <label for="gt-tep-${criterion.code}-${position}" style="display:inline">${file.name}</label></div>`)}</fieldset>` : ''}<button type="submit">Gửi giải trình</button><p class="goi-y"><a href="${itemFilesPath(roundId, unitId, 'tu-cham', criterion.code)}">Tải tệp lên để gửi kèm</a></p></form>`
            : ''
        }${
          asking && may(session.caller, 'ask-explanation', { unit: unitId, code: criterion.code })
            ? html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="ma" value="${criterion.code}"><input type="hidden" name="loai" value="yeu-cau"><label for="yc-${criterion.code}">Yêu cầu giải trình ${criterion.code}</label><input type="text" id="yc-${criterion.code}" name="noi-dung" required><button class="phu" type="submit">Yêu cầu giải trình</button></form>`
            : ''
        }`;
        const score = (text: string | null | undefined) => (text ? formatNumber(text) : '');
        rows.push(
          // Each cell says what it is: on a phone the table reads as one card per criterion.
          html`<tr class="${depth === 0 ? 'linh-vuc' : ''}"><td data-nhan="STT">${criterion.code}</td><td data-nhan="Tiêu chí" style="padding-left:${0.45 + depth}rem">${criterion.name}</td><td class="so" data-nhan="Điểm tối đa">${formatNumber(criterion.max)}</td><td class="so" data-nhan="Tự chấm">${score(a)}</td>${
            twoPasses
              ? html`<td class="so" data-nhan="Thẩm định lần 1">${score(firstScore)}</td><td data-nhan="Giải trình">${explained}</td><td class="so" data-nhan="Thẩm định lần 2">${score(b)}</td><td class="so" data-nhan="Chênh lệch">${difference}</td><td data-nhan="Nhận xét của người thẩm định">${comment(criterion.code)}</td>`
              : html`<td class="so" data-nhan="Thẩm định">${score(b)}</td><td class="so" data-nhan="Chênh lệch">${difference}</td><td data-nhan="Nhận xét của người thẩm định">${comment(criterion.code)}</td><td data-nhan="Giải trình">${explained}</td>`
          }</tr>`,
        );
        for (const child of criterion.children) row(child, depth + 1);
      };
      for (const area of set.criteria) row(area, 0);
      // Bonus and penalty claims are appraised and explained as items are.
      for (const adjustment of set.adjustments) row({ ...adjustment, children: [] }, 0);
      // The unit's own pictures: its areas self-assessed and appraised, and its index over the years.
      const latest = appraised ?? first;
      const periods = [
        ...(await earlierPeriods(rounds, session.caller, round, resultsOf)),
        ...(round.published
          ? [{ period: round.period, results: await resultsOf(session.caller, roundId, 'appraised') }]
          : []),
      ];
      const charts = [
        latest &&
          unitAreasChart(
            self?.result.nodes,
            latest.result.nodes,
            twoPasses ? (appraised ? 'Thẩm định lần 2' : 'Thẩm định lần 1') : 'Thẩm định',
          ),
        unitYearsChart(unit, periods),
      ].filter((chart) => chart !== undefined);
      const total = (layer: Awaited<ReturnType<typeof layerOf>>) =>
        layer ? `${formatNumber(layer.result.achieved)}/${formatNumber(layer.result.max)}` : 'chưa có';
      return page(
        c,
        `Kết quả thẩm định và giải trình: ${unit.name}`,
        html`<p class="trang-thai" role="status"><strong>${state}</strong></p>
<p>Tự chấm: <strong>${total(self)}</strong>${twoPasses ? html`; thẩm định lần 1: <strong>${total(first)}</strong>` : ''}; thẩm định${twoPasses ? ' lần 2' : ''}: <strong>${total(appraised)}</strong>${
          self && appraised
            ? html`; chênh lệch <strong>${formatNumber(decimalDifference(appraised.result.achieved, self.result.achieved))}</strong>`
            : ''
        }.</p>
${round.published ? html`<p><a href="${roundPath(roundId)}/khao-sat">Kết quả khảo sát xã hội học của đơn vị</a></p>` : ''}
${
  twoPasses && mayAnswer && phase === 'explanation'
    ? html`<form class="the" method="post" action="${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/chot-giai-trinh"><input type="hidden" name="_csrf" value="${token}">
<p>Sau khi chốt giải trình, đơn vị không gửi thêm giải trình được nữa (quản trị có thể mở lại) và người thẩm định chấm lần 2.${waiting > 0 ? ` Còn ${waiting} yêu cầu chưa trả lời.` : ''}</p>
<p><input type="checkbox" id="xac-nhan-giai-trinh" name="xac-nhan" value="1" required> <label for="xac-nhan-giai-trinh" style="display:inline">Tôi xác nhận đơn vị đã giải trình xong</label></p>
<p><button class="phu" type="submit">Chốt giải trình</button></p></form>`
    : ''
}
<div class="cuon"><table class="bang-sua"><caption class="khong-in">Điểm tự chấm, điểm thẩm định và giải trình theo tiêu chí</caption><thead><tr><th scope="col">STT</th><th scope="col">Tiêu chí</th><th scope="col">Điểm tối đa</th><th scope="col">Tự chấm</th>${
          twoPasses
            ? html`<th scope="col">Thẩm định lần 1</th><th scope="col">Giải trình</th><th scope="col">Thẩm định lần 2</th><th scope="col">Chênh lệch (lần 2 so với tự chấm)</th><th scope="col">Nhận xét của người thẩm định</th>`
            : html`<th scope="col">Thẩm định</th><th scope="col">Chênh lệch</th><th scope="col">Nhận xét của người thẩm định</th><th scope="col">Giải trình</th>`
        }</tr></thead><tbody>${rows}</tbody></table></div>
${charts.length > 0 ? html`<h2>Biểu đồ của đơn vị</h2>${charts}` : ''}`,
        session,
      );
    }),
  );

  app.post(
    '/app/dot/:round/don-vi/:unit/chot-giai-trinh',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      const unitId = c.req.param('unit')!;
      // Closing ends the unit's answers: the box that says so must be ticked (the form requires it).
      if (form.get('xac-nhan') !== null) await rounds.closeExplanations(session.caller, roundId, unitId);
      return c.redirect(`${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/ket-qua`, 303);
    }),
  );

  app.post(
    '/app/dot/:round/don-vi/:unit/giai-trinh',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      const unitId = c.req.param('unit')!;
      const text = form.get('noi-dung')?.trim() ?? '';
      const files = form.getAll('tep').filter((hash) => /^[0-9a-f]{64}$/.test(hash));
      const body =
        form.get('loai') === 'yeu-cau' ? { request: text } : { text, ...(files.length > 0 ? { files } : {}) };
      await rounds.explain(session.caller, roundId, unitId, form.get('ma') ?? '', body);
      return c.redirect(`${roundPath(roundId)}/don-vi/${encodeURIComponent(unitId)}/ket-qua`, 303);
    }),
  );
}

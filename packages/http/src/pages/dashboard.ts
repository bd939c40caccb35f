/**
 * "Tổng quan" of a round, for the admin and the appraisers: where the work stands and what the results say, as
 * pictures drawn by the server (charts.ts), each with its figures as a table.
 */
import { Decimal, formatNumber } from '@cchc/core';
import {
  explanationsClosed,
  may,
  passesOf,
  type RoundResult,
  type RoundView,
  unitPhaseFacts,
} from '@cchc/rounds';
import type { Hono } from 'hono';
import { barChart, dumbbellChart, heatTable, type Stack, stackedChart } from '../charts.js';
import { type Html, html } from '../html.js';
import type { PagesContext, PagesEnv } from './context.js';
import { roundPath } from './context.js';

export const dashboardPath = (round: string) => `${roundPath(round)}/tong-quan`;

/** Units per state of each phase, done first: the round's progress. */
export function progressStacks(round: RoundView, at: Date): Stack[] {
  const states = round.unitStates;
  const count = (test: (unit: RoundView['unitStates'][number]) => boolean) => states.filter(test).length;
  const twoPasses = passesOf(round) === 2;
  const stacks: Stack[] = [
    {
      label: 'Tự chấm điểm',
      parts: [
        { name: 'Đã xong', count: count((unit) => unit.submitted !== null) },
        { name: 'Đang làm', count: count((unit) => unit.submitted === null && unit.self !== null) },
        { name: 'Chưa bắt đầu', count: count((unit) => unit.submitted === null && unit.self === null) },
      ],
    },
  ];
  if (twoPasses)
    stacks.push({
      label: 'Thẩm định lần 1',
      parts: [
        { name: 'Đã xong', count: count((unit) => unit.firstPass != null) },
        { name: 'Chưa bắt đầu', count: count((unit) => unit.firstPass == null) },
      ],
    });
  const closed = (unit: RoundView['unitStates'][number]) =>
    twoPasses ? explanationsClosed(unitPhaseFacts(round, unit), at) : unit.pendingExplanations === 0;
  stacks.push(
    {
      label: 'Giải trình',
      parts: [
        { name: 'Đã xong', count: count(closed) },
        { name: 'Đang làm', count: count((unit) => !closed(unit)) },
      ],
    },
    {
      label: twoPasses ? 'Thẩm định lần 2' : 'Thẩm định',
      parts: [
        { name: 'Đã xong', count: count((unit) => unit.appraised !== null) },
        { name: 'Chưa bắt đầu', count: count((unit) => unit.appraised === null) },
      ],
    },
  );
  return stacks;
}

/** The areas of the results (each set's, in the order first met). */
const areasOf = (results: readonly RoundResult[]) => {
  const areas = new Map<string, string>();
  for (const result of results) for (const node of result.nodes ?? []) areas.set(node.code, node.name);
  return [...areas].map(([code, name]) => ({ code, name }));
};

/** The dashboard's charts of a round's appraised results (ranked, with their self-assessed figures). */
export function roundCharts(
  round: RoundView,
  results: readonly RoundResult[],
  classesOf: (set: string) => readonly { readonly label: string; readonly min: string }[],
  at: Date,
): Html[] {
  const stacks = progressStacks(round, at);
  const total = round.unitStates.length;
  const charts: Html[] = [
    stackedChart({
      id: 'tien-do',
      title: 'Tiến độ',
      reading: `${stacks.at(-1)!.parts[0]!.count}/${total} đơn vị đã có điểm thẩm định${passesOf(round) === 2 ? ' lần 2' : ''}; ${stacks[0]!.parts[0]!.count}/${total} đã chốt điểm tự chấm.`,
      stacks,
    }),
  ];
  if (results.length === 0) return charts;
  charts.push(...rankingCharts(results, classesOf));
  // Self-assessed against appraised: the largest differences first.
  const pairs = results
    .filter((result) => result.self)
    .map((result) => ({
      label: result.unit.name,
      from: result.self!.index,
      to: result.index,
      difference: new Decimal(result.index).minus(result.self!.index).toFixed(),
    }))
    .sort((a, b) => new Decimal(b.difference).abs().cmp(new Decimal(a.difference).abs()));
  if (pairs.length > 0) {
    const lowered = pairs.filter((pair) => new Decimal(pair.difference).isNegative()).length;
    charts.push(
      dumbbellChart({
        id: 'tu-cham-tham-dinh',
        title: 'Tự chấm và thẩm định',
        reading: `${lowered}/${pairs.length} đơn vị có chỉ số thẩm định thấp hơn tự chấm; chênh lệch lớn nhất: ${pairs[0]!.label} (${formatNumber(pairs[0]!.difference)}).`,
        pairs,
        max: '100',
        fromHeader: 'Chỉ số tự chấm',
        toHeader: 'Chỉ số thẩm định',
      }),
    );
  }
  charts.push(areasChart(results));
  return charts;
}

/** One ranking per criteria set (units are ranked within their set): each index a bar, the classes behind. */
export function rankingCharts(
  results: readonly RoundResult[],
  classesOf: (set: string) => readonly { readonly label: string; readonly min: string }[],
): Html[] {
  const charts: Html[] = [];
  const bySet = new Map<string, RoundResult[]>();
  for (const result of results)
    bySet.set(result.criteriaSet.id, [...(bySet.get(result.criteriaSet.id) ?? []), result]);
  for (const [set, ranked] of bySet) {
    const classes = classesOf(set);
    const counts = classes
      .map(
        (band) =>
          [band.label, ranked.filter((result) => result.classification === band.label).length] as const,
      )
      .filter(([, count]) => count > 0)
      .map(([label, count]) => `${count} ${label}`);
    const unclassed = ranked.filter((result) => result.classification === null).length;
    charts.push(
      barChart({
        id: `xep-hang-${bySet.size > 1 ? set : 'dot'}`,
        title: `Xếp hạng${bySet.size > 1 ? `: ${ranked[0]!.criteriaSet.title}` : ''}`,
        reading: `${ranked.length} đơn vị: ${[...counts, ...(unclassed > 0 ? [`${unclassed} chưa xếp loại`] : [])].join(', ')}. Cao nhất ${ranked[0]!.unit.name} (${formatNumber(ranked[0]!.index)}), thấp nhất ${ranked.at(-1)!.unit.name} (${formatNumber(ranked.at(-1)!.index)}).`,
        bars: ranked.map((result) => ({
          label: result.unit.name,
          value: result.index,
          note: result.classification ?? undefined,
        })),
        max: '100',
        bands: classes.map((band) => ({ from: band.min, label: band.label })),
        valueHeader: 'Chỉ số',
      }),
    );
  }
  return charts;
}

/** Each area's share of its maximum per unit, as a heat table; the area where the units lose most, said. */
export function areasChart(results: readonly RoundResult[]): Html {
  const areas = areasOf(results);
  const lostIn = new Map<string, Decimal>();
  for (const result of results)
    for (const node of result.nodes ?? [])
      lostIn.set(node.code, (lostIn.get(node.code) ?? new Decimal(0)).plus(node.lost));
  const worst = [...lostIn].sort((a, b) => b[1].cmp(a[1]))[0];
  return heatTable({
    id: 'theo-linh-vuc',
    title: 'Theo lĩnh vực',
    reading: worst
      ? `Các đơn vị mất nhiều điểm nhất ở lĩnh vực ${worst[0]}. ${areas.find((area) => area.code === worst[0])?.name ?? ''}: ${formatNumber(worst[1].toFixed())} điểm trên ${results.length} đơn vị.`
      : 'Chưa có điểm thẩm định.',
    columns: areas,
    rows: results.map((result) => {
      const byCode = new Map((result.nodes ?? []).map((node) => [node.code, node]));
      return {
        label: result.unit.name,
        cells: areas.map((area) => {
          const node = byCode.get(area.code);
          return node && node.achieved !== null ? { achieved: node.achieved, max: node.max } : undefined;
        }),
      };
    }),
  });
}

export function mountDashboard<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, page, signedIn, resultsOf } = context;
  app.get(
    '/app/dot/:round/tong-quan',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      if (!may(session.caller, 'appraise'))
        return page(
          c,
          'Không thực hiện được',
          html`<p class="loi">Chỉ người thẩm định và quản trị xem được trang tổng quan của đợt.</p>`,
          session,
          403,
        );
      const round = await rounds.getRound(session.caller, roundId);
      const results = await resultsOf(session.caller, roundId, 'appraised');
      const sets = new Map((await rounds.criteriaSets()).map((set) => [set.id, set]));
      const classesOf = (id: string) =>
        (sets.get(id)?.classes ?? []).map((band) => ({ label: band.label, min: band.min.toFixed() }));
      const charts = roundCharts(round, results, classesOf, now());
      const appraised = round.unitStates.filter((unit) => unit.appraised).length;
      return page(
        c,
        `Tổng quan: ${round.title}`,
        html`<p class="trang-thai" role="status"><strong>${round.published ? 'Đã công bố kết quả.' : `${appraised}/${round.unitStates.length} đơn vị đã có điểm thẩm định; kết quả chưa công bố, các biểu đồ xếp hạng là tạm thời.`}</strong></p>
${charts}
<p><a href="${roundPath(roundId)}/tham-dinh">Danh sách đơn vị</a> · <a href="/app">Về trang tổng quan</a></p>`,
        session,
      );
    }),
  );
}

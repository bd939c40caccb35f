/**
 * "Tổng quan" of a round, for the admin and the appraisers: where the work stands and what the results say, as
 * pictures drawn by the server (charts.ts), each with its figures as a table.
 */
import { Decimal, formatNumber, responsibilityLedger, type UnitResultJson } from '@cchc/core';
import type { FollowUp } from '@cchc/core/remediation';
import {
  type Caller,
  explanationsClosed,
  may,
  passesOf,
  type RoundResult,
  type Rounds,
  type RoundView,
  unitPhaseFacts,
} from '@cchc/rounds';
import type { Hono } from 'hono';
import {
  type BarChart,
  barChart,
  dumbbellChart,
  heatTable,
  type Stack,
  stackedChart,
  trendChart,
} from '../charts.js';
import { type Html, html } from '../html.js';
import type { PagesContext, PagesEnv } from './context.js';
import { PLAN_STATE_NAMES, roundPath, TASK_STATE_NAMES } from './context.js';

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
  ranking: Parameters<typeof rankingCharts>[2] = {},
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
  charts.push(...rankingCharts(results, classesOf, ranking));
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
  charts.push(areasChart(results), ...lostCharts(results));
  return charts;
}

/**
 * Where the points went (the responsibility ledger of the results): points lost per responsible agency, and
 * the criteria lost by the most units, with those units.
 */
export function lostCharts(results: readonly RoundResult[]): Html[] {
  const ledger = responsibilityLedger(results);
  if (ledger.items.length === 0) return [];
  const accounts = ledger.accounts;
  const byCode = new Map<string, { name: string; units: string[]; lost: Decimal }>();
  const nameOf = new Map(results.map((result) => [result.unit.id, result.unit.name]));
  for (const item of ledger.items) {
    const found = byCode.get(item.code) ?? { name: item.name, units: [], lost: new Decimal(0) };
    found.units.push(nameOf.get(item.unit) ?? item.unit);
    found.lost = found.lost.plus(item.lost);
    byCode.set(item.code, found);
  }
  const criteria = [...byCode]
    .sort((a, b) => b[1].units.length - a[1].units.length || b[1].lost.cmp(a[1].lost))
    .slice(0, 10);
  const named = (agency: string | null) => agency ?? '(chưa xác định cơ quan)';
  return [
    barChart({
      id: 'theo-co-quan',
      title: 'Điểm bị trừ theo cơ quan chịu trách nhiệm',
      reading: `${formatNumber(ledger.totalLost.toFixed())} điểm bị trừ ở ${ledger.items.length} mục; nhiều nhất: ${named(accounts[0]!.agency)} (${formatNumber(accounts[0]!.lost.toFixed())} điểm, ${accounts[0]!.items.length} mục).`,
      bars: accounts.map((account) => ({
        label: named(account.agency),
        value: account.lost.toFixed(),
        note: `${account.items.length} mục`,
      })),
      max: accounts[0]!.lost.toFixed(),
      valueHeader: 'Điểm bị trừ',
      labelHeader: 'Cơ quan, đơn vị chịu trách nhiệm',
      noteHeader: 'Số mục',
    }),
    barChart({
      id: 'tieu-chi-bi-tru',
      title: 'Tiêu chí bị trừ điểm ở nhiều đơn vị nhất',
      reading: `${byCode.size} tiêu chí bị trừ điểm; nhiều đơn vị nhất: ${criteria[0]![0]}. ${criteria[0]![1].name} (${criteria[0]![1].units.length} đơn vị).`,
      bars: criteria.map(([code, found]) => ({
        label: `${code}. ${found.name}`,
        value: String(found.units.length),
        note: found.units.join(', '),
      })),
      max: String(criteria[0]![1].units.length),
      valueHeader: 'Số đơn vị',
      labelHeader: 'Tiêu chí',
      noteHeader: 'Các đơn vị',
    }),
  ];
}

/** One ranking per criteria set (units are ranked within their set): each index a bar, the classes behind. */
export function rankingCharts(
  results: readonly RoundResult[],
  classesOf: (set: string) => readonly { readonly label: string; readonly min: string }[],
  options: RankingOptions = {},
): Html[] {
  return rankingSpecs(results, classesOf, options).map(barChart);
}

export interface RankingOptions {
  /** A target index the authority set itself, drawn as a line across the bars. */
  readonly target?: string | undefined;
  /** One chart per group of units (xã, thị trấn…) within each set, ranks kept. */
  readonly byGroup?: boolean | undefined;
}

/** What the ranking charts draw: one per set (or group), each unit's index a bar, the classes behind. */
export function rankingSpecs(
  results: readonly UnitResultJson[],
  classesOf: (set: string) => readonly { readonly label: string; readonly min: string }[],
  options: RankingOptions = {},
): BarChart[] {
  const charts: BarChart[] = [];
  const bySet = new Map<string, UnitResultJson[]>();
  const keyOf = (result: UnitResultJson) =>
    options.byGroup ? `${result.criteriaSet.id}\u0000${result.unit.group ?? ''}` : result.criteriaSet.id;
  for (const result of results) bySet.set(keyOf(result), [...(bySet.get(keyOf(result)) ?? []), result]);
  for (const [key, ranked] of bySet) {
    const set = ranked[0]!.criteriaSet.id;
    const group = options.byGroup ? ranked[0]!.unit.group : undefined;
    const below =
      options.target === undefined
        ? ''
        : ` ${ranked.filter((result) => new Decimal(result.index).lt(options.target!)).length} đơn vị dưới mục tiêu ${formatNumber(options.target)}.`;
    const classes = classesOf(set);
    const counts = classes
      .map(
        (band) =>
          [band.label, ranked.filter((result) => result.classification === band.label).length] as const,
      )
      .filter(([, count]) => count > 0)
      .map(([label, count]) => `${count} ${label}`);
    const unclassed = ranked.filter((result) => result.classification === null).length;
    charts.push({
      id: `xep-hang-${bySet.size > 1 ? key.replace('\u0000', '-').replace(/[^\p{L}\p{N}-]/gu, '-') : 'dot'}`,
      title: `Xếp hạng${bySet.size > 1 ? `: ${ranked[0]!.criteriaSet.title}` : ''}${group ? `, nhóm ${group}` : ''}`,
      reading: `${ranked.length} đơn vị: ${[...counts, ...(unclassed > 0 ? [`${unclassed} chưa xếp loại`] : [])].join(', ')}. Cao nhất ${ranked[0]!.unit.name} (${formatNumber(ranked[0]!.index)}), thấp nhất ${ranked.at(-1)!.unit.name} (${formatNumber(ranked.at(-1)!.index)}).${below}`,
      bars: ranked.map((result) => ({
        label: result.unit.name,
        value: result.index,
        note: result.classification ?? undefined,
      })),
      max: '100',
      bands: classes.map((band) => ({ from: band.min, label: band.label })),
      target: options.target === undefined ? undefined : { value: options.target, label: 'Mục tiêu' },
      valueHeader: 'Chỉ số',
    });
  }
  return charts;
}

/** A node's achieved points as a percentage of its maximum, exact; undefined where it did not apply. */
const percentOfMax = (node: { readonly achieved: string | null; readonly max: string }) =>
  node.achieved === null || new Decimal(node.max).isZero()
    ? undefined
    : new Decimal(node.achieved).dividedBy(node.max).times(100);

/** Each area's percentages of its maximum over the units, by area code in the order first met. */
function areaPercents(results: readonly UnitResultJson[]) {
  const shares = new Map<string, { name: string; values: Decimal[] }>();
  for (const result of results)
    for (const node of result.nodes ?? []) {
      const percent = percentOfMax(node);
      if (percent === undefined) continue;
      const found = shares.get(node.code) ?? { name: node.name, values: [] };
      found.values.push(percent);
      shares.set(node.code, found);
    }
  return shares;
}

/** Each area's average share of its maximum over the units, as bars: the areas where the units lose. */
export function areaShareSpec(results: readonly UnitResultJson[]): BarChart | undefined {
  const shares = areaPercents(results);
  if (shares.size === 0) return undefined;
  const bars = [...shares].map(([code, { name, values }]) => ({
    label: `${code}. ${name}`,
    value: values
      .reduce((sum, value) => sum.plus(value), new Decimal(0))
      .dividedBy(values.length)
      .toDecimalPlaces(2)
      .toFixed(),
  }));
  const lowest = [...bars].sort((a, b) => Number(a.value) - Number(b.value))[0]!;
  return {
    id: 'ty-le-linh-vuc',
    title: 'Tỷ lệ điểm đạt theo lĩnh vực (bình quân các đơn vị)',
    reading: `Lĩnh vực đạt thấp nhất: ${lowest.label} (${formatNumber(lowest.value)}% điểm tối đa).`,
    bars,
    max: '100',
    valueHeader: '% điểm tối đa',
    labelHeader: 'Lĩnh vực',
  };
}

/** Each area's share of its maximum per unit, as a heat table; the area where the units lose most, said. */
export function areasChart(results: readonly RoundResult[]): Html {
  const areas = areasOf(results);
  const lostIn = new Map<string, Decimal>();
  for (const result of results)
    for (const node of result.nodes ?? [])
      lostIn.set(node.code, (lostIn.get(node.code) ?? new Decimal(0)).plus(node.lost));
  const worst = [...lostIn].sort((a, b) => b[1].cmp(a[1]))[0];
  // The spread of each area over the units, in whole percentages of its maximum: where they differ most.
  const spread = [...areaPercents(results)]
    .map(([code, { values }]) => {
      const whole = values.map((value) => value.toDecimalPlaces(0).toNumber());
      return { code, low: Math.min(...whole), high: Math.max(...whole) };
    })
    .sort((a, b) => b.high - b.low - (a.high - a.low))[0];
  const nameOf = (code: string) => areas.find((area) => area.code === code)?.name ?? '';
  return heatTable({
    id: 'theo-linh-vuc',
    title: 'Theo lĩnh vực',
    reading: worst
      ? `Các đơn vị mất nhiều điểm nhất ở lĩnh vực ${worst[0]}. ${nameOf(worst[0])}: ${formatNumber(worst[1].toFixed())} điểm trên ${results.length} đơn vị.${spread && spread.high > spread.low ? ` Các đơn vị chênh nhau nhiều nhất ở lĩnh vực ${spread.code}. ${nameOf(spread.code)}: từ ${spread.low}% đến ${spread.high}% điểm tối đa.` : ''}`
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

/**
 * The remediation after publication: per unit its lost items' plans (on time, late, missing, not yet due),
 * per agency its tasks (done, open, overdue).
 */
export function remediationCharts(state: FollowUp): Html[] {
  const charts: Html[] = [];
  const units = state.units.filter((unit) => unit.counts.items > 0);
  if (units.length > 0) {
    const total = (key: 'items' | 'onTime' | 'late' | 'missing') =>
      units.reduce((sum, unit) => sum + unit.counts[key], 0);
    charts.push(
      stackedChart({
        id: 'khac-phuc-don-vi',
        title: 'Khắc phục: kế hoạch của các đơn vị',
        reading: `${total('onTime')}/${total('items')} mục bị trừ điểm có kế hoạch khắc phục đúng hạn; ${total('late')} chậm; ${total('missing')} chưa gửi.`,
        stacks: units.map((unit) => ({
          label: unit.name,
          parts: [
            { name: PLAN_STATE_NAMES['on-time'], count: unit.counts.onTime },
            { name: PLAN_STATE_NAMES.late, count: unit.counts.late },
            { name: PLAN_STATE_NAMES.missing, count: unit.counts.missing },
            { name: PLAN_STATE_NAMES.pending, count: unit.counts.pending },
          ],
        })),
        labelHeader: 'Đơn vị',
      }),
    );
  }
  const agencies = state.agencies.filter((agency) => agency.counts.tasks > 0);
  if (agencies.length > 0) {
    const total = (key: 'tasks' | 'tasksDone' | 'tasksOverdue') =>
      agencies.reduce((sum, agency) => sum + agency.counts[key], 0);
    charts.push(
      stackedChart({
        id: 'khac-phuc-co-quan',
        title: 'Khắc phục: nhiệm vụ của các cơ quan',
        reading: `${total('tasksDone')}/${total('tasks')} nhiệm vụ đã hoàn thành; ${total('tasksOverdue')} quá hạn.`,
        stacks: agencies.map((agency) => ({
          label: agency.agency,
          parts: [
            { name: TASK_STATE_NAMES.done, count: agency.counts.tasksDone },
            { name: TASK_STATE_NAMES.open, count: agency.counts.tasksOpen },
            { name: TASK_STATE_NAMES.overdue, count: agency.counts.tasksOverdue },
          ],
        })),
        labelHeader: 'Cơ quan',
      }),
    );
  }
  return charts;
}

/** A unit's areas as shares of their maximum: self-assessed and appraised, joined (the unit's own page). */
export function unitAreasChart(
  self: RoundResult['nodes'] | undefined,
  appraised: RoundResult['nodes'],
  appraisedHeader: string,
): Html | undefined {
  const share = (node: { readonly achieved: string | null; readonly max: string }) =>
    percentOfMax(node)?.toDecimalPlaces(2);
  const before = new Map((self ?? []).map((node) => [node.code, share(node)]));
  const pairs = (appraised ?? []).flatMap((node) => {
    const [from, to] = [before.get(node.code), share(node)];
    if (from === undefined || to === undefined) return [];
    return [
      {
        label: `${node.code}. ${node.name}`,
        from: from.toFixed(),
        to: to.toFixed(),
        difference: to.minus(from).toFixed(),
      },
    ];
  });
  if (pairs.length === 0) return undefined;
  const lowest = [...pairs].sort((a, b) => Number(a.to) - Number(b.to))[0]!;
  return dumbbellChart({
    id: 'linh-vuc-don-vi',
    title: 'Các lĩnh vực của đơn vị (phần trăm điểm tối đa)',
    reading: `Lĩnh vực đạt thấp nhất: ${lowest.label} (${formatNumber(lowest.to)}% điểm tối đa).`,
    pairs,
    max: '100',
    fromHeader: 'Tự chấm (%)',
    toHeader: `${appraisedHeader} (%)`,
    labelHeader: 'Lĩnh vực',
  });
}

/** A round's results in one period, for the years charts. */
export interface PeriodResults {
  readonly period: string;
  readonly results: readonly RoundResult[];
}

/**
 * The round's units over the periods stored (at least two): their average index with the lowest and the
 * highest, each unit's index and class per period; and the areas of all of them, year by year.
 */
export function yearCharts(
  units: readonly { readonly id: string; readonly name: string }[],
  periods: readonly PeriodResults[],
): Html[] {
  if (periods.length < 2) return [];
  const ids = new Set(units.map((unit) => unit.id));
  const mine = periods.map((period) => ({
    period: period.period,
    results: period.results.filter((result) => ids.has(result.unit.id)),
  }));
  const points = mine
    .filter((period) => period.results.length > 0)
    .map((period) => {
      const indices = period.results.map((result) => new Decimal(result.index));
      const sum = indices.reduce((total, value) => total.plus(value), new Decimal(0));
      return {
        period: period.period,
        value: sum.dividedBy(indices.length).toDecimalPlaces(2).toFixed(),
        low: Decimal.min(...indices).toFixed(),
        high: Decimal.max(...indices).toFixed(),
      };
    });
  if (points.length < 2) return [];
  const [first, last] = [points[0]!, points.at(-1)!];
  const change = new Decimal(last.value).minus(first.value);
  const lowest = Math.min(...points.map((point) => Number(point.low)));
  const cell = (result: RoundResult | undefined) =>
    result
      ? `${formatNumber(result.index)}${result.classification ? ` (${result.classification})` : ''}`
      : '—';
  const byPeriod = mine.map((period) => new Map(period.results.map((result) => [result.unit.id, result])));
  const trend = trendChart({
    id: 'qua-cac-nam',
    title: 'Chỉ số qua các năm',
    reading: `Chỉ số bình quân của các đơn vị ${change.isNegative() ? 'giảm' : 'tăng'} ${formatNumber(change.abs().toFixed())} điểm từ năm ${first.period} (${formatNumber(first.value)}) đến năm ${last.period} (${formatNumber(last.value)}). Vùng nhạt: từ đơn vị thấp nhất đến đơn vị cao nhất mỗi năm.`,
    points,
    min: String(Math.max(0, Math.floor(lowest / 10) * 10 - 10)),
    max: '100',
    valueHeader: 'Chỉ số bình quân',
    table: {
      header: 'Đơn vị',
      rows: units.map(
        (unit) => [unit.name, ...byPeriod.map((results) => cell(results.get(unit.id)))] as const,
      ),
    },
  });
  // The areas of all the units, period by period: what each area achieved of its maximum.
  const areas = areasOf(mine.flatMap((period) => period.results));
  const areaTotals = mine.map((period) => {
    const totals = new Map<string, { achieved: Decimal; max: Decimal }>();
    for (const result of period.results)
      for (const node of result.nodes ?? []) {
        if (node.achieved === null) continue;
        const found = totals.get(node.code) ?? { achieved: new Decimal(0), max: new Decimal(0) };
        totals.set(node.code, {
          achieved: found.achieved.plus(node.achieved),
          max: found.max.plus(node.max),
        });
      }
    return totals;
  });
  const areasByYear = heatTable({
    id: 'linh-vuc-qua-cac-nam',
    title: 'Các lĩnh vực qua các năm',
    reading: `Điểm đạt của các đơn vị ở mỗi lĩnh vực trên điểm tối đa, từ năm ${first.period} đến năm ${last.period}.`,
    columns: mine.map((period) => ({ code: period.period, name: `Năm ${period.period}` })),
    rows: areas.map((area) => ({
      label: `${area.code}. ${area.name}`,
      cells: areaTotals.map((totals) => {
        const found = totals.get(area.code);
        return found ? { achieved: found.achieved.toFixed(), max: found.max.toFixed() } : undefined;
      }),
    })),
  });
  return [trend, areasByYear];
}

/** One unit's index over the periods stored, in the range from the lowest to the highest unit of each. */
export function unitYearsChart(
  unit: { readonly id: string; readonly name: string },
  periods: readonly PeriodResults[],
): Html | undefined {
  const points = periods.flatMap((period) => {
    const own = period.results.find((result) => result.unit.id === unit.id);
    if (!own) return [];
    const indices = period.results.map((result) => new Decimal(result.index));
    return [
      {
        period: period.period,
        value: own.index,
        low: Decimal.min(...indices).toFixed(),
        high: Decimal.max(...indices).toFixed(),
        classification: own.classification,
      },
    ];
  });
  if (points.length < 2) return undefined;
  const [first, last] = [points[0]!, points.at(-1)!];
  const change = new Decimal(last.value).minus(first.value);
  return trendChart({
    id: 'don-vi-qua-cac-nam',
    title: 'Chỉ số của đơn vị qua các năm',
    reading: `Chỉ số ${change.isNegative() ? 'giảm' : 'tăng'} ${formatNumber(change.abs().toFixed())} điểm từ năm ${first.period} (${formatNumber(first.value)}) đến năm ${last.period} (${formatNumber(last.value)}). Vùng nhạt: từ đơn vị thấp nhất đến cao nhất mỗi năm.`,
    points,
    min: String(
      Math.max(0, Math.floor(Math.min(...points.map((point) => Number(point.low))) / 10) * 10 - 10),
    ),
    max: '100',
    valueHeader: 'Chỉ số',
    table: { header: 'Năm', rows: [['Xếp loại', ...points.map((point) => point.classification ?? '')]] },
  });
}

/** The same units' results in the other published rounds the caller sees, oldest first (five at most). */
export async function earlierPeriods(
  rounds: Rounds,
  caller: Caller,
  round: RoundView,
  resultsOf: (caller: Caller, round: string, layer: 'appraised') => Promise<RoundResult[]>,
): Promise<PeriodResults[]> {
  const ids = new Set(round.units.map((unit) => unit.id));
  const earlier = (await rounds.listRounds(caller))
    .filter(
      (other) => other.id !== round.id && other.published && other.units.some((unit) => ids.has(unit.id)),
    )
    .sort((a, b) => a.period.localeCompare(b.period, 'vi', { numeric: true }))
    .slice(-4);
  return Promise.all(
    earlier.map(async (other) => ({
      period: other.period,
      results: await resultsOf(caller, other.id, 'appraised'),
    })),
  );
}

export function mountDashboard<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, now, page, signedIn, resultsOf, forbiddenPage } = context;
  app.get(
    '/app/dot/:round/tong-quan',
    signedIn(async (c, session) => {
      const roundId = c.req.param('round')!;
      if (!may(session.caller, 'appraise'))
        return forbiddenPage(c, session, 'Chỉ người thẩm định và quản trị xem được trang tổng quan của đợt.');
      const round = await rounds.getRound(session.caller, roundId);
      const results = await resultsOf(session.caller, roundId, 'appraised');
      const sets = new Map((await rounds.criteriaSets()).map((set) => [set.id, set]));
      const classesOf = (id: string) =>
        (sets.get(id)?.classes ?? []).map((band) => ({ label: band.label, min: band.min.toFixed() }));
      // The reader's choices: a target line, and rankings per group of units.
      const asked = c.req.query('muc-tieu')?.trim().replace(',', '.') ?? '';
      const target = /^\d{1,3}(\.\d{1,2})?$/.test(asked) && Number(asked) <= 100 ? asked : undefined;
      const byGroup = c.req.query('theo-nhom') === '1';
      const periods: PeriodResults[] = [
        ...(await earlierPeriods(rounds, session.caller, round, resultsOf)),
        ...(results.length > 0 ? [{ period: round.period, results }] : []),
      ];
      const charts = [
        ...roundCharts(round, results, classesOf, now(), { target, byGroup }),
        ...(round.published ? remediationCharts(await rounds.followUp(session.caller, roundId)) : []),
        ...yearCharts(round.units, periods),
      ];
      const appraised = round.unitStates.filter((unit) => unit.appraised).length;
      return page(
        c,
        `Tổng quan: ${round.title}`,
        html`<p class="trang-thai" role="status"><strong>${round.published ? 'Đã công bố kết quả.' : `${appraised}/${round.unitStates.length} đơn vị đã có điểm thẩm định; kết quả chưa công bố, các biểu đồ xếp hạng là tạm thời.`}</strong></p>
<form class="the hep" method="get" action="${dashboardPath(roundId)}"><p><label for="muc-tieu">Đường mục tiêu trên biểu đồ xếp hạng (chỉ số, để trống nếu không có)</label><input id="muc-tieu" name="muc-tieu" type="text" inputmode="decimal" value="${target === undefined ? '' : formatNumber(target)}"></p><p><input type="checkbox" id="theo-nhom" name="theo-nhom" value="1"${byGroup ? html` checked` : ''}> <label for="theo-nhom" style="display:inline">Xếp hạng riêng từng nhóm đơn vị</label></p><p><button class="phu" type="submit">Vẽ lại</button></p></form>
${charts}
<p><a href="${roundPath(roundId)}/tham-dinh">Danh sách đơn vị</a> · <a href="/app">Về trang tổng quan</a></p>`,
        session,
      );
    }),
  );
}

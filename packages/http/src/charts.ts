/**
 * Charts drawn by the server as SVG inside the page: no script in the browser. Each is a `<figure>` with its
 * title, a one-line reading, the picture (a `<title>` for it and for each mark) and the same figures as a
 * table under it, for screen readers, printing and copying. Marks differ by lightness and by their labels, not
 * by hue alone, so that they survive grey printing and colour blindness. Geometry is computed from numbers;
 * every figure written is the exact decimal text, in the Vietnamese format.
 */
import { formatNumber } from '@cchc/core';
import { type Html, html } from './html.js';

/** The drawing's width in its own units: scaled to the page, 390 px wide screens included. */
const WIDTH = 420;
const LABEL = 140;
const ROW = 22;
const BAR = 14;
const PLOT = WIDTH - LABEL - 48;
/** A blue ramp of clearly different lightness (dark to light), readable in grey. */
const RAMP = ['#0b4a8b', '#5b8fd0', '#a9c6ea', '#e3edf8'] as const;

/**
 * A label as it fits beside a bar: without the "UBND" every unit's name begins with, cut where it is still too
 * long; the whole name stays in the mark's `<title>` and in the table.
 */
const short = (text: string, room = 18) => {
  const name = text.replace(/^UBND\s+/u, '');
  return name.length > room ? `${name.slice(0, room - 1)}…` : name;
};
const x = (value: number, max: number) => LABEL + (max <= 0 ? 0 : (Math.max(0, value) / max) * PLOT);

interface Figure {
  /** The chart's id in the page: its title and reading are named by it. */
  readonly id: string;
  readonly title: string;
  /** One sentence that reads the chart ("3 đơn vị dưới 80 điểm"). */
  readonly reading: string;
}

/** A figure: title, reading, the SVG, and its data as a table. */
function figure(chart: Figure, svg: Html, table: Html): Html {
  return html`<figure class="bieu-do" id="${chart.id}" aria-labelledby="${chart.id}-tieu-de">
<figcaption><strong id="${chart.id}-tieu-de">${chart.title}</strong><br><span id="${chart.id}-doc">${chart.reading}</span></figcaption>
${svg}
<details class="so-lieu" open><summary>Số liệu của biểu đồ</summary>${table}</details>
</figure>`;
}

const svgOpen = (chart: Figure, height: number) =>
  html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${chart.id}-svg-tieu-de ${chart.id}-doc" font-family="system-ui, sans-serif" font-size="12"><title id="${chart.id}-svg-tieu-de">${chart.title}</title>`;

/** One bar of a bar chart: what it is, its value (exact decimal text), and a class or group it shows. */
export interface Bar {
  readonly label: string;
  readonly value: string;
  /** Said after the value (a class: "Tốt"). */
  readonly note?: string | undefined;
}

/** A band drawn behind the bars: values from `from` up are `label` (a class band). */
export interface Band {
  readonly from: string;
  readonly label: string;
}

/**
 * Horizontal bars, in the order given, on a scale from 0 to `max`; class bands behind them, each named at the
 * top, and a target line where one is set.
 */
export type BarChart = Figure & {
  readonly bars: readonly Bar[];
  readonly max: string;
  readonly bands?: readonly Band[];
  readonly target?: { readonly value: string; readonly label: string } | undefined;
  /** The header of the table's value column. */
  readonly valueHeader: string;
  /** The header of the table's label column ("Đơn vị" where not given). */
  readonly labelHeader?: string;
  /** The header of the table's note column ("Xếp loại" where not given). */
  readonly noteHeader?: string;
};

export function barChart(chart: BarChart): Html {
  const svg = barSvg(chart);
  const table = html`<table><thead><tr><th scope="col">Thứ tự</th><th scope="col">${chart.labelHeader ?? 'Đơn vị'}</th><th scope="col">${chart.valueHeader}</th>${chart.bars.some((bar) => bar.note) ? html`<th scope="col">${chart.noteHeader ?? 'Xếp loại'}</th>` : ''}</tr></thead><tbody>${chart.bars.map(
    (bar, position) =>
      html`<tr><td>${position + 1}</td><td>${bar.label}</td><td class="so">${formatNumber(bar.value)}</td>${chart.bars.some((one) => one.note) ? html`<td>${bar.note ?? ''}</td>` : ''}</tr>`,
  )}</tbody></table>`;
  return figure(chart, svg, table);
}

/** A bar chart's picture alone, as SVG: for the page, and for a document's image. */
export function barSvg(chart: BarChart): Html {
  const max = Number(chart.max);
  const top = chart.bands && chart.bands.length > 0 ? 32 : 8;
  const height = top + chart.bars.length * ROW + 10;
  const bands = [...(chart.bands ?? [])].sort((a, b) => Number(a.from) - Number(b.from));
  const bandMarks = bands.map((band, position) => {
    const from = x(Number(band.from), max);
    const to = position + 1 < bands.length ? x(Number(bands[position + 1]!.from), max) : x(max, max);
    return html`<g class="dai"><rect x="${from.toFixed(1)}" y="${top - 4}" width="${Math.max(0, to - from).toFixed(1)}" height="${height - top}" fill="${position % 2 === 0 ? '#f1f3f6' : '#e3e7ec'}"><title>${band.label}: từ ${formatNumber(band.from)}</title></rect><text x="${(from + 2).toFixed(1)}" y="${position % 2 === 0 ? top - 19 : top - 7}" font-size="10" fill="#3d4652">${short(band.label, 12)}</text></g>`;
  });
  const bars = chart.bars.map((bar, position) => {
    const y = top + position * ROW;
    const end = x(Number(bar.value), max);
    const words = `${bar.label}: ${formatNumber(bar.value)}${bar.note ? ` (${bar.note})` : ''}`;
    return html`<g class="cot"><text x="${LABEL - 6}" y="${y + BAR - 3}" text-anchor="end" font-size="11">${short(bar.label)}</text><rect x="${LABEL}" y="${y}" width="${Math.max(1, end - LABEL).toFixed(1)}" height="${BAR}" fill="${RAMP[0]}" data-nhan="${bar.label}" data-gia-tri="${bar.value}"><title>${words}</title></rect><text x="${(end + 4).toFixed(1)}" y="${y + BAR - 3}">${formatNumber(bar.value)}</text></g>`;
  });
  const target = chart.target
    ? html`<g class="muc-tieu"><line x1="${x(Number(chart.target.value), max).toFixed(1)}" x2="${x(Number(chart.target.value), max).toFixed(1)}" y1="${top - 4}" y2="${height - 6}" stroke="#111" stroke-width="1.5" stroke-dasharray="4 3" data-gia-tri="${chart.target.value}"><title>${chart.target.label}: ${formatNumber(chart.target.value)}</title></line></g>`
    : '';
  return html`${svgOpen(chart, height)}${bandMarks}${bars}${target}</svg>`;
}

/** One row of a dumbbell: a unit's value before (self-assessed) and after (appraised). */
export interface Pair {
  readonly label: string;
  readonly from: string;
  readonly to: string;
  /** `to − from`, exact. */
  readonly difference: string;
}

/**
 * Two values per row joined by a line (a dumbbell): the first a hollow circle, the second a filled one, so that
 * the two read apart without colour.
 */
export function dumbbellChart(
  chart: Figure & {
    readonly pairs: readonly Pair[];
    readonly max: string;
    readonly fromHeader: string;
    readonly toHeader: string;
    /** The header of the table's label column ("Đơn vị" where not given). */
    readonly labelHeader?: string;
  },
): Html {
  // A dumbbell shows differences: its scale starts at the tens below the lowest value, said at its ends.
  const lowest = Math.min(...chart.pairs.flatMap((pair) => [Number(pair.from), Number(pair.to)]));
  const min = Math.max(0, Math.floor(lowest / 10) * 10 - 10);
  const max = Number(chart.max);
  const place = (value: number) => x(value - min, max - min);
  const top = 24;
  const height = top + chart.pairs.length * ROW + 22;
  const legend = html`<g class="chu-giai" font-size="11"><circle cx="${LABEL + 6}" cy="9" r="5" fill="#fff" stroke="${RAMP[0]}" stroke-width="2"/><text x="${LABEL + 15}" y="13">${chart.fromHeader}</text><circle cx="${LABEL + 120}" cy="9" r="5" fill="${RAMP[0]}"/><text x="${LABEL + 129}" y="13">${chart.toHeader}</text></g>`;
  const rows = chart.pairs.map((pair, position) => {
    const y = top + position * ROW + BAR / 2;
    const [from, to] = [place(Number(pair.from)), place(Number(pair.to))];
    return html`<g class="cap"><text x="${LABEL - 6}" y="${y + 4}" text-anchor="end" font-size="11">${short(pair.label)}</text><line x1="${from.toFixed(1)}" x2="${to.toFixed(1)}" y1="${y}" y2="${y}" stroke="${RAMP[2]}" stroke-width="3"/><circle cx="${from.toFixed(1)}" cy="${y}" r="5" fill="#fff" stroke="${RAMP[0]}" stroke-width="2" data-nhan="${pair.label}" data-gia-tri="${pair.from}"><title>${pair.label}, ${chart.fromHeader.toLowerCase()}: ${formatNumber(pair.from)}</title></circle><circle cx="${to.toFixed(1)}" cy="${y}" r="5" fill="${RAMP[0]}" data-nhan="${pair.label}" data-gia-tri="${pair.to}"><title>${pair.label}, ${chart.toHeader.toLowerCase()}: ${formatNumber(pair.to)} (chênh lệch ${formatNumber(pair.difference)})</title></circle><text x="${(Math.max(from, to) + 9).toFixed(1)}" y="${y + 4}" font-size="11">${formatNumber(pair.difference)}</text></g>`;
  });
  const axis = html`<g class="truc" font-size="10" fill="#3d4652"><line x1="${LABEL}" x2="${LABEL + PLOT}" y1="${height - 16}" y2="${height - 16}" stroke="#8a94a3"/>${[min, (min + max) / 2, max].map((tick) => html`<text x="${place(tick).toFixed(1)}" y="${height - 4}" text-anchor="middle">${formatNumber(String(tick))}</text>`)}</g>`;
  const svg = html`${svgOpen(chart, height)}${legend}${rows}${axis}</svg>`;
  const table = html`<table><thead><tr><th scope="col">${chart.labelHeader ?? 'Đơn vị'}</th><th scope="col">${chart.fromHeader}</th><th scope="col">${chart.toHeader}</th><th scope="col">Chênh lệch</th></tr></thead><tbody>${chart.pairs.map(
    (pair) =>
      html`<tr><td>${pair.label}</td><td class="so">${formatNumber(pair.from)}</td><td class="so">${formatNumber(pair.to)}</td><td class="so">${formatNumber(pair.difference)}</td></tr>`,
  )}</tbody></table>`;
  return figure(chart, svg, table);
}

/** One row of a stacked bar: its parts in order, each a count with its name. */
export interface Stack {
  readonly label: string;
  readonly parts: readonly { readonly name: string; readonly count: number }[];
}

/**
 * Stacked horizontal bars of counts (units per state of a phase): the parts in the order of the work, dark for
 * done to light for not started, each part's count written in it where it fits, and a legend.
 */
export function stackedChart(
  chart: Figure & {
    readonly stacks: readonly Stack[];
    /** The header of the table's first column ("Giai đoạn" where not given). */
    readonly labelHeader?: string;
  },
): Html {
  const names = [...new Set(chart.stacks.flatMap((stack) => stack.parts.map((part) => part.name)))];
  const total = Math.max(
    1,
    ...chart.stacks.map((stack) => stack.parts.reduce((sum, part) => sum + part.count, 0)),
  );
  const shade = (name: string) => RAMP[Math.min(RAMP.length - 1, names.indexOf(name))]!;
  // Text on the darkest part white, on the others black: each reads at 4.5:1 or more.
  const ink = (name: string) => (names.indexOf(name) === 0 ? '#fff' : '#111');
  const legendRows = Math.ceil(names.length / 2);
  const top = 8 + legendRows * 16;
  const height = top + chart.stacks.length * ROW + 8;
  const legend = names.map(
    (name, position) =>
      html`<g><rect x="${LABEL + (position % 2) * 150}" y="${4 + Math.floor(position / 2) * 16}" width="12" height="12" fill="${shade(name)}" stroke="#555" stroke-width="0.5"/><text x="${LABEL + (position % 2) * 150 + 16}" y="${14 + Math.floor(position / 2) * 16}" font-size="11">${name}</text></g>`,
  );
  const rows = chart.stacks.map((stack, position) => {
    const y = top + position * ROW;
    let at = LABEL;
    const parts = stack.parts
      .filter((part) => part.count > 0)
      .map((part) => {
        const width = (part.count / total) * PLOT;
        const mark = html`<rect x="${at.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" fill="${shade(part.name)}" stroke="#fff" stroke-width="0.5" data-nhan="${stack.label}: ${part.name}" data-gia-tri="${part.count}"><title>${stack.label}, ${part.name}: ${part.count}</title></rect>${width >= 14 ? html`<text x="${(at + width / 2).toFixed(1)}" y="${y + BAR - 3}" text-anchor="middle" font-size="11" fill="${ink(part.name)}">${part.count}</text>` : ''}`;
        at += width;
        return mark;
      });
    return html`<g class="cot"><text x="${LABEL - 6}" y="${y + BAR - 3}" text-anchor="end" font-size="11">${short(stack.label)}</text>${parts}</g>`;
  });
  const svg = html`${svgOpen(chart, height)}${legend}${rows}</svg>`;
  const table = html`<table><thead><tr><th scope="col">${chart.labelHeader ?? 'Giai đoạn'}</th>${names.map((name) => html`<th scope="col">${name}</th>`)}</tr></thead><tbody>${chart.stacks.map(
    (stack) =>
      html`<tr><td>${stack.label}</td>${names.map((name) => html`<td class="so">${stack.parts.find((part) => part.name === name)?.count ?? 0}</td>`)}</tr>`,
  )}</tbody></table>`;
  return figure(chart, svg, table);
}

/**
 * A heat table: rows by columns of shares (achieved ÷ max), each cell its figure as text on a shade of its
 * share, the darkest where the most is lost; the table itself is the data.
 */
export function heatTable(
  chart: Figure & {
    readonly columns: readonly { readonly code: string; readonly name: string }[];
    readonly rows: readonly {
      readonly label: string;
      readonly cells: readonly ({ readonly achieved: string; readonly max: string } | undefined)[];
    }[];
  },
): Html {
  const shade = (share: number) =>
    share >= 0.999 ? '#ffffff' : share >= 0.9 ? '#e6eef8' : share >= 0.75 ? '#bcd0ea' : '#2f5f9e';
  return html`<figure class="bieu-do" id="${chart.id}" aria-labelledby="${chart.id}-tieu-de">
<figcaption><strong id="${chart.id}-tieu-de">${chart.title}</strong><br><span id="${chart.id}-doc">${chart.reading}</span></figcaption>
<div class="cuon" tabindex="0" role="region" aria-labelledby="${chart.id}-tieu-de"><table class="bang-nhiet"><thead><tr><th scope="col">Đơn vị</th>${chart.columns.map((column) => html`<th scope="col" title="${column.name}">${column.code}</th>`)}</tr></thead><tbody>${chart.rows.map(
    (row) =>
      html`<tr><th scope="row">${row.label}</th>${row.cells.map((cell, position) => {
        if (!cell) return html`<td class="so">—</td>`;
        const share = Number(cell.max) > 0 ? Number(cell.achieved) / Number(cell.max) : 1;
        return html`<td class="so" style="background:${shade(share)}${share < 0.75 ? ';color:#fff' : ''}" title="${chart.columns[position]?.name ?? ''}: ${formatNumber(cell.achieved)}/${formatNumber(cell.max)}" data-gia-tri="${cell.achieved}" data-toi-da="${cell.max}">${formatNumber(cell.achieved)}/${formatNumber(cell.max)}</td>`;
      })}</tr>`,
  )}</tbody></table></div>
<p class="goi-y">Ô càng đậm, đơn vị càng mất nhiều điểm ở lĩnh vực đó (trắng: đạt tối đa; nhạt: từ 90%; vừa: từ 75%; đậm: dưới 75%).</p>
</figure>`;
}

/** One point of a trend: a period and its value, with the range it sits in (lowest and highest unit). */
export interface TrendPoint {
  readonly period: string;
  readonly value: string;
  readonly low: string;
  readonly high: string;
}

/**
 * A trend over periods: the value as a line with its points labelled, the range from the lowest to the
 * highest as a light band behind it, on a scale from `min` to `max`.
 */
export function trendChart(
  chart: Figure & {
    readonly points: readonly TrendPoint[];
    readonly min: string;
    readonly max: string;
    readonly valueHeader: string;
    /** Rows of the table under the chart, each a label and one cell per period. */
    readonly table: { readonly header: string; readonly rows: readonly (readonly [string, ...string[]])[] };
  },
): Html {
  const [min, max] = [Number(chart.min), Number(chart.max)];
  const [top, bottom, left, right] = [16, 28, 40, 20];
  const height = 190;
  const plotWidth = WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const step = chart.points.length > 1 ? plotWidth / (chart.points.length - 1) : 0;
  const at = (index: number) => left + (chart.points.length > 1 ? index * step : plotWidth / 2);
  const y = (value: number) => top + plotHeight - ((value - min) / (max - min || 1)) * plotHeight;
  const band = chart.points
    .map((point, index) => `${at(index).toFixed(1)},${y(Number(point.high)).toFixed(1)}`)
    .concat(
      [...chart.points]
        .reverse()
        .map(
          (point, index) =>
            `${at(chart.points.length - 1 - index).toFixed(1)},${y(Number(point.low)).toFixed(1)}`,
        ),
    )
    .join(' ');
  const line = chart.points.map(
    (point, index) => `${at(index).toFixed(1)},${y(Number(point.value)).toFixed(1)}`,
  );
  const ticks = [min, (min + max) / 2, max];
  const svg = html`${svgOpen(chart, height)}<g class="truc" font-size="10" fill="#3d4652">${ticks.map((tick) => html`<line x1="${left}" x2="${WIDTH - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#d5dae1"/><text x="${left - 4}" y="${(y(tick) + 3).toFixed(1)}" text-anchor="end">${formatNumber(String(tick))}</text>`)}${chart.points.map((point, index) => html`<text x="${at(index).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="11">${point.period}</text>`)}</g>
<polygon points="${band}" fill="${RAMP[3]}" stroke="${RAMP[2]}" stroke-width="0.5"><title>Từ đơn vị thấp nhất đến cao nhất mỗi năm</title></polygon>
<polyline points="${line.join(' ')}" fill="none" stroke="${RAMP[0]}" stroke-width="2.5"/>
${chart.points.map((point, index) => html`<g class="diem"><circle cx="${at(index).toFixed(1)}" cy="${y(Number(point.value)).toFixed(1)}" r="4.5" fill="${RAMP[0]}" data-nhan="${point.period}" data-gia-tri="${point.value}"><title>${point.period}: ${chart.valueHeader.toLowerCase()} ${formatNumber(point.value)} (từ ${formatNumber(point.low)} đến ${formatNumber(point.high)})</title></circle><text x="${at(index).toFixed(1)}" y="${(y(Number(point.value)) - 8).toFixed(1)}" text-anchor="middle" font-size="11">${formatNumber(point.value)}</text></g>`)}</svg>`;
  const table = html`<div class="cuon" tabindex="0" role="region" aria-labelledby="${chart.id}-tieu-de"><table><thead><tr><th scope="col">${chart.table.header}</th>${chart.points.map((point) => html`<th scope="col">${point.period}</th>`)}</tr></thead><tbody><tr><th scope="row">${chart.valueHeader}</th>${chart.points.map((point) => html`<td class="so">${formatNumber(point.value)}</td>`)}</tr>${chart.table.rows.map(([label, ...cells]) => html`<tr><th scope="row">${label}</th>${cells.map((cell) => html`<td class="so">${cell}</td>`)}</tr>`)}</tbody></table></div>`;
  return figure(chart, svg, table);
}

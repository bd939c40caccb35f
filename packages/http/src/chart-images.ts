/**
 * The charts a report may carry as pictures (the ranking of each set, the areas): the pages' SVG drawn as PNG by
 * resvg, with the system's fonts. Asked for with `?bieu-do=1`; without it the report is the reference's text.
 */
import { resultToJson, type UnitResult } from '@cchc/core';
import type { Block } from '@cchc/report';
import { Resvg } from '@resvg/resvg-js';
import { type BarChart, barSvg } from './charts.js';
import { areaShareSpec, rankingSpecs } from './pages/dashboard.js';

/** The width a chart is drawn at, in pixels: sharp at the text's width of an A4 page when printed. */
const PICTURE_WIDTH = 1400;

/** A chart as a document's image: its SVG drawn as PNG, its reading as the text that stands for it. */
function picture(chart: BarChart): Extract<Block, { kind: 'image' }> {
  const svg = barSvg(chart).text.replace('width="100%"', '');
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: PICTURE_WIDTH },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render();
  return {
    kind: 'image',
    caption: chart.title,
    alt: chart.reading,
    png: new Uint8Array(rendered.asPng()),
    width: rendered.width,
    height: rendered.height,
  };
}

/** The ranking of each set and the areas' average shares, as pictures for a report. */
export function reportFigures(results: readonly UnitResult[]): Extract<Block, { kind: 'image' }>[] {
  const json = results.map((result) => resultToJson(result));
  const classes = new Map(
    results.map((result) => [
      result.criteriaSet.id,
      result.criteriaSet.classes.map((band) => ({ label: band.label, min: band.min.toFixed() })),
    ]),
  );
  const areas = areaShareSpec(json);
  return [
    ...rankingSpecs(json, (set) => classes.get(set) ?? []).map(picture),
    ...(areas ? [picture(areas)] : []),
  ];
}

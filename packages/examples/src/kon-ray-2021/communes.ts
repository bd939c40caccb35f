import type { AssessmentInput } from '@cchc/core';
import { konRay2021CommuneSet } from './commune-set.js';

/** One commune's line in section II of the report: its area figures as `achieved/max`, and its published total. */
interface PublishedCommune {
  readonly id: string;
  readonly name: string;
  /** The eight areas in order, as written in the report ("23,5/33,5"). */
  readonly areas: readonly string[];
  readonly total: string;
  readonly index: string;
  readonly classification: string;
}

const PUBLISHED: readonly PublishedCommune[] = [
  {
    id: 'dak-to-re',
    name: 'UBND xã Đắk Tô Re',
    areas: ['23,5/33,5', '8,5/9', '16,5/19,5', '5/5', '5/5', '5,3/6', '8,5/12', '7/7'],
    total: '79,3/97',
    index: '81,75',
    classification: 'Tốt',
  },
  {
    id: 'dak-to-lung',
    name: 'UBND xã Đắk Tô Lung',
    areas: ['24,1/33,5', '9/9', '17,5/18', '5/5', '5/5', '5/6', '8,8/12', '7/7'],
    total: '81,4/95,5',
    index: '85,24',
    classification: 'Tốt',
  },
  {
    id: 'tan-lap',
    name: 'UBND xã Tân Lập',
    areas: ['25,39/33,5', '6,93/9', '15,55/17,5', '4/4', '5/5', '5,95/6', '8,95/12', '7/7'],
    total: '78,77/94',
    index: '83,8',
    classification: 'Tốt',
  },
  {
    id: 'dak-koi',
    name: 'UBND xã Đăk Kôi',
    areas: ['24/33,5', '7,4/9', '17,5/18,5', '5/5', '5/5', '4,5/6', '7,5/12', '7/7'],
    total: '77,9/96',
    index: '81,15',
    classification: 'Tốt',
  },
  {
    id: 'dak-ruong',
    name: 'UBND xã Đăk Ruồng',
    areas: ['22,1/33,5', '9/9', '15,75/17,5', '5/5', '5/5', '4,5/6', '8,3/12', '7/7'],
    total: '78,15/95',
    index: '82,26',
    classification: 'Tốt',
  },
  {
    id: 'dak-rve',
    name: 'UBND thị trấn Đắk Rve',
    areas: ['20,77/33,5', '5/9', '11,25/17,5', '4/4', '5/5', '5,7/6', '6,4/12', '4/7'],
    total: '62,12/94',
    index: '66,09',
    classification: 'Khá',
  },
  {
    id: 'dak-pne',
    name: 'UBND xã Đắk Pnè',
    areas: ['24,5/33,5', '8/8', '17/19,5', '5/5', '4/5', '6/6', '7/12', '6/7'],
    total: '77,5/96',
    index: '80,73',
    classification: 'Tốt',
  },
];

function split(figure: string): { achieved: string; max: string } {
  const [achieved = '', max = ''] = figure.split('/');
  return { achieved, max };
}

/**
 * Each commune's appraised 2021 scores as section II publishes them: every area scored as a whole, with
 * this commune's applicable max, and the published figures to reconcile against.
 */
export const konRay2021Communes: AssessmentInput[] = PUBLISHED.map((commune) => {
  const entries: NonNullable<AssessmentInput['entries']> = {};
  const areas: Record<string, { achieved: string; max: string }> = {};
  konRay2021CommuneSet.criteria.forEach((area, position) => {
    const figure = split(commune.areas[position] ?? '');
    entries[area.code] = { score: figure.achieved, max: figure.max };
    areas[area.code] = figure;
  });
  const total = split(commune.total);
  return {
    criteriaSet: konRay2021CommuneSet.id,
    unit: { id: commune.id, name: commune.name, group: 'xã' },
    period: 2021,
    layer: 'appraised',
    entries,
    stated: {
      achieved: total.achieved,
      max: total.max,
      index: commune.index,
      classification: commune.classification,
      areas,
    },
  };
});

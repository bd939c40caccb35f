/**
 * The surveyed communes of Kon Rẫy 2021, as the survey's store tests begin: the communes' set with a survey
 * area, the round on it, and a plan of two groups.
 */
import type { CriteriaSetInput } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import type { Caller } from './keys.js';
import type { Rounds } from './rounds.js';

export const admin: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' } };
/** The entry officer who types the paper forms: an appraiser's account. */
export const entry: Caller = { name: 'Cán bộ nhập phiếu', role: { kind: 'appraiser' } };
const [, communeSet] = konRay2021.criteriaSets;
export const communes = konRay2021.communes;
export const unitOf = (id: string): Caller => ({ name: id, role: { kind: 'unit', unit: id } });

/** The communes' set with a survey area: 9.1 on Yên Bái's credits ("không biết" not counted), 9.2 on A/B/C/D. */
export const SET_ID = 'kon-ray-2021-xa-khao-sat';
export const surveySet = {
  ...communeSet,
  id: SET_ID,
  criteria: [
    ...communeSet!.criteria,
    {
      code: '9',
      name: 'Khảo sát sự hài lòng',
      children: [
        {
          code: '9.1',
          name: 'Mức độ hài lòng về thủ tục hành chính',
          max: 2,
          rule: { kind: 'survey', credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } },
        },
        { code: '9.2', name: 'Mức độ hài lòng về cán bộ', max: 1, rule: { kind: 'survey' } },
      ],
    },
  ],
} as CriteriaSetInput;
export const ROUND = 'xa-2021';
export const UNITS = communes.map((commune) => commune.unit.id);
export const PLAN = {
  criteriaSet: SET_ID,
  title: 'Khảo sát sự hài lòng năm 2021',
  closes: '2022-01-25',
  minimumRespondents: 3,
  groups: [
    {
      id: 'hdnd',
      name: 'Đại biểu HĐND, lãnh đạo MTTQ',
      units: UNITS,
      questions: [
        { code: '9.1', text: 'Thủ tục hành chính của xã có thuận tiện?' },
        { code: '9.2', text: 'Cán bộ của xã có tận tình?' },
      ],
    },
    {
      id: 'dan',
      name: 'Người dân',
      units: UNITS,
      questions: [{ code: '9.1', text: 'Thủ tục hành chính của xã có thuận tiện?' }],
    },
  ],
};
export const OPTIONS = ['A', 'B', 'C', 'D', 'không biết'];

/** The surveyed set stored and the communes' round made on it, as every store's tests begin. */
export async function communesRound(rounds: Rounds): Promise<void> {
  await rounds.putCriteriaSet(admin, SET_ID, surveySet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC các xã năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: communes.map((commune) => ({ ...commune.unit, criteriaSet: SET_ID })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
}

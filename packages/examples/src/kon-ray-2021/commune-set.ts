import type { CriteriaSetInput } from '@cchc/core';
import { konTumClasses } from './classes.js';

/**
 * Kon Rẫy district's criteria set for its communes and town (Quyết định 514/QĐ-UBND of 12/11/2021),
 * as far as section II of the report shows it: the eight areas with their maxima. A commune's area
 * max in the report is lower where items did not apply to it.
 */
export const konRay2021CommuneSet = {
  id: 'kon-ray-2021-xa',
  title: 'Bộ tiêu chí đánh giá công tác cải cách hành chính nhà nước đối với UBND các xã, thị trấn',
  version: '2021',
  issuer: 'UBND huyện Kon Rẫy',
  decision: {
    number: '514/QĐ-UBND',
    date: '2021-11-12',
    title:
      'về việc ban hành Bộ tiêu chí đánh giá công tác cải cách hành chính nhà nước đối với UBND các xã, thị trấn trên địa bàn huyện Kon Rẫy',
  },
  rounding: { score: 2, index: 2, mode: 'half-up' },
  classes: konTumClasses,
  note: 'Reconstructed from section II of the report on the 2021 PAR index of Kon Rẫy district: areas and maxima only.',
  criteria: [
    { code: '1', name: 'Công tác chỉ đạo, điều hành cải cách hành chính', max: 33.5 },
    { code: '2', name: 'Xây dựng và tổ chức thực hiện Văn bản quy phạm pháp luật', max: 9 },
    { code: '3', name: 'Cải cách thủ tục hành chính', max: 19.5 },
    { code: '4', name: 'Cải cách tổ chức bộ máy hành chính nhà nước', max: 5 },
    { code: '5', name: 'Xây dựng và nâng cao chất lượng đội ngũ cán bộ công chức, viên chức', max: 5 },
    { code: '6', name: 'Cải cách tài chính công', max: 6 },
    { code: '7', name: 'Hiện đại hóa nền hành chính', max: 12 },
    { code: '8', name: 'Chấp hành văn hóa công sở, kỷ luật, kỷ cương hành chính', max: 7 },
  ],
} satisfies CriteriaSetInput;

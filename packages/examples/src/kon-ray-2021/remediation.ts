import type { RemediationTask } from '@cchc/core/remediation';
import { konRay2021Report } from './report.js';

/**
 * The remediation of the Kon Rẫy 2021 report as a stored round keeps it: the eight tasks of section III,
 * each with its lead agencies as the keys that report on it (named as the results name them where they
 * do), and the deadline of section IV for the plans of departments and communes (12/8/2022). The report
 * sets no date for section III's tasks: the example gives them the end of 2022.
 */
const COMMUNES = ['dak-to-re', 'dak-to-lung', 'tan-lap', 'dak-koi', 'dak-ruong', 'dak-rve', 'dak-pne'];
const COMMUNES_LEAD = 'UBND các xã, thị trấn';
const ONE_STOP = 'Bộ phận Tiếp nhận và Trả kết quả huyện, các xã, thị trấn';
const HOME_AFFAIRS = 'Phòng Nội vụ huyện';

/** The lead agencies and units of each task of section III, in its order; the text is the report's. */
const LEADS: readonly Pick<RemediationTask, 'lead' | 'units'>[] = [
  { lead: ['Các phòng ban chuyên môn', COMMUNES_LEAD], units: COMMUNES },
  { lead: ['Phòng Tư pháp huyện', COMMUNES_LEAD], units: COMMUNES },
  {
    lead: [
      'Các phòng chuyên môn thuộc UBND huyện',
      COMMUNES_LEAD,
      ONE_STOP,
      'Chi nhánh Văn phòng Đăng ký đất đai',
    ],
    units: COMMUNES,
  },
  { lead: [HOME_AFFAIRS] },
  { lead: [HOME_AFFAIRS, COMMUNES_LEAD], units: COMMUNES },
  { lead: ['Phòng Tài chính - Kế hoạch huyện'] },
  {
    lead: ['Phòng Văn hóa và Thông tin huyện', 'Các cơ quan, đơn vị liên quan', COMMUNES_LEAD, ONE_STOP],
    units: COMMUNES,
  },
  { lead: [HOME_AFFAIRS] },
];

export const konRay2021Tasks: readonly RemediationTask[] = konRay2021Report.tasks.items.map(
  (item, position) => ({
    id: `nhiem-vu-${position + 1}`,
    area: item.area,
    heading: item.heading,
    text: item.task,
    // The report names the leads in its own words ("Các phòng, ban chuyên môn và UBND các xã, thị trấn.").
    leadText: item.lead,
    lead: LEADS[position]?.lead ?? [],
    ...(LEADS[position]?.units ? { units: LEADS[position].units } : {}),
    deadline: '2022-12-31',
  }),
);

/** Section IV.1–2: departments and communes send their remediation plans before this day. */
export const KON_RAY_2021_PLAN_DEADLINE = '2022-08-12';

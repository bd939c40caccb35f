import type { Layer } from '@cchc/core';

// How a score sheet is laid out: written by scoreSheet (score-sheet.ts), read back by readScoreSheet
// (read-score-sheet.ts); one declaration, so that the two cannot drift apart.

/** Whose scores a sheet holds: the unit's own (tự chấm) or the appraisers' (thẩm định); the core's layer. */
export type SheetLayer = Layer;

export const SHEET_OF_LAYER: Readonly<Record<SheetLayer, string>> = {
  self: 'Tự chấm',
  appraised: 'Thẩm định',
};
/** The sheet that says what the score sheet is for, hidden from the person who fills it in. */
export const META_SHEET = 'cchc';
export const FORMAT = 'cchc-score-sheet/1';

/** The columns of a score sheet, by what they hold. */
export const COLUMN = {
  key: 1,
  code: 2,
  name: 3,
  max: 4,
  score: 5,
  notApplicable: 6,
  facts: 7,
  cause: 8,
  responsible: 9,
  evidence: 10,
  note: 11,
  responsibility: 12,
  unitMax: 13,
} as const;
export const HEADER = [
  'Khóa',
  'STT',
  'Tiêu chí, tiêu chí thành phần',
  'Điểm tối đa',
  'Điểm',
  'Không áp dụng (x)',
  'Số liệu kê khai',
  'Nguyên nhân trừ điểm',
  'Trách nhiệm',
  'Tài liệu kiểm chứng',
  'Ghi chú',
  'Diễn giải trách nhiệm',
  'Điểm tối đa áp dụng (khi một phần không áp dụng)',
];
export const FIRST_ROW = 6;

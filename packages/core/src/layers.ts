/**
 * The score layers of an assessment, declared once: the unit's own scores (`self`, tự chấm) and the
 * appraisers' (`appraised`, thẩm định). Documents, results, sheets and the stored rounds all use these.
 */
export const LAYERS = ['self', 'appraised'] as const;
export type Layer = (typeof LAYERS)[number];

/** Each layer's name in Vietnamese, as a sentence says it ("điểm tự chấm"). */
export const LAYER_NAMES_VI: Readonly<Record<Layer, string>> = { self: 'tự chấm', appraised: 'thẩm định' };

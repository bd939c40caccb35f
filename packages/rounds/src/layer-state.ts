/** Whether a layer is open to a caller's writes now, and how a layer is named. */
import { isPast, LAYER_NAMES_VI } from '@cchc/core';
import { may } from './access.js';
import type { Caller } from './keys.js';
import type { Layer, RoundDocument } from './schema.js';
import type { RoundRow } from './types.js';

/** The deadline of a layer's writes: self-assessment's, or the appraisal's. */
export function layerDeadline(deadlines: RoundDocument['deadlines'], layer: Layer): string {
  return layer === 'self' ? deadlines.self : deadlines.appraisal;
}

/** Why a layer is closed to a caller's writes, in both languages, with what the client can act on. */
export interface LayerClosure {
  readonly en: string;
  readonly vi: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Why `caller` may not write `layer` of `unit` now, or undefined when it may: the round is published, the
 * layer locked, its deadline passed, or (a unit, its self layer) submitted. The one reading of a layer's
 * state: the store refuses with it, the pages say it at the top of a sheet and show the sheet read-only.
 */
export function layerClosure(
  round: {
    readonly id: string;
    readonly document: Pick<RoundDocument, 'deadlines'>;
    readonly locks: RoundRow['locks'];
    readonly published: { readonly at: string } | null;
    /** When the unit submitted its self-assessment, or null. */
    readonly submitted: string | null;
  },
  unit: string,
  layer: Layer,
  caller: Caller,
  at: Date,
): LayerClosure | undefined {
  if (round.published)
    return {
      en: `round '${round.id}' is published: its layers no longer change`,
      vi: `Đợt '${round.id}' đã công bố kết quả: không thể sửa điểm`,
      details: { layer, published: round.published.at },
    };
  const lock = round.locks[layer];
  if (lock)
    return {
      en: `the ${layer} layer of round '${round.id}' is locked`,
      vi: `Lớp điểm ${layerVi(layer)} của đợt '${round.id}' đã bị khóa`,
      details: { layer, lockedAt: lock.at },
    };
  const deadline = layerDeadline(round.document.deadlines, layer);
  if (isPast(deadline, at))
    return {
      en: `the deadline of the ${layer} layer (${deadline}) has passed`,
      vi: `Đã quá hạn ${layerVi(layer)} (${deadline})`,
      details: { layer, deadline },
    };
  // Submitted, the self layer is closed to the unit; whoever may reopen it may still write it.
  if (layer === 'self' && !may(caller, 'manage') && round.submitted)
    return {
      en: `unit '${unit}' has submitted its self-assessment; an admin may reopen it`,
      vi: `Đơn vị '${unit}' đã chốt điểm tự chấm; quản trị có thể mở lại`,
      details: { layer, submitted: round.submitted },
    };
  return undefined;
}

export const layerVi = (layer: Layer) => `điểm ${LAYER_NAMES_VI[layer]}`;
export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

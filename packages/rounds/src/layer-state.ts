/** Whether a layer is open to a caller's writes now, and how a layer is named. */
import { isPast } from '@cchc/core';
import { may } from './access.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import type { Layer, RoundDocument } from './schema.js';
import type { RoundRow } from './types.js';

/** The deadline of a layer's writes: self-assessment's, or the appraisal's. */
export function layerDeadline(deadlines: RoundDocument['deadlines'], layer: Layer): string {
  return layer === 'self' ? deadlines.self : deadlines.appraisal;
}

/** Why a layer is closed to a caller's writes: the refusal, with what the client can act on in its details. */
export type LayerClosure = RoundsError;

/**
 * Why `caller` may not write `layer` of `unit` now (the refusal to throw), or undefined when it may: the round is published, the
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
): RoundsError | undefined {
  if (round.published)
    return new RoundsError(
      'layers-published',
      { round: round.id },
      { details: { layer, published: round.published.at } },
    );
  const lock = round.locks[layer];
  if (lock)
    return new RoundsError(
      'layer-locked',
      { round: round.id, layer },
      { details: { layer, lockedAt: lock.at } },
    );
  const deadline = layerDeadline(round.document.deadlines, layer);
  if (isPast(deadline, at))
    return new RoundsError('layer-deadline', { layer, deadline }, { details: { layer, deadline } });
  // Submitted, the self layer is closed to the unit; whoever may reopen it may still write it.
  if (layer === 'self' && !may(caller, 'manage') && round.submitted)
    return new RoundsError('layer-submitted', { unit }, { details: { layer, submitted: round.submitted } });
  return undefined;
}

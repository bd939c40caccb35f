/** Whether a layer (and a unit's explanations) is open to a caller's writes now, and how a layer is named. */
import { isPast } from '@cchc/core';
import { may } from './access.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { type Layer, passesOf, type RoundDocument } from './schema.js';
import type { RoundRow, RoundView } from './types.js';

/** The deadline of a layer's writes: self-assessment's, the first appraisal's, or the last pass's. */
export function layerDeadline(deadlines: RoundDocument['deadlines'], layer: Layer): string {
  if (layer === 'self') return deadlines.self;
  // A two-pass round always has it (its schema says so); a one-pass round has no first pass to write.
  if (layer === 'appraised-1') return deadlines.appraisal1 ?? deadlines.appraisal;
  return deadlines.appraisal;
}

/** Why a layer is closed to a caller's writes: the refusal, with what the client can act on in its details. */
export type LayerClosure = RoundsError;

/** The phases of a round, in their order; with one pass, `appraised-1` and `explanation` gate nothing. */
export type Phase = 'self' | 'appraised-1' | 'explanation' | 'appraised';

/** The phases of a round of two passes, as a sentence names them ("giai đoạn giải trình"). */
export const PHASE_NAMES_VI: Readonly<Record<Phase, string>> = {
  self: 'tự chấm điểm',
  'appraised-1': 'thẩm định lần 1',
  explanation: 'giải trình',
  appraised: 'thẩm định lần 2',
};

/** What decides a unit's phases: the round, and the unit's own submission and explanations. */
export interface PhaseFacts {
  readonly id: string;
  readonly document: Pick<RoundDocument, 'deadlines' | 'passes'>;
  readonly locks: RoundRow['locks'];
  readonly published: { readonly at: string } | null;
  /** When the unit submitted its self-assessment, or null. */
  readonly submitted: string | null;
  /** When the unit closed its explanations (chốt giải trình), or null. */
  readonly explanationsClosed?: string | null;
  /** How many criteria of the unit the first pass asked to explain. */
  readonly requests?: number;
}

/** A layer is closed for everyone once locked or past its deadline. */
const layerShut = (round: PhaseFacts, layer: Layer, at: Date) =>
  round.locks[layer] !== undefined || isPast(layerDeadline(round.document.deadlines, layer), at);

/**
 * Whether a unit's explanations are closed: it closed them, their deadline passed, or (two passes) the first
 * pass closed without asking it anything.
 */
export function explanationsClosed(round: PhaseFacts, at: Date): boolean {
  const deadline = round.document.deadlines.explanation;
  if (round.explanationsClosed) return true;
  if (deadline !== undefined && isPast(deadline, at)) return true;
  return passesOf(round.document) === 2 && layerShut(round, 'appraised-1', at) && (round.requests ?? 0) === 0;
}

/**
 * The phase a unit of a two-pass round is in now: self-assessment until it submits or its deadline passes,
 * then the first appraisal until that closes (deadline or lock), then its explanations until it closes them
 * or their deadline passes, then the second appraisal. A one-pass round has `self` then `appraised`.
 */
export function phaseOf(round: PhaseFacts, at: Date): Phase {
  const selfClosed = round.submitted !== null || layerShut(round, 'self', at);
  if (passesOf(round.document) === 1) return selfClosed ? 'appraised' : 'self';
  if (!selfClosed) return 'self';
  if (!layerShut(round, 'appraised-1', at)) return 'appraised-1';
  if (!explanationsClosed(round, at)) return 'explanation';
  return 'appraised';
}

const phaseRefusal = (round: PhaseFacts, layer: Layer | 'explanation', open: Phase) =>
  new RoundsError('phase-not-open', { layer, open }, { details: { layer, open, round: round.id } });

/**
 * Why `caller` may not write `layer` of `unit` now (the refusal to throw), or undefined when it may: the
 * round is published, the layer locked, its deadline passed, (a unit, its self layer) submitted, or (two
 * passes) its phase not yet come. The one reading of a layer's state: the store refuses with it, the pages
 * say it at the top of a sheet and show the sheet read-only.
 */
export function layerClosure(
  round: PhaseFacts,
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
  if (layer === 'appraised-1' && passesOf(round.document) === 1)
    return new RoundsError('single-pass', { round: round.id }, { details: { layer } });
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
  // Two passes follow each other: an appraisal waits for the phase before it.
  if (passesOf(round.document) === 2 && layer !== 'self') {
    const phase = phaseOf(round, at);
    if (phase !== layer) return phaseRefusal(round, layer, phase);
  }
  return undefined;
}

/**
 * Why an explanation may not be written now, or undefined: a request belongs to the first pass (with two
 * passes, asked while it is open); an answer waits, with two passes, for the first pass to close, and ends
 * at the explanations' deadline or when the unit closed them.
 */
export function explanationClosure(
  round: PhaseFacts,
  unit: string,
  asking: boolean,
  caller: Caller,
  at: Date,
): RoundsError | undefined {
  if (round.published)
    return new RoundsError(
      'round-published-explanations',
      { round: round.id },
      { details: { published: round.published.at } },
    );
  const twoPasses = passesOf(round.document) === 2;
  if (asking) return twoPasses ? layerClosure(round, unit, 'appraised-1', caller, at) : undefined;
  if (round.explanationsClosed)
    return new RoundsError(
      'explanations-closed',
      { unit },
      { details: { closed: round.explanationsClosed } },
    );
  const deadline = round.document.deadlines.explanation;
  if (deadline !== undefined && isPast(deadline, at))
    return new RoundsError('explanation-deadline', { deadline }, { details: { deadline } });
  if (twoPasses) {
    const phase = phaseOf(round, at);
    if (phase !== 'explanation') return phaseRefusal(round, 'explanation', phase);
  }
  return undefined;
}

/** A unit's phase facts as a round's view says them (the pages' and reminders' reading of the view). */
export function unitPhaseFacts(round: RoundView, unit: RoundView['unitStates'][number]): PhaseFacts {
  return {
    id: round.id,
    document: round,
    locks: round.locks,
    published: round.published,
    submitted: unit.submitted?.at ?? null,
    explanationsClosed: unit.explanationsClosed?.at ?? null,
    requests: unit.explanationRequests ?? 0,
  };
}

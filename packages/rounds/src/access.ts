import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import type { Layer } from './schema.js';

/**
 * Who may do what: the roles table of the stored rounds, decided here and nowhere else. The store refuses
 * with `requireMay`; the pages ask `may` which screens, links and buttons to show, so that a person sees
 * no link that would only be refused.
 *
 * | action | who |
 * | --- | --- |
 * | `manage` (criteria sets, rounds, locks, reopening, publication, export, import, tasks) | admin |
 * | `read-unit` (a unit's layers, history, explanations, sheets) | admin, appraisers, that unit |
 * | `write-layer` | `self`: admin, that unit; `appraised`: admin, appraisers |
 * | `appraise` (the list of units to appraise, a code of the appraised layer) | admin, appraisers (limited ones: their codes and below) |
 * | `submit` | admin, that unit |
 * | `ask-explanation` | admin, appraisers (limited ones: their codes) |
 * | `answer-explanation` | admin, that unit |
 * | `see-round` | every role; a unit, the rounds it is in |
 * | `read-results` | admin, appraisers, units (their own before publication); agencies once published |
 * | `write-plan` | admin, that unit, an agency the results name for the item |
 * | `report-task` | admin, the agency reporting for itself (that it leads the task is the task's to say) |
 * | `enter-survey` (typing paper survey forms) | admin, appraisers (an entry officer is given an appraiser's account) |
 *
 * A caller limited to an authority (`Caller.authority`: a district's Phòng Nội vụ, its appraisers) does
 * each of these only to what belongs to that authority: its rounds, the units it is the parent of, its
 * people. What belongs to every authority (`authority: null`: a province-wide account) is not theirs.
 */
export type Action =
  | 'manage'
  | 'read-unit'
  | 'write-layer'
  | 'appraise'
  | 'submit'
  | 'ask-explanation'
  | 'answer-explanation'
  | 'see-round'
  | 'read-results'
  | 'write-plan'
  | 'report-task'
  | 'enter-survey';

/** What an action is done to: the facts the policy needs, each where the action has it. */
export interface Target {
  readonly unit?: string;
  readonly layer?: Layer;
  /** A criterion code (an appraiser limited to some codes acts at those and below). */
  readonly code?: string;
  /** The units of the round (`see-round`). */
  readonly units?: readonly string[];
  readonly published?: boolean;
  /** The agencies the published results name for an item (`write-plan`), or that lead a task (`report-task`). */
  readonly agencies?: readonly string[];
  /**
   * The authority the thing belongs to (a round's, a unit's parent, an account's); `null` for what belongs
   * to every authority. Left out where the action has no authority to honour.
   */
  readonly authority?: string | null;
}

/** The one spelling of an authority's name two records must share to be the same authority. */
export const authorityKey = (name: string): string => name.normalize('NFC').trim().toLocaleLowerCase('vi');

/**
 * Whether what belongs to `authority` (`null`: to every authority) is within `caller`'s reach: all of it
 * for a caller of every authority, only its own authority's for a limited one.
 */
export function withinAuthority(caller: Caller, authority: string | null): boolean {
  if (caller.authority === undefined) return true;
  return authority !== null && authorityKey(authority) === authorityKey(caller.authority);
}

/** Whether `code` is one of `codes` or below one of them. */
export function withinCodes(codes: readonly string[], code: string): boolean {
  return codes.some((allowed) => code === allowed || code.startsWith(`${allowed}.`));
}

/**
 * Whether `caller` may do `action` to `target`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { may } from '@cchc/rounds';
 * const commune = { name: 'UBND xã Đăk Kôi', role: { kind: 'unit', unit: 'dak-koi' } } as const;
 * assert.equal(may(commune, 'write-layer', { unit: 'dak-koi', layer: 'self' }), true);
 * assert.equal(may(commune, 'write-layer', { unit: 'dak-koi', layer: 'appraised' }), false);
 * ```
 */
export function may(caller: Caller, action: Action, target: Target = {}): boolean {
  const { role } = caller;
  if (target.authority !== undefined && !withinAuthority(caller, target.authority)) return false;
  if (role.kind === 'admin') return true;
  const ownUnit = role.kind === 'unit' && role.unit === target.unit;
  const appraiserOf = (code: string | undefined) =>
    role.kind === 'appraiser' &&
    (role.codes === undefined || code === undefined || withinCodes(role.codes, code));
  switch (action) {
    case 'manage':
      return false;
    case 'read-unit':
      return role.kind === 'appraiser' || ownUnit;
    case 'write-layer':
      return target.layer === 'self' ? ownUnit : role.kind === 'appraiser';
    case 'appraise':
      return appraiserOf(target.code);
    case 'submit':
    case 'answer-explanation':
      return ownUnit;
    case 'ask-explanation':
      return appraiserOf(target.code);
    case 'see-round':
      return role.kind !== 'unit' || (target.units ?? []).includes(role.unit);
    case 'read-results':
      return role.kind !== 'agency' || target.published === true;
    case 'write-plan':
      return ownUnit || (role.kind === 'agency' && (target.agencies ?? []).includes(role.agency));
    case 'report-task':
      return role.kind === 'agency' && (target.agencies ?? []).includes(role.agency);
    case 'enter-survey':
      return role.kind === 'appraiser';
  }
}

/** Why `action` is refused: its refusal from the one table (messages.ts). */
function refusal(caller: Caller, action: Action, target: Target): RoundsError {
  if (target.authority !== undefined && !withinAuthority(caller, target.authority))
    return new RoundsError('outside-authority', { authority: caller.authority ?? '' });
  const unit = target.unit ?? '';
  const code = target.code ?? '';
  const { role } = caller;
  const codes = role.kind === 'appraiser' && role.codes ? role.codes.join(', ') : '';
  switch (action) {
    case 'manage':
      return new RoundsError('admin-only', {});
    case 'read-unit':
      return new RoundsError('read-unit', { unit });
    case 'write-layer':
      return new RoundsError('write-layer', { unit, layer: target.layer ?? 'self' });
    case 'appraise':
      return codes
        ? new RoundsError('appraise-codes', { codes, code })
        : new RoundsError('appraiser-only', {});
    case 'submit':
      return new RoundsError('submit-own', { unit });
    case 'ask-explanation':
      return codes
        ? new RoundsError('ask-codes', { codes, code })
        : new RoundsError('ask-appraiser-only', {});
    case 'answer-explanation':
      return new RoundsError('explain-own', { unit });
    case 'see-round':
      // A round a unit is not in is, to that unit, a round that does not exist.
      return new RoundsError('round-hidden', {});
    case 'read-results':
      return new RoundsError('results-unpublished', {});
    case 'write-plan':
      return new RoundsError('write-plan', { unit, code });
    case 'report-task':
      return new RoundsError('report-own', { agency: target.agencies?.[0] ?? '' });
    case 'enter-survey':
      return new RoundsError('appraiser-only', {});
  }
}

/** Refuses, with the reason in both languages, what `caller` may not do. */
export function requireMay(caller: Caller, action: Action, target: Target = {}): void {
  if (!may(caller, action, target)) throw refusal(caller, action, target);
}

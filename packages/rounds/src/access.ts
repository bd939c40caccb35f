import { forbidden, notFound, type RoundsError } from './errors.js';
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
  | 'report-task';

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
}

/** Whether `code` is one of `codes` or below one of them. */
export function withinCodes(codes: readonly string[], code: string): boolean {
  return codes.some((allowed) => code === allowed || code.startsWith(`${allowed}.`));
}

/** Whether `caller` may do `action` to `target`. */
export function may(caller: Caller, action: Action, target: Target = {}): boolean {
  const { role } = caller;
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
  }
}

/** Why `action` is refused, in both languages. */
function refusal(caller: Caller, action: Action, target: Target): RoundsError {
  const unit = target.unit ?? '';
  const { role } = caller;
  const limited = role.kind === 'appraiser' && role.codes ? role.codes.join(', ') : '';
  switch (action) {
    case 'manage':
      return forbidden('only an admin key may do this', 'Chỉ khóa quản trị được làm việc này');
    case 'read-unit':
      return forbidden(
        `this key may not read unit '${unit}'`,
        `Khóa này không được xem dữ liệu của đơn vị '${unit}'`,
      );
    case 'write-layer':
      return forbidden(
        `this key may not write the ${target.layer} layer of unit '${unit}'`,
        `Khóa này không được ghi ${target.layer === 'self' ? 'điểm tự chấm' : 'điểm thẩm định'} của đơn vị '${unit}'`,
      );
    case 'appraise':
      return limited
        ? forbidden(
            `this key may appraise ${limited} only, not ${target.code}`,
            `Khóa này chỉ được thẩm định ${limited}, không được sửa ${target.code}`,
          )
        : forbidden('only an appraiser may do this', 'Chỉ người thẩm định được làm việc này');
    case 'submit':
      return forbidden(
        `only unit '${unit}' may submit its self-assessment`,
        `Chỉ đơn vị '${unit}' được chốt điểm tự chấm của mình`,
      );
    case 'ask-explanation':
      return limited
        ? forbidden(
            `this key may appraise ${limited} only, not ${target.code}`,
            `Khóa này chỉ được thẩm định ${limited}, không được yêu cầu giải trình ${target.code}`,
          )
        : forbidden(
            'only an appraiser may ask for an explanation',
            'Chỉ người thẩm định được yêu cầu giải trình',
          );
    case 'answer-explanation':
      return forbidden(`only unit '${unit}' may explain its scores`, `Chỉ đơn vị '${unit}' được giải trình`);
    case 'see-round':
      // A round a unit is not in is, to that unit, a round that does not exist.
      return notFound(`this round`, 'Đợt đánh giá này');
    case 'read-results':
      return forbidden(
        'the round is not published: an agency key sees its results once they are',
        'Đợt này chưa công bố: cơ quan chỉ xem kết quả sau khi công bố',
      );
    case 'write-plan':
      return forbidden(
        `this key may not write the remediation of unit '${unit}' for ${target.code}`,
        `Khóa này không được ghi kế hoạch khắc phục của đơn vị '${unit}' cho ${target.code}`,
      );
    case 'report-task': {
      const agency = target.agencies?.[0] ?? '';
      return forbidden(
        `only agency '${agency}' may report for itself`,
        `Chỉ cơ quan '${agency}' được báo cáo phần việc của mình`,
      );
    }
  }
}

/** Refuses, with the reason in both languages, what `caller` may not do. */
export function requireMay(caller: Caller, action: Action, target: Target = {}): void {
  if (!may(caller, action, target)) throw refusal(caller, action, target);
}

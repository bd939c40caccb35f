import { describe, expect, it } from 'vitest';
import { type Action, may, requireMay, type Target } from './access.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';

const callers = {
  admin: { name: 'Sở Nội vụ', role: { kind: 'admin' } },
  appraiser: { name: 'Tổ thẩm định', role: { kind: 'appraiser' } },
  limitedAppraiser: { name: 'Tổ lĩnh vực 2', role: { kind: 'appraiser', codes: ['2'] } },
  ownUnit: { name: 'UBND xã A', role: { kind: 'unit', unit: 'xa-a' } },
  otherUnit: { name: 'UBND xã B', role: { kind: 'unit', unit: 'xa-b' } },
  agency: { name: 'Phòng Tài chính', role: { kind: 'agency', agency: 'Phòng Tài chính' } },
} satisfies Record<string, Caller>;
type Who = keyof typeof callers;

/**
 * The roles table of the stored rounds, as the contract words it (the rounds README, "Rules"): each action
 * on unit `xa-a`, and who may do it. Every role is checked against every row, both ways.
 */
const TABLE: readonly [Action, Target, readonly Who[]][] = [
  ['manage', {}, ['admin']],
  ['read-unit', { unit: 'xa-a' }, ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit']],
  ['write-layer', { unit: 'xa-a', layer: 'self' }, ['admin', 'ownUnit']],
  ['write-layer', { unit: 'xa-a', layer: 'appraised' }, ['admin', 'appraiser', 'limitedAppraiser']],
  ['appraise', { code: '2.1' }, ['admin', 'appraiser', 'limitedAppraiser']],
  ['appraise', { code: '1' }, ['admin', 'appraiser']],
  // "2" limits to 2 and below: 21 is another area.
  ['appraise', { code: '21' }, ['admin', 'appraiser']],
  ['submit', { unit: 'xa-a' }, ['admin', 'ownUnit']],
  ['ask-explanation', { unit: 'xa-a', code: '2' }, ['admin', 'appraiser', 'limitedAppraiser']],
  ['ask-explanation', { unit: 'xa-a', code: '1' }, ['admin', 'appraiser']],
  ['answer-explanation', { unit: 'xa-a' }, ['admin', 'ownUnit']],
  ['see-round', { units: ['xa-a'] }, ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit', 'agency']],
  ['read-results', { published: false }, ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit', 'otherUnit']],
  [
    'read-results',
    { published: true },
    ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit', 'otherUnit', 'agency'],
  ],
  ['write-plan', { unit: 'xa-a', code: '1', agencies: ['Phòng Tài chính'] }, ['admin', 'ownUnit', 'agency']],
  ['write-plan', { unit: 'xa-a', code: '1', agencies: [] }, ['admin', 'ownUnit']],
  ['report-task', { agencies: ['Phòng Tài chính'] }, ['admin', 'agency']],
  ['report-task', { agencies: ['Phòng Nội vụ'] }, ['admin']],
];

describe('the access policy', () => {
  it('allows each role exactly what the roles table says, and refuses the rest with a reason', () => {
    for (const [action, target, allowed] of TABLE)
      for (const who of Object.keys(callers) as Who[]) {
        const caller = callers[who];
        expect([action, target, who, may(caller, action, target)]).toEqual([
          action,
          target,
          who,
          allowed.includes(who),
        ]);
        const refused = (() => {
          try {
            requireMay(caller, action, target);
            return undefined;
          } catch (error) {
            return error;
          }
        })();
        if (allowed.includes(who)) expect(refused).toBeUndefined();
        else {
          expect(refused).toBeInstanceOf(RoundsError);
          // A round a unit is not in does not exist to it; every other refusal is a 403 with both languages.
          expect((refused as RoundsError).kind).toBe(action === 'see-round' ? 'not-found' : 'forbidden');
          expect((refused as RoundsError).vi).not.toBe('');
        }
      }
  });
});

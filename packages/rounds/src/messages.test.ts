import { describe, expect, it } from 'vitest';
import { RoundsError } from './errors.js';
import { REFUSALS, type RefusalCode } from './messages.js';

/** Params enough for any refusal's words: each takes what it names. */
const ANY_PARAMS = {
  id: 'bo-2024',
  round: 'dot-2024',
  unit: 'xa-a',
  layer: 'self',
  code: '1.2',
  codes: '1, 2',
  task: 'nv-1',
  agency: 'Sở Nội vụ',
  authority: 'UBND huyện Kon Rẫy',
  units: ['xa-a', 'xa-b'],
  deadline: '2024-12-01',
  count: 3,
  rule: 'a slug',
  route: 'bo-2023',
  gaps: ['xa-a self'],
  subject: { layer: 'appraised' },
  current: 4,
  given: 2,
  login: 'nguyen.van.an',
  existing: 'Nguyen.Van.An',
  seconds: 4,
  minutes: 15,
  since: '2024-03-01',
  reason: 'common',
  min: 10,
  max: 20,
  name: 'Kế hoạch.pdf',
  problem: 'the name holds a path',
  hash: 'ab12',
  expected: 'cd34',
  found: 'exe',
  limit: 20_971_520,
  items: ['1.2', '3'],
  open: 'explanation',
  issued: 40,
  set: 'bo-2024-xa',
  closes: '2024-03-31',
  serial: 7,
} as const;

describe('the refusals of the rounds', () => {
  it('says every refusal in English and in Vietnamese, from its params', () => {
    for (const code of Object.keys(REFUSALS) as RefusalCode[]) {
      const error = new RoundsError(code, ANY_PARAMS as never);
      expect(error.code).toBe(code);
      expect(error.kind).toBe(REFUSALS[code].kind);
      expect(error.message, code).not.toMatch(/undefined|\[object/);
      expect(error.vi, code).not.toMatch(/undefined|\[object/);
      expect(error.vi, code).not.toBe(error.message);
    }
  });

  it('words a precondition by its subject and revisions', () => {
    const moved = new RoundsError('revision-moved', { subject: { layer: 'self' }, current: 4, given: 2 });
    expect([moved.kind, moved.message, moved.vi]).toEqual([
      'precondition-failed',
      'the self layer is at revision 4, not 2',
      'Điểm tự chấm đang ở phiên bản 4, không phải 2',
    ]);
    expect(new RoundsError('revision-none', { subject: { record: true } }).vi).toBe(
      'Nội dung chưa có phiên bản nào',
    );
  });
});

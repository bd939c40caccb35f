import { konRay2021 } from '@cchc/examples';
import { openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedReminders } from './reminders.js';

const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const system = { name: 'cchc', role: { kind: 'admin' } } as const;
const ROUND = 'nhac-viec-2022';
const HOUR = 3600_000;
const deadline = new Date('2022-01-20T16:59:59.999Z'); // 20/01/2022, the end of that day in Vietnam
let rounds: Rounds;
let clock = new Date(deadline.getTime() - 3 * 24 * HOUR + HOUR);
const planned = () => plannedReminders(rounds, system, clock, { publicUrl: 'https://cchc.kontum.gov.vn/' });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  await rounds.putCriteriaSet(system, communeSet!.id, communeSet);
  await rounds.putRound(system, ROUND, {
    title: 'Đánh giá CCHC các xã năm 2022',
    period: 2022,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [first!, second!].map((commune) => ({
      id: commune.unit.id,
      name: commune.unit.name,
      criteriaSet: communeSet!.id,
    })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
  await rounds.putAccount(system, 'xa-mot', {
    name: 'Văn phòng UBND xã Đăk Tơ Re',
    email: 'vanphong@daktore.example',
    role: `unit:${first!.unit.id}`,
  });
  await rounds.putAccount(system, 'xa-hai', { name: 'UBND xã Đăk Ruồng', role: `unit:${second!.unit.id}` });
  await rounds.putAccount(system, 'xa-hai-cu', {
    name: 'Cán bộ cũ',
    email: 'cu@dakruong.example',
    role: `unit:${second!.unit.id}`,
    deactivated: '2021-12-31',
  });
}, 60_000);
afterAll(() => rounds.close());

describe('reminders by email', () => {
  it('tells each person with an email what waits, three days and one day before, once per moment', async () => {
    const [reminder, ...others] = await planned();
    expect(others).toEqual([]);
    expect(reminder).toEqual({
      key: `nhac:self:${ROUND}:${first!.unit.id}:-3d:xa-mot`,
      to: 'vanphong@daktore.example',
      subject: 'Nhắc việc: Tự chấm điểm và chốt phiếu (Đánh giá CCHC các xã năm 2022)',
      text: expect.stringContaining(`Hạn: 20/1/2022 lúc 23:59 (còn 2 ngày).`),
      html: expect.stringContaining(
        `<a href="https://cchc.kontum.gov.vn/app/dot/${ROUND}/don-vi/${first!.unit.id}/tu-cham">`,
      ),
    });
    expect(reminder!.text).toContain('Kính gửi Văn phòng UBND xã Đăk Tơ Re,');
    // The same moment planned again: the same key, kept once by the outbox.
    expect(await rounds.queueMail([reminder!])).toBe(1);
    expect(await rounds.queueMail(await planned())).toBe(0);
    // A day on, the three days' reminder is past its window; the next comes a day before.
    clock = new Date(deadline.getTime() - 2 * 24 * HOUR + HOUR);
    expect(await planned()).toEqual([]);
    clock = new Date(deadline.getTime() - 24 * HOUR + HOUR);
    expect((await planned()).map((message) => message.key)).toEqual([
      `nhac:self:${ROUND}:${first!.unit.id}:-1d:xa-mot`,
    ]);
    // Done: nothing more.
    const unit = { name: 'Văn phòng', role: { kind: 'unit', unit: first!.unit.id } } as const;
    await rounds.putLayer(unit, ROUND, first!.unit.id, 'self', { entries: first!.entries });
    await rounds.submit(unit, ROUND, first!.unit.id);
    expect(await planned()).toEqual([]);
  });

  it('tells a commune once what happened to it lately: an explanation asked, its sheet reopened, results published', async () => {
    const appraiser = { name: 'Tổ thẩm định', role: { kind: 'appraiser' } } as const;
    const [code] = Object.keys(first!.entries ?? {});
    await rounds.putLayer(system, ROUND, first!.unit.id, 'appraised', { entries: first!.entries });
    await rounds.explain(appraiser, ROUND, first!.unit.id, code!, {
      request: 'Bổ sung kế hoạch đã ban hành',
    });
    const told = (await planned()).filter((message) => message.key.startsWith('bao:'));
    expect(told.map((message) => [message.key, message.subject])).toEqual([
      [
        `bao:giai-trinh:${ROUND}:${first!.unit.id}:${code}:${clock.toISOString()}:xa-mot`,
        `Yêu cầu giải trình mục ${code}: Đánh giá CCHC các xã năm 2022`,
      ],
    ]);
    expect(told[0]!.text).toContain(
      `Tổ thẩm định yêu cầu giải trình mục ${code}: Bổ sung kế hoạch đã ban hành`,
    );
    // Answered: nothing more to tell; a day on, an old request is not told again either.
    const unit = { name: 'Văn phòng', role: { kind: 'unit', unit: first!.unit.id } } as const;
    await rounds.explain(unit, ROUND, first!.unit.id, code!, { text: 'Đã ban hành Kế hoạch số 12/KH-UBND' });
    expect((await planned()).filter((message) => message.key.startsWith('bao:'))).toEqual([]);

    await rounds.reopen(system, ROUND, first!.unit.id, 'Bổ sung tài liệu kiểm chứng mục 1');
    expect(
      (await planned()).filter((message) => message.key.startsWith('bao:mo-lai')).map((m) => m.text),
    ).toEqual([expect.stringContaining('Lý do: Bổ sung tài liệu kiểm chứng mục 1')]);
    clock = new Date(clock.getTime() + 25 * HOUR);
    expect((await planned()).filter((message) => message.key.startsWith('bao:mo-lai'))).toEqual([]);

    await rounds.putLayer(system, ROUND, second!.unit.id, 'appraised', { entries: second!.entries });
    clock = new Date('2022-02-01T03:00:00Z');
    await rounds.publish(system, ROUND);
    expect((await planned()).map((message) => message.key)).toContain(`bao:cong-bo:${ROUND}:xa-mot`);
  });
});

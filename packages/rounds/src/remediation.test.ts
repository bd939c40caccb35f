import { readFileSync } from 'node:fs';
import { lostItems, unwrap } from '@cchc/core';
import type { FollowUp } from '@cchc/core/remediation';
import { konRay2021 } from '@cchc/examples';
import { createFollowUpReportModel, createReportModel, renderText } from '@cchc/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { openRounds, type Rounds } from './rounds.js';
import type { SqlClient } from './sql.js';
import { refusal, STORES } from './test-stores.js';

const REFERENCE = readFileSync(
  new URL('../../examples/fixtures/kon-ray-2021-par-report.txt', import.meta.url),
  'utf8',
);

const admin: Caller = { name: 'phòng nội vụ (quản trị)', role: { kind: 'admin' } };
const appraiser: Caller = { name: 'hội đồng thẩm định', role: { kind: 'appraiser' } };
const unitKey = (unit: string): Caller => ({ name: `đơn vị ${unit}`, role: { kind: 'unit', unit } });
const agencyKey = (agency: string): Caller => ({
  name: `cơ quan ${agency}`,
  role: { kind: 'agency', agency },
});

const HOME_AFFAIRS = 'Phòng Nội vụ huyện';
/** The first task of section III as an admin's PUT body (its id is the route's). */
const { id: _firstId, ...FIRST_TASK } = konRay2021.remediation.tasks[0]!;
const FINANCE = 'Phòng Tài chính - Kế hoạch huyện';

/** The Kon Rẫy 2021 district round: the district and its seven communes; plans due 12/8/2022. */
const ROUND = {
  title: 'Đánh giá, xếp loại công tác cải cách hành chính năm 2021',
  period: 2021,
  authority: { name: 'UBND huyện Kon Rẫy' },
  units: konRay2021.assessments.map((assessment) => ({
    id: assessment.unit.id,
    name: assessment.unit.name,
    criteriaSet: assessment.criteriaSet,
  })),
  deadlines: {
    self: '2022-06-30',
    appraisal: '2022-07-10',
    remediation: konRay2021.remediation.planDeadline,
  },
};

/** The example's report input, with section IV's plan deadlines taken from the round. */
const REPORT = {
  ...konRay2021.report,
  implementation: {
    ...konRay2021.report.implementation,
    items: konRay2021.report.implementation.items.map((item, position) =>
      position < 2 ? { ...item, deadline: 'remediation' } : item,
    ),
  },
};

/** Instants around the plans' deadline, a date alone: the end of 12/8/2022 in Asia/Ho_Chi_Minh. */
const LAST_MOMENT = new Date('2022-08-12T23:59:59.999+07:00');
const FIRST_LATE = new Date('2022-08-13T00:00:00.000+07:00');

/** The report's text from section III to the recipients, emphasis aside, as lines. */
function sectionsThreeAndFour(text: string): string[] {
  const from = text.search(/^III\. /m);
  const to = text.search(/^Nơi nhận:/m);
  return text
    .slice(from, to)
    .replaceAll('*', '')
    .replace(/\n{2,}/g, '\n')
    .trim()
    .split('\n');
}

/** The names a follow-up report lists after `label` ("Không gửi kế hoạch khắc phục: A (02 tiêu chí), …."). */
function listed(text: string, label: string): string[] {
  const line = text.split('\n').find((candidate) => candidate.includes(`${label}: `));
  if (!line) return [];
  return [
    ...line.slice(line.indexOf(`${label}: `) + label.length + 2).matchAll(/(?:^|, )(.+?) \(\d+ [^)]+\)/g),
  ].map((match) => match[1]!);
}

describe.each(STORES)('remediation on $name', (store) => {
  let sql: SqlClient;
  let rounds: Rounds;
  let clock = new Date('2022-06-01T08:00:00+07:00');

  beforeAll(async () => {
    sql = await store.open();
    rounds = await openRounds({ sql, now: () => clock });
    for (const set of konRay2021.criteriaSets) await rounds.putCriteriaSet(admin, set.id, set);
  }, 60_000);
  afterAll(async () => {
    await rounds.close();
    await store.drop?.();
  });

  /** A published round of the district and its communes under `id`, at the clock of 11/7/2022. */
  async function publishedRound(id: string) {
    clock = new Date('2022-06-01T08:00:00+07:00');
    await rounds.putRound(admin, id, ROUND);
    for (const {
      criteriaSet: _set,
      unit,
      period: _period,
      layer: _layer,
      ...scores
    } of konRay2021.assessments)
      await rounds.putLayer(appraiser, id, unit.id, 'appraised', scores);
    expect(await refusal(rounds.putTask(admin, id, 't', FIRST_TASK))).toBe('conflict');
    clock = new Date('2022-07-11T08:00:00+07:00');
    await rounds.publish(admin, id, REPORT);
    return id;
  }

  /** The example's eight tasks of section III, stored. */
  async function storeTasks(round: string) {
    for (const { id, ...task } of konRay2021.remediation.tasks) await rounds.putTask(admin, round, id, task);
  }

  it('drafts a task per area with lost points until the admin writes the tasks', {
    timeout: 60_000,
  }, async () => {
    const round = await publishedRound('r-drafts');
    const drafted = await rounds.tasks(appraiser, round);
    expect(drafted.drafts).toBe(true);
    expect(drafted.tasks.map((task) => task.area)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(drafted.tasks.every((task) => task.deadline === '2022-08-12')).toBe(true);
    // Area 4: the district lost 4.2.2, which the results put on Phòng Nội vụ huyện alone.
    expect(drafted.tasks[3]).toMatchObject({ lead: [HOME_AFFAIRS], units: ['kon-ray'] });
    await storeTasks(round);
    const stored = await rounds.tasks(unitKey('dak-koi'), round);
    expect([stored.drafts, stored.tasks.length]).toEqual([false, 8]);
  });

  it('writes sections III and IV of the round report from the stored tasks and deadlines', {
    timeout: 60_000,
  }, async () => {
    const round = await publishedRound('r-report');
    await storeTasks(round);
    const { results, input } = await rounds.reportOf(admin, round);
    const text = renderText(unwrap(createReportModel({ results, input })));
    expect(sectionsThreeAndFour(text)).toEqual(sectionsThreeAndFour(REFERENCE));
  });

  it('lets a unit write only its own plans, and an agency only its items and its tasks', {
    timeout: 60_000,
  }, async () => {
    const round = await publishedRound('r-roles');
    await storeTasks(round);
    const plan = { action: 'Ban hành kế hoạch khắc phục', status: 'planned' };
    await rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '1', plan);
    expect(await refusal(rounds.putPlan(unitKey('dak-koi'), round, 'tan-lap', '1', plan))).toBe('forbidden');
    expect(await refusal(rounds.putPlan(appraiser, round, 'dak-koi', '1', plan))).toBe('forbidden');
    // 1.2.1 of the district is Phòng Nội vụ's; 6.1.3 is Phòng Tài chính - Kế hoạch's.
    await rounds.putPlan(agencyKey(HOME_AFFAIRS), round, 'kon-ray', '1.2.1', plan);
    expect(await refusal(rounds.putPlan(agencyKey(HOME_AFFAIRS), round, 'kon-ray', '6.1.3', plan))).toBe(
      'forbidden',
    );
    // dak-koi lost nothing in area 4.
    expect(await refusal(rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '4', plan))).toBe('not-found');
    const report = { status: 'in-progress', note: 'Đang rà soát' };
    await rounds.putTaskReport(agencyKey(HOME_AFFAIRS), round, 'nhiem-vu-4', HOME_AFFAIRS, report);
    expect(
      await refusal(rounds.putTaskReport(agencyKey(HOME_AFFAIRS), round, 'nhiem-vu-6', HOME_AFFAIRS, report)),
    ).toBe('forbidden');
    expect(
      await refusal(rounds.putTaskReport(agencyKey(FINANCE), round, 'nhiem-vu-4', HOME_AFFAIRS, report)),
    ).toBe('forbidden');
    expect(
      await refusal(rounds.putTaskReport(unitKey('dak-koi'), round, 'nhiem-vu-1', HOME_AFFAIRS, report)),
    ).toBe('forbidden');
    expect(await refusal(rounds.putTask(unitKey('dak-koi'), round, 'x', FIRST_TASK))).toBe('forbidden');
    expect(
      await refusal(rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '1', { action: '', status: 'x' })),
    ).toBe('invalid-document');
  });

  it('judges a plan on time until the last instant of the deadline day in Vietnam, and missing after it', {
    timeout: 60_000,
  }, async () => {
    const round = await publishedRound('r-boundaries');
    const plan = { action: 'Khắc phục', status: 'planned' };
    const state = (followUp: FollowUp, unit: string, code: string) =>
      followUp.units.find((entry) => entry.unit === unit)!.items.find((item) => item.code === code)!.state;
    clock = LAST_MOMENT;
    await rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '1', plan);
    let now = await rounds.followUp(admin, round);
    expect([state(now, 'dak-koi', '1'), state(now, 'dak-koi', '2')]).toEqual(['on-time', 'pending']);
    clock = FIRST_LATE;
    await rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '2', plan);
    // A later revision of an on-time plan keeps it on time; the first revision is what counts.
    await rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '1', { ...plan, status: 'done' }, 1);
    expect(await refusal(rounds.putPlan(unitKey('dak-koi'), round, 'dak-koi', '1', plan, 1))).toBe(
      'precondition-failed',
    );
    now = await rounds.followUp(admin, round);
    expect([state(now, 'dak-koi', '1'), state(now, 'dak-koi', '2'), state(now, 'dak-koi', '3')]).toEqual([
      'on-time',
      'late',
      'missing',
    ]);
  });

  it('follows up the whole Kon Rẫy 2021 remediation: who was late and who did not act', {
    timeout: 120_000,
  }, async () => {
    const round = await publishedRound('r-follow-up');
    await storeTasks(round);
    const { results } = await rounds.reportOf(admin, round);
    const lostOf = (unit: string) => lostItems(results.find((result) => result.unit.id === unit)!.nodes);
    const plan = { action: 'Xây dựng và thực hiện kế hoạch khắc phục', status: 'planned' };

    // Four communes send every plan on time, Đăk Ruồng sends its plans late, Đắk Rve sends half of them
    // on time and no more, Đắk Pnè sends none. Of the district's departments, Phòng Nội vụ sends its plans
    // on time, Phòng Tài chính - Kế hoạch late; no one else sends any.
    clock = new Date('2022-08-10T09:00:00+07:00');
    for (const unit of ['dak-to-re', 'dak-to-lung', 'tan-lap', 'dak-koi'])
      for (const item of lostOf(unit)) await rounds.putPlan(unitKey(unit), round, unit, item.code, plan);
    const rve = lostOf('dak-rve');
    const rveSent = rve.slice(0, Math.ceil(rve.length / 2));
    for (const item of rveSent) await rounds.putPlan(unitKey('dak-rve'), round, 'dak-rve', item.code, plan);
    const district = lostOf('kon-ray');
    const homeAffairs = district.filter((item) => item.responsible.includes(HOME_AFFAIRS));
    for (const item of homeAffairs)
      await rounds.putPlan(agencyKey(HOME_AFFAIRS), round, 'kon-ray', item.code, plan);
    clock = new Date('2022-08-16T09:00:00+07:00');
    for (const item of lostOf('dak-ruong'))
      await rounds.putPlan(unitKey('dak-ruong'), round, 'dak-ruong', item.code, plan);
    const finance = district.filter(
      (item) => item.responsible.includes(FINANCE) && !item.responsible.includes(HOME_AFFAIRS),
    );
    for (const item of finance) await rounds.putPlan(agencyKey(FINANCE), round, 'kon-ray', item.code, plan);

    // Tasks: Phòng Nội vụ finishes task 4 before its deadline, Phòng Tài chính - Kế hoạch task 6 after it,
    // and Phòng Nội vụ has task 8 in progress when the deadline passes.
    clock = new Date('2022-12-20T09:00:00+07:00');
    await rounds.putTaskReport(agencyKey(HOME_AFFAIRS), round, 'nhiem-vu-4', HOME_AFFAIRS, {
      status: 'done',
    });
    await rounds.putTaskReport(agencyKey(HOME_AFFAIRS), round, 'nhiem-vu-8', HOME_AFFAIRS, {
      status: 'in-progress',
    });
    clock = new Date('2023-01-05T09:00:00+07:00');
    await rounds.putTaskReport(agencyKey(FINANCE), round, 'nhiem-vu-6', FINANCE, { status: 'done' });

    clock = new Date('2023-01-10T09:00:00+07:00');
    const late = await rounds.followUp(admin, round, { late: true });
    const district_missing = district.filter(
      (item) => !item.responsible.includes(HOME_AFFAIRS) && !item.responsible.includes(FINANCE),
    );
    expect(late.units.map((unit) => unit.unit).sort()).toEqual(
      ['dak-ruong', 'dak-rve', 'dak-pne', ...(district_missing.length > 0 ? ['kon-ray'] : [])].sort(),
    );
    const unit = (id: string) => late.units.find((entry) => entry.unit === id)!;
    expect(unit('dak-ruong').counts).toMatchObject({ late: lostOf('dak-ruong').length, missing: 0 });
    expect(unit('dak-rve').counts).toMatchObject({ late: 0, missing: rve.length - rveSent.length });
    expect(unit('dak-pne').counts).toMatchObject({ late: 0, missing: lostOf('dak-pne').length });
    const agency = (name: string) => late.agencies.find((entry) => entry.agency === name);
    expect(agency(FINANCE)?.items.map((item) => item.code)).toEqual(finance.map((item) => item.code));
    expect(agency(FINANCE)?.tasks.map((task) => [task.task, task.state])).toEqual([['nhiem-vu-6', 'done']]);
    expect(agency(HOME_AFFAIRS)?.items).toEqual([]);
    expect(agency(HOME_AFFAIRS)?.tasks.map((task) => [task.task, task.state])).toEqual([
      ['nhiem-vu-5', 'overdue'],
      ['nhiem-vu-8', 'overdue'],
    ]);
    // Every agency the results name for a district item no one answered is listed as missing.
    const silent = new Set(district_missing.flatMap((item) => item.responsible));
    for (const name of silent) expect(agency(name)?.counts.missing).toBeGreaterThan(0);

    // The follow-up report names exactly those.
    const text = renderText(unwrap(createFollowUpReportModel(await rounds.followUpReport(admin, round))));
    expect(text).toContain('Kết quả khắc phục tồn tại, hạn chế trong công tác cải cách hành chính năm 2021');
    expect(listed(text, 'Gửi kế hoạch khắc phục chậm').sort()).toEqual(['UBND xã Đăk Ruồng', FINANCE].sort());
    expect(listed(text, 'Không gửi kế hoạch khắc phục').sort()).toEqual(
      ['UBND thị trấn Đắk Rve', 'UBND xã Đắk Pnè', ...silent].sort(),
    );
    const lateTasks = listed(text, 'Chậm hoặc chưa thực hiện nhiệm vụ được giao');
    expect(lateTasks).toContain(FINANCE);
    expect(lateTasks).toContain(HOME_AFFAIRS);

    // An export carries every remediation revision, and the imported round follows up the same.
    const exported = await rounds.exportRound(admin, round);
    expect(exported.remediation.length).toBeGreaterThan(30);
    await rounds.importRound(admin, `${round}-copy`, exported);
    const copied = await rounds.followUp(admin, `${round}-copy`, { late: true });
    expect(JSON.parse(JSON.stringify(copied))).toEqual(JSON.parse(JSON.stringify(late)));
  });
});

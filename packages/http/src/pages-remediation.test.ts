import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const ROUND = 'khac-phuc-2021';
const AGENCY = 'Phòng Tư pháp';
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' },
      { name: first!.unit.name, role: `unit:${first!.unit.id}`, key: 'khoa-xa-mot-0123456789' },
      { name: AGENCY, role: `agency:${AGENCY}`, key: 'khoa-tu-phap-0123456789' },
    ]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC các xã năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [first!, second!].map((commune) => ({
      id: commune.unit.id,
      name: commune.unit.name,
      criteriaSet: communeSet!.id,
    })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31', remediation: '2022-03-31' },
  });
  for (const commune of [first!, second!])
    for (const layer of ['self', 'appraised'] as const)
      await rounds.putLayer(admin, ROUND, commune.unit.id, layer, { entries: commune.entries });
  clock = new Date('2022-02-01T03:00:00Z');
  await rounds.publish(admin, ROUND);
}, 60_000);
afterAll(() => rounds.close());

describe('remediation written on the pages', { timeout: 60_000 }, () => {
  it('lets the admin turn a drafted task into one given to an agency, the unit plan an item, the agency report', async () => {
    const adminUser = browserOf(app);
    await adminUser.signIn('khoa-quan-tri-0123456789');
    const followUp = await adminUser.request('GET', `/app/dot/${ROUND}/khac-phuc`);
    expect(followUp.text).toContain('dự thảo soạn từ các mục bị trừ điểm');
    expect(followUp.text).toContain('Tổng hợp theo đơn vị');
    const taskLink = /href="(\/app\/dot\/[^"]+\/khac-phuc\/nhiem-vu\/[^"/]+)"/.exec(followUp.text)![1]!;
    const taskForm = await adminUser.request('GET', taskLink);
    const fields = formFields(taskForm.text, taskLink);
    fields.set('chu-tri', AGENCY);
    fields.set('han', '');
    // A task without its deadline: refused, what was typed kept.
    const refused = await adminUser.request('POST', taskLink, fields);
    expect([refused.response.status, refused.text.includes(AGENCY)]).toEqual([422, true]);
    fields.set('han', '2022-03-31');
    // The units the draft names (those that lost points in the area) stay ticked.
    const drafted = fields.getAll('don-vi');
    expect(drafted).toContain(first!.unit.id);
    expect((await adminUser.request('POST', taskLink, fields)).response.status).toBe(303);
    const { tasks, drafts } = await rounds.tasks(admin, ROUND);
    expect(drafts).toBe(false);
    expect(tasks.map((task) => [task.lead, task.deadline, task.units])).toEqual([
      [[AGENCY], '2022-03-31', drafted],
    ]);

    // The commune plans one of its lost items; it sees its own rows only.
    const unit = browserOf(app);
    await unit.signIn('khoa-xa-mot-0123456789');
    const own = await unit.request('GET', `/app/dot/${ROUND}/khac-phuc`);
    expect(own.text).not.toContain(second!.unit.name);
    const planLink = /href="(\/app\/dot\/[^"]+\/khac-phuc\/don-vi\/[^"]+)">Gửi kế hoạch/.exec(own.text)![1]!;
    const plan = formFields((await unit.request('GET', planLink)).text, planLink);
    plan.set('bien-phap', 'Ban hành kế hoạch tuyên truyền CCHC năm 2022');
    plan.set('kiem-chung', 'Kế hoạch số 12/KH-UBND ngày 15/02/2022');
    expect((await unit.request('POST', planLink, plan)).response.status).toBe(303);
    const state = await rounds.followUp(admin, ROUND);
    const planned = state.units
      .find((candidate) => candidate.unit === first!.unit.id)!
      .items.filter((item) => item.plan !== undefined);
    expect(planned.map((item) => [item.plan!.action, item.state])).toEqual([
      ['Ban hành kế hoạch tuyên truyền CCHC năm 2022', 'on-time'],
    ]);

    // The agency reports on the task it leads.
    const agency = browserOf(app);
    await agency.signIn('khoa-tu-phap-0123456789');
    const agencyView = await agency.request('GET', `/app/dot/${ROUND}/khac-phuc`);
    const reportLink = /href="([^"]+\/bao-cao)">Báo cáo kết quả/.exec(agencyView.text)![1]!;
    const report = formFields((await agency.request('GET', reportLink)).text, reportLink);
    report.set('tinh-trang', 'done');
    report.set('ghi-chu', 'Đã rà soát 12 văn bản');
    expect((await agency.request('POST', reportLink, report)).response.status).toBe(303);
    const after = await rounds.followUp(admin, ROUND);
    expect(
      after.agencies.find((candidate) => candidate.agency === AGENCY)!.tasks.map((task) => task.state),
    ).toEqual(['done']);
  });
});

import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const appraiser = { name: 'Tổ thẩm định', role: { kind: 'appraiser' } } as const;
const RUNNING = 'cac-xa-2022';
const PUBLISHED = 'cac-xa-2021';
const AGENCY = 'Phòng Tư pháp huyện';
const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  appraiser: 'khoa-tham-dinh-0123456789',
  unit: 'khoa-xa-mot-0123456789',
  agency: 'khoa-tu-phap-0123456789',
};
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

const round = (id: string, period: number, deadlines: Record<string, string>) =>
  rounds.putRound(admin, id, {
    title: `Đánh giá CCHC các xã năm ${period}`,
    period,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [first!, second!].map((commune) => ({
      id: commune.unit.id,
      name: commune.unit.name,
      criteriaSet: communeSet!.id,
    })),
    deadlines,
  });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: admin.name, role: 'admin', key: KEYS.admin },
      { name: appraiser.name, role: 'appraiser', key: KEYS.appraiser },
      { name: first!.unit.name, role: `unit:${first!.unit.id}`, key: KEYS.unit },
      { name: AGENCY, role: `agency:${AGENCY}`, key: KEYS.agency },
    ]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
  });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  // Last year's round, published, with its tasks: plans and reports are due.
  await round(PUBLISHED, 2021, { self: '2022-01-20', appraisal: '2022-01-31', remediation: '2022-03-31' });
  for (const commune of [first!, second!])
    for (const layer of ['self', 'appraised'] as const)
      await rounds.putLayer(admin, PUBLISHED, commune.unit.id, layer, { entries: commune.entries });
  clock = new Date('2022-02-01T03:00:00Z');
  await rounds.publish(admin, PUBLISHED);
  await rounds.putTask(admin, PUBLISHED, 'nhiem-vu-1', {
    area: '1',
    text: 'Rà soát, hoàn thiện các văn bản chỉ đạo cải cách hành chính',
    lead: [AGENCY],
    deadline: '2022-04-15',
  });
  clock = new Date('2022-01-10T03:00:00Z');
  // This year's, running.
  await round(RUNNING, 2022, { self: '2022-01-20', explanation: '2022-01-28', appraisal: '2022-01-31' });
}, 60_000);
afterAll(() => rounds.close());

/** The home page's list of what waits: each line's words, with its link. */
async function todos(key: string): Promise<{ status: string; lines: string[] }> {
  const user = browserOf(app);
  await user.signIn(key);
  const home = (await user.request('GET', '/app')).text;
  const section = /<h2>Việc cần làm<\/h2><ul>(.*?)<\/ul>/s.exec(home)?.[1] ?? '';
  return {
    status: /<p class="trang-thai" role="status"><strong>([^<]+)<\/strong>/.exec(home)?.[1] ?? '',
    lines: [...section.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>([^<]*)<\/li>/g)].map(
      ([, href, text, deadline]) => `${text}${deadline} → ${href}`,
    ),
  };
}

describe('each person’s home says what waits for them', { timeout: 60_000 }, () => {
  const commune = { name: first!.unit.name, role: { kind: 'unit', unit: first!.unit.id } } as const;
  const running = 'Đánh giá CCHC các xã năm 2022';
  const lastYear = 'Đánh giá CCHC các xã năm 2021';
  const unitPage = (page: string) => `/app/dot/${RUNNING}/don-vi/${first!.unit.id}/${page}`;

  it('tells each what is theirs to do now, with its deadline and its link, and nothing done', async () => {
    const followUp = await rounds.followUp(commune, PUBLISHED);
    const lost = followUp.units.find((unit) => unit.unit === first!.unit.id)!.items.length;
    expect(lost).toBeGreaterThan(0);
    expect(await todos(KEYS.unit)).toEqual({
      status: 'Có 2 việc đang chờ bạn.',
      lines: [
        `Tự chấm điểm và chốt phiếu (${running}): hạn 20/1/2022 lúc 23:59 (còn 10 ngày) → ${unitPage('tu-cham')}`,
        `Lập kế hoạch khắc phục cho ${lost} mục bị trừ điểm (${lastYear}): hạn 31/3/2022 lúc 23:59 (còn 80 ngày) → /app/dot/${PUBLISHED}/khac-phuc`,
      ],
    });
    expect(await todos(KEYS.agency)).toEqual({
      status: 'Có 1 việc đang chờ bạn.',
      lines: [
        `Báo cáo kết quả 1 nhiệm vụ khắc phục (${lastYear}): hạn 15/4/2022 lúc 23:59 (còn 95 ngày) → /app/dot/${PUBLISHED}/khac-phuc`,
      ],
    });
    expect(await todos(KEYS.appraiser)).toEqual({ status: 'Không có việc nào đang chờ bạn.', lines: [] });

    // Submitted: off the commune's list, onto the appraiser's.
    await rounds.putLayer(commune, RUNNING, first!.unit.id, 'self', { entries: first!.entries });
    await rounds.submit(commune, RUNNING, first!.unit.id);
    expect((await todos(KEYS.unit)).lines).toHaveLength(1);
    expect(await todos(KEYS.appraiser)).toEqual({
      status: 'Có 1 việc đang chờ bạn.',
      lines: [
        `Thẩm định 1 đơn vị đã chốt điểm tự chấm (${running}): hạn 31/1/2022 lúc 23:59 (còn 21 ngày) → /app/dot/${RUNNING}/tham-dinh`,
      ],
    });

    // Appraised, with an explanation asked: the commune is told, by the explanation deadline.
    const [code] = Object.keys(first!.entries ?? {});
    await rounds.putLayer(appraiser, RUNNING, first!.unit.id, 'appraised', { entries: first!.entries });
    await rounds.explain(appraiser, RUNNING, first!.unit.id, code!, {
      request: 'Bổ sung kế hoạch đã ban hành',
    });
    expect((await todos(KEYS.appraiser)).lines).toEqual([]);
    expect((await todos(KEYS.unit)).lines[0]).toBe(
      `Trả lời 1 yêu cầu giải trình (${running}): hạn 28/1/2022 lúc 23:59 (còn 18 ngày) → ${unitPage('ket-qua')}`,
    );
    const user = browserOf(app);
    await user.signIn(KEYS.unit);
    const home = (await user.request('GET', '/app')).text;
    expect(home).toContain('<td>Còn 1 yêu cầu giải trình chưa trả lời</td>');
    expect(home).toContain('hạn giải trình: 28/1/2022 lúc 23:59 (còn 18 ngày)');
    await rounds.explain(commune, RUNNING, first!.unit.id, code!, {
      text: 'Đã ban hành Kế hoạch số 12/KH-UBND',
    });
    expect((await todos(KEYS.unit)).lines).toHaveLength(1);

    // Past the self-assessment deadline: the admin is told who has not submitted; once all are appraised, to publish.
    clock = new Date('2022-01-21T03:00:00Z');
    expect((await todos(KEYS.admin)).lines).toEqual([
      `1 đơn vị chưa chốt điểm tự chấm dù đã quá hạn: nhắc đơn vị, hoặc dời hạn (${running}) → /app/dot/${RUNNING}/quan-ly`,
    ]);
    await rounds.putLayer(admin, RUNNING, second!.unit.id, 'appraised', { entries: second!.entries });
    expect((await todos(KEYS.admin)).lines).toContain(
      `Mọi đơn vị đã có điểm thẩm định: công bố kết quả (${running}) → /app/dot/${RUNNING}/cong-bo`,
    );

    // An explanation asked and not answered by its deadline: no longer the commune's to do.
    await rounds.explain(appraiser, RUNNING, first!.unit.id, code!, { request: 'Nêu rõ số văn bản' });
    expect((await todos(KEYS.unit)).lines[0]).toMatch(/^Trả lời 1 yêu cầu giải trình/);
    clock = new Date('2022-01-29T03:00:00Z');
    expect((await todos(KEYS.unit)).lines.filter((line) => line.startsWith('Trả lời'))).toEqual([]);
  });
});

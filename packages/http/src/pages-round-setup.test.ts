import { parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const { district, communes } = konRay2021;
const [districtSet, communeSet] = konRay2021.criteriaSets;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const ROUND = 'kon-ray-2021';
const clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({
    rounds,
    keys: keyRing([{ name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' }]),
    sessionSecret: 'bí mật của phiên',
    now: () => clock,
    // Both sets as the server holds them (bundled): the round stores them when it names them.
    criteriaSets: [districtSet, communeSet].map((set) => unwrap(parseCriteriaSet(set))),
  });
  await rounds.putUnit(admin, district.unit.id, { name: district.unit.name, group: 'huyện' });
  for (const commune of communes)
    await rounds.putUnit(admin, commune.unit.id, { name: commune.unit.name, group: 'xã' });
}, 60_000);
afterAll(() => rounds.close());

/** The position a group's set is asked at in the form (`bo-nhom-N`), by the group's label. */
const groupField = (page: string, group: string) =>
  /<label for="(bo-nhom-\d+)">Nhóm ([^<]+)<\/label>/g.exec(
    page.slice(page.indexOf(`>Nhóm ${group}<`) - 40),
  )?.[1] ?? '';

describe('the admin creates and runs a round from the pages', { timeout: 60_000 }, () => {
  it('creates the Kon Rẫy 2021 round from the register, a set a group, its deadlines as dates', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const overview = await user.request('GET', '/app');
    expect(overview.text).toContain('href="/app/dot/moi"');
    const form = await user.request('GET', '/app/dot/moi');
    const fields = formFields(form.text, '/app/dot/moi');
    // Every unit of the register is picked at first.
    expect(fields.getAll('don-vi')).toHaveLength(8);
    fields.set('tieu-de', 'Đánh giá, xếp hạng CCHC năm 2021');
    fields.set('nam', '2021');
    fields.set('ma', ROUND);
    fields.set('co-quan', 'UBND huyện Kon Rẫy');
    fields.set('han-tu-cham', '2022-01-20');
    fields.set('han-tham-dinh', '2022-01-31');
    fields.set(groupField(form.text, 'huyện'), districtSet!.id);
    // The communes' set forgotten: refused, nothing created, what was typed kept.
    const refused = await user.request('POST', '/app/dot/moi', fields);
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain('Chưa chọn bộ tiêu chí cho: ');
    expect(refused.text).toContain('value="Đánh giá, xếp hạng CCHC năm 2021"');
    expect(await rounds.listRounds(admin)).toEqual([]);

    fields.set(groupField(form.text, 'xã'), communeSet!.id);
    const made = await user.request('POST', '/app/dot/moi', fields);
    expect(made.response.headers.get('location')).toBe(`/app/dot/${ROUND}/quan-ly?da-tao`);
    const round = await rounds.getRound(admin, ROUND);
    expect(round.units.map((unit) => [unit.id, unit.criteriaSet]).sort()).toEqual(
      [district, ...communes].map((unit) => [unit.unit.id, unit.criteriaSet]).sort(),
    );
    expect(round.deadlines).toEqual({ self: '2022-01-20', appraisal: '2022-01-31' });
    // The same id again is said, not overwritten.
    const again = await user.request('POST', '/app/dot/moi', fields);
    expect([again.response.status, again.text.includes('đã có đợt đánh giá khác')]).toEqual([422, true]);
  });

  it('shows progress, moves a deadline, locks and opens, and reopens a unit’s self-assessment', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const [commune] = communes;
    await rounds.putLayer(admin, ROUND, commune!.unit.id, 'self', { entries: commune!.entries });
    await rounds.submit(admin, ROUND, commune!.unit.id);
    const path = `/app/dot/${ROUND}/quan-ly`;
    const manage = await user.request('GET', path);
    expect(manage.text).toContain('1/8 đơn vị đã chốt điểm tự chấm; 0/8 đã có điểm thẩm định');

    const deadlines = formFields(manage.text, `${path}/han`);
    deadlines.set('han-tu-cham', '2022-01-25');
    // A deadline moves with its reason, or not at all.
    const unexplained = await user.request('POST', `${path}/han`, deadlines);
    expect([unexplained.response.status, unexplained.text.includes('Hãy ghi lý do')]).toEqual([422, true]);
    expect((await rounds.getRound(admin, ROUND)).deadlines.self).toBe('2022-01-20');
    deadlines.set('ly-do', 'Mạng điện tử của tỉnh gián đoạn ba ngày');
    expect((await user.request('POST', `${path}/han`, deadlines)).response.status).toBe(303);
    expect((await rounds.getRound(admin, ROUND)).deadlines.self).toBe('2022-01-25');
    expect((await user.request('GET', path)).text).toContain(
      'Hạn tự chấm điểm từ 20/01/2022 thành 25/01/2022. Lý do: Mạng điện tử của tỉnh gián đoạn ba ngày',
    );

    const lock = formFields(manage.text, `${path}/khoa`);
    expect((await user.request('POST', `${path}/khoa`, lock)).response.status).toBe(303);
    expect((await rounds.getRound(admin, ROUND)).locks.self?.key).toBe('Phòng Nội vụ');
    const locked = await user.request('GET', path);
    expect(locked.text).toContain('Mở khóa việc tự chấm điểm');
    await user.request('POST', `${path}/mo-khoa`, formFields(locked.text, `${path}/mo-khoa`));
    expect((await rounds.getRound(admin, ROUND)).locks.self).toBeUndefined();

    const reopen = formFields((await user.request('GET', path)).text, `${path}/mo-lai`);
    expect(reopen.get('don-vi')).toBe(commune!.unit.id);
    reopen.set('ly-do', 'Bổ sung tài liệu kiểm chứng mục 1');
    expect((await user.request('POST', `${path}/mo-lai`, reopen)).response.status).toBe(303);
    // The unit's sheet says why it is open again.
    expect(
      (await user.request('GET', `/app/dot/${ROUND}/don-vi/${commune!.unit.id}/tu-cham`)).text,
    ).toContain('Lý do: Bổ sung tài liệu kiểm chứng mục 1');
    const state = (await rounds.getRound(admin, ROUND)).unitStates.find(
      (unit) => unit.id === commune!.unit.id,
    );
    expect(state?.submitted).toBeNull();

    // The backup, linked from the page: the round with every revision, as the store exports it.
    const backup = (await user.request('GET', path)).text.match(/href="([^"]+sao-luu\.tar)"/)?.[1];
    expect(backup).toBe(`/app/dot/${ROUND}/sao-luu.tar`);
    const archive = await user.request('GET', backup!);
    expect(archive.response.headers.get('content-type')).toBe('application/x-tar');
    expect(archive.text.slice(0, 10)).toBe('round.json');
    expect(archive.text).toContain('Bổ sung tài liệu kiểm chứng mục 1');

    // Restored into another store from its page, as a plain form upload: the same round, its changes kept.
    const bytes = new Uint8Array(
      await (await app.request(backup!, { headers: { cookie: user.cookieHeader() } })).arrayBuffer(),
    );
    const other = await openRounds({ sql: await openEmbedded(), now: () => clock });
    const otherApp = createApp({
      rounds: other,
      keys: keyRing([{ name: 'Sở Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' }]),
      sessionSecret: 'bí mật khác',
      now: () => clock,
    });
    try {
      const office = browserOf(otherApp);
      await office.signIn('khoa-quan-tri-0123456789');
      const form = await office.request('GET', '/app/dot/khoi-phuc');
      const restore = (file: Uint8Array, code = '') => {
        const body = new FormData();
        body.set('_csrf', office.tokenIn(form.text));
        body.set('ma', code);
        body.set('sao-luu', new Blob([file]), 'cchc-dot.tar');
        return otherApp.request('/app/dot/khoi-phuc', {
          method: 'POST',
          headers: { cookie: office.cookieHeader() },
          body,
        });
      };
      // Refused while the upload still streams (its JSON broken, megabytes after it): answered in words once
      // the form is read, the process unharmed.
      const broken = new Uint8Array(bytes.byteLength + 4 * 1024 * 1024);
      broken.set(bytes);
      broken[512] = 0x78; // round.json begins with "x"
      expect((await restore(broken)).status).toBe(422);
      const damaged = bytes.slice(0, 2000);
      const refused = await restore(damaged);
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('không phải bản sao lưu của một đợt');
      expect(await other.listRounds(admin)).toEqual([]);
      const restored = await restore(bytes);
      expect([restored.status, restored.headers.get('location')]).toEqual([303, `/app/dot/${ROUND}/quan-ly`]);
      expect((await other.roundEvents(admin, ROUND)).map((event) => event.reason)).toContain(
        'Bổ sung tài liệu kiểm chứng mục 1',
      );
      expect((await restore(bytes)).status).toBe(409);
    } finally {
      await other.close();
    }
  });

  it('copies last year’s round: the same units and sets, the year and the deadlines a year on', async () => {
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const copy = await user.request('GET', `/app/dot/moi?tu=${ROUND}`);
    const fields = formFields(copy.text, '/app/dot/moi');
    expect([fields.get('tieu-de'), fields.get('nam'), fields.get('ma')]).toEqual([
      'Đánh giá, xếp hạng CCHC năm 2022',
      '2022',
      'kon-ray-2022',
    ]);
    expect([fields.get('han-tu-cham'), fields.get('han-tham-dinh')]).toEqual(['2023-01-25', '2023-01-31']);
    expect(fields.getAll('don-vi')).toHaveLength(8);
    // Each group's set is the group's, not each unit's: choosing another for the group changes all of its units.
    expect([...fields].filter(([name, set]) => name.startsWith('bo-rieng:') && set !== '')).toEqual([]);
    expect(
      new Set([...fields].filter(([name]) => name.startsWith('bo-nhom-')).map(([, set]) => set)),
    ).toEqual(new Set([communeSet!.id, districtSet!.id]));
    expect((await user.request('POST', '/app/dot/moi', fields)).response.status).toBe(303);
    const copied = await rounds.getRound(admin, 'kon-ray-2022');
    expect(copied.units.map((unit) => [unit.id, unit.criteriaSet])).toEqual(
      (await rounds.getRound(admin, ROUND)).units.map((unit) => [unit.id, unit.criteriaSet]),
    );
  });

  it('assigns appraisers to units, and an appraiser’s list shows only what was assigned', async () => {
    for (const login of ['tham.dinh.mot', 'tham.dinh.hai']) {
      const made = await rounds.putAccount(admin, login, { name: `Người ${login}`, role: 'appraiser' });
      await rounds.changePassword(login, made.oneTimePassword!, 'thẩm định công tâm 2022');
    }
    const user = browserOf(app);
    await user.signIn('khoa-quan-tri-0123456789');
    const path = `/app/dot/${ROUND}/phan-cong`;
    const form = await user.request('GET', path);
    expect(form.text).toContain('Chưa phân công: mọi người thẩm định chấm được mọi đơn vị.');
    const fields = formFields(form.text, path);
    const [first] = communes;
    fields.append('dv:tham.dinh.mot', first!.unit.id);
    fields.set('tc:tham.dinh.mot', '1, 2');
    fields.set('tat-ca:tham.dinh.hai', '1');
    expect((await user.request('POST', path, fields)).response.status).toBe(303);
    expect(
      (await rounds.assignments(admin, ROUND)).map((assignment) => [
        assignment.login,
        assignment.units,
        assignment.codes,
      ]),
    ).toEqual([
      ['tham.dinh.hai', [], []],
      ['tham.dinh.mot', [first!.unit.id], ['1', '2']],
    ]);

    const appraiser = browserOf(app);
    const signIn = await appraiser.request('GET', '/app/dang-nhap');
    await appraiser.request('POST', '/app/dang-nhap', {
      _csrf: appraiser.tokenIn(signIn.text),
      login: 'tham.dinh.mot',
      password: 'thẩm định công tâm 2022',
    });
    const list = await appraiser.request('GET', `/app/dot/${ROUND}/tham-dinh`);
    expect(list.text).toContain(first!.unit.name);
    expect(list.text).not.toContain(communes[1]!.unit.name);
  });
});

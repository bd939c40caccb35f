import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const [first, second] = konRay2021.communes;
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  first: 'khoa-xa-mot-0123456789',
  second: 'khoa-xa-hai-0123456789',
};
const BOARD = '/app/thong-bao';
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => new Date('2022-01-10T03:00:00Z') });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: admin.name, role: 'admin', key: KEYS.admin },
      { name: first!.unit.name, role: `unit:${first!.unit.id}`, key: KEYS.first },
      { name: second!.unit.name, role: `unit:${second!.unit.id}`, key: KEYS.second },
    ]),
    sessionSecret: 'bí mật của phiên',
    now: () => new Date('2022-01-10T03:00:00Z'),
  });
  for (const commune of [first!, second!])
    await rounds.putUnit(admin, commune.unit.id, { name: commune.unit.name, group: 'xã' });
}, 60_000);
afterAll(() => rounds.close());

describe('the notices’ board', { timeout: 60_000 }, () => {
  it('lets the admin post for everyone or some units, public or not; each reads what is theirs', async () => {
    const office = browserOf(app);
    await office.signIn(KEYS.admin);
    const board = await office.request('GET', BOARD);
    expect(board.text).toContain('Chưa có thông báo nào.');

    // Some units, none ticked: refused in words, what was typed kept.
    const form = formFields(board.text, BOARD);
    form.set('tieu-de', 'Bổ sung hồ sơ');
    form.set('noi-dung', 'Đề nghị bổ sung kế hoạch CCHC đã ban hành.\nHạn: 15/01/2022.');
    form.set('gui', 'don-vi');
    const refused = await office.request('POST', BOARD, form);
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain('Hãy chọn ít nhất một đơn vị');
    expect(refused.text).toContain('Đề nghị bổ sung kế hoạch CCHC đã ban hành.');
    const again = formFields(refused.text, BOARD);
    again.append('don-vi', first!.unit.id);
    expect((await office.request('POST', BOARD, again)).response.status).toBe(303);

    const everyone = formFields((await office.request('GET', BOARD)).text, BOARD);
    everyone.set('tieu-de', 'Lịch thẩm định năm 2021');
    everyone.set('noi-dung', 'Tổ thẩm định làm việc từ ngày 21/01/2022.');
    everyone.set('cong-khai', 'co');
    expect((await office.request('POST', BOARD, everyone)).response.status).toBe(303);

    const firstUnit = browserOf(app);
    await firstUnit.signIn(KEYS.first);
    const home = (await firstUnit.request('GET', '/app')).text;
    expect(home).toContain('<h2>Thông báo mới</h2>');
    expect(home).toContain('Bổ sung hồ sơ');
    const read = (await firstUnit.request('GET', BOARD)).text;
    expect(read).toContain('<p>Đề nghị bổ sung kế hoạch CCHC đã ban hành.</p><p>Hạn: 15/01/2022.</p>');
    expect(read).not.toContain('Đăng thông báo');
    const secondUnit = browserOf(app);
    await secondUnit.signIn(KEYS.second);
    const other = (await secondUnit.request('GET', BOARD)).text;
    expect(other).toContain('Lịch thẩm định năm 2021');
    expect(other).not.toContain('Bổ sung hồ sơ');

    // The public one, before anyone signs in.
    const signIn = (await browserOf(app).request('GET', '/app/dang-nhap')).text;
    expect(signIn).toContain('Lịch thẩm định năm 2021');
    expect(signIn).not.toContain('Bổ sung hồ sơ');

    // Taken down.
    const listed = (await office.request('GET', BOARD)).text;
    expect(listed).toContain(`Gửi đến: ${first!.unit.name}.`);
    const remove = formFields(listed, `${BOARD}/go`);
    expect((await office.request('POST', `${BOARD}/go`, remove)).response.status).toBe(303);
    expect((await office.request('GET', BOARD)).text).toContain('1 thông báo.');
  });

  it('shows the admin the reminders by email: sent, waiting, and why one failed', async () => {
    await rounds.queueMail([
      {
        key: 'nhac:1',
        to: 'vanphong@daktore.example',
        subject: 'Nhắc việc: tự chấm điểm',
        text: 'x',
        html: '<p>x</p>',
      },
      {
        key: 'nhac:2',
        to: 'sai@dakruong.example',
        subject: 'Nhắc việc: giải trình',
        text: 'y',
        html: '<p>y</p>',
      },
    ]);
    const claimed = await rounds.claimMail('may-thu', { limit: 2, leaseMs: 60_000 });
    await rounds.mailSent(claimed.find((entry) => entry.key === 'nhac:1')!.key, 'may-thu');
    await rounds.mailFailed('nhac:2', 'may-thu', '550 5.1.1 hộp thư không tồn tại');
    const office = browserOf(app);
    await office.signIn(KEYS.admin);
    const listed = (await office.request('GET', '/app/thu-nhac-viec')).text;
    expect(listed).toContain('1 thư đã gửi, 1 thư đang chờ gửi, 0 thư không gửi được.');
    expect(listed).toContain(
      'Đang chờ gửi<br><span class="goi-y">Lỗi: 550 5.1.1 hộp thư không tồn tại</span>',
    );
    const commune = browserOf(app);
    await commune.signIn(KEYS.first);
    expect((await commune.request('GET', '/app/thu-nhac-viec')).response.status).toBe(403);
  });
});

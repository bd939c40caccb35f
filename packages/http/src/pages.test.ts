import { konRay2021 } from '@cchc/examples';
import {
  type Action,
  type Caller,
  keyRing,
  may,
  openEmbedded,
  openRounds,
  type Rounds,
  type Target,
} from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, formFields } from './pages-test-support.js';

const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  appraiser: 'khoa-tham-dinh-0123456789',
  unit: 'khoa-dak-to-re-0123456789',
  other: 'khoa-dak-to-lung-0123456789',
};
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ROUND = 'xa-2021';
let clock = new Date('2022-01-10T03:00:00Z');
let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const KEY_RING = keyRing([
  { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
  { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
  { name: 'UBND xã Đắk Tô Re', role: `unit:${first!.unit.id}`, key: KEYS.unit },
  { name: 'UBND xã Đắk Tô Lung', role: `unit:${second!.unit.id}`, key: KEYS.other },
]);
const SECRET = 'bí mật của phiên làm việc trong kiểm thử';
const ROUND_DOCUMENT = {
  title: 'Đánh giá CCHC các xã năm 2021',
  period: 2021,
  authority: { name: 'UBND huyện Kon Rẫy' },
  units: [first!, second!].map((unit) => ({
    id: unit.unit.id,
    name: unit.unit.name,
    criteriaSet: communeSet!.id,
  })),
  deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
};

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({ rounds, keys: KEY_RING, sessionSecret: SECRET, now: () => clock });
  const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  await rounds.putRound(admin, ROUND, ROUND_DOCUMENT);
}, 60_000);
afterAll(() => rounds.close());

const browser = (https = false) => browserOf(app, https);

const sheetPath = (unit: string, layer = 'tu-cham') => `/app/dot/${ROUND}/don-vi/${unit}/${layer}`;

/** The scores of a commune as the sheet's form fields: `s:<code>`. */
const scoresOf = (commune: typeof first) =>
  Object.fromEntries(
    Object.entries(commune!.entries as Record<string, { score: string; max?: string }>).map(
      ([code, entry]) => [`s:${code}`, entry.score],
    ),
  );

describe('the officials’ pages', { timeout: 60_000 }, () => {
  it('sign in with a key for a session cookie, flagged, and never write the key into a page', async () => {
    const user = browser(true);
    expect((await user.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
    const login = await user.request('GET', '/app/dang-nhap');
    expect(login.text).toContain('<html lang="vi">');
    // The one script is a file of its own: none inline, which the content security policy would refuse.
    expect(login.text.match(/<script[^>]*>/g)).toEqual(['<script src="/app/tai-nguyen/app.js" defer>']);
    const wrong = await user.request('POST', '/app/dang-nhap', {
      _csrf: user.tokenIn(login.text),
      login: '',
      password: 'sai',
    });
    expect([wrong.response.status, wrong.text.includes('Tên đăng nhập hoặc mật khẩu không đúng')]).toEqual([
      401,
      true,
    ]);
    const noToken = await user.request('POST', '/app/dang-nhap', { password: KEYS.unit });
    expect(noToken.response.status).toBe(403);
    const signed = await user.signIn(KEYS.unit);
    expect([signed.response.status, signed.response.headers.get('location')]).toEqual([303, '/app']);
    const session = user.setCookies.find(
      (line) => line.startsWith('cchc_phien=') && !line.startsWith('cchc_phien=;'),
    )!;
    expect(session).toMatch(/; Path=\/app; HttpOnly; SameSite=Lax; Max-Age=28800; Secure$/);
    const overview = await user.request('GET', '/app');
    expect(overview.response.status).toBe(200);
    expect(overview.text).toContain('Đánh giá CCHC các xã năm 2021');
    expect(overview.text).toContain('Chưa chấm điểm');
    // A unit sees its own unit only; no page holds a key.
    expect(overview.text).not.toContain(second!.unit.name);
    for (const key of Object.values(KEYS)) expect(overview.text).not.toContain(key);
    expect(overview.response.headers.get('content-security-policy')).not.toMatch(
      /script-src[^;]*unsafe-inline/,
    );
  });

  it('lets a unit fill in, save and submit its sheet, with the totals computed by the server', async () => {
    const user = browser();
    await user.signIn(KEYS.unit);
    const empty = await user.request('GET', sheetPath(first!.unit.id));
    expect(empty.response.status).toBe(200);
    expect(empty.text).toContain('Phiếu tự chấm điểm: UBND xã Đắk Tô Re');
    expect(empty.text).toContain('name="s:1"');
    const saved = await user.request('POST', sheetPath(first!.unit.id), {
      _csrf: user.tokenIn(empty.text),
      'phien-ban': '0',
      ...scoresOf(first),
    });
    expect([saved.response.status, saved.response.headers.get('location')]).toEqual([
      303,
      `${sheetPath(first!.unit.id)}?luu=10:00`,
    ]);
    const after = await user.request('GET', saved.response.headers.get('location')!);
    expect(after.text).toContain('Đã lưu lúc 10:00.');
    // 79,3 as the reference report publishes for UBND xã Đắk Tô Re, written with a decimal comma.
    expect(after.text).toContain('Tổng điểm: 79,3/97');
    expect(
      (await rounds.getLayer({ name: 't', role: { kind: 'admin' } }, ROUND, first!.unit.id, 'self')).result
        .achieved,
    ).toBe('79.3');
    // Submitting asks for the box that says the sheet then closes.
    const unconfirmed = await user.request('POST', `/app/dot/${ROUND}/don-vi/${first!.unit.id}/chot`, {
      _csrf: user.tokenIn(after.text),
    });
    expect([unconfirmed.response.status, unconfirmed.text]).toEqual([
      422,
      expect.stringContaining('Hãy đánh dấu ô xác nhận'),
    ]);
    const submitted = await user.request('POST', `/app/dot/${ROUND}/don-vi/${first!.unit.id}/chot`, {
      _csrf: user.tokenIn(after.text),
      'xac-nhan': '1',
    });
    expect(submitted.response.status).toBe(303);
    expect((await user.request('GET', '/app')).text).toContain('Đã chốt');
    // Submitted, the sheet says so at its top and is read-only: no input, no save button.
    const closed = await user.request('GET', sheetPath(first!.unit.id));
    expect(closed.text).toMatch(
      /role="status"><strong>Đơn vị đã chốt điểm tự chấm ngày [^<]+: phiếu chỉ để xem/,
    );
    expect(closed.text).not.toContain('name="s:1"');
    expect(closed.text).not.toContain('>Lưu</button>');
  });

  it('keeps what was typed: an error at its row (422), and a save that did not start from the stored one (409)', async () => {
    const user = browser();
    await user.signIn(KEYS.other);
    const unit = second!.unit.id;
    const page = await user.request('GET', sheetPath(unit));
    const token = user.tokenIn(page.text);
    const wrong = await user.request('POST', sheetPath(unit), {
      _csrf: token,
      'phien-ban': '0',
      ...scoresOf(second),
      's:1': 'hai mươi',
    });
    expect(wrong.response.status).toBe(422);
    expect(wrong.text).toContain('value="hai mươi"');
    expect(wrong.text).toMatch(
      /<div class="loi" role="alert" id="loi-1">“hai mươi” không phải là số: hãy viết số, ví dụ 0,25.<\/div>/,
    );
    // An item left empty is said in the sheet's words, never with a document field's name.
    const { 's:2': _left, ...withoutArea2 } = scoresOf(second);
    const empty = await user.request('POST', sheetPath(unit), {
      _csrf: token,
      'phien-ban': '0',
      ...withoutArea2,
    });
    expect([empty.response.status, empty.text.includes('Chưa nhập điểm: nhập điểm hoặc số liệu')]).toEqual([
      422,
      true,
    ]);
    expect(empty.text).not.toContain('unscored');
    await user.request('POST', sheetPath(unit), { _csrf: token, 'phien-ban': '0', ...scoresOf(second) });
    const stale = await user.request('POST', sheetPath(unit), {
      _csrf: token,
      'phien-ban': '0',
      ...scoresOf(second),
      's:2': '8',
    });
    expect(stale.response.status).toBe(409);
    expect(stale.text).toContain('Phiếu đã được UBND xã Đắk Tô Lung lưu (phiên bản 1');
    expect(stale.text).toContain('name="s:2" value="8"');
    expect(stale.text).toContain('name="phien-ban" value="1"');
    // Both versions of what differs, side by side.
    expect(stale.text).toMatch(/<tr><td>2<\/td><td>9<\/td><td>8<\/td><\/tr>/);
    expect(stale.response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a post without the form token, another unit’s sheet, and a unit writing the appraisal', async () => {
    const user = browser();
    await user.signIn(KEYS.unit);
    const before = (await rounds.history({ name: 't', role: { kind: 'admin' } }, ROUND, second!.unit.id))
      .length;
    const forged = await user.request('POST', sheetPath(second!.unit.id), {
      'phien-ban': '1',
      ...scoresOf(second),
    });
    expect(forged.response.status).toBe(403);
    expect((await user.request('GET', sheetPath(second!.unit.id))).response.status).toBe(403);
    const own = await user.request('GET', sheetPath(first!.unit.id));
    const appraisal = await user.request('POST', sheetPath(first!.unit.id, 'tham-dinh'), {
      _csrf: user.tokenIn(own.text),
      'phien-ban': '0',
      ...scoresOf(first),
    });
    expect(appraisal.response.status).toBe(403);
    expect(
      (await rounds.history({ name: 't', role: { kind: 'admin' } }, ROUND, second!.unit.id)).length,
    ).toBe(before);
    // An appraiser reads a unit's self-assessment, without a button to change it.
    const appraiser = browser();
    await appraiser.signIn(KEYS.appraiser);
    const read = await appraiser.request('GET', sheetPath(first!.unit.id));
    expect([read.response.status, read.text.includes('<button type="submit">Lưu</button>')]).toEqual([
      200,
      false,
    ]);
  });

  it('runs the appraisal, an explanation, the publication and the downloads in the pages', async () => {
    const unit = first!.unit.id;
    const appraiser = browser();
    await appraiser.signIn(KEYS.appraiser);
    const list = await appraiser.request('GET', `/app/dot/${ROUND}/tham-dinh`);
    expect(list.response.status).toBe(200);
    expect(list.text).toContain('UBND xã Đắk Tô Re');
    // "Sao chép điểm tự chấm" fills the appraisal form with the unit's scores, saved only on "Lưu".
    const grid = await appraiser.request('GET', sheetPath(unit, 'tham-dinh'));
    expect(grid.text).toContain('Sao chép điểm tự chấm');
    const copied = await appraiser.request('POST', sheetPath(unit, 'tham-dinh'), {
      _csrf: appraiser.tokenIn(grid.text),
      'phien-ban': '0',
      'sao-chep': 'tu-cham',
    });
    expect([copied.response.status, copied.text.includes('name="s:1" value="23,5"')]).toEqual([200, true]);
    const saved = await appraiser.request('POST', sheetPath(unit, 'tham-dinh'), {
      _csrf: appraiser.tokenIn(grid.text),
      'phien-ban': '0',
      ...scoresOf(first),
      's:1': '22,5',
      'no:1': 'Thiếu báo cáo quý IV',
      'tn:1': 'Văn phòng HĐND&UBND huyện\n Phòng Nội vụ huyện \n',
    });
    expect(saved.response.status).toBe(303);
    // Who is responsible for the lost points: typed one a line, kept for the report's causes and the follow-up.
    const appraisedLayer = await rounds.getLayer(
      { name: 't', role: { kind: 'admin' } },
      ROUND,
      unit,
      'appraised',
    );
    expect(
      (appraisedLayer.document['entries'] as Record<string, { responsible?: string[] }>)['1']?.responsible,
    ).toEqual(['Văn phòng HĐND&UBND huyện', 'Phòng Nội vụ huyện']);
    const asked = await appraiser.request('POST', `/app/dot/${ROUND}/don-vi/${unit}/giai-trinh`, {
      _csrf: appraiser.tokenIn(grid.text),
      ma: '1',
      loai: 'yeu-cau',
      'noi-dung': 'Đề nghị giải trình báo cáo quý IV',
    });
    expect(asked.response.status).toBe(303);
    // The unit sees both layers side by side, the comment and the request, and answers.
    const user = browser();
    await user.signIn(KEYS.unit);
    const results = await user.request('GET', `/app/dot/${ROUND}/don-vi/${unit}/ket-qua`);
    expect(results.text).toContain('chênh lệch <strong>-1</strong>');
    expect(results.text).toContain('Thiếu báo cáo quý IV');
    expect(results.text).toContain('Đề nghị giải trình báo cáo quý IV');
    // The state at the top: what waits for the unit.
    expect(results.text).toMatch(/role="status"><strong>1 yêu cầu giải trình chưa được trả lời\./);
    const answered = await user.request('POST', `/app/dot/${ROUND}/don-vi/${unit}/giai-trinh`, {
      _csrf: user.tokenIn(results.text),
      ma: '1',
      'noi-dung': 'Đã bổ sung báo cáo quý IV',
    });
    expect(answered.response.status).toBe(303);
    expect((await user.request('GET', `/app/dot/${ROUND}/don-vi/${unit}/ket-qua`)).text).toContain(
      'Đã bổ sung báo cáo quý IV',
    );
    expect((await user.request('GET', `/app/dot/${ROUND}/cong-bo`)).response.status).toBe(403);
    // The admin publishes once every unit is appraised, then downloads the report and the workbook.
    const admin = browser();
    await admin.signIn(KEYS.admin);
    await rounds.putLayer({ name: 't', role: { kind: 'admin' } }, ROUND, second!.unit.id, 'appraised', {
      entries: second!.entries,
    });
    const publication = await admin.request('GET', `/app/dot/${ROUND}/cong-bo`);
    expect(publication.text).toContain('Xếp hạng theo Bộ tiêu chí');
    // Before publishing, the admin is told what is not finished: here the other commune never submitted.
    expect(publication.text).toContain('Cần lưu ý trước khi công bố');
    expect(publication.text).toContain('1 đơn vị chưa chốt điểm tự chấm: UBND xã Đắk Tô Lung.');
    // The sheet linked beside an appraised result is the appraised one.
    expect(publication.text).toContain(`/don-vi/${unit}/phieu.xlsx?lop=tham-dinh`);
    const form = {
      _csrf: admin.tokenIn(publication.text),
      'co-quan': 'ỦY BAN NHÂN DÂN\nHUYỆN KON RẪY',
      so: '/BC-UBND',
      'dia-danh': 'Kon Rẫy',
      'trich-yeu': 'Kết quả đánh giá công tác cải cách hành chính năm 2021',
    };
    // The whole report, previewed before publishing: section III drafted from the lost items, the signature.
    const preview = await admin.request('POST', `/app/dot/${ROUND}/cong-bo`, {
      ...form,
      'xem-truoc': '1',
      'chuc-danh': 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
      'nguoi-ky': 'Nguyễn Văn Ký',
      'noi-nhan': 'Như trên;\nLưu: VT.',
      'iv-doi-tuong-1': 'Đối với UBND các xã',
      'iv-noi-dung-1': 'Gửi kế hoạch khắc phục về Phòng Nội vụ **trước ngày {hạn}**.',
      'iv-han-1': '2022-08-12',
      'iv-doi-tuong-3': 'Giao Phòng Nội vụ',
      'iv-noi-dung-3': 'Tổng hợp, theo dõi việc khắc phục trước ngày {hạn}.',
      'iv-han-3': '2022-08-15',
      'ket-luan': 'Trên đây là báo cáo của huyện./.',
    });
    expect(preview.response.status).toBe(200);
    for (const part of [
      'Bản xem trước của báo cáo',
      'NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU',
      'TỔ CHỨC, THỰC HIỆN',
      '1. Đối với UBND các xã: Gửi kế hoạch khắc phục về Phòng Nội vụ <strong>trước ngày 12/8/2022</strong>.',
      '2. Giao Phòng Nội vụ: Tổng hợp, theo dõi việc khắc phục trước ngày 15/8/2022.',
      'Trên đây là báo cáo của huyện./.',
      'Nguyễn Văn Ký',
      'Lưu: VT.',
    ])
      expect(preview.text).toContain(part);
    // A date chosen for a line that does not say where it goes: refused in words, what was typed kept.
    const misplaced = await admin.request('POST', `/app/dot/${ROUND}/cong-bo`, {
      ...form,
      'xem-truoc': '1',
      'iv-noi-dung-1': 'Gửi kế hoạch khắc phục đúng hạn.',
      'iv-han-1': '2022-08-12',
    });
    expect(misplaced.response.status).toBe(422);
    expect(misplaced.text).toContain('Phần IV, ý 1: Đã chọn hạn: hãy viết {hạn} vào nội dung');
    expect(misplaced.text).toContain('aria-invalid="true" aria-describedby="loi-iv-1"');
    expect(misplaced.text).toContain('>Gửi kế hoạch khắc phục đúng hạn.</textarea>');
    expect((await rounds.getRound({ name: 't', role: { kind: 'admin' } }, ROUND)).published).toBeNull();
    const unconfirmed = await admin.request('POST', `/app/dot/${ROUND}/cong-bo`, form);
    expect([unconfirmed.response.status, unconfirmed.text.includes('value="Kon Rẫy"')]).toEqual([422, true]);
    expect((await user.request('GET', `/app/dot/${ROUND}/xep-hang`)).text).toContain('Chưa công bố kết quả.');
    const published = await admin.request('POST', `/app/dot/${ROUND}/cong-bo`, { ...form, 'xac-nhan': '1' });
    expect(published.response.status).toBe(303);
    // Units see the published ranking.
    const ranking = await user.request('GET', `/app/dot/${ROUND}/xep-hang`);
    expect([ranking.response.status, ranking.text.includes('UBND xã Đắk Tô Lung')]).toEqual([200, true]);
    expect((await admin.request('GET', `/app/dot/${ROUND}/cong-bo`)).text).toContain('Tải báo cáo (DOCX)');
    const docx = await admin.request('GET', `/app/dot/${ROUND}/bao-cao.docx`);
    expect([docx.response.status, docx.response.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
    const xlsx = await admin.request('GET', `/app/dot/${ROUND}/ket-qua.xlsx`);
    expect(xlsx.response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sheet = await user.request('GET', `/app/dot/${ROUND}/don-vi/${unit}/phieu.xlsx`);
    expect(sheet.response.status).toBe(200);
    expect(
      (await user.request('GET', `/app/dot/${ROUND}/don-vi/${second!.unit.id}/phieu.xlsx`)).response.status,
    ).toBe(403);
    const followUp = await user.request('GET', `/app/dot/${ROUND}/khac-phuc`);
    expect([followUp.response.status, followUp.text.includes('Theo dõi khắc phục')]).toEqual([200, true]);
  });

  it('answers every screen to each role as the API would, and sends one without a session to sign in', async () => {
    const unit = first!.unit.id;
    const roles = {
      admin: KEYS.admin,
      appraiser: KEYS.appraiser,
      unit: KEYS.unit,
      otherUnit: KEYS.other,
    } as const;
    type RoleName = keyof typeof roles;
    const all: RoleName[] = ['admin', 'appraiser', 'unit', 'otherUnit'];
    const readers: RoleName[] = ['admin', 'appraiser', 'unit'];
    // Each screen, the roles that may open it, and the access policy's action for it where it has one.
    const readUnit = ['read-unit', { unit }] as const;
    const screens: [string, RoleName[], (readonly [Action, Target])?][] = [
      ['/app', all],
      [sheetPath(unit), readers, readUnit],
      [sheetPath(unit, 'tham-dinh'), readers, readUnit],
      [`/app/dot/${ROUND}/don-vi/${unit}/ket-qua`, readers, readUnit],
      [`/app/dot/${ROUND}/don-vi/${unit}/phieu.xlsx`, readers, readUnit],
      [`/app/dot/${ROUND}/tham-dinh`, ['admin', 'appraiser'], ['appraise', {}]],
      [`/app/dot/${ROUND}/cong-bo`, ['admin'], ['manage', {}]],
      [`/app/dot/${ROUND}/khac-phuc`, all],
      [`/app/dot/${ROUND}/xep-hang`, all, ['read-results', { published: true }]],
      ['/app/nguoi-dung', ['admin'], ['manage', {}]],
      ['/app/don-vi', ['admin'], ['manage', {}]],
      ['/app/bo-tieu-chi', ['admin'], ['manage', {}]],
      ['/app/dot/moi', ['admin'], ['manage', {}]],
      [`/app/dot/${ROUND}/quan-ly`, ['admin'], ['manage', {}]],
      [`/app/dot/${ROUND}/phan-cong`, ['admin'], ['manage', {}]],
    ];
    // The screens answer as the one access policy says.
    const callerOf = (role: RoleName): Caller =>
      ({
        admin: { name: 'Phòng Nội vụ', role: { kind: 'admin' } },
        appraiser: { name: 'Tổ thẩm định', role: { kind: 'appraiser' } },
        unit: { name: 'UBND xã Đắk Tô Re', role: { kind: 'unit', unit } },
        otherUnit: { name: 'UBND xã Đắk Tô Lung', role: { kind: 'unit', unit: second!.unit.id } },
      })[role] as Caller;
    for (const [path, allowed, policy] of screens)
      if (policy)
        expect([path, all.filter((role) => may(callerOf(role), ...policy))]).toEqual([path, allowed]);
    const browsers = Object.fromEntries(
      await Promise.all(
        (Object.entries(roles) as [RoleName, string][]).map(async ([role, key]) => {
          const user = browser();
          await user.signIn(key);
          return [role, user] as const;
        }),
      ),
    ) as Record<RoleName, ReturnType<typeof browser>>;
    for (const [path, allowed] of screens) {
      expect([path, (await browser().request('GET', path)).response.headers.get('location')]).toEqual([
        path,
        '/app/dang-nhap',
      ]);
      for (const role of all) {
        const status = (await browsers[role].request('GET', path)).response.status;
        expect([path, role, status]).toEqual([path, role, allowed.includes(role) ? 200 : 403]);
      }
    }
  });

  it('refuses a form over the body limit, even one sent without a length, without reading it all', async () => {
    const user = browser();
    await user.signIn(KEYS.unit);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        // Far past the limit (1 MiB) if it were read to its end.
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const response = await app.request(sheetPath(first!.unit.id), {
      method: 'POST',
      headers: {
        cookie: [...user.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    // The sign-in form too: too large is 413, not an expired form.
    const signIn = await app.request('/app/dang-nhap', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `khoa=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(signIn.status).toBe(413);
  });

  it('signs out: the session cookie is cleared, and a session past its eight hours has ended', async () => {
    const user = browser();
    await user.signIn(KEYS.admin);
    const overview = await user.request('GET', '/app');
    const cookie = user.cookies.get('cchc_phien')!;
    const out = await user.request('POST', '/app/dang-xuat', { _csrf: user.tokenIn(overview.text) });
    expect(out.response.headers.get('location')).toBe('/app/dang-nhap');
    expect((await user.request('GET', '/app')).response.status).toBe(303);
    // The cookie replayed after signing out opens nothing, here or in another process on the same store.
    const secondProcess = createApp({ rounds, keys: KEY_RING, sessionSecret: SECRET, now: () => clock });
    for (const process of [app, secondProcess]) {
      const replayed = await process.request('/app', { headers: { cookie: `cchc_phien=${cookie}` } });
      expect(replayed.headers.get('location')).toBe('/app/dang-nhap');
    }
    const later = browser();
    await later.signIn(KEYS.admin);
    clock = new Date(clock.getTime() + 8 * 3_600_000 + 1);
    expect((await later.request('GET', '/app')).response.headers.get('location')).toBe('/app/dang-nhap');
  });
  it('ends a session whose key was rotated under the same name and role', async () => {
    const user = browser();
    await user.signIn(KEYS.admin);
    expect((await user.request('GET', '/app')).response.status).toBe(200);
    const rotated = createApp({
      rounds,
      keys: keyRing([{ name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-moi-0123456789' }]),
      sessionSecret: SECRET,
      now: () => clock,
    });
    const cookie = `cchc_phien=${user.cookies.get('cchc_phien')}`;
    expect((await app.request('/app', { headers: { cookie } })).status).toBe(200);
    expect((await rotated.request('/app', { headers: { cookie } })).headers.get('location')).toBe(
      '/app/dang-nhap',
    );
  });

  it('slows an address down after five failed keys, and locks it after eight, the right key too, on every process', async () => {
    const user = browser();
    const attempt = async (key: string, on = app) => {
      const login = await user.request('GET', '/app/dang-nhap');
      return on.request('/app/dang-nhap', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `cchc_dang_nhap=${user.cookies.get('cchc_dang_nhap')}`,
        },
        body: new URLSearchParams({ _csrf: user.tokenIn(login.text), khoa: key }).toString(),
      });
    };
    for (let failure = 0; failure < 5; failure++) expect((await attempt('sai-khoa')).status).toBe(401);
    // The sixth waits a second, told so.
    const slowed = await attempt(KEYS.admin);
    expect([slowed.status, slowed.headers.get('retry-after')]).toEqual([429, '1']);
    for (let failure = 5; failure < 8; failure++) {
      clock = new Date(clock.getTime() + 10_000);
      expect((await attempt('sai-khoa')).status).toBe(401);
    }
    // Locked on this process and on another over the same store, the right key too.
    const other = createApp({ rounds, keys: KEY_RING, sessionSecret: SECRET, now: () => clock });
    for (const on of [app, other]) {
      const refused = await attempt(KEYS.admin, on);
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '900']);
      expect(await refused.text()).toContain('tạm khóa 15 phút');
    }
    clock = new Date(clock.getTime() + 15 * 60_000);
    expect((await attempt(KEYS.admin, other)).status).toBe(303);
  });

  it('answers a form token or cookie signature of other bytes with a refusal, never an error', async () => {
    const user = browser();
    await user.signIn(KEYS.admin);
    const overview = await user.request('GET', '/app');
    // As many characters as the real token, but not as many bytes.
    const forged = 'đ'.repeat(user.tokenIn(overview.text).length);
    expect((await user.request('POST', '/app/dang-xuat', { _csrf: forged })).response.status).toBe(403);
    const [payload, signature] = user.cookies.get('cchc_phien')!.split('.');
    const cookie = `cchc_phien=${payload}.${encodeURIComponent('ư'.repeat(signature!.length))}`;
    expect((await app.request('/app', { headers: { cookie } })).status).toBe(303);
    const login = await user.request('GET', '/app/dang-nhap');
    const signIn = await user.request('POST', '/app/dang-nhap', {
      _csrf: 'ă'.repeat(user.tokenIn(login.text).length),
      khoa: KEYS.admin,
    });
    expect(signIn.response.status).toBe(403);
  });

  it('keeps a sheet typed while the session ended: signed in again, the values come back to be saved', async () => {
    // A round of its own: the shared one is published by an earlier test.
    const round = 'xa-2021-phien';
    const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
    await rounds.putRound(admin, round, {
      ...ROUND_DOCUMENT,
      deadlines: { self: '2022-02-20', appraisal: '2022-02-28' },
    });
    const path = `/app/dot/${round}/don-vi/${second!.unit.id}/tu-cham`;
    const user = browser();
    await user.signIn(KEYS.other);
    const unit = second!.unit.id;
    const sheet = await user.request('GET', path);
    const typed = {
      _csrf: user.tokenIn(sheet.text),
      'phien-ban': '0',
      ...scoresOf(second),
      'no:1': 'Ghi chú đang gõ',
    };
    clock = new Date(clock.getTime() + 8 * 3_600_000 + 1);
    const ended = await user.request('POST', path, typed);
    expect(ended.response.status).toBe(200);
    expect(ended.text).toContain('Phiên làm việc đã kết thúc');
    expect(ended.text).toContain('name="giu:no:1" value="Ghi chú đang gõ"');
    const back = await user.request('POST', '/app/dang-nhap', {
      ...Object.fromEntries(formFields(ended.text, '/app/dang-nhap')),
      password: KEYS.other,
    });
    expect(back.text).toContain('Đã đăng nhập lại');
    expect(back.text).toContain('value="Ghi chú đang gõ"');
    const saved = await user.request('POST', path, formFields(back.text, path));
    expect(saved.response.status).toBe(303);
    const stored = await rounds.getLayer(admin, round, unit, 'self');
    expect((stored.document['entries'] as Record<string, { note?: string }>)['1']!.note).toBe(
      'Ghi chú đang gõ',
    );
  });

  it('leads a person who opens the address itself to the pages', async () => {
    const root = await app.request('/');
    expect([root.status, root.headers.get('location')]).toEqual([302, '/app']);
  });

  it('answers a path naming an object property as any unknown page', async () => {
    const user = browser();
    await user.signIn(KEYS.admin);
    for (const name of ['constructor', '__proto__', 'toString'])
      expect(
        (await user.request('GET', `/app/dot/${ROUND}/don-vi/${first!.unit.id}/${name}`)).response.status,
      ).toBe(404);
  });

  it('answers an address that does not exist, and a fault of the server, with a Vietnamese page under /app', async () => {
    const missing = await app.request('/app/khong-co-trang-nay');
    const text = await missing.text();
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    expect(text).toContain('Không có trang này.');
    // The API keeps answering problem+json.
    const api = await app.request('/v1/khong-co');
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/problem+json']);

    const faults: unknown[] = [];
    const failing = createApp({
      rounds: { ...rounds, listRounds: () => Promise.reject(new Error('the disk is gone')) },
      keys: KEY_RING,
      sessionSecret: SECRET,
      now: () => clock,
      onError: (error) => faults.push(error),
    });
    const user = browserOf(failing);
    await user.signIn(KEYS.admin);
    const fault = await user.request('GET', '/app');
    expect(fault.response.status).toBe(500);
    expect(fault.response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(fault.text).toMatch(/Lỗi không lường trước; hãy báo mã yêu cầu \S+/);
    expect(fault.text).not.toContain('the disk is gone');
    expect(faults).toHaveLength(1);
  });
});

import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { browserOf, pdfBytes, sha256 } from './pages-test-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const [first] = konRay2021.communes;
const ROUND = 'tep-trang-2021';
const UNIT = first!.unit.id;
const UNIT_KEY = 'khoa-xa-dak-to-re-0123456789';
const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const CODE = String((communeSet!.criteria as { code: string | number }[])[0]!.code);
const ITEM = `/app/dot/${ROUND}/don-vi/${UNIT}/tu-cham/tep/${CODE}`;

let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded() });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: 'khoa-quan-tri-0123456789' },
      { name: first!.unit.name, role: `unit:${UNIT}`, key: UNIT_KEY },
      { name: 'Tổ thẩm định', role: 'appraiser', key: 'khoa-tham-dinh-0123456789' },
    ]),
    sessionSecret: 'bí mật của phiên',
  });
  await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: [{ id: UNIT, name: first!.unit.name, criteriaSet: communeSet!.id }],
    deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
  });
  await rounds.putLayer(admin, ROUND, UNIT, 'self', { entries: first!.entries });
}, 60_000);
afterAll(() => rounds.close());

describe('evidence files on the pages', { timeout: 60_000 }, () => {
  const user = () => browserOf(app);
  /** A multipart post of the item's upload form, as a browser sends it: the token first, then the files. */
  const upload = async (
    session: ReturnType<typeof browserOf>,
    files: [string, Uint8Array][],
    token?: string,
  ) => {
    const form = new FormData();
    if (token !== undefined) form.set('_csrf', token);
    for (const [name, bytes] of files) form.append('tep', new Blob([bytes]), name);
    const response = await app.request(ITEM, {
      method: 'POST',
      headers: { cookie: session.cookieHeader() },
      body: form,
    });
    return { response, text: await response.text() };
  };

  it('uploads files at an item, attaches them, lists them with who and when, and gives them back', async () => {
    const unit = user();
    await unit.signIn(UNIT_KEY);
    const item = await unit.request('GET', ITEM);
    expect(item.text).toContain('0 tệp đính kèm');
    expect(item.text).toContain('Tối đa 20 MB mỗi tệp');
    expect(item.text).toContain('enctype="multipart/form-data"');
    const plan = pdfBytes(300 * 1024);
    const sent = await upload(
      unit,
      [
        ['Kế hoạch CCHC năm 2021.pdf', plan],
        ['trang.pdf', new TextEncoder().encode('<html><script>alert(1)</script></html>')],
      ],
      unit.tokenIn(item.text),
    );
    // One stored and attached, one refused in words: said at the top, with each file's name.
    expect(sent.response.status).toBe(422);
    expect(sent.text).toContain('Kế hoạch CCHC năm 2021.pdf: đã tải lên và đính kèm.');
    expect(sent.text).toContain('Không lưu được 1 tệp:');
    expect(sent.text).toContain('trang.pdf: Tệp không phải là PDF, Word');
    const layer = await rounds.getLayer(admin, ROUND, UNIT, 'self');
    expect((layer.document['entries'] as Record<string, { files?: string[] }>)[CODE]!.files).toEqual([
      sha256(plan),
    ]);
    const after = await unit.request('GET', ITEM);
    expect(after.text).toContain('1 tệp đính kèm');
    expect(after.text).toContain(first!.unit.name);
    const download = await unit.request('GET', `/app/dot/${ROUND}/don-vi/${UNIT}/tep/${sha256(plan)}`);
    expect(download.response.headers.get('content-disposition')).toContain("filename*=UTF-8''K%E1%BA%BF");
    expect(download.response.headers.get('content-disposition')).toMatch(/^attachment; /);
    const sheet = await unit.request('GET', `/app/dot/${ROUND}/don-vi/${UNIT}/tu-cham`);
    expect(sheet.text).toContain(`aria-label="Tệp kiểm chứng mục ${CODE}: 1 tệp">Tệp (1)</a>`);

    // A PDF is shown in the page: in a frame of the site only, sandboxed, with the way back to the item.
    const look = after.text.match(/href="([^"]+\/xem\?ve=[^"]+)" aria-label="Xem tệp Kế hoạch/)?.[1];
    expect(look).toBeDefined();
    const shown = await unit.request('GET', look!.replaceAll('&amp;', '&'));
    expect(shown.text).toContain('Tệp PDF, 300 KB, do');
    expect(shown.text).toContain(`title="Kế hoạch CCHC năm 2021.pdf"`);
    expect(shown.text).toContain('Quay lại mục');
    const inline = await unit.request('GET', `/app/dot/${ROUND}/don-vi/${UNIT}/tep/${sha256(plan)}?xem`);
    expect(inline.response.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(inline.response.headers.get('content-security-policy')).toBe(
      "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    );
    // A file the unit does not have is not found.
    const none = await unit.request('GET', `/app/dot/${ROUND}/don-vi/${UNIT}/tep/${'f'.repeat(64)}/xem`);
    expect(none.response.status).toBe(404);
  });

  it('says on the sheet which items the set asks evidence for when it cannot be submitted without it', async () => {
    const strict = {
      ...communeSet!,
      id: 'xa-co-tlkc',
      criteria: (communeSet!.criteria as Record<string, unknown>[]).map((area, position) =>
        position === 1 ? { ...area, requiredEvidence: 'Báo cáo công tác kiểm tra văn bản' } : area,
      ),
    };
    await rounds.putCriteriaSet(admin, strict.id, strict);
    await rounds.putRound(admin, 'tep-tlkc', {
      title: 'Đợt có tài liệu kiểm chứng',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [{ id: UNIT, name: first!.unit.name, criteriaSet: strict.id }],
      deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
    });
    await rounds.putLayer(admin, 'tep-tlkc', UNIT, 'self', { entries: first!.entries });
    const unit = user();
    await unit.signIn(UNIT_KEY);
    const sheet = await unit.request('GET', `/app/dot/tep-tlkc/don-vi/${UNIT}/tu-cham`);
    expect(sheet.text).toContain('Tài liệu kiểm chứng cần có: Báo cáo công tác kiểm tra văn bản');
    const code = String((strict.criteria as { code: string | number }[])[1]!.code);
    const refused = await unit.request('POST', `/app/dot/tep-tlkc/don-vi/${UNIT}/chot`, {
      _csrf: unit.tokenIn(sheet.text),
      'xac-nhan': '1',
    });
    expect(refused.response.status).toBe(422);
    expect(refused.text).toContain(`Chưa chốt được. Mục ${code} cần có tài liệu kiểm chứng`);
    expect((await rounds.getRound(admin, 'tep-tlkc')).unitStates[0]!.submitted).toBeNull();
  });

  it('lets an appraiser attach its own evidence to an item of the appraisal', async () => {
    await rounds.putLayer(admin, ROUND, UNIT, 'appraised', { entries: first!.entries });
    const appraiser = user();
    await appraiser.signIn('khoa-tham-dinh-0123456789');
    const path = `/app/dot/${ROUND}/don-vi/${UNIT}/tham-dinh/tep/${CODE}`;
    const item = await appraiser.request('GET', path);
    expect(item.text).toContain('enctype="multipart/form-data"');
    const form = new FormData();
    form.set('_csrf', appraiser.tokenIn(item.text));
    form.append('tep', new Blob([pdfBytes(2000, 8)]), 'Biên bản kiểm tra.pdf');
    const sent = await app.request(path, {
      method: 'POST',
      headers: { cookie: [...appraiser.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      body: form,
    });
    expect(sent.status).toBe(200);
    const appraised = await rounds.getLayer(admin, ROUND, UNIT, 'appraised');
    expect((appraised.document['entries'] as Record<string, { files?: string[] }>)[CODE]!.files).toEqual([
      sha256(pdfBytes(2000, 8)),
    ]);
    const mine = (await rounds.unitFiles(admin, ROUND, UNIT)).find(
      (file) => file.hash === sha256(pdfBytes(2000, 8)),
    );
    expect(mine).toMatchObject({ layer: 'appraised', by: 'Tổ thẩm định' });
    // The unit reads it, and cannot take it off the appraisal.
    const unit = user();
    await unit.signIn(UNIT_KEY);
    const seen = await unit.request('GET', path);
    expect(seen.text).toContain('Biên bản kiểm tra.pdf');
    expect(seen.text).not.toContain('enctype="multipart/form-data"');
  });

  it('sends a person who has not yet changed a one-time password to change it, before an upload is read', async () => {
    const made = await rounds.putAccount(admin, 'can.bo.xa', { name: 'Cán bộ xã', role: `unit:${UNIT}` });
    const person = user();
    const login = await person.request('GET', '/app/dang-nhap');
    await person.request('POST', '/app/dang-nhap', {
      _csrf: person.tokenIn(login.text),
      login: 'can.bo.xa',
      password: made.oneTimePassword!,
    });
    const before = await rounds.unitFiles(admin, ROUND, UNIT);
    const sent = await upload(person, [['truoc-khi-doi.pdf', pdfBytes(1200, 6)]], 'any');
    expect([sent.response.status, sent.response.headers.get('location')]).toEqual([303, '/app/doi-mat-khau']);
    expect(await rounds.unitFiles(admin, ROUND, UNIT)).toEqual(before);
  });

  it('keeps nothing of an upload whose form token is missing', async () => {
    const unit = user();
    await unit.signIn(UNIT_KEY);
    const before = await rounds.unitFiles(admin, ROUND, UNIT);
    const sent = await upload(unit, [['khong-the.pdf', pdfBytes(1000, 4)]]);
    expect(sent.response.status).toBe(403);
    expect(await rounds.unitFiles(admin, ROUND, UNIT)).toEqual(before);
  });

  it('takes a file off the item and attaches one from the unit’s files', async () => {
    const unit = user();
    await unit.signIn(UNIT_KEY);
    const [plan] = await rounds.unitFiles(admin, ROUND, UNIT);
    const item = await unit.request('GET', ITEM);
    const off = await unit.request('POST', `${ITEM}/dinh-kem`, {
      _csrf: unit.tokenIn(item.text),
      bo: plan!.hash,
    });
    expect(off.response.status).toBe(303);
    const bare = await unit.request('GET', ITEM);
    expect(bare.text).toContain('0 tệp đính kèm');
    expect(bare.text).toContain('Đính kèm tệp đã tải lên trước');
    const back = await unit.request('POST', `${ITEM}/dinh-kem`, {
      _csrf: unit.tokenIn(bare.text),
      tep: plan!.hash,
    });
    expect(back.response.status).toBe(303);
    expect((await unit.request('GET', ITEM)).text).toContain('1 tệp đính kèm');
  });
});

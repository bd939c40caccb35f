import { mkdirSync } from 'node:fs';
import {
  type CriteriaSetInput,
  formatNumber,
  parseAssessment,
  parseCriteriaSet,
  scoreAssessment,
  unwrap,
} from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, submitForm, violations } from './browser-support.js';
import { type RunningApp, startApp, storeReady } from './e2e-support.js';

/**
 * The survey of the reference year's communes (issue 30), in Chromium against the app that `npm start` runs:
 * the admin plans two groups over the Kon Rẫy communes and issues 40 links and 10 paper forms; 40 respondents
 * answer on a 390-px screen (one saves and comes back); the entry officer types the paper forms; the survey
 * closes; each commune's survey criteria are filled into its appraisal and scored, and the round's results
 * and report carry them. The figures are worked out by hand below and checked through the core.
 */
const KEYS = { admin: 'khoa-quan-tri-khao-sat-0123456789', entry: 'khoa-nhap-phieu-khao-sat-0123456789' };
const ROUND = 'kon-ray-2021-khao-sat';
const SET_ID = 'kon-ray-2021-xa-khao-sat';
const [, communeSet] = konRay2021.criteriaSets;
const { communes } = konRay2021;
const SHOTS = process.env['CCHC_SHOTS'];
/** The communes' set with a survey area: 9.1 on Yên Bái's credits ("không biết" not counted), 9.2 on A/B/C/D. */
const surveySet = {
  ...communeSet,
  id: SET_ID,
  title: 'Bộ tiêu chí xã có khảo sát sự hài lòng',
  criteria: [
    ...communeSet!.criteria,
    {
      code: '9',
      name: 'Khảo sát sự hài lòng',
      children: [
        {
          code: '9.1',
          name: 'Mức độ hài lòng về thủ tục hành chính',
          max: 2,
          rule: { kind: 'survey', credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } },
        },
        { code: '9.2', name: 'Mức độ hài lòng về cán bộ', max: 1, rule: { kind: 'survey' } },
      ],
    },
  ],
} as CriteriaSetInput;
const CYCLE = ['A', 'B', 'C', 'D', 'không biết'];

let app: RunningApp;
let browser: Browser;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const shown of [1280, 390]) {
    await page.setViewportSize({ width: shown, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${shown}.png`, fullPage: true });
  }
  await page.setViewportSize({ width, height });
}

const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${app.url}/app/dang-nhap`);
  await page.fill('#password', key);
  await submitForm(page, '/app/dang-nhap');
}

/** Chooses `option` (undefined: "Không trả lời") for a question of a unit, on a respondent's or the entry form. */
const choose = (page: Page, unit: string, code: string, option: string | undefined) =>
  page.check(`input[name="tl:${unit}:${code}"][value="${option ?? ''}"]`);

describe.skipIf(!CHROMIUM)(
  'the survey of the reference year’s communes, in Chromium',
  { timeout: 300_000 },
  () => {
    beforeAll(async () => {
      app = await startApp({
        CCHC_API_KEYS: JSON.stringify([
          { name: 'Phòng Nội vụ huyện Kon Rẫy', role: 'admin', key: KEYS.admin },
          { name: 'Cán bộ nhập phiếu', role: 'appraiser', key: KEYS.entry },
        ]),
        CCHC_PUBLIC_URL: 'https://cchc.konray.example',
      });
      await storeReady(app);
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('plans, issues, is answered on a phone and on paper, closes, and scores each commune’s survey criteria', async () => {
      // Set-up through the API: the set, the round, each commune's self-assessment (its survey items left to the survey).
      expect((await api(`/v1/criteria-sets/${SET_ID}`, 'PUT', surveySet)).status).toBe(201);
      const round = await api(`/v1/rounds/${ROUND}`, 'PUT', {
        title: 'Đánh giá CCHC các xã năm 2021',
        period: 2021,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: communes.map((commune) => ({ ...commune.unit, criteriaSet: SET_ID })),
        deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
      });
      expect(round.status).toBe(201);
      for (const commune of communes)
        expect(
          (
            await api(`/v1/rounds/${ROUND}/units/${commune.unit.id}/self`, 'PUT', {
              entries: commune.entries,
              unscored: 'full',
            })
          ).ok,
        ).toBe(true);

      // The admin plans two groups from the round's page.
      const admin = await (await browser.newContext()).newPage();
      await signIn(admin, KEYS.admin);
      await admin.goto(`${app.url}/app/dot/${ROUND}/quan-ly`);
      await Promise.all([admin.waitForLoadState(), admin.click('a:text-is("Khảo sát xã hội học")')]);
      expect(await admin.textContent('.trang-thai')).toContain('Đợt này chưa có kế hoạch khảo sát.');
      await admin.fill('#ks-tieu-de', 'Khảo sát sự hài lòng của người dân, tổ chức năm 2021');
      await admin.fill('#ks-ket-thuc', '2099-01-25');
      await admin.fill('#ks-toi-thieu', '5');
      await admin.fill('#nhom-0-ten', 'Đại biểu HĐND, lãnh đạo MTTQ');
      await admin.fill('#nhom-1-ten', 'Người dân');
      await admin.uncheck('#nhom-1-cau-1'); // citizens are not asked about the staff (9.2)
      await admin.fill(
        '#nhom-1-noi-dung-0',
        'Ông/bà có hài lòng về thủ tục hành chính của xã? (A: rất hài lòng … D: không hài lòng)',
      );
      await shot(admin, 'khao-sat-ke-hoach');
      await submitForm(admin, `/app/dot/${ROUND}/khao-sat`);
      expect(await admin.textContent('.trang-thai')).toContain(
        'Đang nhận phiếu đến hết ngày 25/01/2099: đã nhận 0 phiếu.',
      );
      expect(await violations(admin)).toEqual([]);

      // 20 links for each group and 10 paper forms for the citizens.
      const issue = async (group: string, count: number, paper: boolean) => {
        await admin.selectOption('#ks-phat-nhom', group);
        await admin.fill('#ks-phat-so', String(count));
        await admin.check(paper ? '#ks-phat-giay' : '#ks-phat-link');
        await submitForm(admin, `/app/dot/${ROUND}/khao-sat/phat`);
        return admin
          .locator('ol.duong-dan a')
          .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
      };
      const deputies = await issue('nhom-1', 20, false);
      await shot(admin, 'khao-sat-duong-dan');
      const citizens = await issue('nhom-2', 20, false);
      expect([deputies.length, citizens.length, new Set([...deputies, ...citizens]).size]).toEqual([
        20, 20, 40,
      ]);
      // The links go out with the address people open the pages at, each with its QR code.
      expect(deputies[0]).toMatch(/^https:\/\/cchc\.konray\.example\/app\/khao-sat\/[A-Za-z0-9_-]{22}$/);
      expect(await admin.locator('ol.duong-dan figure.ma-qr svg').count()).toBe(20);
      await issue('nhom-2', 10, true);
      expect(await admin.locator('article.phieu-giay h3').allTextContents()).toHaveLength(10);
      expect(await admin.textContent('article.phieu-giay h3')).toContain('Phiếu số 1');
      // Once issued, the forms are frozen: the plan's form is gone, only the closing day may move.
      expect(await admin.locator('#ks-tieu-de').count()).toBe(0);

      // Respondents, each on a phone, without an account.
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const local = (link: string) => link.replace('https://cchc.konray.example', app.url);
      const answer = async (
        link: string,
        chosen: (unit: string, code: string) => string | undefined,
        codes: string[],
      ) => {
        const page = await phone.newPage();
        await page.goto(local(link));
        for (const commune of communes)
          for (const code of codes) await choose(page, commune.unit.id, code, chosen(commune.unit.id, code));
        await Promise.all([page.waitForLoadState(), page.click('button[value="gui"]')]);
        expect(await page.textContent('.trang-thai')).toContain('Phiếu đã được gửi');
        return page;
      };
      // One citizen answers three communes, saves, comes back through the same link and finishes.
      const first = await phone.newPage();
      await first.goto(local(citizens[0]!));
      expect(await first.textContent('.trang-thai')).toContain('Đã trả lời 0/7 câu');
      expect(await violations(first)).toEqual([]);
      await shot(first, 'khao-sat-phieu');
      for (const commune of communes.slice(0, 3)) await choose(first, commune.unit.id, '9.1', 'A');
      await Promise.all([first.waitForLoadState(), first.click('button[value="luu"]')]);
      expect(await first.textContent('.trang-thai')).toContain('Đã lưu. Đã trả lời 3/7 câu');
      const resumed = await phone.newPage();
      await resumed.goto(local(citizens[0]!));
      expect(await resumed.isChecked(`input[name="tl:${communes[0]!.unit.id}:9.1"][value="A"]`)).toBe(true);
      for (const commune of communes.slice(3)) await choose(resumed, commune.unit.id, '9.1', 'A');
      await Promise.all([resumed.waitForLoadState(), resumed.click('button[value="gui"]')]);
      expect(await resumed.textContent('.trang-thai')).toContain('Phiếu đã được gửi');
      // The link sends once.
      await resumed.goto(local(citizens[0]!));
      expect(await resumed.textContent('main')).toContain('đã được gửi');
      // The other citizens: A, B, C, D, "không biết" in turn (with the first, A 4 + … for each commune).
      for (const [at, link] of citizens.slice(1).entries())
        await answer(link, () => CYCLE[(at + 1) % 5], ['9.1']);
      // Deputies: A for the procedures, B for the staff, none of them rating Đắk Pnè's staff.
      for (const link of deputies)
        await answer(link, (unit, code) => (code === '9.1' ? 'A' : unit === 'dak-pne' ? undefined : 'B'), [
          '9.1',
          '9.2',
        ]);

      // The entry officer types the ten paper forms: B everywhere.
      const entry = await (await browser.newContext()).newPage();
      await signIn(entry, KEYS.entry);
      await entry.goto(`${app.url}/app/dot/${ROUND}/khao-sat/nhap`);
      for (let serial = 1; serial <= 10; serial++) {
        await entry.fill('#ks-so-phieu', String(serial));
        await Promise.all([entry.waitForLoadState(), entry.click('form[method="get"] button')]);
        expect(await entry.textContent('.trang-thai')).toContain(
          `Đang nhập phiếu số ${serial} (nhóm Người dân)`,
        );
        for (const commune of communes) await choose(entry, commune.unit.id, '9.1', 'B');
        if (serial === 1) {
          expect(await violations(entry)).toEqual([]);
          await shot(entry, 'khao-sat-nhap-phieu');
        }
        await submitForm(entry, `/app/dot/${ROUND}/khao-sat/nhap/${serial}`);
        expect(await entry.textContent('.trang-thai')).toContain(`Đã nhập phiếu số ${serial}.`);
      }
      await entry.fill('#ks-so-phieu', '3');
      await Promise.all([entry.waitForLoadState(), entry.click('form[method="get"] button')]);
      expect(await entry.textContent('.loi')).toContain('Phiếu giấy số 3 đã được nhập');
      // The page without a form open offers the two workbooks: forms typed elsewhere, and tally sheets.
      await entry.goto(`${app.url}/app/dot/${ROUND}/khao-sat/nhap`);
      expect(await entry.locator('form[enctype="multipart/form-data"] h2').allTextContents()).toEqual([
        'Nhập nhiều phiếu từ bảng tính',
        'Nhập số phiếu đã tổng hợp',
      ]);
      await shot(entry, 'khao-sat-nhap-bang-tinh');
      expect(await violations(entry)).toEqual([]);

      // The admin closes the survey: every commune's appraisal takes its survey criteria.
      await admin.goto(`${app.url}/app/dot/${ROUND}/khao-sat`);
      expect(await admin.textContent('.trang-thai')).toContain('đã nhận 50 phiếu');
      await admin.check('#ks-dong-y');
      await submitForm(admin, `/app/dot/${ROUND}/khao-sat/ket-thuc`);
      expect(await admin.textContent('main')).toContain(
        'Đã ghi điểm khảo sát vào điểm thẩm định của 7 đơn vị.',
      );
      expect(await admin.textContent('.trang-thai')).toContain('Đã kết thúc: 50 phiếu');
      // A chart per survey criterion: each commune's respondents, option by option.
      expect(await admin.locator('figure.bieu-do').count()).toBe(2);
      expect(await admin.textContent('#khao-sat-1 figcaption')).toContain(
        'phương án được chọn nhiều nhất: A (168 lượt)',
      );
      // Against the communes' own scores: they gave themselves full marks on the survey items (unscored: full).
      const compared = admin.locator('table:has(caption:text-is("Đối chiếu điểm khảo sát")) tbody tr');
      expect(await compared.count()).toBe(14);
      expect(await compared.first().textContent()).toMatch(
        /^UBND xã .*9\.1\. Mức độ hài lòng về thủ tục hành chính21,4421,44Khác ở tự chấm$/,
      );
      await admin.click('details summary:text-is("UBND xã Đắk Pnè")');
      await shot(admin, 'khao-sat-ket-qua');
      expect(await violations(admin)).toEqual([]);

      // By hand, each commune's 9.1: A 20 + 4, B 4 + 10, C 4, D 4 and "không biết" 4 (not counted): 46 counted,
      // 2 × (24 × 100 + 14 × 60 + 4 × 20) / (100 × 46) = 1.443… → 1,44. 9.2: 20 deputies B: 1 × 60 % = 0,6;
      // at Đắk Pnè nobody counted, fewer than 5: not applicable, its maximum 1 point smaller.
      const results = (await (await api(`/v1/rounds/${ROUND}/results`)).json()) as {
        results: {
          unit: { id: string };
          achieved: string;
          max: string;
          index: string;
          nodes: { code: string; children: { code: string; achieved: string | null; status: string }[] }[];
        }[];
      };
      const parsedSet = unwrap(parseCriteriaSet(surveySet));
      for (const commune of communes) {
        const result = results.results.find((one) => one.unit.id === commune.unit.id)!;
        const survey = result.nodes.find((node) => node.code === '9')!.children;
        const pne = commune.unit.id === 'dak-pne';
        expect([commune.unit.id, survey.map((node) => node.achieved)]).toEqual([
          commune.unit.id,
          ['1.44', pne ? '0' : '0.6'],
        ]);
        // The same commune scored by the core with the survey's points entered by hand: the same index.
        const byHand = unwrap(
          scoreAssessment(
            parsedSet,
            unwrap(
              parseAssessment({
                ...commune,
                criteriaSet: SET_ID,
                entries: {
                  ...commune.entries,
                  '9.1': { score: '1.44' },
                  '9.2': pne ? { notApplicable: true } : { score: '0.6' },
                },
              }),
            ),
          ),
        );
        expect([commune.unit.id, result.index, result.max]).toEqual([
          commune.unit.id,
          byHand.index.toFixed(),
          byHand.max.toFixed(),
        ]);
      }

      // Published, with Đăk Kôi as the report's subject: its survey items lost points, and the report says so.
      const { subject: _district, units, ...rest } = konRay2021.report as Record<string, unknown>;
      const report = {
        ...rest,
        subject: {
          unit: 'dak-koi',
          label: 'UBND xã Đăk Kôi',
          indexOwner: 'xã',
          heading: 'ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA XÃ ĐĂK KÔI',
        },
        units: {
          ...(units as object),
          ids: communes.map((one) => one.unit.id).filter((id) => id !== 'dak-koi'),
        },
      };
      const published = await api(`/v1/rounds/${ROUND}/publish`, 'POST', { report });
      expect(published.status, await published.clone().text()).toBe(200);
      const markdown = await (await api(`/v1/rounds/${ROUND}/report?format=md`)).text();
      expect(markdown).toMatch(
        /9\.1 về mức độ hài lòng về thủ tục hành chính: UBND xã Đăk Kôi đạt 1,44\/2 điểm/,
      );
      expect(markdown).toMatch(/9\.2 về mức độ hài lòng về cán bộ: UBND xã Đăk Kôi đạt 0,6\/1 điểm/);
      const koi = results.results.find((one) => one.unit.id === 'dak-koi')!;
      expect(markdown).toContain(formatNumber(koi.index));
      expect(app.logs.filter((entry) => entry['msg'] === 'unexpected fault')).toEqual([]);
    });

    it('lists the leaders to ask, invites them, and takes a signed form on a phone', async () => {
      const LEADERS = `${ROUND}-lanh-dao`;
      const round = await api(`/v1/rounds/${LEADERS}`, 'PUT', {
        title: 'Khảo sát lãnh đạo các phòng năm 2021',
        period: 2021,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: communes.map((commune) => ({ ...commune.unit, criteriaSet: SET_ID })),
        deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
      });
      expect(round.status).toBe(201);
      const planned = await api(`/v1/rounds/${LEADERS}/survey`, 'PUT', {
        criteriaSet: SET_ID,
        title: 'Khảo sát lãnh đạo các phòng về các xã',
        closes: '2099-01-25',
        groups: [
          {
            id: 'lanh-dao',
            name: 'Lãnh đạo các phòng chuyên môn',
            units: communes.map((commune) => commune.unit.id),
            questions: [{ code: '9.2', text: 'Cán bộ của xã có tận tình, đúng hẹn?' }],
          },
        ],
        anonymity: { 'lanh-dao': 'signed' },
      });
      expect(planned.status, await planned.clone().text()).toBe(200);

      const admin = await (await browser.newContext()).newPage();
      await signIn(admin, KEYS.admin);
      await admin.goto(`${app.url}/app/dot/${LEADERS}/khao-sat`);
      await Promise.all([
        admin.waitForLoadState(),
        admin.click('a:text-matches("Danh sách người được khảo sát")'),
      ]);
      expect(await admin.textContent('.trang-thai')).toContain('Danh sách người được khảo sát chưa có ai.');
      await admin.fill(
        '#ds-dong',
        [
          'Y Hoa; hoa@konray.example; Phòng Nội vụ',
          'Nguyễn Văn Bình; binh@konray.example; Phòng Tư pháp',
          'A Thanh; ; Phòng Văn hóa',
        ].join('\n'),
      );
      await submitForm(admin, `/app/dot/${LEADERS}/khao-sat/nguoi-tra-loi`);
      expect(await admin.textContent('.trang-thai')).toContain('3 người trong danh sách: 3 chưa mời');
      await submitForm(admin, `/app/dot/${LEADERS}/khao-sat/nguoi-tra-loi/moi`);
      expect(await admin.textContent('main')).toContain(
        'Đã gửi thư mời cho 2 người; 1 đường dẫn để trao tay ở dưới.',
      );
      const handed = await admin.getAttribute('ol.duong-dan a', 'href');
      expect(handed).toMatch(/^https:\/\/cchc\.konray\.example\/app\/khao-sat\/[A-Za-z0-9_-]{22}$/);
      await shot(admin, 'khao-sat-danh-sach');
      expect(await violations(admin)).toEqual([]);

      // The leader without an address answers through the handed link, on a phone, and signs.
      const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
      await phone.goto(handed!.replace('https://cchc.konray.example', app.url));
      expect(await phone.textContent('main')).toContain('Phiếu có ký tên');
      for (const commune of communes) await choose(phone, commune.unit.id, '9.2', 'A');
      await phone.fill('#ks-ho-ten', 'A Thanh');
      await phone.fill('#ks-chuc-vu', 'Trưởng phòng Văn hóa và Thông tin');
      await shot(phone, 'khao-sat-phieu-ky-ten');
      expect(await violations(phone)).toEqual([]);
      await Promise.all([phone.waitForLoadState(), phone.click('button[value="gui"]')]);
      expect(await phone.textContent('.trang-thai')).toContain('Phiếu đã được gửi');

      await admin.goto(`${app.url}/app/dot/${LEADERS}/khao-sat/nguoi-tra-loi`);
      expect(await admin.textContent('.trang-thai')).toContain(
        '0 chưa mời, 2 đã mời chưa trả lời, 1 đã trả lời',
      );
      expect(await admin.textContent('main')).toContain(
        'A Thanh, Trưởng phòng Văn hóa và Thông tin (ký tên)',
      );
      // The invitations wait in the outbox (no mail server here), listed for the admin.
      await admin.goto(`${app.url}/app/thu-nhac-viec`);
      expect(
        await admin
          .locator('td:text-is("Mời trả lời phiếu khảo sát: Khảo sát lãnh đạo các phòng về các xã")')
          .count(),
      ).toBe(2);
      expect(app.logs.filter((entry) => entry['msg'] === 'unexpected fault')).toEqual([]);
    });
  },
);

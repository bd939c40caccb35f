import { readFileSync } from 'node:fs';
import { formatNumber, formatScore, scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, violations } from './browser-support.js';
import { type RunningApp, startApp, storeReady } from './e2e-support.js';

/**
 * The people of the reference district in the pages, as its Phòng Nội vụ and its communes would meet them
 * (issue 24): the first admin signs in with the key of CCHC_API_KEYS, imports everyone from the template,
 * and each commune's person signs in with their one-time password, sets their own and fills in their sheet.
 */
const ADMIN_KEY = 'khoa-quan-tri-phong-noi-vu-0123456789';
const ROUND = 'kon-ray-2021';
const [districtSet, communeSet] = konRay2021.criteriaSets;
const { district, communes } = konRay2021;

/** The district's people: the district and its 7 communes, 3 agencies and 2 appraisers. */
const PEOPLE: readonly (readonly string[])[] = [
  ['Nguyễn Văn Huyện', 'vanphong.huyen', '', district.unit.name, 'Đơn vị'],
  ...communes.map((commune, at) => [
    `Cán bộ xã ${at + 1}`,
    `canbo.${commune.unit.id}`,
    '',
    commune.unit.name,
    'Đơn vị',
  ]),
  ['Trần Thị Nội Vụ', 'noivu.huyen', '', 'Phòng Nội vụ huyện', 'Cơ quan'],
  ['Lê Văn Tài Chính', 'taichinh.huyen', '', 'Phòng Tài chính - Kế hoạch huyện', 'Cơ quan'],
  ['Phạm Thị Văn Hóa', 'vanhoa.huyen', '', 'Phòng Văn hóa và Thông tin huyện', 'Cơ quan'],
  ['Hoàng Văn Thẩm', 'thamdinh.mot', '', '', 'Thẩm định'],
  ['Đỗ Thị Định', 'thamdinh.hai', '', '', 'Thẩm định', '1, 2, 3'],
];
const NEW_PASSWORD = 'nắng chiều trên sông Đăk Bla';

let app: RunningApp;
let browser: Browser;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto(`${app.url}/app/dang-nhap`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('form[action="/app/dang-nhap"] button[type=submit]');
  await page.waitForLoadState();
}

describe.skipIf(!CHROMIUM)('the district’s people in Chromium', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    app = await startApp({
      CCHC_API_KEYS: JSON.stringify([{ name: 'Phòng Nội vụ huyện Kon Rẫy', role: 'admin', key: ADMIN_KEY }]),
      CCHC_RENDER_WORKERS: '1',
    });
    await storeReady(app);
    for (const set of [districtSet!, communeSet!]) await api('PUT', `/v1/criteria-sets/${set.id}`, set);
    await api('PUT', `/v1/rounds/${ROUND}`, {
      title: 'Đánh giá, xếp hạng CCHC năm 2021',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [district, ...communes].map((unit) => ({
        id: unit.unit.id,
        name: unit.unit.name,
        criteriaSet: unit.criteriaSet as string,
      })),
      deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('imports the district’s people, and each commune signs in, sets its password and submits its sheet', async () => {
    const admin = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await signIn(admin, '', ADMIN_KEY);
    await admin.goto(`${app.url}/app/nguoi-dung`);
    // The template, from the link on the page; filled in as the office would.
    const [template] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('a[href$="/mau.xlsx"]'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await template.path())!) as unknown as ArrayBuffer);
    PEOPLE.forEach((row, at) => {
      row.forEach((value, column) => {
        workbook
          .getWorksheet('Người dùng')!
          .getRow(at + 2)
          .getCell(column + 1).value = value;
      });
    });
    await admin.setInputFiles('#bang-tinh', {
      name: 'nguoi-dung-kon-ray.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    const [passwordsFile] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('form[action$="/nhap"] button[type=submit]'),
    ]);
    const passwords = new ExcelJS.Workbook();
    await passwords.xlsx.load(readFileSync((await passwordsFile.path())!) as unknown as ArrayBuffer);
    const passwordOf = new Map<string, string>();
    passwords.worksheets[0]!.eachRow((row, number) => {
      if (number > 1) passwordOf.set(String(row.getCell(2).value), String(row.getCell(3).value));
    });
    expect(passwordOf.size).toBe(PEOPLE.length);
    await admin.goto(`${app.url}/app/nguoi-dung`);
    expect(await admin.textContent('main')).toContain(
      `${PEOPLE.length} tài khoản, ${PEOPLE.length} đang hoạt động.`,
    );
    expect(await violations(admin)).toEqual([]);

    // Each commune: its person signs in, sets a password of their own, types the sheet and submits it.
    const expected = new Map(
      unwrap(scoreDocuments(konRay2021)).map((result) => [
        result.unit.id,
        `Tổng điểm: ${formatScore(result.achieved, result.max)}; chỉ số ${formatNumber(result.index)}`,
      ]),
    );
    const sessions = new Map<string, Page>();
    for (const commune of communes) {
      const login = `canbo.${commune.unit.id}`;
      const page = await (await browser.newContext()).newPage();
      await signIn(page, login, passwordOf.get(login)!);
      expect(page.url()).toBe(`${app.url}/app/doi-mat-khau`);
      await page.fill('#hien-tai', passwordOf.get(login)!);
      await page.fill('#moi', NEW_PASSWORD);
      await page.fill('#nhap-lai', NEW_PASSWORD);
      await page.click('form[action="/app/doi-mat-khau"] button[type=submit]');
      await page.waitForURL(/\/app\?doi-mat-khau$/);
      await page.goto(`${app.url}/app/dot/${ROUND}/don-vi/${commune.unit.id}/tu-cham`);
      for (const [code, entry] of Object.entries(
        commune.entries as Record<string, { score: string; max: string }>,
      )) {
        await page.fill(`input[name="m:${code}"]`, String(entry.max).replace('.', ','));
        await page.fill(`input[name="s:${code}"]`, String(entry.score).replace('.', ','));
      }
      await page.click('form:has(input[name="phien-ban"]) button:not([name])');
      await page.waitForURL(/\?luu=/);
      // Totals and index as the reference report publishes them (Đăk Ruồng's as its areas add up).
      expect(await page.textContent('main')).toContain(expected.get(commune.unit.id));
      await page.check('#xac-nhan-chot');
      await page.click('form[action$="/chot"] button');
      await page.waitForURL(/\/tu-cham$/);
      expect(await page.textContent('main')).toContain('Đơn vị đã chốt điểm tự chấm ngày');
      sessions.set(commune.unit.id, page);
    }

    // The record names the people who wrote the sheets.
    const [commune] = communes;
    const history = (await (
      await api('GET', `/v1/rounds/${ROUND}/units/${commune!.unit.id}/history`)
    ).json()) as {
      revisions: { key: string }[];
    };
    expect(history.revisions.map((revision) => revision.key)).toEqual(['Cán bộ xã 1']);

    // The admin deactivates one person: their open session ends at their next request.
    await admin.goto(`${app.url}/app/nguoi-dung/canbo.${commune!.unit.id}`);
    await admin.fill('#ngung', '2020-01-01');
    await admin.click(`form[action="/app/nguoi-dung/canbo.${commune!.unit.id}"] button[type=submit]`);
    await admin.waitForLoadState();
    expect(await admin.textContent('main')).toContain('Ngừng hoạt động');
    const ended = sessions.get(commune!.unit.id)!;
    await ended.goto(`${app.url}/app`);
    expect(ended.url()).toBe(`${app.url}/app/dang-nhap`);
    await signIn(ended, `canbo.${commune!.unit.id}`, NEW_PASSWORD);
    expect(await ended.textContent('main')).toContain('Tài khoản đã ngừng hoạt động');
  });

  it('lets the district’s admin turn on a second factor and sign in with it, its screens axe-clean', async () => {
    const made = (await (
      await api('PUT', '/v1/accounts/pnv.konray', {
        name: 'Phòng Nội vụ huyện Kon Rẫy',
        role: 'admin',
        authority: 'UBND huyện Kon Rẫy',
      })
    ).json()) as { oneTimePassword: string };
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'pnv.konray', made.oneTimePassword);
    await page.fill('#hien-tai', made.oneTimePassword);
    await page.fill('#moi', NEW_PASSWORD);
    await page.fill('#nhap-lai', NEW_PASSWORD);
    await page.click('form[action="/app/doi-mat-khau"] button[type=submit]');
    await page.waitForURL(/\/app\?doi-mat-khau$/);

    await page.goto(`${app.url}/app/tai-khoan`);
    await page.click('form[action="/app/tai-khoan/hai-buoc"] button');
    await page.waitForLoadState();
    expect(await page.locator('.ma-qr svg').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    // The key as the app would read it from the QR code.
    const secret = (await page.textContent('strong.mat-khau'))!.replaceAll(' ', '');
    await page.fill('#ma-xac-thuc', await generate({ secret }));
    await page.click('form[action="/app/tai-khoan/hai-buoc/xac-nhan"] button');
    await page.waitForLoadState();
    expect(await page.locator('.ma-du-phong li').count()).toBe(10);
    expect(await violations(page)).toEqual([]);

    await page.click('form[action="/app/dang-xuat"] button');
    await signIn(page, 'pnv.konray', NEW_PASSWORD);
    expect(await page.textContent('main')).toContain('Hãy nhập mã xác thực để hoàn tất đăng nhập');
    expect(await violations(page)).toEqual([]);
    // Not the code just used to turn it on (a code is taken once): the app's next one, as a phone whose
    // clock runs a little ahead shows it (half a minute either way is taken).
    await page.fill('#ma-xac-thuc', await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.click('form[action="/app/dang-nhap"] button[type=submit]');
    await page.waitForURL(`${app.url}/app`);
    // The district's own round, with its authority named at the top.
    expect(await page.textContent('header')).toContain('Phòng Nội vụ huyện Kon Rẫy · UBND huyện Kon Rẫy');
    expect(await page.textContent('main')).toContain('Đánh giá, xếp hạng CCHC năm 2021');
  });
});

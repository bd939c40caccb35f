import { readFileSync } from 'node:fs';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, violations } from './browser-support.js';
import { type RunningApp, startApp, storeReady } from './e2e-support.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): no browser is downloaded. */
if (!CHROMIUM) console.info('pages: Chromium is not installed: the browser tests of the pages were skipped');

const KEYS = {
  admin: 'khoa-quan-tri-huyen-0123456789',
  appraiser: 'khoa-to-tham-dinh-0123456789',
  unit: 'khoa-xa-dak-to-re-0123456789',
};
const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ROUND = 'xa-2021';

let app: RunningApp;
let browser: Browser;

/** A call to the API with a key, as a script of the district's office would make it. */
async function api(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** Where to keep a screenshot of each screen checked (CCHC_SCREENSHOTS, for a person to look at). */
const SCREENSHOTS = process.env['CCHC_SCREENSHOTS'];
let shot = 0;

/** Every WCAG 2.1 A and AA rule axe-core checks, run in the page as it is. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  if (SCREENSHOTS)
    await page.screenshot({ path: `${SCREENSHOTS}/${String(++shot).padStart(2, '0')}.png`, fullPage: true });
  return violations(page);
}

/** Moves the focus with Tab alone until it is on `selector` (a keyboard user's way to a field). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 400; presses++) {
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${app.url}/app/dang-nhap`);
  await tabTo(page, '#password');
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${app.url}/app`);
}

describe.skipIf(!CHROMIUM)('the officials’ pages in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    app = await startApp({
      CCHC_API_KEYS: JSON.stringify([
        { name: 'Phòng Nội vụ huyện', role: 'admin', key: KEYS.admin },
        { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
        { name: 'UBND xã Đắk Tô Re', role: `unit:${first!.unit.id}`, key: KEYS.unit },
      ]),
      CCHC_RENDER_WORKERS: '1',
    });
    await storeReady(app);
    await api('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.admin, communeSet);
    await api('PUT', `/v1/rounds/${ROUND}`, KEYS.admin, {
      title: 'Đánh giá công tác cải cách hành chính các xã năm 2021',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [first!, second!].map((unit) => ({
        id: unit.unit.id,
        name: unit.unit.name,
        criteriaSet: communeSet!.id,
      })),
      deadlines: { self: '2099-01-20', explanation: '2099-01-25', appraisal: '2099-01-31' },
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('finds what axe finds: an image without a text alternative is a violation (the check can fail)', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="vi"><title>t</title><main><img src="x.png"></main></html>',
    );
    expect((await accessibilityViolations(page)).some((violation) => violation.startsWith('image-alt'))).toBe(
      true,
    );
    await page.close();
  });

  it('lets the admin post a notice that each home and the sign-in page show, every screen passing axe at 1280 and 390 px', async () => {
    const office = await (await browser.newContext()).newPage();
    await signIn(office, KEYS.admin);
    await office.goto(`${app.url}/app/thong-bao`);
    expect(await accessibilityViolations(office)).toEqual([]);
    await office.fill('#tieu-de', 'Lịch thẩm định năm 2021');
    await office.fill('#thong-bao-noi-dung', 'Tổ thẩm định làm việc với các xã từ ngày 21/01/2022.');
    await office.check('#cong-khai');
    await Promise.all([
      office.waitForURL(`${app.url}/app/thong-bao`),
      office.click('button:text("Đăng thông báo")'),
    ]);
    expect(await office.textContent('main')).toContain(
      'Tổ thẩm định làm việc với các xã từ ngày 21/01/2022.',
    );
    for (const width of [1280, 390]) {
      await office.setViewportSize({ width, height: 900 });
      for (const path of ['/app/thong-bao', '/app/thu-nhac-viec', '/app', '/app/dot/khoi-phuc']) {
        await office.goto(`${app.url}${path}`);
        expect([width, path, await accessibilityViolations(office)]).toEqual([width, path, []]);
      }
    }
    const commune = await (await browser.newContext({ viewport: { width: 390, height: 900 } })).newPage();
    await commune.goto(`${app.url}/app/dang-nhap`);
    expect(await commune.textContent('main')).toContain('Lịch thẩm định năm 2021');
    expect(await accessibilityViolations(commune)).toEqual([]);
    await signIn(commune, KEYS.unit);
    expect(await commune.textContent('main')).toContain('Việc cần làm');
    expect(await commune.textContent('main')).toContain('Lịch thẩm định năm 2021');
    expect(await accessibilityViolations(commune)).toEqual([]);
  });

  it('takes a unit through its sheet with the keyboard alone, an appraiser through the appraisal, and the admin to the downloads', async () => {
    const unitContext = await browser.newContext();
    const unitPage = await unitContext.newPage();
    await unitPage.goto(`${app.url}/app/dang-nhap`);
    expect(await accessibilityViolations(unitPage)).toEqual([]);
    await signIn(unitPage, KEYS.unit);
    const [session] = (await unitContext.cookies()).filter((cookie) => cookie.name === 'cchc_phien');
    expect([session?.httpOnly, session?.sameSite]).toEqual([true, 'Lax']);
    expect(await accessibilityViolations(unitPage)).toEqual([]);

    // The unit's sheet, reached and filled in with Tab, typing and Enter only.
    await tabTo(unitPage, `a[href$="/don-vi/${first!.unit.id}/tu-cham"]`);
    await unitPage.keyboard.press('Enter');
    await unitPage.waitForURL(/\/tu-cham$/);
    expect(await accessibilityViolations(unitPage)).toEqual([]);
    // Each area's score and this commune's own applicable maximum, typed with a decimal comma.
    for (const [code, entry] of Object.entries(
      first!.entries as Record<string, { score: string; max: string }>,
    )) {
      await tabTo(unitPage, `input[name="m:${code}"]`);
      await unitPage.keyboard.type(entry.max);
      await tabTo(unitPage, `input[name="s:${code}"]`);
      await unitPage.keyboard.type(entry.score);
    }
    await tabTo(unitPage, 'form:has(input[name="phien-ban"]) button:not([name])');
    await unitPage.keyboard.press('Enter');
    await unitPage.waitForURL(/\?luu=/);
    // 79,3 of this commune's 97 applicable points: 81,75, as the reference report publishes.
    expect(await unitPage.textContent('main')).toContain('Tổng điểm: 79,3/97; chỉ số 81,75');

    // A sheet with changes not saved warns before it is left.
    const leaving = await unitContext.newPage();
    await leaving.goto(`${app.url}/app/dot/${ROUND}/don-vi/${first!.unit.id}/tu-cham`);
    await leaving.fill('input[name="no:1"]', 'chưa lưu');
    const dialog = new Promise<string>((resolve) => leaving.once('dialog', (shown) => resolve(shown.type())));
    await leaving.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');

    // Submitting asks for the box that says the sheet then closes; ticked with the space bar.
    await tabTo(unitPage, '#xac-nhan-chot');
    await unitPage.keyboard.press('Space');
    await tabTo(unitPage, 'form[action$="/chot"] button');
    await unitPage.keyboard.press('Enter');
    await unitPage.waitForURL(/\/tu-cham$/);
    expect(await unitPage.textContent('main')).toContain('Đơn vị đã chốt điểm tự chấm ngày');
    expect(await unitPage.locator('input[name="s:1"]').count()).toBe(0);
    await unitPage.goto(`${app.url}/app`);
    expect(await unitPage.textContent('main')).toContain('Đã chốt');

    // The appraiser copies the self scores, lowers area 1 with a comment, and asks for an explanation.
    const appraiserPage = await (await browser.newContext()).newPage();
    await signIn(appraiserPage, KEYS.appraiser);
    await appraiserPage.goto(`${app.url}/app/dot/${ROUND}/tham-dinh`);
    expect(await accessibilityViolations(appraiserPage)).toEqual([]);
    await appraiserPage.goto(`${app.url}/app/dot/${ROUND}/don-vi/${first!.unit.id}/tham-dinh`);
    await appraiserPage.click('button:text("Sao chép điểm tự chấm")');
    // The copy carries the unit's own applicable maximum of each area.
    expect(await appraiserPage.inputValue('input[name="m:1"]')).toBe('33,5');
    await appraiserPage.fill('input[name="s:1"]', '22,5');
    await appraiserPage.fill('input[name="no:1"]', 'Thiếu báo cáo quý IV');
    await appraiserPage.click('button:text("Lưu")');
    await appraiserPage.waitForURL(/\?luu=/);
    expect(await accessibilityViolations(appraiserPage)).toEqual([]);
    await appraiserPage.goto(`${app.url}/app/dot/${ROUND}/don-vi/${first!.unit.id}/ket-qua`);
    await appraiserPage.fill('#yc-1', 'Đề nghị giải trình báo cáo quý IV');
    await Promise.all([
      appraiserPage.waitForResponse((response) => response.url().endsWith('/giai-trinh')),
      appraiserPage.click('form:has(#yc-1) button'),
    ]);
    await appraiserPage.waitForLoadState();

    // The unit sees the difference and explains.
    await unitPage.goto(`${app.url}/app/dot/${ROUND}/don-vi/${first!.unit.id}/ket-qua`);
    expect(await accessibilityViolations(unitPage)).toEqual([]);
    expect(await unitPage.textContent('main')).toContain('Thiếu báo cáo quý IV');
    await tabTo(unitPage, '#gt-1');
    await unitPage.keyboard.type('Đã bổ sung báo cáo quý IV');
    await unitPage.keyboard.press('Tab');
    // Already on the results page: wait for the post and the page it leads back to.
    await Promise.all([
      unitPage.waitForResponse((response) => response.url().endsWith('/giai-trinh')),
      unitPage.keyboard.press('Enter'),
    ]);
    await unitPage.waitForLoadState();
    expect(await unitPage.textContent('main')).toContain('Đã bổ sung báo cáo quý IV');

    // The admin publishes and downloads the report and the workbook; their figures are the API's.
    await api('PUT', `/v1/rounds/${ROUND}/units/${second!.unit.id}/appraised`, KEYS.appraiser, {
      entries: second!.entries,
    });
    const adminContext = await browser.newContext({ acceptDownloads: true });
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, KEYS.admin);
    await adminPage.goto(`${app.url}/app/dot/${ROUND}/cong-bo`);
    expect(await accessibilityViolations(adminPage)).toEqual([]);
    await adminPage.fill('#dia-danh', 'Kon Rẫy');
    await adminPage.check('#xac-nhan-cong-bo');
    await adminPage.click('button:text("Công bố kết quả")');
    await adminPage.waitForSelector('text=Tải báo cáo (DOCX)');
    const [docx] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.click('text=Tải báo cáo (DOCX)'),
    ]);
    const document = unzipSync(new Uint8Array(readFileSync((await docx.path())!)));
    expect(new TextDecoder().decode(document['word/document.xml'])).toContain('BÁO CÁO');
    const [xlsx] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.click('text=Tải bảng kết quả (XLSX)'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path())!);
    const published = (await (await api('GET', `/v1/rounds/${ROUND}/results`, KEYS.admin)).json()) as {
      results: { unit: { id: string }; achieved: string; index: string }[];
    };
    const rows = new Map<string, [unknown, unknown]>();
    workbook.getWorksheet('Tổng hợp')!.eachRow((row, number) => {
      if (number > 1) rows.set(String(row.getCell(2).value), [row.getCell(5).value, row.getCell(7).value]);
    });
    for (const result of published.results)
      expect(rows.get(result.unit.id)).toEqual([Number(result.achieved), Number(result.index)]);
    // The appraisal kept the commune's applicable maximum: 78,3 of 97, not of the set's 100.
    const appraised = published.results.find((result) => result.unit.id === first!.unit.id) as unknown as {
      achieved: string;
      max: string;
    };
    expect([appraised.achieved, appraised.max]).toEqual(['78.3', '97']);
    await adminPage.goto(`${app.url}/app/dot/${ROUND}/khac-phuc`);
    expect(await accessibilityViolations(adminPage)).toEqual([]);

    // At 390 px the page keeps to the screen: the wide table scrolls in its own box.
    const narrow = await unitContext.newPage();
    await narrow.setViewportSize({ width: 390, height: 844 });
    await narrow.goto(`${app.url}/app/dot/${ROUND}/don-vi/${first!.unit.id}/tu-cham`);
    expect(await narrow.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await narrow.close();
  });
});

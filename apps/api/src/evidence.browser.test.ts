import { readFileSync } from 'node:fs';
import { konRay2021 } from '@cchc/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, violations } from './browser-support.js';
import { pdfBytes, type RunningApp, sha256, startApp, storeReady } from './e2e-support.js';

/**
 * Evidence files in Chromium (issue 26): a commune attaches files to three items of its self-assessment (the
 * third from the files it uploaded before), submits, and an appraiser opens the items and downloads them,
 * byte for byte what the commune sent.
 */
const KEYS = {
  admin: 'khoa-quan-tri-tep-kiem-chung-0123456789',
  unit: 'khoa-xa-tep-kiem-chung-0123456789',
  appraiser: 'khoa-tham-dinh-tep-kiem-chung-0123456789',
};
const ROUND = 'tep-2021';
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const UNIT = commune!.unit.id;
const [first, second, third] = (communeSet!.criteria as { code: string | number }[]).map((area) =>
  String(area.code),
);

/** A PDF as the browser's file input takes it. */
const pdf = (size: number, seed: number) => Buffer.from(pdfBytes(size, seed));

let app: RunningApp;
let browser: Browser;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

async function signedIn(key: string): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(`${app.url}/app/dang-nhap`);
  await page.fill('#password', key);
  await Promise.all([
    page.waitForLoadState(),
    page.click('form[action="/app/dang-nhap"] button[type=submit]'),
  ]);
  return page;
}

describe.skipIf(!CHROMIUM)('evidence files in Chromium', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    app = await startApp({
      CCHC_API_KEYS: JSON.stringify([
        { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
        { name: commune!.unit.name, role: `unit:${UNIT}`, key: KEYS.unit },
        { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
      ]),
      CCHC_RENDER_WORKERS: '1',
    });
    await storeReady(app);
    await api('PUT', `/v1/criteria-sets/${communeSet!.id}`, communeSet);
    await api('PUT', `/v1/rounds/${ROUND}`, {
      title: 'Đánh giá CCHC năm 2021',
      period: 2021,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: [{ id: UNIT, name: commune!.unit.name, criteriaSet: communeSet!.id }],
      deadlines: { self: '2099-01-20', appraisal: '2099-01-31' },
    });
    await api('PUT', `/v1/rounds/${ROUND}/units/${UNIT}/self`, { entries: commune!.entries });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a commune attaches files to three items and submits; the appraiser downloads what it sent', async () => {
    const unit = await signedIn(KEYS.unit);
    const sheet = `${app.url}/app/dot/${ROUND}/don-vi/${UNIT}/tu-cham`;
    const plan = pdf(600 * 1024, 1);
    const report = pdf(250 * 1024, 2);
    for (const [code, name, bytes] of [
      [first!, 'Kế hoạch CCHC năm 2021.pdf', plan],
      [second!, 'Báo cáo kiểm tra văn bản.pdf', report],
    ] as const) {
      await unit.goto(sheet);
      await Promise.all([
        unit.waitForLoadState(),
        unit.click(`a[aria-label^="Tệp kiểm chứng mục ${code}:"]`),
      ]);
      expect(await unit.textContent('main')).toContain('Tối đa 20 MB mỗi tệp');
      expect(await violations(unit)).toEqual([]);
      if (bytes === plan)
        await unit.setInputFiles('#tep', { name, mimeType: 'application/pdf', buffer: bytes });
      else {
        // Dropped on the form, as from a file manager: chosen as if picked.
        // (As text: the page's own DataTransfer and DragEvent, which this test's types do not know.)
        await unit.evaluate(`(() => {
          const transfer = new DataTransfer();
          const binary = Uint8Array.from(atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))}), (c) => c.charCodeAt(0));
          transfer.items.add(new File([binary], ${JSON.stringify(name)}, { type: 'application/pdf' }));
          const form = document.querySelector('form[data-tien-do]');
          for (const kind of ['dragover', 'drop'])
            form.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        })()`);
        expect(await unit.textContent('[data-keo-tha]')).toBe(`Đã chọn 1 tệp: ${name}`);
      }
      // The page's script sends the form itself and shows its progress; the answer takes the page's place.
      const [sent] = await Promise.all([
        unit.waitForRequest((request) => request.method() === 'POST'),
        unit.click('button:text("Tải lên và đính kèm")'),
      ]);
      expect(sent.resourceType()).toBe('xhr');
      await unit.waitForSelector(`text=${name}: đã tải lên và đính kèm.`);
    }
    // The third item gets the plan again, from the files uploaded before: not sent a second time.
    await unit.goto(sheet);
    await Promise.all([unit.waitForLoadState(), unit.click(`a[aria-label^="Tệp kiểm chứng mục ${third}:"]`)]);
    await unit.check('label:text("Kế hoạch CCHC năm 2021.pdf") >> xpath=preceding-sibling::input');
    await Promise.all([unit.waitForLoadState(), unit.click('button:text("Đính kèm các tệp đã chọn")')]);
    expect(await unit.textContent('main')).toContain('1 tệp đính kèm');
    expect(await violations(unit)).toEqual([]);
    await unit.goto(sheet);
    for (const code of [first, second, third])
      expect(await unit.textContent(`a[aria-label^="Tệp kiểm chứng mục ${code}:"]`)).toBe('Tệp (1)');
    await unit.check('#xac-nhan-chot');
    await Promise.all([unit.waitForLoadState(), unit.click('button:text("Chốt điểm tự chấm")')]);
    expect(await unit.textContent('main')).toContain('Đơn vị đã chốt điểm tự chấm ngày');

    // The appraiser opens the items of the unit's self-assessment and downloads their files.
    const appraiser = await signedIn(KEYS.appraiser);
    for (const [code, bytes] of [
      [first!, plan],
      [second!, report],
      [third!, plan],
    ] as const) {
      await appraiser.goto(`${app.url}/app/dot/${ROUND}/don-vi/${UNIT}/tu-cham/tep/${code}`);
      const [download] = await Promise.all([
        appraiser.waitForEvent('download'),
        appraiser.click('table a[download]'),
      ]);
      expect(sha256(readFileSync((await download.path())!))).toBe(sha256(bytes));
    }
    // A PDF shown in the page instead: the browser's viewer in a frame, the file sandboxed.
    await appraiser.goto(`${app.url}/app/dot/${ROUND}/don-vi/${UNIT}/tu-cham/tep/${first}`);
    const [shown] = await Promise.all([
      appraiser.waitForResponse((response) => response.url().endsWith('?xem')),
      Promise.all([
        appraiser.waitForLoadState(),
        appraiser.click('a[aria-label="Xem tệp Kế hoạch CCHC năm 2021.pdf"]'),
      ]),
    ]);
    expect([shown.status(), shown.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(await appraiser.textContent('main')).toContain('Tệp PDF, 600 KB, do');
    expect(await violations(appraiser)).toEqual([]);
    expect(app.logs.filter((entry) => entry['msg'] === 'unexpected fault')).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { formatNumber, scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, submitForm, violations } from './browser-support.js';
import { type RunningApp, startApp, storeReady } from './e2e-support.js';

/**
 * The year of the reference district run from the pages alone (issue 25): from an empty store, the first
 * admin (the key of CCHC_API_KEYS) registers the 8 units, imports the communes' set from its decision annex
 * and stores the district's bundled set, makes two appraisers and assigns them, creates the Kon Rẫy 2021 round,
 * types each unit's self-assessment, has the appraisers appraise (causes and responsible agencies typed),
 * publishes with the report's details typed into the form, and downloads a report whose figures are the
 * reference's. No request but a browser's.
 */
const ADMIN_KEY = 'khoa-quan-tri-nam-danh-gia-0123456789';
const ROUND = 'kon-ray-2021';
const PASSWORD = 'mùa thu trên sông Đăk Bla';
const [districtSet, communeSet] = konRay2021.criteriaSets;
const { district, communes, report } = konRay2021;
const UNITS = [district, ...communes];
/**
 * Each unit's index as the reference's figures compute it (the report prints Đăk Ruồng's otherwise than its
 * areas add up: the reconciliation says so; the pages compute, they do not copy).
 */
const INDEX = new Map(
  unwrap(scoreDocuments(konRay2021)).map((result) => [result.unit.id, formatNumber(result.index)]),
);
/** A unit's group in the register: the district, the township, the communes. */
const groupOf = (unit: (typeof UNITS)[number]) =>
  unit === district ? 'huyện' : unit.unit.name.includes('thị trấn') ? 'thị trấn' : 'xã';
type Entry = {
  score?: string | number;
  max?: string | number;
  facts?: Record<string, string | number | boolean>;
  cause?: string;
  responsible?: string[];
};

let app: RunningApp;
let browser: Browser;

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${app.url}/app/dang-nhap`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await submitForm(page, '/app/dang-nhap');
}

const comma = (value: string | number) => String(value).replace('.', ',');

/** Types a layer's entries into a unit's sheet as an official would, field by field. */
async function typeEntries(page: Page, entries: Record<string, Entry>, withCauses: boolean) {
  for (const [code, entry] of Object.entries(entries)) {
    if (entry.max !== undefined) await page.fill(`input[name="m:${code}"]`, comma(entry.max));
    if (entry.score !== undefined) await page.fill(`input[name="s:${code}"]`, comma(entry.score));
    for (const [fact, value] of Object.entries(entry.facts ?? {})) {
      const field = `[name="f:${code}:${fact}"]`;
      if (typeof value === 'boolean') await page.selectOption(`select${field}`, value ? 'co' : 'khong');
      else await page.fill(`input${field}`, comma(value));
    }
    if (withCauses && entry.cause) await page.fill(`input[name="no:${code}"]`, entry.cause);
    if (withCauses && entry.responsible)
      await page.fill(`textarea[name="tn:${code}"]`, entry.responsible.join('\n'));
  }
}

describe.skipIf(!CHROMIUM)(
  'the reference district’s year in Chromium, from an empty store',
  { timeout: 300_000 },
  () => {
    beforeAll(async () => {
      app = await startApp({
        CCHC_API_KEYS: JSON.stringify([
          { name: 'Phòng Nội vụ huyện Kon Rẫy', role: 'admin', key: ADMIN_KEY },
        ]),
        CCHC_RENDER_WORKERS: '1',
      });
      await storeReady(app);
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('sets up, assesses, appraises and publishes the year with the reference figures', async () => {
      const admin = await (await browser.newContext({ acceptDownloads: true })).newPage();
      await signIn(admin, '', ADMIN_KEY);
      // An empty store says what comes first.
      expect(await admin.textContent('main')).toContain('Cần có: bộ tiêu chí');

      // The register: the district and its seven communes.
      for (const unit of UNITS) {
        await admin.goto(`${app.url}/app/don-vi`);
        await admin.fill('#ma', unit.unit.id);
        await admin.fill('#ten', unit.unit.name);
        await admin.fill('#nhom', groupOf(unit));
        await admin.fill('#truc-thuoc', unit === district ? 'UBND tỉnh Kon Tum' : 'UBND huyện Kon Rẫy');
        await submitForm(admin, '/app/don-vi');
      }

      // The sets: the district's bundled one stored, the communes' imported from its decision annex.
      await admin.goto(`${app.url}/app/bo-tieu-chi`);
      await admin.click(`button[aria-label="Lưu để dùng: ${districtSet!.title}"]`);
      await admin.waitForLoadState();
      await admin.goto(`${app.url}/app/bo-tieu-chi`);
      const annex = new ExcelJS.Workbook();
      const sheet = annex.addWorksheet('Phụ lục');
      sheet.addRow(['STT', 'Nội dung', 'Điểm tối đa']);
      for (const area of communeSet!.criteria as { code: string; name: string; max: number }[])
        sheet.addRow([area.code, area.name, area.max]);
      await admin.setInputFiles('#tep', {
        name: 'phu-luc-514.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await annex.xlsx.writeBuffer()),
      });
      await admin.fill('#ma', communeSet!.id);
      await admin.fill('#ten', communeSet!.title);
      await admin.fill('#co-quan', 'UBND huyện Kon Rẫy');
      await admin.fill('#so-qd', '514/QĐ-UBND');
      await admin.fill('#ngay-qd', '2021-11-12');
      await submitForm(admin, '/app/bo-tieu-chi/nhap');
      expect(await admin.textContent('main')).toContain('Đã lưu bộ tiêu chí.');
      expect(await violations(admin)).toEqual([]);

      // Two appraisers.
      const appraisers = ['tham.dinh.mot', 'tham.dinh.hai'];
      const oneTime = new Map<string, string>();
      for (const login of appraisers) {
        await admin.goto(`${app.url}/app/nguoi-dung`);
        await admin.fill('#ho-ten', `Thẩm định ${login}`);
        await admin.fill('#ten-dang-nhap', login);
        await admin.selectOption('#vai-tro', 'tham-dinh');
        await submitForm(admin, '/app/nguoi-dung');
        oneTime.set(login, (await admin.textContent('.mat-khau'))!.trim());
      }

      // The round, from the register, a set a group, its deadlines.
      await admin.goto(`${app.url}/app/dot/moi`);
      expect(await violations(admin)).toEqual([]);
      await admin.fill('#tieu-de', 'Đánh giá, xếp hạng CCHC năm 2021');
      await admin.fill('#nam', '2021');
      await admin.fill('#ma', ROUND);
      await admin.fill('#co-quan', 'UBND huyện Kon Rẫy');
      for (const [id, label] of await admin.$$eval('label[for^="bo-nhom-"]', (labels) =>
        labels.map((label) => [label.getAttribute('for') ?? '', label.textContent ?? '']),
      ))
        await admin.selectOption(`#${id}`, label.endsWith('huyện') ? districtSet!.id : communeSet!.id);
      await admin.fill('#han-tu-cham', '2099-01-20');
      await admin.fill('#han-tham-dinh', '2099-01-31');
      await admin.fill('#han-khac-phuc', '2099-03-31');
      await submitForm(admin, '/app/dot/moi');
      expect(await admin.textContent('main')).toContain('0/8 đơn vị đã chốt điểm tự chấm');
      expect(await violations(admin)).toEqual([]);

      // The assignment: the first appraiser the district and three communes, the second the other four.
      await admin.goto(`${app.url}/app/dot/${ROUND}/phan-cong`);
      const firstShare = new Set([district, ...communes.slice(0, 3)].map((unit) => unit.unit.id));
      for (const unit of UNITS)
        await admin.check(
          `input[name="dv:${firstShare.has(unit.unit.id) ? appraisers[0] : appraisers[1]}"][value="${unit.unit.id}"]`,
        );
      await submitForm(admin, `/app/dot/${ROUND}/phan-cong`);
      expect(await admin.textContent('main')).toContain('2 người thẩm định được phân công');

      // Each unit's self-assessment, typed in its sheet.
      for (const unit of UNITS) {
        await admin.goto(`${app.url}/app/dot/${ROUND}/don-vi/${unit.unit.id}/tu-cham`);
        await typeEntries(admin, unit.entries as Record<string, Entry>, false);
        if ((unit as { unscored?: string }).unscored === 'full') await admin.selectOption('#chua-cham', 'du');
        await Promise.all([
          admin.waitForURL(/\?luu=/),
          admin.click('form:has(input[name="phien-ban"]) button:not([name])'),
        ]);
        expect(await admin.textContent('main')).toContain(`chỉ số ${INDEX.get(unit.unit.id)}`);
      }

      // The appraisers: each signs in, copies the self-assessment of a unit assigned, types causes and agencies.
      for (const login of appraisers) {
        const page = await (await browser.newContext()).newPage();
        await signIn(page, login, oneTime.get(login)!);
        await page.fill('#hien-tai', oneTime.get(login)!);
        await page.fill('#moi', PASSWORD);
        await page.fill('#nhap-lai', PASSWORD);
        await submitForm(page, '/app/doi-mat-khau');
        await page.goto(`${app.url}/app/dot/${ROUND}/tham-dinh`);
        const listed = UNITS.filter((unit) => (login === appraisers[0]) === firstShare.has(unit.unit.id));
        for (const unit of UNITS)
          expect([unit.unit.id, (await page.textContent('main'))!.includes(unit.unit.name)]).toEqual([
            unit.unit.id,
            listed.includes(unit),
          ]);
        for (const unit of listed) {
          await page.goto(`${app.url}/app/dot/${ROUND}/don-vi/${unit.unit.id}/tham-dinh`);
          await Promise.all([page.waitForLoadState(), page.click('button[name="sao-chep"]')]);
          await typeEntries(page, unit.entries as Record<string, Entry>, true);
          await Promise.all([
            page.waitForURL(/\?luu=/),
            page.click('form:has(input[name="phien-ban"]) button:not([name])'),
          ]);
        }
      }

      // Publication, the report's details typed into the form, previewed, then published.
      await admin.goto(`${app.url}/app/dot/${ROUND}/cong-bo`);
      await admin.fill('#co-quan', report.issuer.join('\n'));
      await admin.fill('#so', report.number);
      await admin.fill('#dia-danh', report.place);
      await admin.fill('#nam-bao-cao', String(report.year));
      await admin.fill('#trich-yeu', report.title);
      await admin.fill('#mo-dau', report.introduction!);
      await admin.selectOption('#phan-mot', report.subject!.unit);
      await admin.fill('#phan-mot-goi', report.subject!.label);
      await admin.fill('#phan-mot-chi-so', report.subject!.indexOwner);
      // Section IV a line each: its addressee, its text, and the date its {hạn} stands for.
      for (const [position, item] of report.implementation!.items.entries()) {
        await admin.fill(`#iv-doi-tuong-${position + 1}`, item.heading!);
        await admin.fill(`#iv-noi-dung-${position + 1}`, item.text.replaceAll('{deadline}', '{hạn}'));
        await admin.fill(`#iv-han-${position + 1}`, item.deadline!);
      }
      await admin.fill('#ket-luan', report.closing!);
      await admin.fill('#noi-nhan', report.recipients!.join('\n'));
      await admin.fill('#chuc-danh', report.signature!.lines.join('\n'));
      await admin.fill('#nguoi-ky', report.signature!.name);
      await Promise.all([admin.waitForLoadState(), admin.click('button[name="xem-truoc"]')]);
      const preview = (await admin.textContent('.ban-xem-truoc'))!;
      for (const part of ['I.', 'II.', 'III.', 'PHỤ LỤC', report.signature!.name, '85,74', '66,09'])
        expect([part, preview.includes(part)]).toEqual([part, true]);
      expect(await violations(admin)).toEqual([]);
      await admin.check('#xac-nhan-cong-bo');
      await Promise.all([admin.waitForLoadState(), admin.click('button:text("Công bố kết quả")')]);
      const [docx] = await Promise.all([
        admin.waitForEvent('download'),
        admin.click('text=Tải báo cáo (DOCX)'),
      ]);
      const xml = new TextDecoder().decode(
        unzipSync(new Uint8Array(readFileSync((await docx.path())!)))['word/document.xml'],
      );
      const text = xml.replace(/<[^>]+>/g, '');
      // Every unit's index and class as the reference publishes them, the sections and the signature.
      for (const unit of UNITS)
        expect([unit.unit.id, text.includes(INDEX.get(unit.unit.id)!)]).toEqual([unit.unit.id, true]);
      for (const part of [
        'I. ',
        'II. ',
        'III. ',
        'IV. TỔ CHỨC, THỰC HIỆN',
        '1. Đối với các phòng, ban chuyên môn thuộc UBND huyện: ',
        'trước ngày 12/8/2022',
        '3. Giao Phòng Nội vụ huyện: ',
        'trước ngày 15/8/2022',
        report.closing!,
        'PHỤ LỤC',
        report.signature!.name,
        'Lưu: VT.',
      ])
        expect([part, text.includes(part)]).toEqual([part, true]);

      // Remediation: the admin gives area 2's drafted task as the reference does, the agency reports on it,
      // and a commune's item gets its plan; the follow-up and the report's section III say so.
      const task = konRay2021.remediation.tasks.find((candidate) => candidate.area === '2')!;
      await admin.goto(`${app.url}/app/nguoi-dung`);
      await admin.fill('#ho-ten', 'Cán bộ Phòng Tư pháp');
      await admin.fill('#ten-dang-nhap', 'tu.phap');
      await admin.selectOption('#vai-tro', 'co-quan');
      await admin.fill('#co-quan', task.lead[0]!);
      await submitForm(admin, '/app/nguoi-dung');
      const agencyPassword = (await admin.textContent('.mat-khau'))!.trim();
      await admin.goto(`${app.url}/app/dot/${ROUND}/khac-phuc`);
      expect(await violations(admin)).toEqual([]);
      const drafted = await admin.$$eval('a[href*="/khac-phuc/nhiem-vu/"]', (links) =>
        links.map((link) => [link.getAttribute('href') ?? '', link.closest('li')?.textContent ?? '']),
      );
      const taskLink = (drafted.find(([, line]) => line.includes('văn bản quy phạm pháp luật')) ??
        drafted[1]!)[0]!;
      await admin.goto(`${app.url}${taskLink}`);
      expect(await violations(admin)).toEqual([]);
      await admin.fill('#tieu-de', task.heading!);
      await admin.fill('#nhiem-vu-noi-dung', task.text);
      await admin.fill('#chu-tri', task.lead.join('\n'));
      await admin.fill('#cach-ghi', task.leadText!);
      await admin.fill('#han', task.deadline!);
      await submitForm(admin, taskLink);
      expect(await admin.textContent('main')).toContain(task.text);

      const agency = await (await browser.newContext()).newPage();
      await signIn(agency, 'tu.phap', agencyPassword);
      await agency.fill('#hien-tai', agencyPassword);
      await agency.fill('#moi', PASSWORD);
      await agency.fill('#nhap-lai', PASSWORD);
      await submitForm(agency, '/app/doi-mat-khau');
      await agency.goto(`${app.url}/app/dot/${ROUND}/khac-phuc`);
      await Promise.all([agency.waitForLoadState(), agency.click('text=Báo cáo kết quả')]);
      expect(await violations(agency)).toEqual([]);
      await agency.selectOption('#tinh-trang', 'done');
      await agency.fill('#ghi-chu', 'Đã ban hành kế hoạch theo dõi thi hành pháp luật năm 2022');
      await Promise.all([agency.waitForLoadState(), agency.click('button:text("Gửi báo cáo")')]);
      expect(await agency.textContent('main')).toContain('Đã hoàn thành');

      await admin.goto(`${app.url}/app/dot/${ROUND}/khac-phuc`);
      const planLinks = await admin.$$eval('a[href*="/khac-phuc/don-vi/"]', (links) =>
        links.map((link) => link.getAttribute('href') ?? ''),
      );
      await admin.goto(`${app.url}${planLinks[0]}`);
      expect(await violations(admin)).toEqual([]);
      await admin.fill('#bien-phap', 'Ban hành kế hoạch khắc phục, báo cáo đúng hạn từ quý I năm 2022');
      await admin.fill('#han', '2022-03-31');
      await Promise.all([admin.waitForLoadState(), admin.click('button:text("Gửi kế hoạch")')]);
      expect(await admin.textContent('main')).toContain('Đúng hạn');

      // The report now carries the task as the admin gave it, in section III.
      await admin.goto(`${app.url}/app/dot/${ROUND}/cong-bo`);
      const [again] = await Promise.all([
        admin.waitForEvent('download'),
        admin.click('text=Tải báo cáo (DOCX)'),
      ]);
      const withTask = new TextDecoder()
        .decode(unzipSync(new Uint8Array(readFileSync((await again.path())!)))['word/document.xml'])
        .replace(/<[^>]+>/g, '');
      expect(withTask).toContain(task.text);
    });

    it('prepares next year: the district’s set copied and edited, a round copied with it, its sheet showing the change', async () => {
      // Continues the year above: its set is in use, so it is copied, not changed.
      const admin = await (await browser.newContext()).newPage();
      await signIn(admin, '', ADMIN_KEY);
      const nextSet = 'kon-tum-2022-huyen';
      await admin.goto(`${app.url}/app/bo-tieu-chi/${districtSet!.id}`);
      expect(await admin.textContent('main')).toContain('Bộ đang dùng chỉ xem');
      expect(await admin.$('a:text("Sửa bộ tiêu chí")')).toBeNull();
      await Promise.all([admin.waitForLoadState(), admin.click('a:text("Sao chép thành bộ mới")')]);
      expect(await violations(admin)).toEqual([]);
      await admin.fill('#ma-moi', nextSet);
      await admin.fill('#ten-moi', 'Bộ tiêu chí Chỉ số CCHC của UBND các huyện năm 2022');
      await submitForm(admin, `/app/bo-tieu-chi/${districtSet!.id}/sao-chep`);
      expect(await admin.textContent('main')).toContain('Đã tạo bản sao');
      expect(await violations(admin)).toEqual([]);

      // A maximum in words is refused at its item, the list linking to the field; then the right one.
      const edit = `/app/bo-tieu-chi/${nextSet}/sua`;
      await admin.fill('[id="o-diem-1.4.2"]', 'bốn');
      await submitForm(admin, edit);
      expect(await admin.getAttribute('[id="o-diem-1.4.2"]', 'aria-invalid')).toBe('true');
      await admin.click('a[href="#o-diem-1.4.2"]');
      expect(await admin.evaluate('document.activeElement?.id')).toBe('o-diem-1.4.2');
      expect(await violations(admin)).toEqual([]);
      await admin.fill('[id="o-diem-1.4.2"]', '4');
      await admin.fill('[id="o-tlkc-1.4.2"]', 'Kế hoạch tuyên truyền CCHC năm 2022; các báo cáo kết quả');
      await submitForm(admin, edit);
      expect(await admin.textContent('main')).toContain('Đã lưu các thay đổi');

      // The item's rule: chosen by its name, its parameters shown, typed, saved.
      await Promise.all([admin.waitForLoadState(), admin.click('a[aria-label="Sửa cách tính mục 1.4.2"]')]);
      await admin.selectOption('#cach', { label: 'Theo mức đánh giá' });
      await Promise.all([admin.waitForLoadState(), admin.click('button[value="doi"]')]);
      await admin.fill('textarea[name="ts:levels"]', 'Đa dạng: 100\nCó tuyên truyền: 50\nKhông có: 0');
      expect(await violations(admin)).toEqual([]);
      await Promise.all([admin.waitForLoadState(), admin.click('button[value="luu"]')]);
      expect(await admin.textContent('main')).toContain('Đã lưu các thay đổi');

      // Next year's round, copied from this year's, the district on the new set.
      await admin.goto(`${app.url}/app/dot/moi?tu=${ROUND}`);
      for (const [id, label] of await admin.$$eval('label[for^="bo-nhom-"]', (labels) =>
        labels.map((label) => [label.getAttribute('for') ?? '', label.textContent ?? '']),
      ))
        if (label.endsWith('huyện')) await admin.selectOption(`#${id}`, nextSet);
      await admin.fill('#han-tu-cham', '2099-12-20');
      await admin.fill('#han-tham-dinh', '2099-12-31');
      await submitForm(admin, '/app/dot/moi');
      expect(await admin.textContent('main')).toContain('0/8 đơn vị đã chốt điểm tự chấm');

      // The district's sheet: the new maximum, the evidence beside the item, the levels to choose from.
      await admin.goto(`${app.url}/app/dot/kon-ray-2022/don-vi/${district.unit.id}/tu-cham`);
      const sheet = (await admin.textContent('main'))!;
      expect(sheet).toContain('Kế hoạch tuyên truyền CCHC năm 2022; các báo cáo kết quả');
      expect(
        await admin.$$eval('select[name="f:1.4.2:level"] option', (options) =>
          options.map((option) => option.textContent),
        ),
      ).toEqual(expect.arrayContaining(['Đa dạng', 'Có tuyên truyền', 'Không có']));
      // And the new set is now read-only in its turn.
      await admin.goto(`${app.url}/app/bo-tieu-chi/${nextSet}`);
      expect(await admin.$('a:text("Sửa bộ tiêu chí")')).toBeNull();
    });
  },
);

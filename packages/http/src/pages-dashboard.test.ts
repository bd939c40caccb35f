import { Decimal, formatNumber, responsibilityLedger, scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './index.js';
import { rankingCharts } from './pages/dashboard.js';
import { browserOf } from './pages-test-support.js';

const admin = { name: 'Phòng Nội vụ', role: { kind: 'admin' } } as const;
const KEYS = { admin: 'khoa-quan-tri-0123456789', unit: 'khoa-xa-0123456789' };
const ROUND = 'kon-ray-2021';
const { district, communes } = konRay2021;
const UNITS = [district, ...communes];
let rounds: Rounds;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const clock = () => new Date('2022-01-10T03:00:00Z');
  rounds = await openRounds({ sql: await openEmbedded(), now: clock });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: admin.name, role: 'admin', key: KEYS.admin },
      { name: communes[0]!.unit.name, role: `unit:${communes[0]!.unit.id}`, key: KEYS.unit },
    ]),
    sessionSecret: 'bí mật của phiên',
    now: clock,
  });
  for (const set of konRay2021.criteriaSets) await rounds.putCriteriaSet(admin, set.id, set);
  await rounds.putRound(admin, ROUND, {
    title: 'Đánh giá CCHC năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: UNITS.map((unit) => ({ id: unit.unit.id, name: unit.unit.name, criteriaSet: unit.criteriaSet })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
  // The reference's entries as appraised; as self-assessed, one more point in area 1 for the first commune.
  for (const unit of UNITS) {
    const claimed =
      unit === communes[0]
        ? { ...unit.entries, '1': { ...(unit.entries as Record<string, object>)['1'], score: '25' } }
        : unit.entries;
    await rounds.putLayer(admin, ROUND, unit.unit.id, 'self', { entries: claimed, unscored: unit.unscored });
    await rounds.putLayer(admin, ROUND, unit.unit.id, 'appraised', {
      entries: unit.entries,
      unscored: unit.unscored,
    });
  }
  await rounds.submit(admin, ROUND, communes[0]!.unit.id);
}, 60_000);
afterAll(() => rounds.close());

/** Text as the page wrote it in markup, read back. */
const unescaped = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : "'",
  );

/** The marks of one chart: each `data-nhan` with its `data-gia-tri`, in the order drawn. */
const marksOf = (page: string, id: string) => {
  const figure = new RegExp(`<figure class="bieu-do" id="${id}".*?</figure>`, 's').exec(page)?.[0] ?? '';
  const svg = /<svg.*?<\/svg>/s.exec(figure)?.[0] ?? '';
  const table = /<table>.*?<\/table>/s.exec(figure)?.[0] ?? '';
  return {
    marks: [...svg.matchAll(/data-nhan="([^"]*)" data-gia-tri="([^"]*)"/g)].map(([, name, value]) => [
      unescaped(name!),
      value!,
    ]),
    rows: [...table.matchAll(/<tr>(.*?)<\/tr>/gs)]
      .map(([, row]) => [...row!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(([, cell]) => cell!))
      .filter((cells) => cells.length > 0),
    svg,
  };
};

describe('the round’s dashboard', () => {
  it('draws every chart from the results: each mark and each row of its table is a figure of the round', async () => {
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    const page = (await user.request('GET', `/app/dot/${ROUND}/tong-quan`)).text;
    const { results } = await rounds.results(admin, ROUND);
    for (const set of konRay2021.criteriaSets) {
      const ranked = results.filter((result) => result.criteriaSet.id === set.id);
      const chart = marksOf(page, `xep-hang-${set.id}`);
      // Bars in the order of the ranking, each the unit's index; the table the same, as the page says numbers.
      expect(chart.marks).toEqual(ranked.map((result) => [result.unit.name, result.index]));
      expect(chart.rows).toEqual(
        ranked.map((result, position) => [
          String(position + 1),
          result.unit.name,
          formatNumber(result.index),
          result.classification ?? '',
        ]),
      );
      expect(chart.svg).toContain(`<title>${ranked[0]!.unit.name}: ${formatNumber(ranked[0]!.index)}`);
    }
    // Self-assessed and appraised: the commune that claimed more comes first, its two indices joined.
    const pairs = marksOf(page, 'tu-cham-tham-dinh');
    const first = results.find((result) => result.unit.id === communes[0]!.unit.id)!;
    expect(pairs.marks.slice(0, 2)).toEqual([
      [first.unit.name, first.self!.index],
      [first.unit.name, first.index],
    ]);
    expect(pairs.rows[0]).toEqual([
      first.unit.name,
      formatNumber(first.self!.index),
      formatNumber(first.index),
      formatNumber((Number(first.index) - Number(first.self!.index)).toFixed(2)),
    ]);
    // Progress: one unit submitted, every unit appraised.
    const progress = marksOf(page, 'tien-do');
    expect(progress.marks).toContainEqual(['Tự chấm điểm: Đã xong', '1']);
    expect(progress.marks).toContainEqual(['Thẩm định: Đã xong', String(UNITS.length)]);
    // The areas: each cell the unit's area as scored.
    const heat = /<figure class="bieu-do" id="theo-linh-vuc".*?<\/figure>/s.exec(page)?.[0] ?? '';
    for (const result of results)
      for (const node of result.nodes ?? [])
        if (node.achieved !== null)
          expect(heat).toContain(`data-gia-tri="${node.achieved}" data-toi-da="${node.max}"`);
    expect(page).toContain('Các đơn vị mất nhiều điểm nhất ở lĩnh vực');
    // Points lost per agency: the core's ledger of the reference's results, agency by agency.
    const ledger = responsibilityLedger(unwrap(scoreDocuments(konRay2021)));
    expect(marksOf(page, 'theo-co-quan').marks).toEqual(
      ledger.accounts.map((account) => [account.agency ?? '(chưa xác định cơ quan)', account.lost.toFixed()]),
    );
  });

  it('is the appraisers’ and the admin’s: a unit is told so', async () => {
    const user = browserOf(app);
    await user.signIn(KEYS.unit);
    const answer = await user.request('GET', `/app/dot/${ROUND}/tong-quan`);
    expect(answer.response.status).toBe(403);
  });
});

describe('the public results page', () => {
  it('shows a published round only once the admin shares it, as published, answered from its ETag', async () => {
    const anyone = (headers: Record<string, string> = {}) =>
      app.request(`/app/cong-khai/${ROUND}`, { headers });
    expect((await anyone()).status).toBe(404);
    await rounds.publish(admin, ROUND);
    // Published, not shared: still not there.
    expect((await anyone()).status).toBe(404);
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    const publication = await user.request('GET', `/app/dot/${ROUND}/cong-bo`);
    expect(publication.text).toContain('Chưa công khai.');
    const shared = await user.request('POST', `/app/dot/${ROUND}/cong-khai`, {
      _csrf: user.tokenIn(publication.text),
      'cong-khai': '1',
    });
    expect(shared.response.status).toBe(303);

    const page = await anyone();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await page.text();
    const { results } = await rounds.results(admin, ROUND);
    for (const set of konRay2021.criteriaSets)
      expect(marksOf(text, `xep-hang-${set.id}`).marks).toEqual(
        results
          .filter((result) => result.criteriaSet.id === set.id)
          .map((result) => [result.unit.name, result.index]),
      );
    // Each unit's criteria with the appraisers' comments; nothing of the self-assessment.
    const district = results.find((result) => result.unit.id === konRay2021.district.unit.id)!;
    const lost = district.nodes!.flatMap((area) => area.children ?? []).find((node) => node.cause);
    expect(text).toContain(lost!.cause!);
    const claimed = results.find((result) => result.unit.id === communes[0]!.unit.id)!.self!;
    expect(text).not.toContain('Chỉ số tự chấm');
    expect(text).not.toContain(formatNumber(claimed.index));
    // Citizens find it from the sign-in page.
    const signIn = async () => (await app.request('/app/dang-nhap')).text();
    expect(await signIn()).toContain(`<a href="/app/cong-khai/${ROUND}">Đánh giá CCHC năm 2021</a>`);
    // The same publication and sharing: 304, nothing sent.
    const again = await anyone({ 'if-none-match': page.headers.get('etag')! });
    expect([again.status, await again.text()]).toEqual([304, '']);

    const withdrawn = await user.request('POST', `/app/dot/${ROUND}/cong-khai`, {
      _csrf: user.tokenIn(publication.text),
      'cong-khai': '0',
    });
    expect(withdrawn.response.status).toBe(303);
    expect((await anyone({ 'if-none-match': page.headers.get('etag')! })).status).toBe(404);
    expect(await signIn()).not.toContain('/app/cong-khai/');
  });
});

describe('the years on the dashboard', () => {
  it('follows the same units from the reference year to a second year: the trend and the comparison table', async () => {
    // A second year: the same units and entries, the township's area 2 now in full (9 of 9 instead of 5).
    const rve = communes.find((commune) => commune.unit.id === 'dak-rve')!;
    await rounds.putRound(admin, 'kon-ray-2022', {
      title: 'Đánh giá CCHC năm 2022',
      period: 2022,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: UNITS.map((unit) => ({ id: unit.unit.id, name: unit.unit.name, criteriaSet: unit.criteriaSet })),
      deadlines: { self: '2023-01-20', appraisal: '2023-01-31' },
    });
    for (const unit of UNITS) {
      const entries =
        unit === rve
          ? { ...unit.entries, '2': { ...(unit.entries as Record<string, object>)['2'], score: '9' } }
          : unit.entries;
      await rounds.putLayer(admin, 'kon-ray-2022', unit.unit.id, 'appraised', {
        entries,
        unscored: unit.unscored,
      });
    }
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    const page = (await user.request('GET', '/app/dot/kon-ray-2022/tong-quan')).text;
    const average = async (round: string) => {
      const { results } = await rounds.results(admin, round);
      const sum = results.reduce((total, result) => total.plus(result.index), new Decimal(0));
      return sum.dividedBy(results.length).toDecimalPlaces(2).toFixed();
    };
    const trend = marksOf(page, 'qua-cac-nam');
    expect(trend.marks).toEqual([
      ['2021', await average(ROUND)],
      ['2022', await average('kon-ray-2022')],
    ]);
    const [before, after] = [
      (await rounds.results(admin, ROUND)).results.find((result) => result.unit.id === rve.unit.id)!,
      (await rounds.results(admin, 'kon-ray-2022')).results.find((result) => result.unit.id === rve.unit.id)!,
    ];
    expect(page).toContain(
      `<tr><th scope="row">${rve.unit.name}</th><td class="so">${formatNumber(before.index)} (${before.classification})</td><td class="so">${formatNumber(after.index)} (${after.classification})</td></tr>`,
    );
    // Area 2 of all the units, year by year: four points more in the second.
    const areas = /<figure class="bieu-do" id="linh-vuc-qua-cac-nam".*?<\/figure>/s.exec(page)?.[0] ?? '';
    const areaTwo = /<tr><th scope="row">2\. .*?<\/tr>/s.exec(areas)?.[0] ?? '';
    const [first, second] = [...areaTwo.matchAll(/data-gia-tri="([^"]*)"/g)].map(([, value]) =>
      Number(value),
    );
    expect(second! - first!).toBe(4);

    // The unit's own page: its index over the two years, once the second is published.
    await rounds.publish(admin, 'kon-ray-2022');
    const own = (await user.request('GET', `/app/dot/kon-ray-2022/don-vi/${rve.unit.id}/ket-qua`)).text;
    expect(marksOf(own, 'don-vi-qua-cac-nam').marks).toEqual([
      ['2021', before.index],
      ['2022', after.index],
    ]);
    // And, where it has both layers, its areas self-assessed and appraised as shares of their maximum.
    const claimed = (await user.request('GET', `/app/dot/${ROUND}/don-vi/${communes[0]!.unit.id}/ket-qua`))
      .text;
    const share = (achieved: string, max: string) =>
      new Decimal(achieved.replace(',', '.'))
        .dividedBy(max.replace(',', '.'))
        .times(100)
        .toDecimalPlaces(2)
        .toFixed();
    const area = (communes[0]!.entries as Record<string, { score: string; max: string }>)['1']!;
    expect(marksOf(claimed, 'linh-vuc-don-vi').marks.slice(0, 2)).toEqual([
      [`1. ${konRay2021.criteriaSets[1]!.criteria[0]!.name}`, share('25', String(area.max))],
      [`1. ${konRay2021.criteriaSets[1]!.criteria[0]!.name}`, share(String(area.score), String(area.max))],
    ]);
  });
});

describe('the remediation on the dashboard', () => {
  it('counts each unit’s plans and each agency’s tasks as the follow-up does', async () => {
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    const page = (await user.request('GET', `/app/dot/${ROUND}/tong-quan`)).text;
    const state = await rounds.followUp(admin, ROUND);
    const expected = state.units
      .filter((unit) => unit.counts.items > 0)
      .flatMap((unit) =>
        (
          [
            ['Đúng hạn', unit.counts.onTime],
            ['Chậm', unit.counts.late],
            ['Chưa gửi', unit.counts.missing],
            ['Chưa đến hạn', unit.counts.pending],
          ] as const
        )
          .filter(([, count]) => count > 0)
          .map(([name, count]) => [`${unit.name}: ${name}`, String(count)]),
      );
    expect(expected.length).toBeGreaterThan(0);
    expect(marksOf(page, 'khac-phuc-don-vi').marks).toEqual(expected);
  });
});

describe('the ranking chart’s choices', () => {
  it('draws the target line the reader sets, and ranks each group of units apart when asked', async () => {
    const user = browserOf(app);
    await user.signIn(KEYS.admin);
    const page = (await user.request('GET', `/app/dot/${ROUND}/tong-quan?muc-tieu=81,5`)).text;
    const communeChart =
      /<figure class="bieu-do" id="xep-hang-kon-ray-2021-xa".*?<\/figure>/s.exec(page)?.[0] ?? '';
    expect(communeChart).toContain('<g class="muc-tieu"><line');
    expect(communeChart).toContain('data-gia-tri="81.5"');
    const { results } = await rounds.results(admin, ROUND);
    const below = results.filter(
      (result) => result.criteriaSet.id === 'kon-ray-2021-xa' && Number(result.index) < 81.5,
    ).length;
    expect(communeChart).toContain(`${below} đơn vị dưới mục tiêu 81,5.`);
    // The township in a group of its own: two charts for the communes' set, each with its own units.
    const grouped = results.map((result) => ({
      ...result,
      unit: { ...result.unit, group: result.unit.id === 'dak-rve' ? 'thị trấn' : 'xã' },
    }));
    const charts = rankingCharts(grouped, () => [], { byGroup: true }).map((chart) => chart.text);
    const titles = charts.map((chart) => /<strong id="[^"]*-tieu-de">([^<]*)</.exec(chart)?.[1]);
    expect(titles.filter((title) => title?.includes('các xã, thị trấn'))).toEqual([
      expect.stringMatching(/, nhóm xã$/),
      expect.stringMatching(/, nhóm thị trấn$/),
    ]);
    expect(charts.find((chart) => chart.includes('nhóm thị trấn'))).toContain(
      'data-nhan="UBND thị trấn Đắk Rve"',
    );
  });
});

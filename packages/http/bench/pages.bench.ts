/**
 * Pages benchmark. First, the admin's screens of a round of 150 units (issue 25: each under 100 ms of server
 * time): the overview, the round's management, the assignment, the appraisal list, a new round's form, the
 * criteria sets, a set's tree and a draft set's editor, the publication page, the dashboard of charts, and after
 * publication the follow-up and the public results page (in full, and from its ETag: issue 28, under 5 ms); each against
 * the same baseline as the sheet below. Then the self-assessment sheet of a unit of a 100-sub-criteria set (8 areas, 40 criteria),
 * rendered by the server with every entry stored, through `app.request` on an embedded store: the time
 * to answer, its size, and, as the baseline in the same process, the same unit's layer as JSON from the
 * API (`GET …/self`), which reads and scores the same stored document.
 * Run: npm run bench (in packages/http, or at the root).
 */
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds } from '@cchc/rounds';
import { createApp, plannedReminders } from '../src/index.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 100);
const KEY = 'khoa-quan-tri-0123456789';
const admin = { name: 'Quản trị', role: { kind: 'admin' } } as const;

// 8 areas × 5 criteria × 2–3 sub-criteria: 100 leaves, each scored directly.
const leaves: string[] = [];
const set = {
  id: 'tram-tieu-chi',
  title: 'Bộ tiêu chí 100 tiêu chí thành phần',
  classes: [
    { label: 'Tốt', min: 80 },
    { label: 'Khá', min: 0 },
  ],
  criteria: Array.from({ length: 8 }, (_, a) => ({
    code: `${a + 1}`,
    name: `Lĩnh vực ${a + 1}: cải cách hành chính`,
    children: Array.from({ length: 5 }, (_, b) => ({
      code: `${a + 1}.${b + 1}`,
      name: `Tiêu chí ${a + 1}.${b + 1}`,
      children: Array.from({ length: a * 5 + b < 20 ? 3 : 2 }, (_, c) => {
        const code = `${a + 1}.${b + 1}.${c + 1}`;
        leaves.push(code);
        return { code, name: `Tiêu chí thành phần ${code} về công tác chỉ đạo, điều hành`, max: 1 };
      }),
    })),
  })),
};

const rounds = await openRounds({ sql: await openEmbedded() });
const app = createApp({
  rounds,
  keys: keyRing([{ name: 'Quản trị', role: 'admin', key: KEY }]),
  sessionSecret: 'bench',
});
await rounds.putCriteriaSet(admin, set.id, set);
await rounds.putRound(admin, 'r', {
  title: 'Đợt',
  period: 2021,
  authority: { name: 'UBND huyện' },
  units: [{ id: 'xa', name: 'UBND xã', criteriaSet: set.id }],
  deadlines: { self: '2099-01-01', appraisal: '2099-01-31' },
});
await rounds.putLayer(admin, 'r', 'xa', 'self', {
  entries: Object.fromEntries(
    leaves.map((code, position) => [code, { score: position % 4 === 0 ? '0,75' : 1, note: 'Đủ hồ sơ' }]),
  ),
});
const login = await app.request('/app/dang-nhap');
const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
const signed = await app.request('/app/dang-nhap', {
  method: 'POST',
  headers: {
    cookie: login.headers.getSetCookie()[0]!.split(';')[0]!,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ _csrf: token, khoa: KEY }).toString(),
});
const cookie = signed.headers
  .getSetCookie()
  .find((line) => line.startsWith('cchc_phien='))!
  .split(';')[0]!;

async function timed(path: string, headers: Record<string, string>) {
  let bytes = 0;
  for (let run = 0; run < 20; run++) await (await app.request(path, { headers })).text();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await app.request(path, { headers });
    bytes = (await response.text()).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1]!, p99: times[Math.floor(times.length * 0.99)]!, bytes };
}

const sheet = await timed('/app/dot/r/don-vi/xa/tu-cham', { cookie });
const json = await timed('/v1/rounds/r/units/xa/self', { authorization: `Bearer ${KEY}` });
const show = (name: string, figures: { median: number; p99: number; bytes: number }) =>
  console.log(
    `  ${name.padEnd(58)} median ${figures.median.toFixed(1)} ms  p99 ${figures.p99.toFixed(1)} ms  ${Math.round(figures.bytes / 1024)} KB`,
  );
console.log(
  `cchc pages benchmark: ${leaves.length} sub-criteria, ${RUNS} runs each, embedded store, app.request`,
);
show('baseline: GET …/self (the layer as JSON)', json);
show('the self-assessment sheet page', sheet);

// A round of 150 units, each with both layers, on the reference's commune set.
const [, communeSet] = konRay2021.criteriaSets;
const [commune] = konRay2021.communes;
const many = Array.from({ length: 150 }, (_, at) => ({ id: `xa-${at + 1}`, name: `UBND xã số ${at + 1}` }));
await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
for (const unit of many) await rounds.putUnit(admin, unit.id, { name: unit.name, group: 'xã' });
await rounds.putRound(admin, 'r150', {
  title: 'Đợt 150 đơn vị',
  period: 2021,
  authority: { name: 'UBND huyện' },
  units: many.map((unit) => ({ ...unit, criteriaSet: communeSet!.id })),
  deadlines: { self: '2099-01-01', appraisal: '2099-01-31', remediation: '2099-03-31' },
});
// Ten appraisers, each with a fieldset of the 150 units on the assignment screen.
for (let person = 1; person <= 10; person++)
  await rounds.putAccount(admin, `tham.dinh.${person}`, { name: `Thẩm định ${person}`, role: 'appraiser' });
for (const unit of many)
  for (const layer of ['self', 'appraised'] as const)
    await rounds.putLayer(admin, 'r150', unit.id, layer, { entries: commune!.entries });
// A draft of next year's set, not in use: the editor's form of its 100 items.
await rounds.putCriteriaSet(admin, `${set.id}-nhap`, { ...set, id: `${set.id}-nhap` });
const screens = [
  ['/app (overview, two rounds)', '/app'],
  ['/app/dot/r150/quan-ly', '/app/dot/r150/quan-ly'],
  ['/app/dot/r150/phan-cong (10 appraisers)', '/app/dot/r150/phan-cong'],
  ['/app/dot/r150/tham-dinh', '/app/dot/r150/tham-dinh'],
  ['/app/dot/r150/tong-quan (dashboard, its charts)', '/app/dot/r150/tong-quan'],
  ['/app/dot/moi (150 units of the register)', '/app/dot/moi'],
  ['/app/bo-tieu-chi', '/app/bo-tieu-chi'],
  [`/app/bo-tieu-chi/${set.id} (100 items)`, `/app/bo-tieu-chi/${set.id}`],
  [`/app/bo-tieu-chi/${set.id}-nhap/sua (editor, 100 items)`, `/app/bo-tieu-chi/${set.id}-nhap/sua`],
  ['/app/dot/r150/cong-bo', '/app/dot/r150/cong-bo'],
] as const;
console.log(`  the admin's screens of a round of ${many.length} units (target: under 100 ms each):`);
const ratios: number[] = [];
for (const [name, path] of screens) {
  const figures = await timed(path, { cookie });
  ratios.push(figures.median / json.median);
  show(name, figures);
}
// Reminders by email planned for a person a unit, each with an email (what every app process does each minute).
for (const unit of many)
  await rounds.putAccount(admin, `vp.${unit.id}`, {
    name: `Văn phòng ${unit.name}`,
    email: `vanphong@${unit.id}.example`,
    role: `unit:${unit.id}`,
  });
const planning: number[] = [];
for (let run = 0; run < 5; run++) {
  const started = performance.now();
  await plannedReminders(rounds, admin, new Date(), { publicUrl: 'https://cchc.example' });
  planning.push(performance.now() - started);
}
const planned = planning.sort((a, b) => a - b)[2]!;
const accounts = (await rounds.listAccounts(admin)).length;
console.log(
  `  reminders planned for ${accounts} accounts (${many.length} with an email): median ${planned.toFixed(0)} ms, ${(planned / many.length).toFixed(1)} ms a person with an email (${(planned / many.length / json.median).toFixed(1)}× the baseline)`,
);
await rounds.publish(admin, 'r150');
const followUp = await timed('/app/dot/r150/khac-phuc', { cookie });
ratios.push(followUp.median / json.median);
show('/app/dot/r150/khac-phuc (after publication)', followUp);
// The public results page of the 150 units (issue 28: answered from its ETag in under 5 ms).
await rounds.shareResults(admin, 'r150', true);
const publicPage = await timed('/app/cong-khai/r150', {});
show('/app/cong-khai/r150 (public page, 150 units)', publicPage);
const etag = (await app.request('/app/cong-khai/r150')).headers.get('etag')!;
const fromTag = await timed('/app/cong-khai/r150', { 'if-none-match': etag });
show('/app/cong-khai/r150 from its ETag (304)', fromTag);
console.log(`  screens / baseline: ${Math.min(...ratios).toFixed(1)}× to ${Math.max(...ratios).toFixed(1)}×`);
const script = await (await app.request('/app/tai-nguyen/app.js')).text();
console.log(
  `  sheet / baseline: ${(sheet.median / json.median).toFixed(2)}×; script of the pages: ${script.length} bytes (one file, loaded once)`,
);
await rounds.close();

/**
 * Pages benchmark: the self-assessment sheet of a unit of a 100-sub-criteria set (8 areas, 40 criteria),
 * rendered by the server with every entry stored, through `app.request` on an embedded store: the time
 * to answer, its size, and, as the baseline in the same process, the same unit's layer as JSON from the
 * API (`GET …/self`), which reads and scores the same stored document.
 * Run: npm run bench (in packages/http, or at the root).
 */
import { keyRing, openEmbedded, openRounds } from '@cchc/rounds';
import { createApp } from '../src/index.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
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
    `  ${name.padEnd(46)} median ${figures.median.toFixed(1)} ms  p99 ${figures.p99.toFixed(1)} ms  ${Math.round(figures.bytes / 1024)} KB`,
  );
console.log(
  `cchc pages benchmark: ${leaves.length} sub-criteria, ${RUNS} runs each, embedded store, app.request`,
);
show('baseline: GET …/self (the layer as JSON)', json);
show('the self-assessment sheet page', sheet);
const script = await (await app.request('/app/tai-nguyen/app.js')).text();
console.log(
  `  sheet / baseline: ${(sheet.median / json.median).toFixed(2)}×; script of the pages: ${script.length} bytes (one file, loaded once)`,
);
await rounds.close();

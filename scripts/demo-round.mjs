#!/usr/bin/env node
// The yearly cycle of the Kon Rẫy 2021 example, as its people would run it against the app: the app is
// started with four keys and a store of its own (out/demo-round/data); the admin stores the two criteria
// sets and the round; each unit writes its self-assessment with its own key and submits it; the
// appraisers write the appraised layer; the admin publishes with the report input; and the DOCX report of
// the stored round is downloaded to out/demo-round/. Then the remediation: the admin stores the tasks of
// section III, Phòng Nội vụ sends its plans and reports on a task, one commune sends its plans, and the
// follow-up (who is late) and its DOCX report are downloaded. Every request is printed as a curl user
// would see it.
// Run after a build: npm run demo:round.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { konRay2021 } from '@cchc/examples';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out', 'demo-round');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const units = [konRay2021.district, ...konRay2021.communes];
const HOME_AFFAIRS = 'Phòng Nội vụ huyện';
const key = (name) => `demo-${name}-key-0123456789`;
const keys = [
  { name: 'Phòng Nội vụ huyện Kon Rẫy', role: 'admin', key: key('admin') },
  { name: 'Tổ thẩm định', role: 'appraiser', key: key('appraiser') },
  ...units.map((unit) => ({ name: unit.unit.name, role: `unit:${unit.unit.id}`, key: key(unit.unit.id) })),
  { name: HOME_AFFAIRS, role: `agency:${HOME_AFFAIRS}`, key: key('noi-vu') },
];

const app = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], {
  env: {
    ...process.env,
    PORT: '0',
    CCHC_DATA_DIR: join(out, 'data'),
    CCHC_API_KEYS: JSON.stringify(keys),
    CCHC_RENDER_WORKERS: '1',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolveUrl, reject) => {
  let buffered = '';
  app.stdout.on('data', (chunk) => {
    buffered += chunk;
    const match = /"msg":"cchc api listening","address":"([^"]+)"/.exec(buffered);
    if (match) resolveUrl(match[1]);
  });
  app.once('exit', (code) => reject(new Error(`the app stopped (${code})`)));
});

async function call(method, path, who, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key(who)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  console.log(`${method} ${path} (${who}) → ${response.status}`);
  if (!response.ok) throw new Error(await response.text());
  return response;
}

try {
  for (const set of konRay2021.criteriaSets) await call('PUT', `/v1/criteria-sets/${set.id}`, 'admin', set);
  await call('PUT', '/v1/rounds/kon-ray-2021', 'admin', {
    title: 'Đánh giá, xếp hạng kết quả thực hiện công tác cải cách hành chính năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: units.map((unit) => ({ id: unit.unit.id, name: unit.unit.name, criteriaSet: unit.criteriaSet })),
    deadlines: {
      self: '2099-01-15',
      explanation: '2099-01-20',
      appraisal: '2099-01-31',
      remediation: konRay2021.remediation.planDeadline,
    },
  });
  const scores = (unit) => ({
    entries: unit.entries,
    ...(unit.unscored === undefined ? {} : { unscored: unit.unscored }),
    stated: unit.stated,
  });
  for (const unit of units) {
    await call('PUT', `/v1/rounds/kon-ray-2021/units/${unit.unit.id}/self`, unit.unit.id, scores(unit));
    await call('POST', `/v1/rounds/kon-ray-2021/units/${unit.unit.id}/self/submit`, unit.unit.id);
  }
  for (const unit of units)
    await call('PUT', `/v1/rounds/kon-ray-2021/units/${unit.unit.id}/appraised`, 'appraiser', scores(unit));
  await call('POST', '/v1/rounds/kon-ray-2021/publish', 'admin', { report: konRay2021.report });
  const { results } = await (await call('GET', '/v1/rounds/kon-ray-2021/results', 'admin')).json();
  for (const result of results)
    console.log(
      `  ${result.rank}. ${result.unit.name}: ${result.achieved}/${result.max}, ${result.index} (${result.classification})`,
    );
  const report = await call('GET', '/v1/rounds/kon-ray-2021/report?format=docx', 'admin');
  const file = join(out, 'bao-cao-cchc-kon-ray-2021.docx');
  writeFileSync(file, new Uint8Array(await report.arrayBuffer()));
  console.log(`the report of the stored round: ${file}`);

  for (const { id, ...task } of konRay2021.remediation.tasks)
    await call('PUT', `/v1/rounds/kon-ray-2021/tasks/${id}`, 'admin', task);
  const plan = { action: 'Xây dựng kế hoạch khắc phục và tổ chức thực hiện', status: 'planned' };
  const district = results.find((result) => result.unit.id === 'kon-ray');
  const lostOf = (nodes) =>
    nodes.flatMap((node) =>
      node.children.length > 0 ? lostOf(node.children) : Number(node.lost) > 0 ? [node] : [],
    );
  for (const item of lostOf(district.nodes).filter((node) => node.responsible.includes(HOME_AFFAIRS)))
    await call('PUT', `/v1/rounds/kon-ray-2021/units/kon-ray/remediation/${item.code}`, 'noi-vu', plan);
  for (const item of lostOf(results.find((result) => result.unit.id === 'dak-koi').nodes))
    await call('PUT', `/v1/rounds/kon-ray-2021/units/dak-koi/remediation/${item.code}`, 'dak-koi', plan);
  await call(
    'PUT',
    `/v1/rounds/kon-ray-2021/tasks/nhiem-vu-4/reports/${encodeURIComponent(HOME_AFFAIRS)}`,
    'noi-vu',
    {
      status: 'done',
      note: 'Đã ban hành Kế hoạch biên chế năm 2022',
    },
  );
  const late = await (await call('GET', '/v1/rounds/kon-ray-2021/remediation?late=true', 'admin')).json();
  for (const unit of late.units)
    console.log(`  ${unit.name}: ${unit.counts.late} plan(s) late, ${unit.counts.missing} missing`);
  const followUp = await call('GET', '/v1/rounds/kon-ray-2021/remediation/report?format=docx', 'admin');
  const followUpFile = join(out, 'bao-cao-khac-phuc-kon-ray-2021.docx');
  writeFileSync(followUpFile, new Uint8Array(await followUp.arrayBuffer()));
  console.log(`the follow-up report: ${followUpFile}`);
} finally {
  app.kill('SIGTERM');
}

// The `cchc score` command over many files, as a user runs it: a criteria set of 100 sub-criteria and
// BENCH_FILES assessment files (default 3,000; 10,000 for the memory figure), each format in a process of
// its own. Units per second are net of start-up (the same command on one file); peak RSS is read from
// /proc while the command runs. The baseline, run in the same way in the same run, is a plain script that
// reads and parses the same files and adds their scores as floats: what reading the files costs here.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const files = Number(process.env.BENCH_FILES ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'cchc-cli-bench-'));

const set = {
  id: 'bench',
  title: 'Bộ tiêu chí đo',
  classes: [
    { label: 'Xuất sắc', min: 90 },
    { label: 'Tốt', min: 80 },
    { label: 'Khá', min: 65 },
    { label: 'Trung bình', min: 50 },
    { label: 'Yếu', min: 0 },
  ],
  criteria: Array.from({ length: 10 }, (_, area) => ({
    code: `${area + 1}`,
    name: `Lĩnh vực ${area + 1}`,
    children: Array.from({ length: 10 }, (_, item) => ({
      code: `${area + 1}.${item + 1}`,
      name: `Tiêu chí thành phần ${area + 1}.${item + 1}`,
      max: 1,
      ...(item === 0 ? { rule: { kind: 'tasks' } } : item === 1 ? { rule: { kind: 'on-time' } } : {}),
    })),
  })),
};

function assessment(unit) {
  const entries = {};
  for (let area = 1; area <= 10; area++) {
    for (let item = 1; item <= 10; item++) {
      const code = `${area}.${item}`;
      if (item === 1) entries[code] = { facts: { onTime: (unit + area) % 7, late: 2, unfinished: 1 } };
      else if (item === 2) entries[code] = { facts: { onTime: (unit + item) % 3 !== 0 } };
      else
        entries[code] = {
          score: ((unit * 7 + area * 3 + item) % 5) * 0.25,
          ...(item === 3 ? { cause: 'Chậm tiến độ', responsible: ['Phòng Nội vụ'] } : {}),
        };
    }
  }
  return { criteriaSet: 'bench', unit: { id: `xa-${unit}`, name: `UBND xã ${unit}` }, period: 2021, entries };
}

writeFileSync(join(dir, 'set.json'), JSON.stringify(set));
mkdirSync(join(dir, 'units'));
const paths = [];
for (let unit = 0; unit < files; unit++) {
  const path = join('units', `${unit}.json`);
  writeFileSync(join(dir, path), JSON.stringify(assessment(unit)));
  paths.push(path);
}
const baselineScript = join(dir, 'baseline.mjs');
writeFileSync(
  baselineScript,
  `import { readFile } from 'node:fs/promises';
let total = 0;
for (const path of process.argv.slice(2)) {
  const document = JSON.parse(await readFile(path, 'utf8'));
  for (const entry of Object.values(document.entries ?? {})) total += Number(entry.score ?? 0);
}
process.stdout.write(String(total) + '\\n');
`,
);
// The floor of what NDJSON writes: the same reading, and for each file one finished result's JSON text
// (the first unit's, as cchc wrote it, with each unit's own name) made by JSON.stringify and written.
const textFloorScript = join(dir, 'text-floor.mjs');
writeFileSync(
  textFloorScript,
  `import { readFile } from 'node:fs/promises';
const finished = JSON.parse(await readFile('result.json', 'utf8'));
let total = 0;
for (const path of process.argv.slice(2)) {
  const document = JSON.parse(await readFile(path, 'utf8'));
  for (const entry of Object.values(document.entries ?? {})) total += Number(entry.score ?? 0);
  finished.unit = document.unit;
  if (!process.stdout.write(JSON.stringify(finished) + '\\n'))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}
`,
);

/** Runs a command, its output discarded; resolves to its wall time in seconds and its peak RSS in MiB. */
function measure(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {}
    }, 20);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak });
    });
  });
}

const best = async (args, runs = 2) => {
  let result;
  for (let run = 0; run < runs; run++) {
    const measured = await measure(args);
    if (!result || measured.seconds < result.seconds) result = measured;
  }
  return result;
};

try {
  const startUp = await best([CLI, 'score', '-c', 'set.json', paths[0], '--format', 'ndjson'], 3);
  const baseline = await best([baselineScript, ...paths]);
  const baselineStart = await best([baselineScript, paths[0]], 3);
  const baselineRate = files / Math.max(baseline.seconds - baselineStart.seconds, 1e-3);
  console.log(
    `cchc score over ${files} files of 100 sub-criteria (start-up ${(startUp.seconds * 1000).toFixed(0)} ms, subtracted):`,
  );
  console.log(
    `  baseline (read + JSON.parse + float sums): ${baselineRate.toFixed(0)} units/s, peak RSS ${baseline.peakMb.toFixed(0)} MiB`,
  );
  // The first unit's result, as cchc writes it, for the text floor to write again for each file.
  writeFileSync(
    join(dir, 'result.json'),
    execFileSync(process.execPath, [CLI, 'score', '-c', 'set.json', paths[0], '--format', 'ndjson'], {
      cwd: dir,
    }),
  );
  const textFloor = await best([textFloorScript, ...paths]);
  const textFloorRate = files / Math.max(textFloor.seconds - baselineStart.seconds, 1e-3);
  const resultKib = readFileSync(join(dir, 'result.json')).length / 1024;
  console.log(
    `  floor of the NDJSON text (the same reading, and a finished result of ${resultKib.toFixed(1)} KiB written by JSON.stringify for each file): ${textFloorRate.toFixed(0)} units/s, ${(textFloorRate / baselineRate).toFixed(2)}× the baseline`,
  );
  for (const format of ['table', 'ndjson', 'json']) {
    const run = await best([CLI, 'score', '-c', 'set.json', ...paths, '--format', format]);
    const rate = files / Math.max(run.seconds - startUp.seconds, 1e-3);
    // Issue 29's goals: every format under 200 MiB resident; NDJSON at 0.6× the read-and-parse floor or more.
    const goal =
      format === 'ndjson'
        ? `, ${((rate / textFloorRate) * 100).toFixed(0)} % of the text's floor (goals: < 200 MiB, ≥ 0.6× the baseline)`
        : ' (goal: < 200 MiB)';
    console.log(
      `  --format ${format.padEnd(6)}: ${rate.toFixed(0).padStart(6)} units/s, ${run.seconds.toFixed(2)} s, peak RSS ${run.peakMb.toFixed(0)} MiB, ${(rate / baselineRate).toFixed(2)}× the baseline${goal}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

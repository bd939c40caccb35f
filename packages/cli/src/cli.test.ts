import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const BINARY = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; the tests run side by side, each waiting on its own processes. */
function exec(file: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Each test waits on a few processes, which share two cores with the other tests. */
const PROCESS_TIMEOUT = 30_000;

const cchc = (args: string[], input?: string) => exec(process.execPath, [BINARY, ...args], input);

beforeAll(() => {
  if (!existsSync(BINARY)) throw new Error('build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'cchc-cli-'));
  mkdirSync(join(dir, 'assessments'));
  const [districtSet, communeSet] = konRay2021.criteriaSets;
  writeFileSync(join(dir, 'huyen.yaml'), stringify(districtSet));
  writeFileSync(join(dir, 'xa.json'), JSON.stringify(communeSet));
  writeFileSync(join(dir, 'assessments', 'kon-ray.yaml'), stringify(konRay2021.district));
  for (const commune of konRay2021.communes) {
    writeFileSync(join(dir, 'assessments', `${commune.unit.id}.json`), JSON.stringify(commune));
  }
  writeFileSync(
    join(dir, 'report.yaml'),
    stringify({
      criteriaSets: ['huyen.yaml', 'xa.json'],
      assessments: [
        'assessments/kon-ray.yaml',
        ...konRay2021.communes.map((c) => `assessments/${c.unit.id}.json`),
      ],
      report: konRay2021.report,
    }),
  );
  writeFileSync(
    join(dir, 'broken.yaml'),
    'criteriaSet: kon-tum-2021-huyen\nunit: { id: x, name: X }\nperiod: 2021\nunscored: full\nentries:\n  1.2.1:\n    score: 0,5\n  9.9: { score: 1 }\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('cchc score', { timeout: PROCESS_TIMEOUT }, () => {
  it('prints one line per unit with Vietnamese numbers, then the published figures that do not match', async () => {
    const run = await cchc([
      'score',
      '--criteria',
      'huyen.yaml',
      '--criteria',
      'xa.json',
      'assessments/kon-ray.yaml',
      'assessments/dak-ruong.json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1\s+UBND huyện Kon Rẫy\s+81,45\/95\s+85,74\s+Tốt/);
    const lines = run.stdout.split('\n');
    expect(
      lines.indexOf(
        'kon-ray-2021-xa: Bộ tiêu chí đánh giá công tác cải cách hành chính nhà nước đối với UBND các xã, thị trấn',
      ),
    ).toBe(lines.findIndex((line) => line.includes('UBND xã Đăk Ruồng')) - 1);
    expect(run.stdout).toContain('UBND xã Đăk Ruồng: total achieved: published 78.15, computed 76.65');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('prints the result format as JSON, decimals as strings', async () => {
    const run = await cchc(['score', '-c', 'huyen.yaml', 'assessments/kon-ray.yaml', '--format', 'json']);
    expect(run.code).toBe(0);
    const { results } = JSON.parse(run.stdout);
    expect([
      results[0].achieved,
      results[0].max,
      results[0].index,
      results[0].classification,
      results[0].rank,
    ]).toEqual(['81.45', '95', '85.74', 'Tốt', 1]);
  });

  it('writes compact JSON unless --indent asks for more, and ndjson a result a line as each is scored', async () => {
    const files = [
      'assessments/kon-ray.yaml',
      ...konRay2021.communes.map((c) => `assessments/${c.unit.id}.json`),
    ];
    const compact = await cchc(['score', '-c', 'huyen.yaml', '-c', 'xa.json', ...files, '--format', 'json']);
    expect(compact.stdout.trim().split('\n')).toHaveLength(1);
    const indented = await cchc([
      'score',
      '-c',
      'huyen.yaml',
      '-c',
      'xa.json',
      ...files,
      '--format',
      'json',
      '--indent',
      '2',
    ]);
    expect(JSON.parse(indented.stdout)).toEqual(JSON.parse(compact.stdout));
    // Written a result at a time, character for character what JSON.stringify writes of the whole.
    const whole = JSON.parse(compact.stdout) as unknown;
    expect(compact.stdout).toBe(`${JSON.stringify(whole)}\n`);
    expect(indented.stdout).toBe(`${JSON.stringify(whole, null, 2)}\n`);
    const ndjson = await cchc(['score', '-c', 'huyen.yaml', '-c', 'xa.json', ...files, '--format', 'ndjson']);
    const lines = ndjson.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    const units = lines.map(
      (line) => JSON.parse(line) as { unit: { id: string }; index: string; rank?: number },
    );
    expect(units.map((unit) => unit.unit.id)).toEqual([
      'kon-ray',
      ...konRay2021.communes.map((c) => c.unit.id),
    ]);
    expect(units[0]!.index).toBe('85.74');
    expect(units.every((unit) => unit.rank === undefined)).toBe(true);
    const ranked = JSON.parse(compact.stdout) as { results: { unit: { id: string }; rank: number }[] };
    expect(ranked.results.find((result) => result.unit.id === 'kon-ray')!.rank).toBe(1);
  });

  it('refuses two set files with one id and other contents, naming the file', async () => {
    writeFileSync(
      join(dir, 'huyen-khac.json'),
      JSON.stringify({ ...konRay2021.criteriaSets[0], title: 'Khác' }),
    );
    const run = await cchc([
      'score',
      '-c',
      'huyen.yaml',
      '-c',
      'huyen-khac.json',
      'assessments/kon-ray.yaml',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "huyen-khac.json:id: criteria set 'kon-tum-2021-huyen' is given again with other contents",
    );
  });

  it('reads an assessment from standard input', async () => {
    const run = await cchc(['score', '-c', 'huyen.yaml', '-'], stringify(konRay2021.district));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('81,45/95');
  });

  it('lists every error of a broken file as file:path: message, and exits 1', async () => {
    const run = await cchc(['score', '-c', 'huyen.yaml', 'broken.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('broken.yaml:entries["9.9"]: the criteria set has no criterion \'9.9\'');
    expect(run.stderr).toContain('broken.yaml:entries["1.2.1"].score: score 0.5 is above the max 0.25');
  });

  it('says when a file does not exist, and exits 1', async () => {
    const run = await cchc(['score', '-c', 'huyen.yaml', 'missing.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('missing.yaml: cannot read missing.yaml: no such file\n');
  });

  it('exits 2 with the usage on a wrong call', async () => {
    expect((await cchc(['score'])).code).toBe(2);
    expect((await cchc(['score', '--colour', 'x.yaml'])).stderr).toContain("Unknown option '--colour'");
    expect((await cchc(['score', '--format', 'xml', 'x.yaml'])).code).toBe(2);
    expect((await cchc(['frobnicate'])).code).toBe(2);
  });
});

describe.concurrent('cchc report', { timeout: PROCESS_TIMEOUT }, () => {
  it('writes Markdown to standard output', async () => {
    const run = await cchc(['report', 'report.yaml', '--format', 'md']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('**81,45/95 điểm**');
    // The report's own numbering stays text: escaped, it never becomes a Markdown list that renumbers.
    expect(run.stdout).toContain('1\\. Đối với UBND xã Đắk Tô Re');
  });

  it('writes a DOCX file with --out, and refuses DOCX without it', async () => {
    expect((await cchc(['report', 'report.yaml', '--format', 'docx'])).code).toBe(2);
    const run = await cchc(['report', 'report.yaml', '--format', 'docx', '--out', 'out/bao-cao.docx']);
    expect(run.code).toBe(0);
    const files = unzipSync(readFileSync(join(dir, 'out', 'bao-cao.docx')));
    expect(new TextDecoder().decode(files['word/document.xml'])).toContain('ỦY BAN NHÂN DÂN');
  });

  it('names the field of a broken report input and writes nothing', async () => {
    writeFileSync(
      join(dir, 'bad-report.yaml'),
      stringify({
        assessments: ['assessments/kon-ray.yaml'],
        criteriaSets: ['huyen.yaml'],
        report: { ...konRay2021.report, place: undefined },
      }),
    );
    const run = await cchc(['report', 'bad-report.yaml', '--format', 'html', '--out', 'out/bad.html']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad-report.yaml:report.place: is required');
    expect(existsSync(join(dir, 'out', 'bad.html'))).toBe(false);
  });
});

describe.concurrent('cchc validate, schema and explain', { timeout: PROCESS_TIMEOUT }, () => {
  it('says what each file is, lists errors with paths, and exits 1 if any', async () => {
    const run = await cchc([
      'validate',
      'huyen.yaml',
      'assessments/kon-ray.yaml',
      'report.yaml',
      'broken.yaml',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('huyen.yaml: criteria set OK');
    expect(run.stdout).toContain('assessments/kon-ray.yaml: assessment OK');
    expect(run.stdout).toContain('report.yaml: report file OK');
    expect(run.stderr).toContain('broken.yaml:entries["9.9"]');
    expect((await cchc(['validate', 'huyen.yaml'])).code).toBe(0);
  });

  it('prints the JSON Schema of each kind', async () => {
    for (const kind of ['criteria-set', 'assessment', 'report']) {
      const run = await cchc(['schema', kind]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).$id).toBe(`urn:cchc:schema:${kind}`);
    }
    expect((await cchc(['schema', 'nothing'])).code).toBe(2);
  });

  it('explains how a figure was computed', async () => {
    const run = await cchc(['explain', '-c', 'huyen.yaml', 'assessments/kon-ray.yaml', '1.6.1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1.6.1 Thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao: 1,91/3');
    expect(run.stdout).toContain('tasks: 3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91');
  });

  it('checks assessments against sets given with --criteria, and says when a set was not given', async () => {
    const given = await cchc(['validate', '--criteria', 'huyen.yaml', 'assessments/kon-ray.yaml']);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('assessments/kon-ray.yaml: assessment OK\n');
    const alone = await cchc(['validate', 'assessments/kon-ray.yaml']);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe(
      "assessments/kon-ray.yaml: assessment OK in its structure; its scores were not checked: criteria set 'kon-tum-2021-huyen' was not given (--criteria <file>)\n",
    );
    expect((await cchc(['validate', '-c', 'huyen.yaml', 'broken.yaml'])).code).toBe(1);
  });

  it('ends quietly when its reader goes away (cchc score --format json | head)', async () => {
    const piped = await exec('sh', [
      '-c',
      `"${process.execPath}" "${BINARY}" score -c huyen.yaml assessments/kon-ray.yaml --format json | head -c 10`,
    ]);
    expect(piped.stdout).toHaveLength(10);
    expect(piped.stderr).toBe('');
  });

  it('runs as the committed bin file, which loads the build', async () => {
    const run = await exec(process.execPath, [
      fileURLToPath(new URL('../bin/cchc.js', import.meta.url)),
      '--help',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('70 an internal fault of cchc');
  });

  it('has help for each command', async () => {
    for (const command of ['score', 'report', 'validate', 'schema', 'explain']) {
      const run = await cchc([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: cchc ${command}`);
    }
  });
});

describe('cchc excel and xlsx reports', () => {
  it(
    'writes a score sheet, reads it back filled in as an assessment, and names the cell of an error',
    async () => {
      const made = await cchc([
        'excel',
        'template',
        'xa.json',
        '--unit-id',
        'dak-koi',
        '--unit-name',
        'UBND xã Đăk Kôi',
        '--period',
        '2021',
        '--out',
        'phieu.xlsx',
      ]);
      expect([made.code, made.stderr]).toEqual([0, 'wrote phieu.xlsx\n']);
      // Fill in the areas with the commune's published scores: the first typed as text with a comma.
      const commune = konRay2021.communes.find((unit) => unit.unit.id === 'dak-koi')!;
      const fill = async (wrongFirst: boolean) => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(join(dir, 'phieu.xlsx'));
        workbook.getWorksheet('Tự chấm')!.eachRow((row) => {
          const key = String(row.getCell(1).value);
          const entry = (commune.entries as Record<string, { score: string; max?: string }>)[key.slice(2)];
          if (!key.startsWith('c:') || !entry) return;
          row.getCell(5).value =
            key === 'c:1' ? (wrongFirst ? 'nhiều' : entry.score) : Number(entry.score.replace(',', '.'));
          if (entry.max !== undefined) row.getCell(13).value = Number(entry.max.replace(',', '.'));
        });
        await workbook.xlsx.writeFile(join(dir, 'phieu-da-cham.xlsx'));
      };
      await fill(false);
      const read = await cchc([
        'excel',
        'import',
        'phieu-da-cham.xlsx',
        '--set',
        'xa.json',
        '--format',
        'json',
      ]);
      expect(read.code).toBe(0);
      const document = JSON.parse(read.stdout);
      writeFileSync(join(dir, 'tu-phieu.json'), read.stdout);
      const scored = await cchc(['score', '--criteria', 'xa.json', '--format', 'json', 'tu-phieu.json']);
      const fromYaml = await cchc([
        'score',
        '--criteria',
        'xa.json',
        '--format',
        'json',
        'assessments/dak-koi.json',
      ]);
      expect([scored.code, scored.stderr, fromYaml.code, fromYaml.stderr]).toEqual([0, '', 0, '']);
      expect(document.unit).toEqual({ id: 'dak-koi', name: 'UBND xã Đăk Kôi' });
      expect(JSON.parse(scored.stdout).results[0].achieved).toBe(
        JSON.parse(fromYaml.stdout).results[0].achieved,
      );
      await fill(true);
      const wrong = await cchc(['excel', 'import', 'phieu-da-cham.xlsx', '--set', 'xa.json']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/^'Tự chấm'!E6: /);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'writes the results of a report file as an Excel workbook',
    async () => {
      const written = await cchc(['report', 'report.yaml', '--format', 'xlsx', '--out', 'ket-qua.xlsx']);
      expect(written.code).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(dir, 'ket-qua.xlsx'));
      expect(workbook.getWorksheet('Tổng hợp')!.rowCount).toBe(2 + konRay2021.assessments.length);
      const noOut = await cchc(['report', 'report.yaml', '--format', 'xlsx']);
      expect(noOut.code).toBe(2);
    },
    PROCESS_TIMEOUT,
  );
});

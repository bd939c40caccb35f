#!/usr/bin/env node
// What a user of the published packages gets. Each package is packed once, as npm would publish it, and
// the tarballs are
// - checked for their published shape: publint, and arethetypeswrong under node16 (ESM and CJS);
// - installed with --engine-strict into a project of their own, where every TypeScript example of every
//   package README is type-checked under four module settings (node16 ESM, node16 CommonJS, nodenext,
//   bundler) with strict and noUncheckedIndexedAccess; under node16 ESM the libraries' declaration files
//   are checked too (no skipLibCheck), and under each a program asserts that result types are not `any`;
// - run: the examples as ESM, with their assertions, and a CommonJS program that requires every package.
// No public declaration file may hold `any`; no tarball ships sources; each ships the LICENSE.
// The checks run two at a time (the machines have two cores). Run after the build: npm run check:consumers.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const published = readdirSync(packagesDir)
  .map((name) => ({
    dir: join(packagesDir, name),
    manifest: JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => !manifest.private);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'cchc-consumers-'));
const failures = [];
const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const exec = promisify(execFile);
const run = (command, args, cwd) =>
  exec(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Runs the tasks, at most `width` at a time; each records its own failure. */
async function inParallel(tasks, width = 2) {
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
}
const check = (label, task) => async () => {
  try {
    await task();
  } catch (error) {
    failures.push(
      `${label}:\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : String(error)}`,
    );
  }
};

/** Under each setting, a program that fails to compile if the public types went `any` or broke. */
const typeChecks = `const results = unwrap(scoreDocuments(konRay2021));
const first = results[0];
// @ts-expect-error an index is a Decimal, not a string: this line would compile if it were \`any\`
export const wrong: string | undefined = first?.index;
export const fixed: string | undefined = first?.index.toFixed(2);
// @ts-expect-error a criterion's keys are typed: one that does not exist is an error
export const bogus: CriteriaSetInput = { id: 'x', title: 'x', classes: [], criteria: [{ totallyBogus: true }] };
`;
const typeProgram = (esm) =>
  esm
    ? `import { type CriteriaSetInput, scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
${typeChecks}`
    : `import core = require('@cchc/core');
import examplesPackage = require('@cchc/examples');
const { scoreDocuments, unwrap } = core;
const { konRay2021 } = examplesPackage;
type CriteriaSetInput = core.CriteriaSetInput;
${typeChecks}`;

const commonJsProgram = `import assert = require('node:assert/strict');
import core = require('@cchc/core');
import documents = require('@cchc/documents');
import report = require('@cchc/report');
import http = require('@cchc/http');
import cli = require('@cchc/cli');
import examples = require('@cchc/examples');
import rounds = require('@cchc/rounds');

const results = core.unwrap(core.scoreDocuments(examples.konRay2021));
const district = results.find((result) => result.unit.id === 'kon-ray');
assert.equal(district?.index.toFixed(2), '85.74');
assert.equal(core.resultToJson(district!).index, '85.74');
assert.equal(documents.readDocument('a: 1.10').success, true);
assert.equal(typeof report.renderMarkdown, 'function');
assert.equal(typeof http.createApp, 'function');
assert.equal(cli.EXIT_USAGE, 2);
assert.equal(rounds.parseRole('unit:dak-to-re')?.kind, 'unit');
`;

try {
  // 1. Pack each package once.
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = [];
  await inParallel(
    published.map(({ dir, manifest }) =>
      check(`npm pack ${manifest.name}`, async () => {
        const [result] = JSON.parse(
          (await run('npm', ['pack', '--json', '--pack-destination', tarballs], dir)).stdout,
        );
        packed.push({
          dir,
          manifest,
          tarball: join(tarballs, result.filename),
          files: result.files.map((file) => file.path),
        });
      }),
    ),
  );
  for (const { manifest, files } of packed) {
    const sources = files.filter((path) => path.startsWith('src/'));
    if (sources.length > 0)
      failures.push(`${manifest.name} ships its sources: ${sources.slice(0, 3).join(', ')}…`);
    if (!files.includes('LICENSE')) failures.push(`${manifest.name} ships no LICENSE`);
  }

  // 2. Install the tarballs as a user would, refusing packages whose engines exclude this Node.
  const project = join(work, 'project');
  mkdirSync(project);
  const dependencies = { hono: '^4.9.0', '@hono/node-server': '^1.19.0', '@types/node': '^20.19.0' };
  for (const { manifest, tarball } of packed) dependencies[manifest.name] = `file:${tarball}`;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, dependencies }, null, 2),
  );
  await check('npm install --engine-strict of the tarballs', () =>
    run(
      'npm',
      [
        'install',
        '--engine-strict',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
      ],
      project,
    ),
  )();
  if (failures.length > 0) throw new Error('not installed');

  // The command, as npm linked it from the tarball.
  await check('the cchc command of the installed tarball', async () => {
    const { stdout } = await run(join(project, 'node_modules', '.bin', 'cchc'), ['--help'], project);
    if (!stdout.startsWith('Usage: cchc')) throw new Error(`cchc --help printed: ${stdout}`);
  })();

  // 3. No `any` in a public declaration file (comments aside).
  for (const { manifest } of packed) {
    const dist = join(project, 'node_modules', ...manifest.name.split('/'), 'dist');
    for (const file of readdirSync(dist).filter((name) => /\.d\.c?ts$/.test(name))) {
      const code = readFileSync(join(dist, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const line = code.split('\n').find((text) => /\bany\b/.test(text));
      if (line) failures.push(`${manifest.name}/dist/${file} has \`any\`: ${line.trim()}`);
    }
  }

  // 4. The shape checks, the README examples and the TSDoc examples of the declarations a user's editor
  // shows (`@example` blocks of the installed dist/*.d.ts), under each module setting, and their runs.
  const readmeExamples = packed.flatMap(({ dir, manifest }) =>
    [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (match, position) => ({
        name: `readme-${manifest.name.split('/')[1]}-${position + 1}`,
        code: match[1],
      }),
    ),
  );
  const tsdocExamples = packed.flatMap(({ manifest }) => {
    const dist = join(project, 'node_modules', ...manifest.name.split('/'), 'dist');
    const found = new Set();
    for (const file of readdirSync(dist).filter((name) => name.endsWith('.d.ts')))
      for (const match of readFileSync(join(dist, file), 'utf8').matchAll(
        /^\s*\* @example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```$/gm,
      ))
        found.add(match[1].replace(/^\s*\* ?/gm, ''));
    return [...found].map((code, position) => ({
      name: `tsdoc-${manifest.name.split('/')[1]}-${position + 1}`,
      code: `${code}\n`,
    }));
  });
  if (tsdocExamples.length < 30)
    failures.push(`${tsdocExamples.length} TSDoc examples in the published declarations, fewer than 30`);
  const examples = [...readmeExamples, ...tsdocExamples];
  const settings = {
    'esm-node16': {
      type: 'module',
      libCheck: true,
      runs: true,
      compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    },
    nodenext: { type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
    bundler: {
      type: 'module',
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    },
    'cjs-node16': {
      type: 'commonjs',
      runs: true,
      compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    },
  };
  const tasks = [];
  for (const { manifest, tarball } of packed) {
    tasks.push(
      check(`arethetypeswrong ${manifest.name}`, () =>
        run(bin('attw'), [tarball, '--profile', 'node16'], root),
      ),
    );
    tasks.push(
      check(`publint ${manifest.name}`, () =>
        run(bin('publint'), ['--strict'], packed.find((p) => p.tarball === tarball).dir),
      ),
    );
  }
  for (const [setting, { type, libCheck, runs, compilerOptions }] of Object.entries(settings)) {
    const folder = join(project, setting);
    mkdirSync(folder);
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ type }));
    const files =
      type === 'commonjs'
        ? [
            { name: 'program', code: commonJsProgram },
            { name: 'types', code: typeProgram(false) },
          ]
        : [...examples, { name: 'types', code: typeProgram(true) }];
    for (const { name, code } of files) writeFileSync(join(folder, `${name}.ts`), code);
    const tsconfig = {
      compilerOptions: {
        target: 'es2022',
        // DOM for @hono/node-server's own declarations (RequestInfo), as its users configure it.
        lib: ['es2023', 'dom'],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: !libCheck,
        types: ['node'],
        outDir: 'out',
        ...compilerOptions,
      },
      include: ['*.ts'],
    };
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    tasks.push(
      check(`tsc under ${setting}`, async () => {
        await run(process.execPath, [tsc, '-p', 'tsconfig.json'], folder);
        if (!runs) return;
        writeFileSync(join(folder, 'out', 'package.json'), JSON.stringify({ type }));
        for (const { name } of files) {
          await check(`${name} (${setting}) when run`, () =>
            run(process.execPath, [join(folder, 'out', `${name}.js`)], folder),
          )();
        }
      }),
    );
  }
  await inParallel(tasks);
  console.log(
    `consumers: ${packed.length} packages packed, checked by publint and arethetypeswrong, installed with --engine-strict; ${readmeExamples.length} README examples and ${tsdocExamples.length} TSDoc examples type-checked under ${Object.keys(settings).length} module settings and run (${seconds()} s)`,
  );
} catch (error) {
  if (failures.length === 0) failures.push(String(error.stack ?? error));
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}

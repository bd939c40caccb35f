#!/usr/bin/env node
// What a user of the published packages gets: each package is packed as npm would publish it, the
// tarballs are installed with --engine-strict into a project of their own, and there
// - every TypeScript example of every package README is type-checked under four module settings
//   (node16 ESM, node16 CommonJS, nodenext, bundler), with strict and noUncheckedIndexedAccess and the
//   libraries' own declaration files checked too (no skipLibCheck);
// - the examples run, as ESM, and their assertions hold; a CommonJS program requires every package;
// - no public declaration file holds `any`.
// Run after the build: npm run check:consumers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const published = readdirSync(packagesDir)
  .map((name) => ({
    dir: join(packagesDir, name),
    manifest: JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')),
  }))
  .filter(({ manifest }) => !manifest.private);
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'cchc-consumers-'));
const failures = [];
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

try {
  // 1. Pack, and install the tarballs as a user would, refusing packages whose engines exclude this Node.
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const dependencies = { hono: '^4.9.0', '@hono/node-server': '^1.19.0', '@types/node': '^20.19.0' };
  for (const { dir, manifest } of published) {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tarballs], dir));
    dependencies[manifest.name] = `file:${join(tarballs, packed.filename)}`;
    const shipped = packed.files.map((file) => file.path);
    const sources = shipped.filter((path) => path.startsWith('src/'));
    if (sources.length > 0)
      failures.push(`${manifest.name} ships its sources: ${sources.slice(0, 3).join(', ')}…`);
    if (!shipped.includes('LICENSE')) failures.push(`${manifest.name} ships no LICENSE`);
  }
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, dependencies }, null, 2),
  );
  try {
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
    );
  } catch (error) {
    failures.push(`npm install --engine-strict of the tarballs failed:\n${error.stderr}`);
    throw error;
  }

  // 2. No `any` in a public declaration file (comments aside).
  for (const { manifest } of published) {
    const dist = join(project, 'node_modules', ...manifest.name.split('/'), 'dist');
    for (const file of readdirSync(dist).filter((name) => /\.d\.c?ts$/.test(name))) {
      const code = readFileSync(join(dist, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const line = code.split('\n').find((text) => /\bany\b/.test(text));
      if (line) failures.push(`${manifest.name}/dist/${file} has \`any\`: ${line.trim()}`);
    }
  }

  // 3. The README examples, under each module setting.
  const examples = published.flatMap(({ dir, manifest }) =>
    [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (match, position) => ({
        name: `readme-${manifest.name.split('/')[1]}-${position + 1}`,
        code: match[1],
      }),
    ),
  );
  const settings = {
    'esm-node16': {
      type: 'module',
      compilerOptions: { module: 'node16', moduleResolution: 'node16' },
      runs: true,
    },
    nodenext: { type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
    bundler: {
      type: 'module',
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    },
    'cjs-node16': {
      type: 'commonjs',
      compilerOptions: { module: 'node16', moduleResolution: 'node16' },
      runs: true,
    },
  };
  const commonJsProgram = `import assert = require('node:assert/strict');
import core = require('@cchc/core');
import documents = require('@cchc/documents');
import report = require('@cchc/report');
import http = require('@cchc/http');
import cli = require('@cchc/cli');
import examples = require('@cchc/examples');

const results = core.unwrap(core.scoreDocuments(examples.konRay2021));
const district = results.find((result) => result.unit.id === 'kon-ray');
assert.equal(district?.index.toFixed(2), '85.74');
const index: string = core.resultToJson(district!).index;
assert.equal(index, '85.74');
assert.equal(documents.readDocument('a: 1.10').success, true);
assert.equal(typeof report.renderMarkdown, 'function');
assert.equal(typeof http.createApp, 'function');
assert.equal(cli.EXIT_USAGE, 2);
`;
  for (const [setting, { type, compilerOptions, runs }] of Object.entries(settings)) {
    const folder = join(project, setting);
    mkdirSync(folder);
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ type }));
    const files = type === 'commonjs' ? [{ name: 'program', code: commonJsProgram }] : examples;
    for (const { name, code } of files) writeFileSync(join(folder, `${name}.ts`), code);
    const tsconfig = {
      compilerOptions: {
        target: 'es2022',
        // DOM for @hono/node-server's own declarations (RequestInfo), as its users configure it.
        lib: ['es2023', 'dom'],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
        ...compilerOptions,
      },
      include: ['*.ts'],
    };
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    try {
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], folder);
    } catch (error) {
      failures.push(`tsc under ${setting}:\n${error.stdout}${error.stderr}`);
      continue;
    }
    if (!runs) continue;
    writeFileSync(join(folder, 'out', 'package.json'), JSON.stringify({ type }));
    for (const { name } of files) {
      try {
        run(process.execPath, [join(folder, 'out', `${name}.js`)], folder);
      } catch (error) {
        failures.push(`${name} (${setting}) failed when run:\n${error.stderr}`);
      }
    }
  }
  console.log(
    `consumers: ${published.length} packages packed and installed with --engine-strict; ${examples.length} README examples type-checked under ${Object.keys(settings).length} module settings and run`,
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

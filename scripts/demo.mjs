// The demo: writes the bundled Kon Rẫy 2021 example as YAML files, then uses the cchc command to score it
// and to write its report in every format to out/demo/. Where LibreOffice is installed, the DOCX is also
// converted to PDF so that a person can look at it. Run: npm run demo
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { konRay2021 } from '@cchc/examples';
import { stringify } from 'yaml';

const out = 'out/demo';
const data = join(out, 'data');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(data, 'assessments'), { recursive: true });

const write = (path, document) => writeFileSync(join(data, path), stringify(document, { lineWidth: 0 }));
const setFiles = konRay2021.criteriaSets.map((set) => {
  write(`${set.id}.yaml`, set);
  return `${set.id}.yaml`;
});
const assessmentFiles = konRay2021.assessments.map((assessment) => {
  const path = `assessments/${assessment.unit.id}.yaml`;
  write(path, assessment);
  return path;
});
write('report.yaml', { criteriaSets: setFiles, assessments: assessmentFiles, report: konRay2021.report });

const cchc = (...args) => {
  const run = spawnSync(process.execPath, ['packages/cli/dist/cli.js', ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

console.log(
  `Scored with: cchc score --criteria ${setFiles.map((f) => join(data, f)).join(' --criteria ')} …\n`,
);
cchc(
  'score',
  ...setFiles.flatMap((file) => ['--criteria', join(data, file)]),
  ...assessmentFiles.map((file) => join(data, file)),
);
console.log('');
for (const format of ['md', 'txt', 'html', 'docx']) {
  cchc(
    'report',
    join(data, 'report.yaml'),
    '--format',
    format,
    '--out',
    join(out, `bao-cao-cchc-kon-ray-2021.${format}`),
  );
}
const office = ['soffice', 'libreoffice'].find(
  (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
);
if (office) {
  const pdf = spawnSync(
    office,
    ['--headless', '--convert-to', 'pdf', '--outdir', out, join(out, 'bao-cao-cchc-kon-ray-2021.docx')],
    {
      stdio: 'ignore',
    },
  );
  // soffice exits 0 even when it has no filter for the document (LibreOffice without Writer): the file says.
  const pdfFile = join(out, 'bao-cao-cchc-kon-ray-2021.pdf');
  console.log(
    pdf.status === 0 && existsSync(pdfFile)
      ? `wrote ${pdfFile}`
      : 'LibreOffice could not convert the DOCX to PDF (is libreoffice-writer installed?)',
  );
} else {
  console.log('LibreOffice is not installed: no PDF (apt-get install libreoffice-writer)');
}

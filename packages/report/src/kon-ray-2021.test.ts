import { readFileSync } from 'node:fs';
import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReportModel } from './build.js';
import { renderText } from './render/text.js';

const REFERENCE = readFileSync(
  new URL('../../examples/fixtures/kon-ray-2021-par-report.txt', import.meta.url),
  'utf8',
);

/**
 * The typing slips of the reference text that the generated report writes consistently instead. Each is
 * applied to the reference before comparing, and the test checks that each was needed.
 */
const SLIPS: readonly { readonly what: string; readonly from: RegExp; readonly to: string }[] = [
  { what: 'decimal point in a score (0,25/0.5)', from: /(\d)\.(\d+) điểm/g, to: '$1,$2 điểm' },
  {
    what: 'decimal point in a percentage or ratio (98.6%, 133.6/150)',
    from: /(\d)\.(\d)(%|\/150)/g,
    to: '$1,$2$3',
  },
  { what: 'leading zero on a score (07/8)', from: /đạt được 0(\d)\//g, to: 'đạt được $1/' },
  {
    what: '"số" before a code (Tiêu chí thành phần số 3.4.1)',
    from: /Tiêu chí thành phần số /g,
    to: 'Tiêu chí thành phần ',
  },
  {
    what: '"đạt" for "đạt được" in an area line',
    from: /^(\d\. [^:\n]+: UBND huyện) đạt (\d)/gm,
    to: '$1 đạt được $2',
  },
  { what: 'a paragraph broken inside a sentence', from: /(nguyên|đối)\n\n(nhân|với)/g, to: '$1 $2' },
];

function normalise(text: string): { text: string; applied: string[] } {
  const applied: string[] = [];
  let result = text;
  for (const slip of SLIPS) {
    const next = result.replace(slip.from, slip.to);
    if (next !== result) applied.push(slip.what);
    result = next;
  }
  return { text: result, applied };
}

let generated: string;
let reference: string;
let applied: string[];

beforeAll(() => {
  const results = unwrap(scoreDocuments(konRay2021));
  generated = renderText(unwrap(createReportModel({ results, input: konRay2021.report })));
  ({ text: reference, applied } = normalise(REFERENCE));
});

/** The part of a text from a marker to the next marker of the same kind. */
function sectionOf(text: string, start: RegExp, end: RegExp): string {
  const from = text.search(start);
  if (from < 0) throw new Error(`not found: ${start}`);
  const rest = text.slice(from);
  const to = rest.slice(1).search(end);
  return to < 0 ? rest : rest.slice(0, to + 1);
}

describe('the Kon Rẫy 2021 report, regenerated from data', () => {
  it('normalises exactly these slips of the reference text', () => {
    expect(applied).toEqual(SLIPS.map((slip) => slip.what));
  });

  it('writes the district total, index and class of section I', () => {
    const line =
      /Tổng số điểm các tiêu chí, tiêu chí thành phần UBND huyện đạt được là \*\*(.+?)\*\* \((.+?)\), xếp loại (\S+?)\./.exec(
        reference,
      )!;
    expect(generated).toContain(`UBND huyện đạt được là ${line[1]} (${line[2]}), xếp loại ${line[3]}.`);
  });

  it('writes every area line of section I as the reference does', () => {
    const sectionOne = sectionOf(reference, /^I\. /m, /^II\. /m);
    const areas = [...sectionOne.matchAll(/^(\d\. [^:\n]+: UBND huyện đạt được [\d,]+\/[\d,]+ điểm)/gm)].map(
      (m) => m[1]!,
    );
    expect(areas).toHaveLength(8);
    for (const area of areas) expect(generated).toContain(area);
  });

  it('writes every lost sub-criterion with its score, cause and responsibility', () => {
    const sectionOne = sectionOf(reference, /^I\. /m, /^II\. /m);
    const items = [
      ...sectionOne.matchAll(
        /^- (Tiêu chí (?:thành phần )?([\d.]+) về .+?: UBND huyện đạt [\d,]+\/[\d,]+ điểm), nguyên nhân: (.+?)\n\n\*\* (Trách nhiệm thuộc về: .+?)\*$/gms,
      ),
    ];
    expect(items).toHaveLength(18);
    for (const [, head, code, cause, responsibility] of items) {
      const line = generated.split('\n').find((candidate) => candidate.includes(` ${code} về `));
      expect(line, code).toBeDefined();
      expect(line).toContain(head!.replace(/\s+/g, ' '));
      expect(line).toContain(`nguyên nhân: ${cause!.replace(/\s+/g, ' ')}`);
      const after = generated.slice(generated.indexOf(line!) + line!.length).trimStart();
      expect(after.startsWith(responsibility!), `${code}: ${responsibility}`).toBe(true);
    }
  });

  it('writes every unit of section II with its total, index, class and areas, under that unit', () => {
    const sectionTwo = sectionOf(reference, /^II\. /m, /^III\. /m);
    const blocks = sectionTwo.split(/^\d\. Đối với /m).slice(1);
    expect(blocks).toHaveLength(7);
    for (const block of blocks) {
      const name = block.slice(0, block.indexOf(':'));
      const mine = sectionOf(
        generated,
        new RegExp(`^\\d\\. Đối với ${name}:`, 'm'),
        /^(\d\. Đối với |III\. )/m,
      );
      const head =
        /là ([\d,]+\/[\d,]+) điểm \(Chỉ số cải cách hành chính của đơn vị: ([\d,]+) điểm\), xếp loại (\S+?),/.exec(
          block,
        )!;
      const figures = [head[1]!, `${head[2]} điểm`, `xếp loại ${head[3]}`];
      if (name === 'UBND xã Đăk Ruồng') {
        // Its areas add up to 76,65, not the published 78,15: the report writes the computed figures
        // and shows the published ones in its reconciliation note.
        expect(mine).toContain('76,65/95 điểm');
        expect(mine).toContain('tổng điểm công bố 78,15');
        expect(mine).toContain('chỉ số công bố 82,26');
        expect(mine).toContain(`xếp loại ${head[3]}`);
      } else {
        for (const figure of figures) expect(mine, `${name}: ${figure}`).toContain(figure);
      }
      const areas = [...block.matchAll(/^- (Tiêu chí về .+? đạt [\d,]+\/[\d,]+ điểm\.)$/gm)].map(
        (m) => m[1]!,
      );
      expect(areas, name).toHaveLength(8);
      for (const area of areas) expect(mine, `${name}: ${area}`).toContain(area);
    }
  });

  it('writes sections III and IV, the recipients and the signature as the reference does', () => {
    for (const line of [
      '1. Đối với công tác chỉ đạo, điều hành cải cách hành chính:',
      '- Cơ quan chủ trì, tham mưu: Phòng Tư pháp và UBND các xã, thị trấn.',
      'IV. TỔ CHỨC, THỰC HIỆN',
      '- TT.Huyện ủy (b/c);',
      'PHÓ CHỦ TỊCH',
      'Nguyễn Văn Thủy',
    ]) {
      expect(generated).toContain(line);
    }
  });
});

describe('sections III and IV', () => {
  it('are the reference text, line for line, with emphasis aside', () => {
    const bare = (text: string) =>
      text
        .replaceAll('*', '')
        .replace(/\n{2,}/g, '\n')
        .trim();
    const ours = bare(sectionOf(generated, /^III\. /m, /^Nơi nhận:/m));
    const theirs = bare(sectionOf(reference, /^III\. /m, /^Nơi nhận:/m));
    expect(ours.split('\n')).toEqual(theirs.split('\n'));
  });
});

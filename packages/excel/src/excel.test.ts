import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CriteriaSet,
  formatIssue,
  lostItems,
  parseAssessment,
  parseCriteriaSet,
  resultToJson,
  scoreAssessment,
  scoreDocuments,
  unwrap,
} from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readCriteriaSheet } from './criteria-sheet.js';
import { readScoreSheet } from './read-score-sheet.js';
import { RESULT_SHEETS, resultsWorkbook } from './results.js';
import { scoreSheet } from './score-sheet.js';

const sets = new Map(
  konRay2021.criteriaSets.map((document) => [document.id, unwrap(parseCriteriaSet(document))]),
);
const setOf = (id: string): CriteriaSet => sets.get(id)!;

type Entries = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}
const bytesOf = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());

/**
 * A person filling in the sheet: for each entry, its score (a number, or text with a decimal comma when
 * `asText`), its facts on the fact rows, x for not applicable, cause, responsible and evidence.
 */
async function fill(template: Uint8Array, entries: Entries, asText = false): Promise<Uint8Array> {
  const workbook = await load(template);
  const sheet = workbook.worksheets.find((candidate) => candidate.state === 'visible')!;
  sheet.eachRow((row) => {
    const key = row.getCell(1).value;
    if (typeof key !== 'string') return;
    const [kind, code, fact] = key.split(':');
    const entry = entries[code!];
    if (!entry) return;
    if (kind === 'f') {
      const value = (entry['facts'] as Record<string, unknown> | undefined)?.[fact!];
      if (value !== undefined)
        row.getCell(7).value = typeof value === 'boolean' ? (value ? 'Có' : 'Không') : (value as number);
      return;
    }
    if (kind === 'c' && entry['score'] !== undefined) {
      const score = String(entry['score']);
      row.getCell(5).value = asText ? score.replace('.', ',') : Number(score.replace(',', '.'));
    }
    if (entry['notApplicable'] === true) row.getCell(6).value = 'x';
    if (typeof entry['cause'] === 'string') row.getCell(8).value = entry['cause'];
    if (Array.isArray(entry['responsible'])) row.getCell(9).value = entry['responsible'].join('; ');
    if (Array.isArray(entry['evidence'])) row.getCell(10).value = entry['evidence'].join('\n');
    if (typeof entry['note'] === 'string') row.getCell(11).value = entry['note'];
    if (typeof entry['responsibility'] === 'string') row.getCell(12).value = entry['responsibility'];
    if (kind === 'c' && entry['max'] !== undefined)
      row.getCell(13).value = Number(String(entry['max']).replace(',', '.'));
  });
  return bytesOf(workbook);
}

/** A result as JSON without the reconciliation against published figures (a sheet carries none). */
function figuresOf(document: unknown, set: CriteriaSet) {
  const { discrepancies: _discrepancies, ...json } = resultToJson(
    unwrap(scoreAssessment(set, unwrap(parseAssessment(document)))),
  );
  return json;
}

describe('a score sheet, filled in and read back', { timeout: 60_000 }, () => {
  it('gives each Kon Rẫy 2021 unit the result of its YAML assessment, scores typed as numbers or as "0,25"', async () => {
    for (const [position, assessment] of konRay2021.assessments.entries()) {
      const set = setOf(String(assessment.criteriaSet));
      const template = await scoreSheet(set, {
        unit: assessment.unit,
        period: assessment.period,
        layer: 'appraised',
        ...('unscored' in assessment ? { unscored: assessment.unscored } : {}),
      });
      const filled = await fill(template, assessment.entries as Entries, position % 2 === 1);
      const read = await readScoreSheet(filled, { set });
      if (!read.success) throw new Error(read.issues.map((found) => formatIssue(found)).join('\n'));
      const { stated: _stated, ...yaml } = assessment as typeof assessment & { stated?: unknown };
      expect(figuresOf(read.data, set)).toEqual(figuresOf(yaml, set));
    }
  });

  it('reads random scores of the commune set as the core reads them, as numbers or text', async () => {
    const set = setOf('kon-ray-2021-xa');
    const template = await scoreSheet(set, { unit: { id: 'x', name: 'UBND xã X' }, period: 2021 });
    const areas = set.criteria;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          ...areas.map((area) =>
            fc.record({
              quarters: fc.integer({ min: 0, max: Number(area.max.toFixed()) * 4 }),
              notApplicable: fc.boolean(),
              asText: fc.boolean(),
            }),
          ),
        ),
        async (picks) => {
          // With every area not applicable there is no index to compare (the core refuses it, as it should).
          fc.pre(picks.some((pick) => !pick.notApplicable));
          const entries: Record<string, Record<string, unknown>> = {};
          picks.forEach((pick, position) => {
            const code = areas[position]!.code;
            entries[code] = pick.notApplicable
              ? { notApplicable: true }
              : { score: pick.asText ? String(pick.quarters / 4).replace('.', ',') : pick.quarters / 4 };
          });
          const read = await readScoreSheet(await fill(template, entries), { set });
          if (!read.success) throw new Error(read.issues.map((found) => formatIssue(found)).join('\n'));
          const direct = {
            criteriaSet: set.id,
            unit: { id: 'x', name: 'UBND xã X' },
            period: '2021',
            layer: 'self',
            entries,
          };
          expect(figuresOf(read.data, set)).toEqual(figuresOf(direct, set));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('reads random sets filled at random as the core scores the same entries', async () => {
    /** A leaf's max and its score, in quarters; whether it applies. */
    const leaf = fc.integer({ min: 1, max: 12 }).chain((max) =>
      fc.record({
        max: fc.constant(max),
        score: fc.integer({ min: 0, max }),
        notApplicable: fc.boolean(),
        asText: fc.boolean(),
      }),
    );
    const tree = fc.array(fc.array(leaf, { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(tree, async (areas) => {
        const entries: Record<string, Record<string, unknown>> = {};
        const criteria = areas.map((leaves, a) => {
          const code = String(a + 1);
          if (leaves.length === 0) {
            entries[code] = { score: 1 };
            return { code, name: `Lĩnh vực ${code}`, max: 2 };
          }
          const children = leaves.map((item, l) => {
            const child = `${code}.${l + 1}`;
            const score = item.score / 4;
            entries[child] = item.notApplicable
              ? { notApplicable: true }
              : { score: item.asText ? String(score).replace('.', ',') : score };
            return { code: child, name: `Tiêu chí ${child}`, max: item.max / 4 };
          });
          return {
            code,
            name: `Lĩnh vực ${code}`,
            max: children.reduce((sum, child) => sum + child.max, 0),
            children,
          };
        });
        fc.pre(Object.values(entries).some((entry) => entry['notApplicable'] !== true));
        const set = unwrap(
          parseCriteriaSet({
            id: 'ngau-nhien',
            title: 'Ngẫu nhiên',
            classes: [{ label: 'Đạt', min: 0 }],
            criteria,
          }),
        );
        const unit = { id: 'x', name: 'X' };
        const read = await readScoreSheet(
          await fill(await scoreSheet(set, { unit, period: 2021 }), entries),
          { set },
        );
        if (!read.success) throw new Error(read.issues.map((found) => formatIssue(found)).join('\n'));
        const direct = { criteriaSet: set.id, unit, period: '2021', layer: 'self', entries };
        expect(figuresOf(read.data, set)).toEqual(figuresOf(direct, set));
      }),
      { numRuns: 12 },
    );
  });

  it('names the cell of every error, in English and Vietnamese', async () => {
    const set = setOf('kon-tum-2021-huyen');
    const template = await scoreSheet(set, {
      unit: konRay2021.district.unit,
      period: 2021,
      unscored: 'full',
    });
    const rowOf = new Map<string, number>();
    (await load(template)).getWorksheet('Tự chấm')!.eachRow((row, number) => {
      rowOf.set(String(row.getCell(1).value), number);
    });
    const issuesWith = async (changed: Entries) => {
      const read = await readScoreSheet(
        await fill(template, { ...(konRay2021.district.entries as Entries), ...changed }),
        {
          set,
        },
      );
      return read.success ? [] : read.issues;
    };
    // Text that is no number, and a number above the max: each at its own score cell.
    const [notANumber] = await issuesWith({ '3.2.4': { score: 'abc' } });
    expect(notANumber?.cell).toBe(`'Tự chấm'!E${rowOf.get('c:3.2.4')}`);
    const [above] = await issuesWith({ '1.4.2': { score: 9 } });
    const cell = `'Tự chấm'!E${rowOf.get('c:1.4.2')}`;
    expect(above?.cell).toBe(cell);
    expect(formatIssue(above!).startsWith(`${cell}: `)).toBe(true);
    expect(formatIssue(above!)).toMatch(/9/);
    expect(formatIssue(above!, 'vi').startsWith(`${cell}: `)).toBe(true);
    expect(formatIssue(above!, 'vi')).not.toBe(formatIssue(above!));
  });

  it('lets a score in steps through in whole steps only, in Excel and when read back', async () => {
    const set = unwrap(
      parseCriteriaSet({
        id: 'buoc',
        title: 'Bộ tiêu chí có bước điểm',
        classes: [{ label: 'Đạt', min: 0 }],
        criteria: [
          {
            code: '1',
            name: 'Lĩnh vực',
            max: 2,
            children: [
              { code: '1.1', name: 'Tiêu chí', max: 1, rule: { kind: 'direct', step: 0.25 } },
              { code: '1.2', name: 'Khác', max: 1 },
            ],
          },
        ],
      }),
    );
    const template = await scoreSheet(set, { unit: { id: 'x', name: 'X' }, period: 2021 });
    const sheet = (await load(template)).getWorksheet('Tự chấm')!;
    let row = 0;
    sheet.eachRow((candidate, number) => {
      if (candidate.getCell(1).value === 'c:1.1') row = number;
    });
    expect(sheet.getCell(`E${row}`).dataValidation).toMatchObject({
      type: 'custom',
      formulae: [`AND(ISNUMBER(E${row}),E${row}>=0,E${row}<=1,MOD(ROUND(E${row}/0.25,9),1)=0)`],
    });
    const read = await readScoreSheet(await fill(template, { '1.1': { score: 0.3 }, '1.2': { score: 1 } }), {
      set,
    });
    expect(read.success ? [] : read.issues.map((found) => found.cell)).toEqual([`'Tự chấm'!E${row}`]);
  });

  it('refuses bad sheets with the cell to blame, never a throw', async () => {
    const set = setOf('kon-ray-2021-xa');
    const template = await scoreSheet(set, { unit: { id: 'x', name: 'UBND xã X' }, period: 2021 });
    const altered = async (change: (sheet: ExcelJS.Worksheet) => void) => {
      const workbook = await load(template);
      change(workbook.getWorksheet('Tự chấm')!);
      return bytesOf(workbook);
    };
    const first = async (bytes: Uint8Array) => {
      const read = await readScoreSheet(bytes, { set });
      return read.success ? 'accepted' : formatIssue(read.issues[0]!);
    };
    expect(
      await first(
        await altered((sheet) => {
          sheet.getCell('E5').value = 'Điểm số';
        }),
      ),
    ).toMatch(/^'Tự chấm'!E5: the column 'Điểm' was moved or renamed/);
    expect(await first(await altered((sheet) => sheet.mergeCells('E6:F6')))).toMatch(
      /^'Tự chấm'!E6: an input cell may not be merged/,
    );
    expect(
      await first(
        await altered((sheet) => {
          sheet.getCell('E6').value = 'mười';
        }),
      ),
    ).toMatch(/^'Tự chấm'!E6: /);
    expect(await first(await altered((sheet) => sheet.spliceRows(7, 1)))).toMatch(/the row of 2 was deleted/);
    // A formula in an input cell, its cached value saying something else: the figure is refused, not trusted.
    expect(
      await first(
        await altered((sheet) => {
          sheet.getCell('E6').value = { formula: '10/4', result: 33 };
        }),
      ),
    ).toMatch(/^'Tự chấm'!E6: an input cell holds a number or text, not a formula/);
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet('Sheet1').getCell('A1').value = 'Bảng lương';
    expect(await first(await bytesOf(foreign))).toMatch(/^\(workbook\): this is not a cchc score sheet/);
    expect(await first(new TextEncoder().encode('not a workbook'))).toMatch(
      /^\(workbook\): this is not an \.xlsx workbook/,
    );
    // A zip bomb: 200 MiB of zeros that deflate to a few hundred KiB, refused before the workbook reader sees it.
    const bomb = zipSync({ '[Content_Types].xml': new Uint8Array(200 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    expect(await first(bomb)).toMatch(/^\(workbook\): the workbook expands past 8 MiB/);
  });

  it('reads codes only against the set: a key written `__proto__` is a refused row, never a prototype', async () => {
    const set = setOf('kon-ray-2021-xa');
    const template = await scoreSheet(set, { unit: { id: 'x', name: 'UBND xã X' }, period: 2021 });
    const poisoned = async (key: string) => {
      const workbook = await load(template);
      const sheet = workbook.getWorksheet('Tự chấm')!;
      sheet.getCell('A6').value = key;
      sheet.getCell('E6').value = 7;
      sheet.getCell('G6').value = 'bị chèn';
      return bytesOf(workbook);
    };
    for (const key of ['c:__proto__', 'f:__proto__:onTime', 'c:constructor', 'f:1:__proto__']) {
      const withSet = await readScoreSheet(await poisoned(key), { set });
      expect([key, withSet.success]).toEqual([key, false]);
      // Without a set (reading a sheet into a document), the key stays a key of the document.
      const withoutSet = await readScoreSheet(await poisoned(key));
      expect(withoutSet).toBeDefined();
      const probe: Record<string, unknown> = {};
      expect([key, probe['score'], probe['facts'], probe['onTime'], probe['cause']]).toEqual([
        key,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
    const refused = await readScoreSheet(await poisoned('c:__proto__'), { set });
    expect(refused.success ? '' : formatIssue(refused.issues[0]!)).toMatch(
      /^'Tự chấm'!A6: '__proto__' is not a criterion of the set/,
    );
  });
});

describe('the results workbook', { timeout: 60_000 }, () => {
  it('lists the names of each item’s evidence files, where it is given them', async () => {
    const results = unwrap(scoreDocuments(konRay2021));
    const [result] = results;
    const [lost] = lostItems(result!.nodes);
    const files = new Map([
      [result!.unit.id, new Map([[lost!.code, ['Kế hoạch CCHC 2021.pdf', 'Báo cáo quý I.pdf']]])],
    ]);
    const workbook = await load(await resultsWorkbook(results, { files }));
    const sheet = workbook.getWorksheet(RESULT_SHEETS.lost)!;
    expect(sheet.getRow(1).getCell(10).value).toBe('Tệp kiểm chứng');
    const cells: unknown[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1 && row.getCell(1).value === result!.unit.id && row.getCell(3).value === lost!.code)
        cells.push(row.getCell(10).value);
    });
    expect(cells).toEqual(['Kế hoạch CCHC 2021.pdf; Báo cáo quý I.pdf']);
    // Without files, no such column.
    const plain = await load(await resultsWorkbook(results));
    expect(plain.getWorksheet(RESULT_SHEETS.lost)!.getRow(1).getCell(10).value).toBeNull();
  });

  it('holds every figure of the JSON results, as numbers', async () => {
    const results = unwrap(scoreDocuments(konRay2021));
    const workbook = await load(await resultsWorkbook(results, { title: 'KẾT QUẢ NĂM 2021' }));
    const summary = workbook.getWorksheet(RESULT_SHEETS.summary)!;
    const rows = new Map<string, ExcelJS.Row>();
    summary.eachRow((row, number) => {
      if (number > 2) rows.set(String(row.getCell(2).value), row);
    });
    for (const result of results) {
      const json = resultToJson(result);
      const row = rows.get(json.unit.id)!;
      expect([
        row.getCell(1).value,
        row.getCell(5).value,
        row.getCell(6).value,
        row.getCell(7).value,
      ]).toEqual([json.rank, Number(json.achieved), Number(json.max), Number(json.index)]);
      expect(row.getCell(5).numFmt).toBe('0.00');
      const unitSheet = workbook.worksheets.find((sheet) =>
        String(sheet.getCell('A1').value).startsWith(result.unit.name),
      )!;
      const achievedOf = new Map<string, unknown>();
      unitSheet.eachRow((unitRow, number) => {
        if (number > 2) achievedOf.set(String(unitRow.getCell(1).value), unitRow.getCell(4).value);
      });
      const visit = (nodes: typeof json.nodes) => {
        for (const node of nodes) {
          expect([node.code, achievedOf.get(node.code)]).toEqual([
            node.code,
            node.achieved === null ? 'Không áp dụng' : Number(node.achieved),
          ]);
          visit(node.children ?? []);
        }
      };
      visit(json.nodes);
    }
    expect(workbook.worksheets.every((sheet) => sheet.name.length <= 31)).toBe(true);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(summary.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
  });
});

describe('a criteria set from a decision annex', { timeout: 60_000 }, () => {
  /** The district set written as an annex: a title, then STT | Tiêu chí | Điểm tối đa | Quy tắc | Tham số. */
  async function annex(extra: (sheet: ExcelJS.Worksheet) => void = () => {}) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Phụ lục');
    sheet.addRow(['BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH']);
    sheet.addRow(['STT', 'Tiêu chí, tiêu chí thành phần', 'Điểm tối đa', 'Quy tắc', 'Tham số']);
    const visit = (
      nodes: readonly {
        code: string;
        name: string;
        max: unknown;
        rule?: Record<string, unknown>;
        children?: unknown[];
      }[],
    ) => {
      for (const node of nodes) {
        const { kind, ...params } = node.rule ?? {};
        sheet.addRow([
          node.code,
          node.name,
          Number(node.max),
          kind ?? null,
          node.rule
            ? Object.entries(params)
                .map(([key, value]) => `${key}=${value}`)
                .join('; ') || null
            : null,
        ]);
        visit((node.children ?? []) as never);
      }
    };
    visit(konRay2021.criteriaSets[1]!.criteria as never);
    extra(sheet);
    return bytesOf(workbook);
  }

  it('reads the tree from the codes, with the max of every criterion', async () => {
    const commune = konRay2021.criteriaSets[1]!;
    const read = await readCriteriaSheet(await annex(), {
      set: { id: 'tu-excel', title: commune.title, classes: commune.classes },
    });
    if (!read.success) throw new Error(read.issues.map((found) => formatIssue(found)).join('\n'));
    expect(read.data.set.max.toFixed()).toBe(setOf(commune.id).max.toFixed());
    expect(read.data.set.criteria.map((area) => area.code)).toEqual(
      setOf(commune.id).criteria.map((area) => area.code),
    );
  });

  it('names the cell of a code without a parent, a code given twice, and a max that is not a number', async () => {
    const commune = konRay2021.criteriaSets[1]!;
    const options = { set: { id: 'tu-excel', title: commune.title, classes: commune.classes } };
    const orphan = await readCriteriaSheet(
      await annex((sheet) => sheet.addRow(['9.1', 'Mồ côi', 1])),
      options,
    );
    expect(orphan.success ? [] : orphan.issues.map((found) => formatIssue(found))).toEqual([
      `'Phụ lục'!A11: no criterion 9 above 9.1`,
    ]);
    const twice = await readCriteriaSheet(await annex((sheet) => sheet.addRow(['1', 'Lần hai', 1])), options);
    expect(twice.success ? '' : formatIssue(twice.issues[0]!)).toBe(`'Phụ lục'!A11: code 1 appears twice`);
    const wrongMax = await readCriteriaSheet(
      await annex((sheet) => {
        sheet.getCell('C3').value = 'nhiều';
      }),
      options,
    );
    expect(wrongMax.success ? '' : wrongMax.issues[0]!.cell).toBe(`'Phụ lục'!C3`);
  });
});

/** LibreOffice, when this machine has it: it computes the sheet's formulas as Excel would. */
const soffice = ['soffice', 'libreoffice'].find((name) => spawnSync(name, ['--version']).status === 0);
if (!soffice)
  console.info(
    'excel: LibreOffice (soffice) is not installed: the check of formulas by LibreOffice was skipped',
  );

describe.skipIf(!soffice)('a filled score sheet in LibreOffice', { timeout: 120_000 }, () => {
  it('computes the same total and index as the scorer', async () => {
    const set = setOf('kon-ray-2021-xa');
    const commune = konRay2021.communes[0]!;
    const template = await scoreSheet(set, { unit: commune.unit, period: 2021 });
    const dir = mkdtempSync(join(tmpdir(), 'cchc-soffice-'));
    writeFileSync(join(dir, 'phieu.xlsx'), await fill(template, commune.entries as Entries));
    const converted = spawnSync(soffice!, [
      '--headless',
      '--convert-to',
      // The CSV filter's options: comma, double quote, UTF-8 (76); its default is the system's charset.
      'csv:Text - txt - csv (StarCalc):44,34,76',
      '--outdir',
      dir,
      join(dir, 'phieu.xlsx'),
    ]);
    expect(converted.status).toBe(0);
    const rows = readFileSync(join(dir, 'phieu.csv'), 'utf8')
      .split('\n')
      .map((line) => line.split(','));
    const total = rows.find((row) => row.includes('Tổng điểm'))!;
    const index = rows.find((row) => row.some((cell) => cell.startsWith('Chỉ số')))!;
    const { stated: _stated, ...document } = commune as typeof commune & { stated?: unknown };
    const result = figuresOf(document, set);
    expect(Number(total[4])).toBeCloseTo(Number(result.achieved), 9);
    expect(Number(total[3])).toBeCloseTo(Number(result.max), 9);
    expect(Number(index[4])).toBeCloseTo(Number(result.index), 9);
  });
});

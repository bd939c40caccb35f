import { type CriteriaSet, type Criterion, formatNumber, rowOf } from '@cchc/core';
import { factsOfRule } from '@cchc/core/rules';
import type ExcelJS from 'exceljs';
import { A4_LANDSCAPE, FIGURE_FORMAT, figure, newWorkbook, styleHeader, workbookBytes } from './cells.js';

import {
  COLUMN,
  FIRST_ROW,
  FORMAT,
  HEADER,
  META_SHEET,
  SHEET_OF_LAYER,
  type SheetLayer,
} from './score-sheet-layout.js';

export type { SheetLayer } from './score-sheet-layout.js';

export interface ScoreSheetOptions {
  /** The unit the sheet is for (a stored round's unit); none: the person writes it in. */
  readonly unit?:
    | { readonly id: string; readonly name: string; readonly group?: string | undefined }
    | undefined;
  readonly period?: string | number | undefined;
  readonly layer?: SheetLayer | undefined;
  /** Scores to fill in beforehand (an assessment document's `entries`). */
  readonly entries?: Readonly<Record<string, unknown>> | undefined;
  /** What a criterion left blank means when the sheet is read: an error (default) or full marks. */
  readonly unscored?: 'error' | 'full' | undefined;
}

/** The step of a criterion scored directly in steps (`rule: { kind: direct, step: 0.25 }`), as a number. */
function stepOf(criterion: Criterion): number | undefined {
  if (criterion.rule?.definition.kind !== 'direct') return undefined;
  const step = (criterion.rule.params as { step?: { toText(): string } } | undefined)?.step;
  return step === undefined ? undefined : Number(step.toText());
}

/**
 * A score sheet to fill in (phiếu chấm điểm) for a criteria set: one row per criterion, with its max,
 * the score (or, for an item scored by a rule, one row per fact the rule reads), not applicable, cause,
 * responsible and evidence. Input cells are validated (0 ≤ score ≤ max, whole counts, x for not
 * applicable) and left unlocked in a protected sheet; each parent's score and the totals are formulas,
 * so the person sees them as they type. `readScoreSheet` reads it back.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCriteriaSet, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * import { scoreSheet } from '@cchc/excel';
 * const set = unwrap(parseCriteriaSet(konRay2021.criteriaSets[1]));
 * const bytes = await scoreSheet(set, { unit: { id: 'dak-koi', name: 'UBND xã Đăk Kôi' }, period: 2021 });
 * assert.ok(bytes.byteLength > 5_000);
 * ```
 */
export async function scoreSheet(set: CriteriaSet, options: ScoreSheetOptions = {}): Promise<Uint8Array> {
  const layer = options.layer ?? 'self';
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(SHEET_OF_LAYER[layer], {
    views: [{ state: 'frozen', ySplit: FIRST_ROW - 1, xSplit: COLUMN.name }],
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: `${FIRST_ROW - 1}:${FIRST_ROW - 1}` },
  });
  sheet.columns = [
    { width: 4, hidden: true },
    { width: 8 },
    { width: 60 },
    { width: 10 },
    { width: 10 },
    { width: 10 },
    { width: 12 },
    { width: 36 },
    { width: 28 },
    { width: 28 },
    { width: 24 },
    { width: 36 },
    { width: 14 },
  ];
  const title = `PHIẾU ${layer === 'self' ? 'TỰ CHẤM ĐIỂM' : 'THẨM ĐỊNH'} CHỈ SỐ CẢI CÁCH HÀNH CHÍNH${options.period === undefined ? '' : ` NĂM ${options.period}`}`;
  sheet.getCell('B1').value = title;
  sheet.getCell('B1').font = { bold: true, size: 13 };
  sheet.getCell('B2').value = `Bộ tiêu chí: ${set.title}`;
  sheet.getCell('B3').value = `Đơn vị: ${options.unit?.name ?? ''}`;
  styleHeader(sheet.getRow(FIRST_ROW - 1));
  sheet.getRow(FIRST_ROW - 1).values = HEADER;
  styleHeader(sheet.getRow(FIRST_ROW - 1));

  const entries = options.entries ?? {};
  // Each entry shown through the core's one entry-row model, as the pages' form shows it.
  const rowOfCode = (code: string) =>
    rowOf(Object.hasOwn(entries, code) ? (entries[code] as Record<string, unknown>) : undefined);
  const unlock = (cell: ExcelJS.Cell) => {
    cell.protection = { locked: false };
  };
  const topRows: number[] = [];

  /** Writes a criterion and what is under it; returns its row. */
  const write = (criterion: Criterion, depth: number): number => {
    const row = sheet.addRow([]);
    const at = row.number;
    const leaf = criterion.children.length === 0;
    const entry = rowOfCode(criterion.code);
    row.getCell(COLUMN.key).value = `${leaf ? 'c' : 'p'}:${criterion.code}`;
    row.getCell(COLUMN.code).value = criterion.code;
    row.getCell(COLUMN.name).value = criterion.name;
    row.getCell(COLUMN.name).alignment = { wrapText: true, indent: depth };
    row.getCell(COLUMN.max).value = figure(criterion.max);
    row.getCell(COLUMN.max).numFmt = FIGURE_FORMAT;
    if (depth === 0) row.font = { bold: true };
    const na = row.getCell(COLUMN.notApplicable);
    unlock(na);
    na.dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"x"'],
      showErrorMessage: true,
      errorTitle: 'Không áp dụng',
      error: 'Ghi x nếu tiêu chí không áp dụng với đơn vị; để trống nếu có áp dụng.',
    };
    if (entry.notApplicable) na.value = 'x';
    for (const [column, field] of [
      [COLUMN.cause, 'cause'],
      [COLUMN.note, 'note'],
      [COLUMN.responsibility, 'responsibility'],
    ] as const) {
      const cell = row.getCell(column);
      unlock(cell);
      cell.alignment = { wrapText: true };
      const text = entry[field];
      if (text !== undefined) cell.value = text;
    }
    for (const [column, field] of [
      [COLUMN.responsible, 'responsible'],
      [COLUMN.evidence, 'evidence'],
    ] as const) {
      const cell = row.getCell(column);
      unlock(cell);
      cell.alignment = { wrapText: true };
      const list = entry[field];
      if (list !== undefined) cell.value = list.join('; ');
    }
    const score = row.getCell(COLUMN.score);
    score.numFmt = FIGURE_FORMAT;
    if (leaf) {
      unlock(score);
      const maxText = formatNumber(criterion.max);
      const step = stepOf(criterion);
      score.dataValidation = step
        ? {
            // 0 ≤ score ≤ max, in whole steps (ROUND keeps 0.75 / 0.25 whole despite binary floats).
            type: 'custom',
            allowBlank: true,
            formulae: [
              `AND(ISNUMBER(${score.address}),${score.address}>=0,${score.address}<=${figure(criterion.max)},MOD(ROUND(${score.address}/${step},9),1)=0)`,
            ],
            showErrorMessage: true,
            errorTitle: 'Điểm',
            error: `Điểm từ 0 đến ${maxText}, theo bước ${formatNumber(step)}.`,
          }
        : {
            type: 'decimal',
            operator: 'between',
            allowBlank: true,
            formulae: [0, figure(criterion.max)],
            showErrorMessage: true,
            errorTitle: 'Điểm',
            error: `Điểm từ 0 đến ${maxText}.`,
          };
      if (entry.score !== undefined) score.value = Number(String(entry.score).replace(',', '.'));
      const unitMax = row.getCell(COLUMN.unitMax);
      unlock(unitMax);
      unitMax.numFmt = FIGURE_FORMAT;
      unitMax.dataValidation = {
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [0, figure(criterion.max)],
        showErrorMessage: true,
        errorTitle: 'Điểm tối đa áp dụng',
        error: `Từ 0 đến ${maxText}; để trống nếu áp dụng toàn bộ.`,
      };
      if (entry.max !== undefined) unitMax.value = Number(String(entry.max).replace(',', '.'));
      const facts = entry.facts ?? {};
      for (const fact of criterion.rule ? factsOfRule(criterion.rule.definition) : []) {
        const factRow = sheet.addRow([]);
        factRow.getCell(COLUMN.key).value = `f:${criterion.code}:${fact.name}`;
        factRow.getCell(COLUMN.name).value = `Số liệu: ${fact.label}`;
        factRow.getCell(COLUMN.name).alignment = { indent: depth + 1 };
        factRow.getCell(COLUMN.name).font = { italic: true };
        const cell = factRow.getCell(COLUMN.facts);
        unlock(cell);
        if (fact.type === 'boolean')
          cell.dataValidation = {
            type: 'list',
            allowBlank: true,
            formulae: ['"Có,Không"'],
            showErrorMessage: true,
            errorTitle: 'Số liệu',
            error: 'Chọn Có hoặc Không.',
          };
        else if (fact.type === 'integer')
          cell.dataValidation = {
            type: 'whole',
            operator: 'greaterThanOrEqual',
            allowBlank: true,
            formulae: [0],
            showErrorMessage: true,
            errorTitle: 'Số liệu',
            error: 'Một số nguyên không âm.',
          };
        const given = Object.hasOwn(facts, fact.name) ? facts[fact.name] : undefined;
        if (typeof given === 'number' || typeof given === 'string') cell.value = given;
        else if (typeof given === 'boolean') cell.value = given ? 'Có' : 'Không';
      }
    } else {
      const children = criterion.children.map((child) => write(child, depth + 1));
      const column = sheet.getColumn(COLUMN.score).letter;
      // A parent's score is its children's sum as the person types; the scorer recomputes it exactly.
      score.value = { formula: `SUM(${children.map((child) => `${column}${child}`).join(',')})` };
    }
    return at;
  };
  for (const area of set.criteria) topRows.push(write(area, 0));

  const last = sheet.rowCount;
  const col = (key: keyof typeof COLUMN) => sheet.getColumn(COLUMN[key]).letter;
  const total = sheet.addRow([]);
  total.font = { bold: true };
  total.getCell(COLUMN.name).value = 'Tổng điểm';
  total.getCell(COLUMN.max).value = {
    // The applicable max: the set's, less the max of each item marked not applicable.
    formula:
      `${figure(set.max)}-SUMIFS(${col('max')}${FIRST_ROW}:${col('max')}${last},${col('notApplicable')}${FIRST_ROW}:${col('notApplicable')}${last},"x",${col('key')}${FIRST_ROW}:${col('key')}${last},"c:*")` +
      `-SUMPRODUCT((${col('unitMax')}${FIRST_ROW}:${col('unitMax')}${last}<>"")*(${col('notApplicable')}${FIRST_ROW}:${col('notApplicable')}${last}<>"x"),${col('max')}${FIRST_ROW}:${col('max')}${last}-${col('unitMax')}${FIRST_ROW}:${col('unitMax')}${last})`,
  };
  total.getCell(COLUMN.score).value = {
    formula: `SUM(${topRows.map((row) => `${col('score')}${row}`).join(',')})`,
  };
  for (const column of [COLUMN.max, COLUMN.score]) total.getCell(column).numFmt = FIGURE_FORMAT;
  const index = sheet.addRow([]);
  index.font = { bold: true };
  index.getCell(COLUMN.name).value = 'Chỉ số (điểm đạt ÷ điểm tối đa áp dụng × 100)';
  index.getCell(COLUMN.score).value = {
    formula: `IF(${col('max')}${total.number}>0,ROUND(${col('score')}${total.number}/${col('max')}${total.number}*100,2),0)`,
  };
  index.getCell(COLUMN.score).numFmt = FIGURE_FORMAT;
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  const facts: [string, string | number | undefined][] = [
    ['format', FORMAT],
    ['criteriaSet', set.id],
    ['unit.id', options.unit?.id],
    ['unit.name', options.unit?.name],
    ['unit.group', options.unit?.group],
    ['period', options.period === undefined ? undefined : String(options.period)],
    ['layer', layer],
    ['unscored', options.unscored],
    ['sheet', SHEET_OF_LAYER[layer]],
  ];
  for (const [key, value] of facts) if (value !== undefined) meta.addRow([key, value]);
  return workbookBytes(workbook);
}

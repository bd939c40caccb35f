import {
  type CriteriaSet,
  type Criterion,
  factsOfRule,
  formatNumber,
  type Layer,
  parseAssessment,
  scoreAssessment,
} from '@cchc/core';
import ExcelJS from 'exceljs';
import {
  A4_LANDSCAPE,
  cellName,
  cellValue,
  FIGURE_FORMAT,
  figure,
  isFormula,
  loadWorkbook,
  newWorkbook,
  type SheetIssue,
  type SheetOutcome,
  sheetFailure,
  sheetIssue,
  sheetProblem,
  styleHeader,
  type Worksheet,
  workbookBytes,
} from './cells.js';

/** Whose scores a sheet holds: the unit's own (tự chấm) or the appraisers' (thẩm định). */
/** The layer a sheet is for: the core's. */
export type SheetLayer = Layer;

const SHEET_OF_LAYER: Readonly<Record<SheetLayer, string>> = { self: 'Tự chấm', appraised: 'Thẩm định' };
/** The sheet that says what the score sheet is for, hidden from the person who fills it in. */
const META_SHEET = 'cchc';
const FORMAT = 'cchc-score-sheet/1';

/** The columns of a score sheet, by what they hold. */
const COLUMN = {
  key: 1,
  code: 2,
  name: 3,
  max: 4,
  score: 5,
  notApplicable: 6,
  facts: 7,
  cause: 8,
  responsible: 9,
  evidence: 10,
  note: 11,
  responsibility: 12,
  unitMax: 13,
} as const;
const HEADER = [
  'Khóa',
  'STT',
  'Tiêu chí, tiêu chí thành phần',
  'Điểm tối đa',
  'Điểm',
  'Không áp dụng (x)',
  'Số liệu kê khai',
  'Nguyên nhân trừ điểm',
  'Trách nhiệm',
  'Tài liệu kiểm chứng',
  'Ghi chú',
  'Diễn giải trách nhiệm',
  'Điểm tối đa áp dụng (khi một phần không áp dụng)',
];
const FIRST_ROW = 6;

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

const listText = (value: unknown) => (Array.isArray(value) ? value.join('; ') : undefined);

/**
 * A score sheet to fill in (phiếu chấm điểm) for a criteria set: one row per criterion, with its max,
 * the score (or, for an item scored by a rule, one row per fact the rule reads), not applicable, cause,
 * responsible and evidence. Input cells are validated (0 ≤ score ≤ max, whole counts, x for not
 * applicable) and left unlocked in a protected sheet; each parent's score and the totals are formulas,
 * so the person sees them as they type. `readScoreSheet` reads it back.
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
  const entryOf = (code: string) => (entries[code] ?? {}) as Record<string, unknown>;
  const unlock = (cell: ExcelJS.Cell) => {
    cell.protection = { locked: false };
  };
  const topRows: number[] = [];

  /** Writes a criterion and what is under it; returns its row. */
  const write = (criterion: Criterion, depth: number): number => {
    const row = sheet.addRow([]);
    const at = row.number;
    const leaf = criterion.children.length === 0;
    const entry = entryOf(criterion.code);
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
    if (entry['notApplicable'] === true) na.value = 'x';
    for (const [column, field] of [
      [COLUMN.cause, 'cause'],
      [COLUMN.note, 'note'],
      [COLUMN.responsibility, 'responsibility'],
    ] as const) {
      const cell = row.getCell(column);
      unlock(cell);
      cell.alignment = { wrapText: true };
      if (typeof entry[field] === 'string') cell.value = entry[field] as string;
    }
    for (const [column, field] of [
      [COLUMN.responsible, 'responsible'],
      [COLUMN.evidence, 'evidence'],
    ] as const) {
      const cell = row.getCell(column);
      unlock(cell);
      cell.alignment = { wrapText: true };
      const text = listText(entry[field]);
      if (text !== undefined) cell.value = text;
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
      if (entry['score'] !== undefined) score.value = Number(String(entry['score']).replace(',', '.'));
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
      if (entry['max'] !== undefined) unitMax.value = Number(String(entry['max']).replace(',', '.'));
      const facts = (entry['facts'] ?? {}) as Record<string, unknown>;
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
        const given = facts[fact.name];
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

export interface ReadScoreSheetOptions {
  /** The criteria set the sheet was made from: with it, the read assessment is scored, and its errors placed in cells. */
  readonly set?: CriteriaSet | undefined;
  /** The unit, period and layer when the sheet does not say them (a stored round says them). */
  readonly unit?: ScoreSheetOptions['unit'];
  readonly period?: string | number | undefined;
}

/** Yes and no as officials write them in a cell: x, Có, Không… (a checkbox's TRUE and FALSE too). */
const YES = new Set(['x', 'có', 'co', 'yes', 'true', '1', 'đạt', 'không áp dụng']);
const NO = new Set(['không', 'khong', 'no', 'false', '0', 'không đạt']);
function yesNo(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const said = String(value).trim().toLowerCase();
  return YES.has(said) ? true : NO.has(said) ? false : undefined;
}

/**
 * Reads a filled score sheet into an assessment document, every cell as the person typed it: a number
 * or the text "0,25" is the same score (the core reads both). With the criteria set, the document is also
 * parsed and scored, and every error is placed at its cell, in English and Vietnamese.
 */
export async function readScoreSheet(
  data: Uint8Array,
  options: ReadScoreSheetOptions = {},
): Promise<SheetOutcome<Record<string, unknown>>> {
  const workbook = await loadWorkbook(data);
  const refuse = (cell: string, en: string, vi: string) => sheetFailure([sheetProblem(cell, en, vi)]);
  if (!(workbook instanceof ExcelJS.Workbook)) return sheetFailure([workbook]);
  const meta = workbook.getWorksheet(META_SHEET);
  const metaOf = new Map<string, string>();
  meta?.eachRow((row) => {
    const key = cellValue(row.getCell(1));
    const value = cellValue(row.getCell(2));
    if (typeof key === 'string' && value !== undefined) metaOf.set(key, String(value));
  });
  if (metaOf.get('format') !== FORMAT)
    return refuse(
      '(workbook)',
      'this is not a cchc score sheet (make one with cchc excel template)',
      'bảng tính không phải phiếu chấm điểm của cchc (tạo phiếu bằng cchc excel template)',
    );
  const sheetTitle = metaOf.get('sheet') ?? SHEET_OF_LAYER.self;
  const sheet = workbook.getWorksheet(sheetTitle);
  if (!sheet)
    return refuse(`'${sheetTitle}'`, `the sheet '${sheetTitle}' is missing`, `thiếu trang '${sheetTitle}'`);
  const header = HEADER.map((_, position) => cellValue(sheet.getRow(FIRST_ROW - 1).getCell(position + 1)));
  const moved = HEADER.findIndex((name, position) => position > 0 && header[position] !== name);
  if (moved >= 0) {
    const address = sheet.getRow(FIRST_ROW - 1).getCell(moved + 1).address;
    return refuse(
      cellName(sheetTitle, address),
      `the column '${HEADER[moved]}' was moved or renamed: the sheet's columns must stay as made`,
      `cột '${HEADER[moved]}' đã bị di chuyển hoặc đổi tên: giữ nguyên các cột của phiếu`,
    );
  }

  const issues: SheetIssue[] = [];
  // Keys come from the workbook: objects without a prototype, so that a code `__proto__` is only a key.
  const entries: Record<string, Record<string, unknown>> = Object.create(null);
  const rowOf = new Map<string, number>();
  const factRowOf = new Map<string, number>();
  const at = (row: number, column: number) => cellName(sheetTitle, sheet.getRow(row).getCell(column).address);
  const inputColumns = [
    COLUMN.score,
    COLUMN.unitMax,
    COLUMN.notApplicable,
    COLUMN.facts,
    COLUMN.cause,
    COLUMN.responsible,
    COLUMN.evidence,
    COLUMN.note,
  ];
  for (let number = FIRST_ROW; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const key = cellValue(row.getCell(COLUMN.key));
    if (typeof key !== 'string') continue;
    const [kind, code, fact] = key.split(':');
    for (const column of inputColumns) {
      const cell = row.getCell(column);
      if (cell.isMerged)
        issues.push(
          sheetProblem(at(number, column), 'an input cell may not be merged', 'ô nhập liệu không được gộp'),
        );
      // The value a workbook caches for a formula is whatever its writer put there, not what the formula
      // computes: an input cell holds the figure itself (a parent's score is the sheet's own sum).
      else if (isFormula(cell) && !(kind === 'p' && (column === COLUMN.score || column === COLUMN.unitMax)))
        issues.push(
          sheetProblem(
            at(number, column),
            'an input cell holds a number or text, not a formula',
            'ô nhập liệu phải là số hoặc chữ, không phải công thức',
          ),
        );
    }
    if (code === undefined) continue;
    // A code is read only against the set, where there is one: any other is a row someone wrote.
    if (options.set && !options.set.byCode.has(code)) {
      issues.push(
        sheetProblem(
          at(number, COLUMN.key),
          `'${code.slice(0, 40)}' is not a criterion of the set`,
          `'${code.slice(0, 40)}' không phải tiêu chí của bộ tiêu chí`,
        ),
      );
      continue;
    }
    const entry: Record<string, unknown> = entries[code] ?? Object.create(null);
    entries[code] = entry;
    if (kind === 'f' && fact !== undefined) {
      factRowOf.set(`${code}:${fact}`, number);
      const value = cellValue(row.getCell(COLUMN.facts));
      if (value !== undefined) {
        const facts = (entry['facts'] ?? Object.create(null)) as Record<string, unknown>;
        entry['facts'] = facts;
        // A yes/no fact (a report on time or not) reads as a boolean; numbers and decimal text as written.
        const flag = typeof value === 'number' ? undefined : yesNo(value);
        facts[fact] = flag ?? value;
      }
      continue;
    }
    rowOf.set(code, number);
    const score = cellValue(row.getCell(COLUMN.score));
    if (kind === 'c' && score !== undefined)
      entry['score'] = typeof score === 'boolean' ? String(score) : score;
    const unitMax = cellValue(row.getCell(COLUMN.unitMax));
    if (kind === 'c' && unitMax !== undefined)
      entry['max'] = typeof unitMax === 'boolean' ? String(unitMax) : unitMax;
    const na = cellValue(row.getCell(COLUMN.notApplicable));
    if (na !== undefined) {
      const said = yesNo(na);
      if (said === true) entry['notApplicable'] = true;
      else if (said === undefined)
        issues.push(
          sheetProblem(
            at(number, COLUMN.notApplicable),
            `"${String(na)}": write x for not applicable, or leave it blank`,
            `"${String(na)}": ghi x nếu không áp dụng, hoặc để trống`,
          ),
        );
    }
    const text = (column: number) => {
      const value = cellValue(row.getCell(column));
      return value === undefined ? undefined : String(value).trim() || undefined;
    };
    const list = (column: number) =>
      text(column)
        ?.split(/[;\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    const cause = text(COLUMN.cause);
    const note = text(COLUMN.note);
    const responsibility = text(COLUMN.responsibility);
    const responsible = list(COLUMN.responsible);
    const evidence = list(COLUMN.evidence);
    if (cause !== undefined) entry['cause'] = cause;
    if (note !== undefined) entry['note'] = note;
    if (responsibility !== undefined) entry['responsibility'] = responsibility;
    if (responsible?.length) entry['responsible'] = responsible;
    if (evidence?.length) entry['evidence'] = evidence;
  }
  // An entry of a parent row holds only what the person may say of a parent: not applicable, cause, note.
  for (const [code, entry] of Object.entries(entries))
    if (Object.keys(entry).length === 0) delete entries[code];

  const unitId = metaOf.get('unit.id') ?? options.unit?.id;
  const unitName = metaOf.get('unit.name') ?? options.unit?.name;
  const group = metaOf.get('unit.group') ?? options.unit?.group;
  const period = metaOf.get('period') ?? (options.period === undefined ? undefined : String(options.period));
  const unscored = metaOf.get('unscored');
  const document: Record<string, unknown> = {
    criteriaSet: metaOf.get('criteriaSet'),
    ...(unitId === undefined
      ? {}
      : { unit: { id: unitId, name: unitName ?? unitId, ...(group ? { group } : {}) } }),
    ...(period === undefined ? {} : { period }),
    layer: metaOf.get('layer') ?? 'self',
    ...(unscored === undefined ? {} : { unscored }),
    // As plain objects again (their keys own data, never a prototype).
    entries: Object.fromEntries(
      Object.entries(entries).map(([code, entry]) => [
        code,
        Object.fromEntries(
          Object.entries(entry).map(([field, value]) => [
            field,
            field === 'facts' ? Object.fromEntries(Object.entries(value as object)) : value,
          ]),
        ),
      ]),
    ),
  };

  if (options.set) {
    if (options.set.id !== document['criteriaSet'])
      issues.push(
        sheetProblem(
          '(workbook)',
          `the sheet is for criteria set '${String(document['criteriaSet'])}', not '${options.set.id}'`,
          `phiếu dùng bộ tiêu chí '${String(document['criteriaSet'])}', không phải '${options.set.id}'`,
        ),
      );
    // A criterion whose row was deleted cannot be read: say which.
    const visit = (criteria: readonly Criterion[]) => {
      for (const criterion of criteria) {
        if (!rowOf.has(criterion.code))
          issues.push(
            sheetProblem(
              `'${sheetTitle}'`,
              `the row of ${criterion.code} was deleted`,
              `dòng của tiêu chí ${criterion.code} đã bị xóa`,
            ),
          );
        visit(criterion.children);
      }
    };
    visit(options.set.criteria);
    if (issues.length === 0 && document['unit'] !== undefined && document['period'] !== undefined) {
      const parsed = parseAssessment(document);
      const scored = parsed.success ? scoreAssessment(options.set, parsed.data) : parsed;
      if (!scored.success)
        for (const found of scored.issues)
          issues.push(sheetIssue(cellOf(found.path, sheetTitle, rowOf, factRowOf, sheet), found));
    }
  }
  return issues.length > 0 ? sheetFailure(issues) : { success: true as const, data: document };
}

/** The cell an issue's path points at: `entries.<code>.score` → that row's score cell, and so on. */
function cellOf(
  path: readonly (string | number)[],
  sheetTitle: string,
  rowOf: ReadonlyMap<string, number>,
  factRowOf: ReadonlyMap<string, number>,
  sheet: Worksheet,
): string {
  const [root, code, field, fact] = path;
  if (root !== 'entries' || typeof code !== 'string') return `'${sheetTitle}'`;
  const at = (row: number | undefined, column: number) =>
    row === undefined ? `'${sheetTitle}'` : cellName(sheetTitle, sheet.getRow(row).getCell(column).address);
  if (field === 'facts' && typeof fact === 'string')
    return at(factRowOf.get(`${code}:${fact}`) ?? rowOf.get(code), COLUMN.facts);
  const column =
    field === 'notApplicable'
      ? COLUMN.notApplicable
      : field === 'cause'
        ? COLUMN.cause
        : field === 'responsible'
          ? COLUMN.responsible
          : field === 'evidence'
            ? COLUMN.evidence
            : field === 'note'
              ? COLUMN.note
              : field === 'responsibility'
                ? COLUMN.responsibility
                : field === 'max'
                  ? COLUMN.unitMax
                  : field === 'facts'
                    ? COLUMN.facts
                    : COLUMN.score;
  return at(rowOf.get(code), column);
}

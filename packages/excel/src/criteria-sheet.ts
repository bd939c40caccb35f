import { type CriteriaSet, parseCriteriaSet } from '@cchc/core';
import ExcelJS from 'exceljs';
import {
  cellName,
  cellValue,
  loadWorkbook,
  type SheetIssue,
  type SheetOutcome,
  sheetFailure,
  sheetIssue,
  sheetProblem,
} from './cells.js';

export interface CriteriaSheetOptions {
  /** The set's id, title, classes and the rest of its document that an annex's table does not hold. */
  readonly set: { readonly id: string; readonly title: string } & Readonly<Record<string, unknown>>;
  /** The sheet to read; the first by default. */
  readonly sheet?: string | undefined;
}

/** Headers as decision annexes write them, lower case, and the field each gives. */
const HEADERS: readonly {
  field: 'code' | 'name' | 'max' | 'rule' | 'params' | 'evidence';
  pattern: RegExp;
}[] = [
  { field: 'evidence', pattern: /^(tài liệu kiểm chứng|tlkc|evidence)/ },
  { field: 'code', pattern: /^(stt|mã|ma|code)\b/ },
  { field: 'name', pattern: /^(tiêu chí|nội dung|lĩnh vực|name)/ },
  { field: 'max', pattern: /^(điểm tối đa|điểm chuẩn|max)/ },
  { field: 'rule', pattern: /^(quy tắc|cách chấm|rule)/ },
  { field: 'params', pattern: /^(tham số|params)/ },
];
/** How far down an annex's header row may be (title lines come first). */
const HEADER_SEARCH_ROWS = 30;

/** `lateWeight=0.5; levels=…` or a JSON object, as a rule's parameters. */
function paramsOf(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  const params: Record<string, unknown> = {};
  for (const part of trimmed.split(';')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals <= 0) return undefined;
    params[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return params;
}

interface NodeDocument {
  code: string | number;
  name: unknown;
  max: unknown;
  rule?: Record<string, unknown>;
  requiredEvidence?: string;
  children?: NodeDocument[];
}

/**
 * A criteria set from a sheet in the layout of decision annexes: a header row with the code (or STT),
 * the name and the max, and optionally the rule's kind and parameters; the tree is read from the codes
 * (`1.2` is under `1`). Every error names its cell.
 */
export async function readCriteriaSheet(
  data: Uint8Array,
  options: CriteriaSheetOptions,
): Promise<SheetOutcome<{ document: Record<string, unknown>; set: CriteriaSet }>> {
  const workbook = await loadWorkbook(data);
  if (!(workbook instanceof ExcelJS.Workbook)) return sheetFailure([workbook]);
  const sheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!sheet) return sheetFailure([sheetProblem('(workbook)', 'no_sheet', { sheet: options.sheet ?? '' })]);
  const at = (row: number, column: number) => cellName(sheet.name, sheet.getRow(row).getCell(column).address);

  let headerRow = 0;
  const columns = new Map<(typeof HEADERS)[number]['field'], number>();
  for (let number = 1; number <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS) && headerRow === 0; number++) {
    const found = new Map<(typeof HEADERS)[number]['field'], number>();
    sheet.getRow(number).eachCell((cell, column) => {
      const text = String(cellValue(cell) ?? '')
        .trim()
        .toLowerCase();
      const header = HEADERS.find((candidate) => candidate.pattern.test(text));
      if (header && !found.has(header.field)) found.set(header.field, column);
    });
    if (found.has('code') && found.has('name') && found.has('max')) {
      headerRow = number;
      for (const [field, column] of found) columns.set(field, column);
    }
  }
  if (headerRow === 0)
    return sheetFailure([sheetProblem(`'${sheet.name}'`, 'no_header', { rows: HEADER_SEARCH_ROWS })]);

  const issues: SheetIssue[] = [];
  const roots: NodeDocument[] = [];
  const byCode = new Map<string, NodeDocument>();
  const rowOfNode = new Map<NodeDocument, number>();
  for (let number = headerRow + 1; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const value = (field: (typeof HEADERS)[number]['field']) => {
      const column = columns.get(field);
      return column === undefined ? undefined : cellValue(row.getCell(column));
    };
    const code = value('code');
    const name = value('name');
    if (code === undefined && name === undefined) continue;
    for (const column of columns.values())
      if (row.getCell(column).isMerged && row.getCell(column).master !== row.getCell(column))
        issues.push(sheetProblem(at(number, column), 'merged_row'));
    if (code === undefined) {
      issues.push(sheetProblem(at(number, columns.get('code')!), 'code_missing'));
      continue;
    }
    const evidence = value('evidence');
    const node: NodeDocument = {
      code: typeof code === 'boolean' ? String(code) : code,
      name,
      max: value('max'),
      ...(evidence === undefined || String(evidence).trim() === ''
        ? {}
        : { requiredEvidence: String(evidence) }),
    };
    const kind = value('rule');
    if (kind !== undefined) {
      const paramsText = value('params');
      const params = paramsText === undefined ? {} : paramsOf(String(paramsText));
      if (params === undefined) {
        issues.push(sheetProblem(at(number, columns.get('params')!), 'params_syntax'));
        continue;
      }
      node.rule = { kind, ...params };
    }
    rowOfNode.set(node, number);
    const text = String(node.code);
    if (byCode.has(text)) {
      issues.push(sheetProblem(at(number, columns.get('code')!), 'code_twice', { code: text }));
      continue;
    }
    byCode.set(text, node);
    const parentCode = text.includes('.') ? text.slice(0, text.lastIndexOf('.')) : undefined;
    if (parentCode === undefined) roots.push(node);
    else {
      const parent = byCode.get(parentCode);
      if (!parent) {
        issues.push(
          sheetProblem(at(number, columns.get('code')!), 'no_parent', { parent: parentCode, code: text }),
        );
        continue;
      }
      parent.children = [...(parent.children ?? []), node];
    }
  }
  if (issues.length > 0) return sheetFailure(issues);

  const document = { ...options.set, criteria: roots };
  const parsed = parseCriteriaSet(document);
  if (!parsed.success) {
    const fieldColumn = (field: unknown) =>
      field === 'name'
        ? columns.get('name')
        : field === 'max'
          ? columns.get('max')
          : field === 'rule'
            ? (columns.get('params') ?? columns.get('rule'))
            : columns.get('code');
    return sheetFailure(
      parsed.issues.map((found) => {
        // Follow the path through the document to the last criterion on it: its row, and the field's column.
        let current: unknown = document;
        let row: number | undefined;
        let field: unknown;
        for (const step of found.path) {
          current = (current as Record<string | number, unknown> | undefined)?.[step];
          const known = rowOfNode.get(current as NodeDocument);
          if (known !== undefined) {
            row = known;
            field = undefined;
          } else if (field === undefined) field = step;
        }
        const column = fieldColumn(field);
        return sheetIssue(
          row === undefined || column === undefined ? `'${sheet.name}'` : at(row, column),
          found,
        );
      }),
    );
  }
  return { success: true as const, data: { document, set: parsed.data } };
}

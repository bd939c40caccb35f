import type { Outcome } from '@cchc/core';
import { succeed } from '@cchc/core/internal';
import ExcelJS from 'exceljs';
import {
  A4_LANDSCAPE,
  cellName,
  cellValue,
  loadWorkbook,
  newWorkbook,
  type SheetIssue,
  sheetFailure,
  sheetProblem,
  styleHeader,
  wordsOf,
  workbookBytes,
} from './cells.js';

/** The sheet of people to import, and its columns, as the template writes them and the reader expects them. */
const PEOPLE_SHEET = 'Người dùng';
const HEADER = [
  'Họ và tên',
  'Tên đăng nhập',
  'Email',
  'Đơn vị',
  'Vai trò',
  'Mã tiêu chí được thẩm định',
] as const;
const FIRST_ROW = 2;
/** The most people one workbook imports: a province's departments, districts and communes many times over. */
export const MAX_ACCOUNT_ROWS = 2_000;

/** The roles as the sheet writes them (with the words the reader also takes), and what each needs. */
const ROLE_WORDS = ['Đơn vị', 'Thẩm định', 'Cơ quan', 'Quản trị'] as const;

/** One person as a row of the sheet says them, with the cells their values came from. */
export interface AccountRow {
  readonly name: string;
  readonly login: string;
  readonly email?: string;
  /** As a key's role: `unit:<id>`, `appraiser`, `appraiser:<codes>`, `agency:<name>`, `admin`. */
  readonly role: string;
  /** The cell of each field, for an error found later (a login taken, a unit not known). */
  readonly cells: Readonly<Record<'name' | 'login' | 'email' | 'unit' | 'role' | 'codes', string>>;
}

export interface AccountsSheetOptions {
  /** The units a person may belong to, by id with their names: a unit may be written by either. */
  readonly units?: ReadonlyMap<string, string>;
}

/** A blank workbook to list people in: the columns, a row of example, the roles offered in a list. */
export async function accountsTemplate(options: AccountsSheetOptions = {}): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(PEOPLE_SHEET, { pageSetup: A4_LANDSCAPE });
  sheet.addRow([...HEADER]);
  styleHeader(sheet.getRow(1));
  sheet.columns = [{ width: 28 }, { width: 22 }, { width: 28 }, { width: 32 }, { width: 14 }, { width: 24 }];
  for (let row = FIRST_ROW; row < FIRST_ROW + 500; row++)
    sheet.getCell(row, 5).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${ROLE_WORDS.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Vai trò',
      error: `Chọn một trong: ${ROLE_WORDS.join(', ')}.`,
    };
  const units = [...(options.units ?? new Map<string, string>())];
  if (units.length > 0) {
    // The units to choose from, on a sheet of their own: their ids and names.
    const list = workbook.addWorksheet('Đơn vị');
    list.addRow(['Mã đơn vị', 'Tên đơn vị']);
    styleHeader(list.getRow(1));
    for (const [id, name] of units) list.addRow([id, name]);
    list.columns = [{ width: 20 }, { width: 40 }];
  }
  return workbookBytes(workbook);
}

const ROLE_OF_WORDS: ReadonlyMap<string, 'unit' | 'appraiser' | 'agency' | 'admin'> = new Map([
  ['don vi', 'unit'],
  ['unit', 'unit'],
  ['tham dinh', 'appraiser'],
  ['appraiser', 'appraiser'],
  ['co quan', 'agency'],
  ['agency', 'agency'],
  ['quan tri', 'admin'],
  ['admin', 'admin'],
]);

/**
 * Reads the people of a workbook made from `accountsTemplate`: one person a row, the role in words, the unit
 * by its id or its name. Every error is placed at its cell; the rows are answered only when every row is
 * good. What only the store can say (a login taken) is for the caller to place, by each row's `cells`.
 */
export async function readAccountsSheet(
  data: Uint8Array,
  options: AccountsSheetOptions = {},
): Promise<Outcome<AccountRow[]>> {
  const workbook = await loadWorkbook(data);
  if (!(workbook instanceof ExcelJS.Workbook)) return sheetFailure([workbook]);
  const sheet = workbook.getWorksheet(PEOPLE_SHEET) ?? workbook.worksheets[0];
  if (!sheet) return sheetFailure([sheetProblem('(workbook)', 'no_sheet', { sheet: PEOPLE_SHEET })]);
  const title = sheet.name;
  const header = HEADER.map((_, column) => cellValue(sheet.getRow(1).getCell(column + 1)));
  const moved = HEADER.findIndex((name, column) => header[column] !== name);
  if (moved >= 0)
    return sheetFailure([
      sheetProblem(cellName(title, sheet.getRow(1).getCell(moved + 1).address), 'column_moved', {
        column: HEADER[moved]!,
      }),
    ]);
  if (sheet.rowCount - 1 > MAX_ACCOUNT_ROWS)
    return sheetFailure([sheetProblem(`'${title}'`, 'too_many_rows', { max: MAX_ACCOUNT_ROWS })]);
  const unitByName = new Map(
    [...(options.units ?? new Map<string, string>())].map(([id, name]) => [wordsOf(name), id]),
  );
  const issues: SheetIssue[] = [];
  const rows: AccountRow[] = [];
  for (let number = FIRST_ROW; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const text = (column: number) => {
      const value = cellValue(row.getCell(column));
      return value === undefined ? '' : String(value).trim();
    };
    const at = (column: number) => cellName(title, row.getCell(column).address);
    const [name, login, email, unit, roleText, codes] = [1, 2, 3, 4, 5, 6].map(text) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if ([name, login, email, unit, roleText, codes].every((value) => value === '')) continue;
    const missing = (column: number) =>
      issues.push(sheetProblem(at(column), 'cell_required', { column: HEADER[column - 1]! }));
    if (name === '') missing(1);
    if (login === '') missing(2);
    const kind = ROLE_OF_WORDS.get(wordsOf(roleText));
    if (kind === undefined) {
      issues.push(sheetProblem(at(5), 'role_unknown', { value: roleText, roles: ROLE_WORDS.join(', ') }));
      continue;
    }
    let role: string = kind;
    if (kind === 'unit') {
      const id = options.units?.has(unit)
        ? unit
        : (unitByName.get(wordsOf(unit)) ?? (options.units ? undefined : unit));
      if (unit === '') missing(4);
      else if (id === undefined) issues.push(sheetProblem(at(4), 'unit_unknown', { value: unit }));
      role = `unit:${id ?? unit}`;
    } else if (kind === 'agency') {
      if (unit === '') missing(4);
      role = `agency:${unit}`;
    } else if (kind === 'appraiser' && codes !== '') {
      role = `appraiser:${codes
        .split(/[,;\s]+/)
        .filter((code) => code !== '')
        .join(',')}`;
    }
    rows.push({
      name,
      login,
      ...(email === '' ? {} : { email }),
      role,
      cells: { name: at(1), login: at(2), email: at(3), unit: at(4), role: at(5), codes: at(6) },
    });
  }
  if (issues.length === 0 && rows.length === 0) issues.push(sheetProblem(`'${title}'`, 'no_rows'));
  return issues.length > 0 ? sheetFailure(issues) : succeed(rows);
}

/**
 * The one-time passwords of an import, as a workbook to hand out: each person's name, login and password.
 * It is made once, when the import is done; the passwords are stored only as their hashes.
 */
export async function oneTimePasswordsWorkbook(
  people: readonly { readonly name: string; readonly login: string; readonly oneTimePassword: string }[],
): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('Mật khẩu dùng một lần', { pageSetup: A4_LANDSCAPE });
  sheet.addRow(['Họ và tên', 'Tên đăng nhập', 'Mật khẩu dùng một lần']);
  styleHeader(sheet.getRow(1));
  sheet.columns = [{ width: 32 }, { width: 24 }, { width: 24 }];
  for (const person of people) sheet.addRow([person.name, person.login, person.oneTimePassword]);
  return workbookBytes(workbook);
}

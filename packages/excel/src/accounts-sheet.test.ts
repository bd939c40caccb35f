import { formatIssue } from '@cchc/core';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  accountsTemplate,
  MAX_ACCOUNT_ROWS,
  oneTimePasswordsWorkbook,
  readAccountsSheet,
} from './accounts-sheet.js';

const UNITS = new Map([
  ['dak-koi', 'UBND xã Đăk Kôi'],
  ['dak-pne', 'UBND xã Đắk Pnè'],
]);

/** The template filled in with `rows` (Họ và tên, Tên đăng nhập, Email, Đơn vị, Vai trò, Mã tiêu chí). */
async function filled(rows: readonly (readonly (string | number)[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await accountsTemplate({ units: UNITS })) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Người dùng')!;
  rows.forEach((row, at) => {
    row.forEach((value, column) => {
      sheet.getRow(at + 2).getCell(column + 1).value = value;
    });
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('the accounts workbook', () => {
  it('reads each person, a unit by its id or its name, a role in words', async () => {
    const read = await readAccountsSheet(
      await filled([
        ['Nguyễn Văn An', 'nguyen.van.an', 'an@example.org', 'dak-koi', 'Đơn vị'],
        ['Trần Thị Bình', 'tran.thi.binh', '', 'UBND xã Đắk Pnè', 'don vi'],
        ['Lê Văn Cường', 'le.van.cuong', '', '', 'Thẩm định', '1, 2'],
        ['Phạm Thị Dung', 'pham.thi.dung', '', 'Phòng Tài chính - Kế hoạch', 'Cơ quan'],
        [],
        ['Võ Văn Em', 'vo.van.em', '', '', 'Quản trị'],
      ]),
      { units: UNITS },
    );
    expect(
      read.success
        ? read.data.map(({ login, role }) => [login, role])
        : read.issues.map((found) => formatIssue(found)),
    ).toEqual([
      ['nguyen.van.an', 'unit:dak-koi'],
      ['tran.thi.binh', 'unit:dak-pne'],
      ['le.van.cuong', 'appraiser:1,2'],
      ['pham.thi.dung', 'agency:Phòng Tài chính - Kế hoạch'],
      ['vo.van.em', 'admin'],
    ]);
    expect(read.success && read.data[0]!.cells.login).toBe("'Người dùng'!B2");
  });

  it('names every error at its cell, in Vietnamese too, and answers no row then', async () => {
    const read = await readAccountsSheet(
      await filled([
        ['Nguyễn Văn An', '', '', 'dak-koi', 'Đơn vị'],
        ['Trần Thị Bình', 'tran.thi.binh', '', 'xã không có', 'Đơn vị'],
        ['Lê Văn Cường', 'le.van.cuong', '', '', 'Giám đốc'],
      ]),
      { units: UNITS },
    );
    expect(read.success ? [] : read.issues.map((found) => formatIssue(found, 'vi'))).toEqual([
      "'Người dùng'!B2: cột 'Tên đăng nhập' phải có giá trị ở đây",
      "'Người dùng'!D3: 'xã không có' không phải đơn vị có trong danh sách (ghi mã hoặc tên đơn vị)",
      "'Người dùng'!E4: 'Giám đốc' không phải vai trò: ghi một trong Đơn vị, Thẩm định, Cơ quan, Quản trị",
    ]);
  });

  it('refuses a workbook of more people than one import takes, and one that lists nobody', async () => {
    const many = await readAccountsSheet(
      await filled(
        Array.from({ length: MAX_ACCOUNT_ROWS + 1 }, (_, at) => [
          `Người ${at}`,
          `nguoi.${at}`,
          '',
          '',
          'Thẩm định',
        ]),
      ),
    );
    expect(many.success ? [] : many.issues.map((found) => found.params?.['problem'])).toEqual([
      'too_many_rows',
    ]);
    const none = await readAccountsSheet(await filled([]));
    expect(none.success ? [] : none.issues.map((found) => found.params?.['problem'])).toEqual(['no_rows']);
  });

  it('writes the one-time passwords of an import as a workbook', async () => {
    const bytes = await oneTimePasswordsWorkbook([
      { name: 'Nguyễn Văn An', login: 'nguyen.van.an', oneTimePassword: 'abcDEF234567hk' },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(2).values).toEqual([
      undefined,
      'Nguyễn Văn An',
      'nguyen.van.an',
      'abcDEF234567hk',
    ]);
  });
});

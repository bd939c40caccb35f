/**
 * What can be wrong with a workbook itself (a score sheet or a decision annex read by @cchc/excel), as the
 * `problem` of an `invalid_sheet` issue, with its words in each language. The issue's `cell` says where.
 */
export type SheetProblem =
  | 'not_xlsx'
  | 'workbook_too_large'
  | 'no_sheet'
  | 'no_header'
  | 'merged_row'
  | 'code_missing'
  | 'params_syntax'
  | 'code_twice'
  | 'no_parent'
  | 'not_score_sheet'
  | 'sheet_missing'
  | 'column_moved'
  | 'merged_input'
  | 'formula_input'
  | 'not_in_set'
  | 'yes_no'
  | 'set_mismatch'
  | 'row_deleted'
  | 'too_many_rows'
  | 'cell_required'
  | 'role_unknown'
  | 'unit_unknown'
  | 'no_rows'
  | 'no_forms'
  | 'not_a_serial'
  | 'serial_differs';

type Words = Readonly<Record<SheetProblem, (p: Readonly<Record<string, string>>) => string>>;

export const SHEET_PROBLEMS_EN: Words = {
  not_xlsx: () => 'this is not an .xlsx workbook',
  workbook_too_large: (p) => `the workbook expands past ${p['megabytes']} MiB or ${p['files']} files`,
  no_sheet: (p) => `no sheet '${p['sheet']}' in the workbook`,
  no_header: (p) =>
    `no header row with the columns STT (or Mã), Tiêu chí and Điểm tối đa in the first ${p['rows']} rows`,
  merged_row: () => 'a merged cell: write each criterion on its own row',
  code_missing: () => 'the code is missing',
  params_syntax: () => 'parameters are key=value; key=value, or a JSON object',
  code_twice: (p) => `code ${p['code']} appears twice`,
  no_parent: (p) => `no criterion ${p['parent']} above ${p['code']}`,
  not_score_sheet: () => 'this is not a cchc score sheet (make one with cchc excel template)',
  sheet_missing: (p) => `the sheet '${p['sheet']}' is missing`,
  column_moved: (p) =>
    `the column '${p['column']}' was moved or renamed: the sheet's columns must stay as made`,
  merged_input: () => 'an input cell may not be merged',
  formula_input: () => 'an input cell holds a number or text, not a formula',
  not_in_set: (p) => `'${p['code']}' is not a criterion of the set`,
  yes_no: (p) => `"${p['value']}": write x for not applicable, or leave it blank`,
  set_mismatch: (p) => `the sheet is for criteria set '${p['named']}', not '${p['given']}'`,
  row_deleted: (p) => `the row of ${p['code']} was deleted`,
  too_many_rows: (p) => `the sheet has more than ${p['max']} rows: import it in parts`,
  cell_required: (p) => `the column '${p['column']}' needs a value here`,
  role_unknown: (p) => `'${p['value']}' is not a role: write one of ${p['roles']}`,
  unit_unknown: (p) => `'${p['value']}' is not a unit of the register (write its id or its name)`,
  no_rows: () => 'the sheet lists nobody',
  no_forms: () => 'the workbook holds no answered survey form (a sheet per group, as the template makes it)',
  not_a_serial: (p) => `'${p['value']}' is not a paper form's serial number (1, 2, …)`,
  serial_differs: (p) =>
    `form ${p['form']} is given two paper serial numbers: ${p['first']} and ${p['second']}`,
};

export const SHEET_PROBLEMS_VI: Words = {
  not_xlsx: () => 'tệp không phải bảng tính .xlsx',
  workbook_too_large: (p) => `bảng tính giải nén vượt quá ${p['megabytes']} MiB hoặc ${p['files']} tệp`,
  no_sheet: (p) => `không có trang '${p['sheet']}'`,
  no_header: (p) =>
    `không thấy dòng tiêu đề có các cột STT (hoặc Mã), Tiêu chí và Điểm tối đa trong ${p['rows']} dòng đầu`,
  merged_row: () => 'ô bị gộp: mỗi tiêu chí một dòng',
  code_missing: () => 'thiếu mã (STT) của tiêu chí',
  params_syntax: () => 'tham số ghi dạng khóa=giá trị; khóa=giá trị, hoặc một đối tượng JSON',
  code_twice: (p) => `mã ${p['code']} bị trùng`,
  no_parent: (p) => `không có tiêu chí ${p['parent']} chứa ${p['code']}`,
  not_score_sheet: () => 'bảng tính không phải phiếu chấm điểm của cchc (tạo phiếu bằng cchc excel template)',
  sheet_missing: (p) => `thiếu trang '${p['sheet']}'`,
  column_moved: (p) => `cột '${p['column']}' đã bị di chuyển hoặc đổi tên: giữ nguyên các cột của phiếu`,
  merged_input: () => 'ô nhập liệu không được gộp',
  formula_input: () => 'ô nhập liệu phải là số hoặc chữ, không phải công thức',
  not_in_set: (p) => `'${p['code']}' không phải tiêu chí của bộ tiêu chí`,
  yes_no: (p) => `"${p['value']}": ghi x nếu không áp dụng, hoặc để trống`,
  set_mismatch: (p) => `phiếu dùng bộ tiêu chí '${p['named']}', không phải '${p['given']}'`,
  row_deleted: (p) => `dòng của tiêu chí ${p['code']} đã bị xóa`,
  too_many_rows: (p) => `bảng tính có quá ${p['max']} dòng: hãy chia ra nhập nhiều lần`,
  cell_required: (p) => `cột '${p['column']}' phải có giá trị ở đây`,
  role_unknown: (p) => `'${p['value']}' không phải vai trò: ghi một trong ${p['roles']}`,
  unit_unknown: (p) => `'${p['value']}' không phải đơn vị có trong danh sách (ghi mã hoặc tên đơn vị)`,
  no_rows: () => 'bảng tính chưa có người dùng nào',
  no_forms: () => 'bảng tính chưa có phiếu khảo sát nào được trả lời (mỗi nhóm một trang, như mẫu)',
  not_a_serial: (p) => `'${p['value']}' không phải số thứ tự của phiếu giấy (1, 2, …)`,
  serial_differs: (p) =>
    `phiếu ${p['form']} ghi hai số phiếu giấy khác nhau: ${p['first']} và ${p['second']}`,
};

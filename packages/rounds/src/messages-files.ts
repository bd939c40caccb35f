/** The refusals of evidence files (files.ts, archive.ts): a part of `REFUSALS`. */
import { type Count, words } from './refusal-words.js';

export const FILE_REFUSALS = {
  'file-name': words<{ name: string; problem: string }>(
    'invalid-document',
    (p) => `the file name '${p.name}' cannot be kept: ${p.problem}`,
    (p) =>
      `Tên tệp '${p.name}' không dùng được: tên không được trống, dài quá 200 ký tự, chứa đường dẫn ("/", "\\") hay ký tự điều khiển`,
  ),
  'file-hash': words<{ hash: string }>(
    'invalid-document',
    (p) => `'${p.hash}' is not a SHA-256 (64 lower-case hex digits)`,
    (p) => `'${p.hash}' không phải là mã SHA-256 của tệp (64 chữ số hệ 16, chữ thường)`,
  ),
  'file-type': words<{ name: string; found: string }>(
    'invalid-document',
    (p) => `'${p.name}' is not a PDF, Word, Excel, JPEG or PNG file by its content (found: ${p.found})`,
    () =>
      'Tệp không phải là PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ảnh JPG hay PNG (xét theo nội dung tệp, không theo tên)',
  ),
  'file-type-name': words<{ name: string; found: string }>(
    'invalid-document',
    (p) => `'${p.name}' holds a ${p.found.toUpperCase()} file: name it so`,
    (p) =>
      `Tệp '${p.name}' có nội dung là tệp ${p.found.toUpperCase()}: hãy đặt tên có đuôi đúng với nội dung`,
  ),
  'file-zip-bomb': words<{ name: string; limit: number }>(
    'invalid-document',
    (p) => `'${p.name}' says it unpacks to more than ${p.limit} bytes: not a document`,
    (p) =>
      `Tệp '${p.name}' khi giải nén lớn hơn ${Math.floor(p.limit / 1024 / 1024)} MB: không phải là một văn bản thông thường`,
  ),
  'file-empty': words<{ name: string }>(
    'invalid-document',
    (p) => `'${p.name}' is empty`,
    (p) => `Tệp '${p.name}' trống (0 byte)`,
  ),
  'file-too-large': words<{ name: string; limit: number }>(
    'too-large',
    (p) => `'${p.name}' is larger than ${p.limit} bytes`,
    (p) => `Tệp '${p.name}' lớn hơn ${Math.floor(p.limit / 1024 / 1024)} MB`,
  ),
  'file-hash-mismatch': words<{ expected: string; hash: string }>(
    'invalid-document',
    (p) => `the bytes sent have SHA-256 ${p.hash}, not ${p.expected}`,
    () =>
      'Nội dung gửi lên không đúng với mã SHA-256 đã ghi: tệp có thể đã bị cắt hoặc thay đổi trên đường truyền',
  ),
  'file-not-found': words<{ hash: string }>(
    'not-found',
    (p) => `no file ${p.hash} in this unit's files`,
    () => 'Không có tệp này trong các tệp của đơn vị',
  ),
  'file-in-use': words<{ hash: string }>(
    'conflict',
    (p) => `file ${p.hash} is attached to an item: take it off the item first`,
    () => 'Tệp đang được đính kèm ở một mục: bỏ tệp khỏi mục đó trước',
  ),
  'unit-files-full': words<{ unit: string; limit: number }>(
    'conflict',
    (p) => `unit '${p.unit}' has ${p.limit} files in this round already`,
    (p) => `Đơn vị đã có ${p.limit} tệp trong đợt này, không thêm được nữa`,
  ),
  'unit-files-bytes': words<{ unit: string; limit: number }>(
    'conflict',
    (p) => `unit '${p.unit}''s files in this round would exceed ${p.limit} bytes`,
    (p) => `Các tệp của đơn vị trong đợt này sẽ vượt ${Math.floor(p.limit / 1024 / 1024)} MB`,
  ),
  'export-files-missing': words<Count>(
    'invalid-document',
    (p) =>
      `${p.count} file(s) the export lists are not in this store: put their bytes first (PUT /v1/files/{sha256}), then import`,
    (p) => `${p.count} tệp mà bản xuất liệt kê chưa có trong kho này: hãy đưa các tệp vào trước rồi nhập lại`,
  ),
  'archive-malformed': words<{ problem: string }>(
    'invalid-document',
    (p) => `not a round's archive as exported: ${p.problem}`,
    () =>
      'Tệp này không phải bản sao lưu của một đợt như khi xuất ra, hoặc đã bị hỏng; không có gì được nhập',
  ),
  'evidence-missing': words<{ items: readonly string[] }>(
    'invalid-document',
    (p) =>
      `item(s) ${p.items.join(', ')} require evidence: attach a file, or explain in the item's note why there is none`,
    (p) =>
      `Mục ${p.items.join(', ')} cần có tài liệu kiểm chứng: đính kèm tệp, hoặc ghi rõ lý do không có ở phần ghi chú của mục`,
  ),
  'files-not-in-library': words<Count>(
    'invalid-document',
    (p) => `${p.count} file(s) named by the entries are not among the unit's files: upload them first`,
    (p) => `${p.count} tệp được ghi ở các mục chưa có trong các tệp của đơn vị: hãy tải tệp lên trước`,
  ),
} as const;

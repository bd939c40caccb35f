/**
 * Test support for the officials' pages: a browser of one, a page's form read as a browser sends it, and the
 * people's workbook filled in as an admin would.
 */
import { createHash } from 'node:crypto';
import { accountsTemplate } from '@cchc/excel';
import ExcelJS from 'exceljs';

interface Requester {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** A browser of one: it keeps the cookies it is given and sends them back. */
export function browserOf(app: Requester, https = false) {
  const cookies = new Map<string, string>();
  const setCookies: string[] = [];
  const request = async (method: string, path: string, form?: Record<string, string> | URLSearchParams) => {
    const response = await app.request(path, {
      method,
      headers: {
        cookie: cookieHeader(),
        ...(https ? { 'x-forwarded-proto': 'https' } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      setCookies.push(line);
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value === '') cookies.delete(name!);
      else cookies.set(name!, value!);
    }
    return { response, text: await response.text() };
  };
  /** The form token a page carries. */
  const tokenIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '';
  const signIn = async (key: string) => {
    const login = await request('GET', '/app/dang-nhap');
    return request('POST', '/app/dang-nhap', { _csrf: tokenIn(login.text), login: '', password: key });
  };
  /** The Cookie header this browser sends (for a request it does not make itself, a multipart upload). */
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return { request, tokenIn, signIn, cookies, setCookies, cookieHeader };
}

const unescaped = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ??
  (new RegExp(`\\s${name}(?=[\\s>])`).test(tag) ? '' : undefined);

/**
 * The fields the first form of `page` posting to `action` sends as it stands, as a browser would: text
 * and hidden inputs, ticked boxes, the chosen option of each list, each text area. Buttons are left out.
 */
export function formFields(page: string, action: string): URLSearchParams {
  const start = page.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posts to ${action}`);
  const form = page.slice(start, page.indexOf('</form>', start));
  const fields = new URLSearchParams();
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const type = attribute(tag, 'type') ?? 'text';
    if (name === undefined || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && attribute(tag, 'checked') === undefined) continue;
    fields.append(unescaped(name), unescaped(attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')));
  }
  for (const [, tag, body] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(body!) ?? /<option value="([^"]*)"/.exec(body!);
    fields.append(unescaped(attribute(tag!, 'name')!), unescaped(chosen?.[1] ?? ''));
  }
  for (const [, tag, body] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g))
    fields.append(unescaped(attribute(tag!, 'name')!), unescaped(body!));
  return fields;
}

/** The people's template filled in with `rows` (Họ và tên, Tên đăng nhập, Email, Đơn vị, Vai trò, Mã tiêu chí). */
export async function peopleWorkbook(
  rows: readonly (readonly string[])[],
  units?: ReadonlyMap<string, string>,
): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await accountsTemplate(units ? { units } : {})) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Người dùng')!;
  rows.forEach((row, at) => {
    row.forEach((value, column) => {
      sheet.getRow(at + 2).getCell(column + 1).value = value;
    });
  });
  return workbook;
}

/**
 * A file that is a PDF by its first bytes, `size` bytes in all, its content varied by `seed` so that files of
 * a test differ; and the SHA-256 by which the store names a file.
 */
export function pdfBytes(size: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let at = 9; at < size; at++) bytes[at] = (at * 17 + seed) % 253;
  return bytes;
}
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The admin's screens for people: the accounts, made, changed, deactivated and given a new password. */
import { formatIssue, type Issue } from '@cchc/core';
import { accountsTemplate, MAX_ACCOUNT_ROWS, oneTimePasswordsWorkbook } from '@cchc/excel';
import {
  type AccountEventKind,
  type AccountView,
  type Caller,
  parseRole,
  type Role,
  RoundsError,
  roleText,
} from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { importAccountsWorkbook, knownAuthorities, knownUnits } from '../accounts-import.js';
import { XLSX_MEDIA_TYPE } from '../body.js';
import { attachment } from '../formats.js';
import { type Html, html } from '../html.js';
import {
  authorityField,
  type PagesContext,
  type PagesEnv,
  refusalWords,
  type Session,
  vietnamTime,
} from './context.js';

const PEOPLE_PATH = '/app/nguoi-dung';
const personPath = (login: string) => `${PEOPLE_PATH}/${encodeURIComponent(login)}`;

/** The kinds of role as the form names them, and their words. */
const ROLE_KINDS = [
  ['don-vi', 'Đơn vị được đánh giá'],
  ['tham-dinh', 'Thẩm định'],
  ['co-quan', 'Cơ quan chủ trì khắc phục'],
  ['quan-tri', 'Quản trị'],
] as const;
type RoleKind = (typeof ROLE_KINDS)[number][0];

/** A role in words: `Đơn vị: UBND xã Đăk Kôi`, `Thẩm định (tiêu chí 1, 2)`. */
function roleWords(role: Role | undefined, unitName: (id: string) => string): string {
  if (!role) return '';
  if (role.kind === 'admin') return 'Quản trị';
  if (role.kind === 'appraiser')
    return role.codes ? `Thẩm định (tiêu chí ${role.codes.join(', ')})` : 'Thẩm định (mọi tiêu chí)';
  if (role.kind === 'unit') return `Đơn vị: ${unitName(role.unit)}`;
  return `Cơ quan: ${role.agency}`;
}

/** The kind of a role as the form's list names it (a unit's when there is no role yet). */
const formKindOf = (role: Role | undefined): RoleKind =>
  role?.kind === 'admin'
    ? 'quan-tri'
    : role?.kind === 'appraiser'
      ? 'tham-dinh'
      : role?.kind === 'agency'
        ? 'co-quan'
        : 'don-vi';

/** The role the form says, as a key's role is written; undefined when its part is missing. */
function roleOfForm(form: URLSearchParams): string | undefined {
  const kind = form.get('vai-tro') as RoleKind | null;
  const unit = form.get('don-vi')?.trim() ?? '';
  const agency = form.get('co-quan')?.trim() ?? '';
  const codes = (form.get('ma-tieu-chi') ?? '')
    .split(/[,;\s]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (kind === 'quan-tri') return 'admin';
  if (kind === 'tham-dinh')
    return roleText(codes.length > 0 ? { kind: 'appraiser', codes } : { kind: 'appraiser' });
  if (kind === 'don-vi' && unit !== '') return `unit:${unit}`;
  if (kind === 'co-quan' && agency !== '') return `agency:${agency}`;
  return undefined;
}

/** The authority a form gives an account: none (every authority) when left empty. */
function authorityOf(form: URLSearchParams): { authority?: string } {
  const authority = form.get('pham-vi')?.trim() ?? '';
  return authority === '' ? {} : { authority };
}

/** A state in words: active, waiting for its first password, or deactivated. */
function stateWords(account: AccountView): string {
  if (!account.active) return `Ngừng hoạt động (từ ${account.deactivated})`;
  if (account.mustChange) return 'Chưa đổi mật khẩu dùng một lần';
  return account.deactivated ? `Đang hoạt động (ngừng từ ${account.deactivated})` : 'Đang hoạt động';
}

export function mountPeople<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, posted } = context;

  // The units the rounds name: the role form offers them (the register of units comes with its own screen).
  const unitsOf = (caller: Caller) => knownUnits(rounds, caller);

  /** The fields of an account's form: name, login (new accounts), email, role and, when editing, deactivation. */
  const accountFields = (
    caller: Caller,
    known: { readonly units: ReadonlyMap<string, string>; readonly authorities: readonly string[] },
    sent: URLSearchParams | undefined,
    account?: AccountView,
  ): Html => {
    const role = account ? parseRole(account.role) : undefined;
    const value = (name: string, stored: string | undefined) => sent?.get(name) ?? stored ?? '';
    const kind = sent?.get('vai-tro') ?? formKindOf(role);
    const unit = value('don-vi', role?.kind === 'unit' ? role.unit : undefined);
    return html`<label for="ho-ten">Họ và tên</label><input id="ho-ten" name="ho-ten" type="text" required value="${value('ho-ten', account?.name)}">
${account ? '' : html`<label for="ten-dang-nhap">Tên đăng nhập</label><input id="ten-dang-nhap" name="ten-dang-nhap" type="text" required autocapitalize="none" spellcheck="false" aria-describedby="goi-y-ten" value="${value('ten-dang-nhap', undefined)}"><p class="goi-y" id="goi-y-ten">3 đến 64 chữ cái, chữ số, dấu chấm, gạch dưới, gạch ngang hoặc @, ví dụ nguyen.van.an.</p>`}
<label for="email">Thư điện tử (không bắt buộc)</label><input id="email" name="email" type="email" value="${value('email', account?.email)}">
<label for="vai-tro">Vai trò</label><select id="vai-tro" name="vai-tro">${ROLE_KINDS.map(([name, words]) => html`<option value="${name}"${name === kind ? html` selected` : ''}>${words}</option>`)}</select>
<label for="don-vi">Đơn vị (với vai trò đơn vị được đánh giá)</label>${
      known.units.size > 0
        ? html`<select id="don-vi" name="don-vi"><option value="">(chọn đơn vị)</option>${[...known.units].map(([id, name]) => html`<option value="${id}"${id === unit ? html` selected` : ''}>${name}</option>`)}</select>`
        : html`<input id="don-vi" name="don-vi" type="text" value="${unit}">`
    }
<label for="co-quan">Cơ quan (với vai trò cơ quan chủ trì)</label><input id="co-quan" name="co-quan" type="text" value="${value('co-quan', role?.kind === 'agency' ? role.agency : undefined)}">
<label for="ma-tieu-chi">Tiêu chí được thẩm định (với vai trò thẩm định; để trống: mọi tiêu chí)</label><input id="ma-tieu-chi" name="ma-tieu-chi" type="text" value="${value('ma-tieu-chi', role?.kind === 'appraiser' ? role.codes?.join(', ') : undefined)}">
${authorityField(caller, { name: 'pham-vi', label: 'Làm việc trong phạm vi cơ quan', whenEmpty: 'mọi cơ quan' }, value('pham-vi', account?.authority), known.authorities)}
${account ? html`<label for="ngung">Ngừng hoạt động sau ngày (để trống: vẫn hoạt động)</label><input id="ngung" name="ngung" type="date" value="${value('ngung', account.deactivated?.slice(0, 10))}">` : ''}`;
  };

  /** A one-time password, shown once: the page is not kept by the browser, and the password is stored only hashed. */
  const oneTimePage = (
    c: Context<E>,
    session: Session,
    account: AccountView,
    password: string,
    made: boolean,
  ) =>
    page(
      c,
      made ? 'Đã tạo tài khoản' : 'Đã đặt lại mật khẩu',
      html`<p class="trang-thai" role="status"><strong>${made ? 'Đã tạo tài khoản' : 'Đã đặt lại mật khẩu'} cho ${account.name} (tên đăng nhập: ${account.login}).</strong></p>
<div class="the"><p>Mật khẩu dùng một lần: <strong class="mat-khau">${password}</strong></p>
<p>Hãy trao mật khẩu này cho ${account.name}. Mật khẩu chỉ hiện một lần, không được lưu ở dạng đọc được; lần đăng nhập đầu tiên, người dùng phải đặt mật khẩu của riêng mình.</p></div>
<p><a href="${PEOPLE_PATH}">Về danh sách người dùng</a></p>`,
      session,
    );

  const listPage = async (
    c: Context<E>,
    session: Session,
    sent?: { form: URLSearchParams; failed: string },
    imported?: { issues: readonly Issue[] },
  ) => {
    const accounts = await rounds.listAccounts(session.caller);
    const units = await unitsOf(session.caller);
    const unitName = (id: string) => units.get(id) ?? id;
    const kind = c.req.query('vai-tro');
    const shown = accounts.filter((account) => {
      const role = parseRole(account.role);
      const roleKind = formKindOf(role);
      return (
        (kind === undefined || kind === '' || kind === roleKind) &&
        (c.req.query('ngung') === undefined || !account.active)
      );
    });
    const active = accounts.filter((account) => account.active).length;
    return page(
      c,
      'Người dùng',
      html`<p class="trang-thai" role="status"><strong>${accounts.length} tài khoản, ${active} đang hoạt động.</strong></p>
<form class="the" method="get" action="${PEOPLE_PATH}"><label for="loc-vai-tro">Lọc theo vai trò</label><select id="loc-vai-tro" name="vai-tro"><option value="">(mọi vai trò)</option>${ROLE_KINDS.map(([name, words]) => html`<option value="${name}"${name === kind ? html` selected` : ''}>${words}</option>`)}</select>
<p><label style="display:inline"><input type="checkbox" name="ngung" value="1"${c.req.query('ngung') !== undefined ? html` checked` : ''}> Chỉ tài khoản đã ngừng hoạt động</label></p><p><button class="phu" type="submit">Lọc</button></p></form>
${
  shown.length === 0
    ? html`<p>${accounts.length === 0 ? 'Chưa có tài khoản nào: thêm từng người ở dưới, hoặc nhập cả danh sách từ Excel.' : 'Không có tài khoản nào khớp với bộ lọc.'}</p>`
    : html`<div class="cuon"><table><caption class="khong-in">Các tài khoản</caption><thead><tr><th scope="col">Họ và tên</th><th scope="col">Tên đăng nhập</th><th scope="col">Vai trò</th><th scope="col">Tình trạng</th><th scope="col">Đăng nhập gần nhất</th></tr></thead><tbody>
${shown.map((account) => html`<tr><td><a href="${personPath(account.login)}">${account.name}</a></td><td>${account.login}</td><td>${roleWords(parseRole(account.role), unitName)}${account.authority ? `, ${account.authority}` : ''}</td><td>${stateWords(account)}</td><td>${account.lastSignIn ? vietnamTime(account.lastSignIn) : 'Chưa đăng nhập'}</td></tr>`)}
</tbody></table></div>`
}
<h2>Nhập từ Excel</h2>
${imported ? html`<div class="loi" role="alert"><p>Chưa nhập ai: bảng tính có ${imported.issues.length} lỗi. Sửa các ô dưới đây rồi nhập lại cả bảng.</p><ul>${imported.issues.slice(0, 200).map((found) => html`<li>${formatIssue(found, 'vi')}</li>`)}</ul></div>` : ''}
<form class="the hep" method="post" action="${PEOPLE_PATH}/nhap" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<p><a href="${PEOPLE_PATH}/mau.xlsx">Tải bảng tính mẫu</a> (Họ và tên, Tên đăng nhập, Email, Đơn vị, Vai trò, Mã tiêu chí được thẩm định; tối đa ${MAX_ACCOUNT_ROWS} người một lần).</p>
<label for="bang-tinh">Bảng tính đã điền (.xlsx)</label><input id="bang-tinh" name="bang-tinh" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
<p class="goi-y">Chỉ nhập khi mọi dòng đều đúng. Nhập xong, trình duyệt tải về một lần tệp mật khẩu dùng một lần của từng người; mật khẩu không được lưu ở dạng đọc được. Tải lại trang để xem danh sách mới.</p>
<p><button type="submit">Nhập</button></p></form>
<h2>Thêm người dùng</h2>
${sent ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<form class="the hep" method="post" action="${PEOPLE_PATH}"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
${accountFields(session.caller, { units, authorities: await knownAuthorities(rounds, session.caller) }, sent?.form)}
<p><button type="submit">Tạo tài khoản</button></p></form>`,
      session,
      sent || imported ? 422 : 200,
    );
  };

  const personPage = async (
    c: Context<E>,
    session: Session,
    login: string,
    sent?: { form: URLSearchParams; failed: string },
  ) => {
    const account = await rounds.getAccount(session.caller, login);
    const units = await unitsOf(session.caller);
    const events = await rounds.accountEvents(session.caller, login);
    const EVENT_WORDS = {
      'sign-in': 'Đăng nhập',
      failure: 'Đăng nhập sai',
      'lock-out': 'Tạm khóa do đăng nhập sai nhiều lần',
      'password-changed': 'Tự đổi mật khẩu',
      'password-reset': 'Được đặt lại mật khẩu (xác thực hai bước, nếu có, được gỡ)',
      created: 'Tạo tài khoản',
      'second-factor-on': 'Bật xác thực hai bước',
      'second-factor-off': 'Tắt xác thực hai bước',
      'recovery-code-used': 'Đăng nhập bằng một mã dự phòng',
    } as const satisfies Record<AccountEventKind, string>;
    return page(
      c,
      account.name,
      html`<p class="trang-thai" role="status"><strong>${stateWords(account)}. Tên đăng nhập: ${account.login}. Xác thực hai bước: ${account.secondFactor.on ? 'đang bật' : 'chưa bật'}. ${account.lastSignIn ? `Đăng nhập gần nhất ${vietnamTime(account.lastSignIn)}.` : 'Chưa đăng nhập lần nào.'}</strong></p>
${sent ? html`<p class="loi" role="alert">${sent.failed}</p>` : ''}
<form class="the hep" method="post" action="${personPath(account.login)}"><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${account.revision}">
${accountFields(session.caller, { units, authorities: await knownAuthorities(rounds, session.caller) }, sent?.form, account)}
<p class="goi-y">Đổi vai trò, phạm vi hoặc cho ngừng hoạt động thì các phiên đăng nhập đang mở của người này kết thúc ngay.</p>
<p><button type="submit">Lưu</button></p></form>
<form class="the hep" method="post" action="${personPath(account.login)}/dat-lai"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<h2>Đặt lại mật khẩu</h2><p>Người dùng nhận mật khẩu dùng một lần mới; mật khẩu cũ và các phiên đăng nhập đang mở hết hiệu lực${account.secondFactor.on ? ', xác thực hai bước được gỡ (người dùng bật lại sau khi đăng nhập)' : ''}.</p>
<p><input type="checkbox" id="xac-nhan" name="xac-nhan" value="1" required> <label for="xac-nhan" style="display:inline">Tôi muốn đặt lại mật khẩu của ${account.name}</label></p>
<p><button class="phu" type="submit">Đặt lại mật khẩu</button></p></form>
<h2>Nhật ký đăng nhập</h2>
${events.length > 0 ? html`<ul>${events.map((event) => html`<li>${vietnamTime(event.at)}: ${EVENT_WORDS[event.kind]}${event.key ? ` (bởi ${event.key})` : ''}${event.address ? ` từ địa chỉ ${event.address}` : ''}</li>`)}</ul>` : html`<p>Chưa có.</p>`}
<p><a href="${PEOPLE_PATH}">Về danh sách người dùng</a></p>`,
      session,
      sent ? 422 : 200,
    );
  };

  app.get(
    PEOPLE_PATH,
    signedIn((c, session) => listPage(c, session)),
  );

  app.post(
    PEOPLE_PATH,
    posted(async (c, session, form) => {
      const role = roleOfForm(form);
      if (role === undefined)
        return listPage(c, session, {
          form,
          failed: 'Hãy chọn đơn vị hoặc ghi tên cơ quan cho vai trò đã chọn.',
        });
      try {
        const email = form.get('email')?.trim() ?? '';
        const made = await rounds.putAccount(
          session.caller,
          form.get('ten-dang-nhap') ?? '',
          { name: form.get('ho-ten') ?? '', role, ...(email === '' ? {} : { email }), ...authorityOf(form) },
          0,
        );
        return oneTimePage(c, session, made.account, made.oneTimePassword!, true);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
        // An account of that login exists already (If-Match 0: creating only), or the form has errors.
        const failed =
          error.kind === 'precondition-failed' ? 'Tên đăng nhập này đã có tài khoản.' : refusalWords(error);
        return listPage(c, session, { form, failed });
      }
    }),
  );

  app.get(
    `${PEOPLE_PATH}/mau.xlsx`,
    signedIn(
      adminOnly(async (c, session) => {
        const bytes = await accountsTemplate({ units: await unitsOf(session.caller) });
        return c.body(new Uint8Array(bytes), 200, {
          'content-type': XLSX_MEDIA_TYPE,
          'content-disposition': attachment('nguoi-dung-mau.xlsx'),
        });
      }),
    ),
  );

  app.post(
    `${PEOPLE_PATH}/nhap`,
    posted(
      adminOnly(async (c, session, _form, files) => {
        const bytes = files.get('bang-tinh');
        if (!bytes || bytes.byteLength === 0)
          return listPage(c, session, undefined, {
            issues: [
              { code: 'required', path: [], cell: '(workbook)', message: 'choose the workbook to import' },
            ],
          });
        const outcome = await importAccountsWorkbook(rounds, session.caller, bytes);
        if ('issues' in outcome) return listPage(c, session, undefined, { issues: outcome.issues });
        // The one-time passwords, downloaded this once: no page or cache keeps them.
        return c.body(new Uint8Array(await oneTimePasswordsWorkbook(outcome.imported)), 200, {
          'content-type': XLSX_MEDIA_TYPE,
          'content-disposition': attachment(`mat-khau-dung-mot-lan-${outcome.imported.length}-nguoi.xlsx`),
          'cache-control': 'no-store',
        });
      }),
    ),
  );

  app.get(
    `${PEOPLE_PATH}/:login`,
    signedIn((c, session) => personPage(c, session, c.req.param('login')!)),
  );

  app.post(
    `${PEOPLE_PATH}/:login`,
    posted(async (c, session, form) => {
      const login = c.req.param('login')!;
      const role = roleOfForm(form);
      if (role === undefined)
        return personPage(c, session, login, {
          form,
          failed: 'Hãy chọn đơn vị hoặc ghi tên cơ quan cho vai trò đã chọn.',
        });
      const email = form.get('email')?.trim() ?? '';
      const until = form.get('ngung')?.trim() ?? '';
      try {
        await rounds.putAccount(
          session.caller,
          login,
          {
            name: form.get('ho-ten') ?? '',
            role,
            ...(email === '' ? {} : { email }),
            ...(until === '' ? {} : { deactivated: until }),
            ...authorityOf(form),
          },
          Number(form.get('phien-ban') ?? -1),
        );
        return c.redirect(personPath(login), 303);
      } catch (error) {
        if (!(error instanceof RoundsError) || error.kind === 'forbidden' || error.kind === 'not-found')
          throw error;
        const failed =
          error.kind === 'precondition-failed'
            ? 'Tài khoản vừa được người khác sửa: hãy xem lại rồi lưu.'
            : refusalWords(error);
        return personPage(c, session, login, { form, failed });
      }
    }),
  );

  app.post(
    `${PEOPLE_PATH}/:login/dat-lai`,
    posted(async (c, session, form) => {
      const login = c.req.param('login')!;
      if (form.get('xac-nhan') === null)
        return personPage(c, session, login, {
          form: new URLSearchParams(),
          failed: 'Hãy đánh dấu ô xác nhận trước khi đặt lại mật khẩu.',
        });
      const { account, oneTimePassword } = await rounds.resetPassword(session.caller, login);
      return oneTimePage(c, session, account, oneTimePassword, false);
    }),
  );
}

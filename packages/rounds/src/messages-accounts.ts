/**
 * The refusals of accounts and signing in (accounts, sessions, second factor, tokens, the register): a part of
 * `REFUSALS`. A failed sign-in never says whether the login exists.
 */
import { words } from './refusal-words.js';

export const ACCOUNT_REFUSALS = {
  'account-not-found': words<{ login: string }>(
    'not-found',
    (p) => `account '${p.login}' does not exist`,
    (p) => `Tài khoản '${p.login}' không tồn tại`,
  ),
  'login-invalid': words<{ login: string }>(
    'invalid-document',
    (p) =>
      `'${p.login.slice(0, 100)}' is not a login: 3 to 64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit`,
    () =>
      'Tên đăng nhập gồm 3 đến 64 chữ cái, chữ số, ".", "_", "-" hoặc "@", bắt đầu bằng chữ cái hoặc chữ số',
  ),
  'login-taken': words<{ login: string; existing: string }>(
    'conflict',
    (p) =>
      `login '${p.login}' is the login '${p.existing}' written otherwise (case or accents): one person, one login`,
    (p) =>
      `Tên đăng nhập '${p.login}' trùng với '${p.existing}' (chỉ khác chữ hoa, chữ thường hoặc cách gõ dấu)`,
  ),
  'account-errors': words(
    'invalid-document',
    () => 'the account has errors',
    () => 'Tài khoản có lỗi',
  ),
  'sign-in-failed': words(
    'forbidden',
    () => 'the login or the password is wrong',
    () => 'Tên đăng nhập hoặc mật khẩu không đúng',
  ),
  'sign-in-wait': words<{ seconds: number }>(
    'locked',
    (p) => `too many failed sign-ins: try again in ${p.seconds} second(s)`,
    (p) => `Đăng nhập sai nhiều lần liên tiếp: hãy thử lại sau ${p.seconds} giây`,
  ),
  'sign-in-locked': words<{ minutes: number }>(
    'locked',
    (p) => `sign-in is locked for ${p.minutes} minutes after repeated failures, even with the right password`,
    (p) =>
      `Đăng nhập sai quá nhiều lần: tạm khóa ${p.minutes} phút, kể cả khi nhập đúng mật khẩu; hãy thử lại sau`,
  ),
  'account-inactive': words<{ since: string }>(
    'forbidden',
    (p) => `this account no longer signs in (deactivated: ${p.since})`,
    (p) => `Tài khoản đã ngừng hoạt động (từ ${p.since})`,
  ),
  'password-weak': words<{ reason: 'short' | 'login' | 'common'; min: number }>(
    'invalid-document',
    (p) =>
      p.reason === 'short'
        ? `a password has at least ${p.min} characters`
        : p.reason === 'login'
          ? 'a password may not hold the login'
          : 'this password is among the most common ones: choose another',
    (p) =>
      p.reason === 'short'
        ? `Mật khẩu phải có ít nhất ${p.min} ký tự`
        : p.reason === 'login'
          ? 'Mật khẩu không được chứa tên đăng nhập'
          : 'Mật khẩu này quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác',
  ),
  'token-expiry': words(
    'invalid-document',
    () => 'a token expires on a date or at an instant within a year from now',
    () => 'Mã truy cập phải hết hạn vào một ngày trong vòng một năm tới',
  ),
  'token-limit': words<{ max: number }>(
    'conflict',
    (p) => `a person keeps at most ${p.max} tokens: revoke one first`,
    (p) => `Mỗi người giữ tối đa ${p.max} mã truy cập: hãy thu hồi bớt trước`,
  ),
  'token-not-found': words<{ id: string }>(
    'not-found',
    (p) => `token '${p.id}' does not exist`,
    (p) => `Mã truy cập '${p.id}' không tồn tại`,
  ),
  'token-person-only': words(
    'forbidden',
    () => 'tokens belong to people: sign in with an account, not a key',
    () => 'Mã truy cập là của từng người: hãy đăng nhập bằng tài khoản, không phải bằng khóa',
  ),
  'directory-errors': words(
    'invalid-document',
    () => 'the directory (units and accounts) has errors: nothing was stored',
    () => 'Tệp danh sách đơn vị và người dùng có lỗi: chưa lưu gì',
  ),
  'assignment-errors': words(
    'invalid-document',
    () => 'the assignment of appraisers has errors: nothing was stored',
    () => 'Phân công thẩm định có lỗi: chưa lưu gì',
  ),
  'not-assigned': words<{ round: string }>(
    'forbidden',
    (p) => `you are not assigned to appraise in round '${p.round}'`,
    (p) => `Bạn chưa được phân công thẩm định trong đợt '${p.round}'`,
  ),
  'not-assigned-unit': words<{ unit: string }>(
    'forbidden',
    (p) => `you are not assigned to appraise unit '${p.unit}'`,
    (p) => `Bạn không được phân công thẩm định đơn vị '${p.unit}'`,
  ),
  'reason-required': words(
    'invalid-document',
    () => 'say why: the reason is kept with who did it and when',
    () => 'Hãy ghi lý do: lý do được lưu cùng người làm và thời điểm',
  ),
  'deadline-invalid': words<{ deadline: string }>(
    'invalid-document',
    (p) =>
      `'${p.deadline}' is not a deadline of the round, the date is not a date, or it would break the order of the phases`,
    (p) =>
      `'${p.deadline}' không phải một hạn của đợt, ngày không hợp lệ, hoặc hạn mới làm sai thứ tự các giai đoạn`,
  ),
  'second-factor-on': words(
    'conflict',
    () => 'the second factor is on already: turn it off first to set another',
    () => 'Xác thực hai bước đang bật: hãy tắt trước khi cài lại',
  ),
  'second-factor-off': words(
    'conflict',
    () => 'the second factor is not on (or its setting up was not started)',
    () => 'Xác thực hai bước chưa bật (hoặc chưa bắt đầu cài đặt)',
  ),
  'second-factor-code': words(
    'invalid-document',
    () => 'the code is not the one the authenticator app shows now',
    () => 'Mã không khớp với mã ứng dụng xác thực đang hiện',
  ),
  'second-factor-failed': words(
    'forbidden',
    () => 'the code is wrong, or was used already',
    () => 'Mã xác thực không đúng hoặc đã được dùng',
  ),
  'second-factor-expired': words(
    'forbidden',
    () => 'the sign-in waited too long for its code: sign in again',
    () => 'Đã quá thời gian nhập mã xác thực: hãy đăng nhập lại',
  ),
  'password-wrong': words(
    'forbidden',
    () => 'the current password is wrong',
    () => 'Mật khẩu hiện tại không đúng',
  ),

  'unit-errors': words(
    'invalid-document',
    () => 'the unit has errors',
    () => 'Đơn vị có lỗi',
  ),
  'unit-id-invalid': words<{ id: string }>(
    'invalid-document',
    (p) => `'${p.id.slice(0, 100)}' is not a unit id: letters, digits, ".", "_" and "-" (at most 100)`,
    () => 'Mã đơn vị chỉ gồm chữ, số, ".", "_" và "-" (tối đa 100 ký tự)',
  ),
  'unit-not-registered': words<{ id: string }>(
    'not-found',
    (p) => `unit '${p.id}' is not in the register`,
    (p) => `Đơn vị '${p.id}' không có trong danh sách đơn vị`,
  ),
} as const;

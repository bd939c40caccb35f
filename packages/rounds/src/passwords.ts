import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the parameters OWASP's password storage cheat sheet gives as its first choice: 19 MiB of
 * memory, two passes, one lane. About 10 ms a hash on the project's machines, run on libuv's thread pool:
 * the event loop stays free while a sign-in is checked.
 */
export const PASSWORD_HASHING = {
  // Argon2id: the library's `Algorithm.Argon2id`, a const enum that an isolated build cannot read.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The shortest password a person may choose. */
export const MIN_PASSWORD_LENGTH = 10;

/** A password's hash, in the PHC string format (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), PASSWORD_HASHING);
}

/** A hash of nothing anyone knows: checked against when the login does not exist, so both take as long. */
let nobody: Promise<string> | undefined;
/** Made at the first sign-in that needs it, not when the store's module loads (a process that signs nobody in pays nothing). */
const nobodyHash = () => (nobody ??= hashPassword(`không ai biết ${randomInt(2 ** 47)}`));

/** Whether `password` is the one `stored` was made from; a missing or damaged hash is never matched. */
export async function passwordMatches(stored: string | null | undefined, password: string): Promise<boolean> {
  try {
    const matches = await verify(stored ?? (await nobodyHash()), password.normalize('NFC'));
    return stored !== null && stored !== undefined && matches;
  } catch {
    return false;
  }
}

/**
 * Passwords that a list of leaked ones puts first, and those an office would think of (the words of the
 * index, of the ministry, of a province): refused as a person's own password. Compared without case,
 * accents or the digits and signs around them.
 */
const COMMON_PASSWORDS = new Set([
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abc',
  'abcdef',
  'abcdefgh',
  'iloveyou',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno',
  'master',
  'superman',
  'login',
  'user',
  'test',
  'changeme',
  'matkhau',
  'matkhaumoi',
  'anhyeuem',
  'emyeuanh',
  'yeuem',
  'vietnam',
  'hanoi',
  'saigon',
  'hochiminh',
  'cchc',
  'caicachhanhchinh',
  'noivu',
  'sonoivu',
  'phongnoivu',
  'ubnd',
  'ubndxa',
  'ubndhuyen',
  'ubndtinh',
  'xa',
  'huyen',
  'tinh',
  'thamdinh',
  'tucham',
  'chamdiem',
  'quantri',
  'quantrivien',
  'khongbiet',
]);

/** The letters of a password without accents, case, digits or signs: `Mật khẩu 2024!` → `matkhau`. */
function lettersOf(password: string): string {
  return password
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Why a person may not choose `password`: too short, the login itself, or a common one; undefined when it is fine. */
export function passwordProblem(password: string, login: string): 'short' | 'login' | 'common' | undefined {
  const text = password.normalize('NFC');
  if ([...text].length < MIN_PASSWORD_LENGTH) return 'short';
  const letters = lettersOf(text);
  if (letters !== '' && letters === lettersOf(login)) return 'login';
  if (text.toLowerCase().includes(login.normalize('NFC').toLowerCase())) return 'login';
  // Digits alone (a date, 1234567890) or a common word with digits and signs around it.
  if (letters === '' || COMMON_PASSWORDS.has(letters)) return 'common';
  if (new Set(text).size <= 2) return 'common';
  return undefined;
}

/** Letters and digits no one confuses when reading them aloud or off a screen (no 0/O, 1/l/I). */
const ONE_TIME_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for a new account or a reset: 14 characters, about 81 bits, shown once. */
export function oneTimePassword(): string {
  let text = '';
  for (let position = 0; position < 14; position++)
    text += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
  return text;
}

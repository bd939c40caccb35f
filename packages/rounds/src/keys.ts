import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Who a key speaks for:
 * - `admin`: everything;
 * - `appraiser`: the appraised layer of any unit, limited to `codes` (and what is below them) when given;
 * - `unit`: its own unit's self layer, explanations and remediation; its own data and published results;
 * - `agency`: the remediation tasks it leads.
 */
export type Role =
  | { readonly kind: 'admin' }
  | { readonly kind: 'appraiser'; readonly codes?: readonly string[] }
  | { readonly kind: 'unit'; readonly unit: string }
  | { readonly kind: 'agency'; readonly agency: string };

/** The caller of a request: the name of its key or person (recorded with every write) and its role. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
  /** The login of the person's account, when the caller is a person (signed in, or by a token of theirs). */
  readonly account?: string;
  /**
   * The authority the caller acts within (a district's Phòng Nội vụ: "UBND huyện Kon Rẫy"): its rounds,
   * its register, its people. None: every authority (the province's Sở Nội vụ, the first admin).
   */
  readonly authority?: string;
}

/** Reads a role as rounds.md writes it: `admin`, `appraiser`, `appraiser:1.2,3`, `unit:<id>`, `agency:<name>`. */
export function parseRole(text: string): Role | undefined {
  if (text === 'admin') return { kind: 'admin' };
  if (text === 'appraiser') return { kind: 'appraiser' };
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  const kind = text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (kind === 'appraiser') {
    const codes = value.split(',').map((code) => code.trim());
    return codes.every((code) => code !== '') ? { kind: 'appraiser', codes } : undefined;
  }
  if (kind === 'unit') return { kind: 'unit', unit: value };
  if (kind === 'agency') return { kind: 'agency', agency: value };
  return undefined;
}

const keyEntrySchema = z
  .strictObject({
    name: z.string().min(1),
    role: z.string().refine((text) => parseRole(text) !== undefined, {
      message: 'a role is admin, appraiser, appraiser:<codes>, unit:<id> or agency:<name>',
    }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'the SHA-256 of the key in hexadecimal (64 characters)')
      .optional(),
    key: z.string().min(16, 'a key has at least 16 characters').optional(),
    /** The authority the key acts within; none: every authority. */
    authority: z.string().trim().min(1).max(500).optional(),
  })
  .refine((entry) => (entry.sha256 === undefined) !== (entry.key === undefined), {
    message: 'give either sha256 (the hash of the key) or key (development only), not both',
  });

/** The keys a server accepts, as `CCHC_API_KEYS` lists them. */
export const keyListSchema = z.array(keyEntrySchema);
export type KeyList = z.input<typeof keyListSchema>;

/** Checks presented keys against the configured ones; holds only their hashes. */
export interface KeyRing {
  /** How many keys are configured (none: every protected route answers 401, saying how to configure). */
  readonly size: number;
  /** The caller of a presented key, or undefined when no configured key matches. */
  callerOf(presented: string): Caller | undefined;
  /**
   * The caller a key's name stands for while that key is still configured with `role` (a signed-in page
   * session keeps the name and role, never the key): undefined once it is removed or given another role.
   */
  callerNamed(name: string, role: string): Caller | undefined;
  /**
   * A mark of the key configured under `name` and `role` (a digest of its hash, which says nothing of the
   * key): a session keeps it, and ends when the key is rotated under the same name and role.
   */
  keyMark(name: string, role: string): string | undefined;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * A key ring from a parsed key list. Every configured hash is compared, in constant time each.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createHash } from 'node:crypto';
 * import { keyRing } from '@cchc/rounds';
 * const sha256 = createHash('sha256').update('khoa-bi-mat-cua-xa').digest('hex');
 * const keys = keyRing([{ name: 'UBND xã Đăk Kôi', role: 'unit:dak-koi', sha256 }]);
 * assert.equal(keys.callerOf('khoa-bi-mat-cua-xa')?.name, 'UBND xã Đăk Kôi');
 * ```
 */
export function keyRing(list: z.output<typeof keyListSchema>): KeyRing {
  const entries = list.map((entry) => ({
    name: entry.name,
    role: parseRole(entry.role)!,
    ...(entry.authority === undefined ? {} : { authority: entry.authority.normalize('NFC') }),
    hash: entry.sha256 === undefined ? sha256(entry.key!) : Buffer.from(entry.sha256, 'hex'),
  }));
  const callerOfEntry = (entry: (typeof entries)[number]): Caller => ({
    name: entry.name,
    role: entry.role,
    ...(entry.authority === undefined ? {} : { authority: entry.authority }),
  });
  return {
    size: entries.length,
    callerOf(presented) {
      const hash = sha256(presented);
      let found: Caller | undefined;
      // No early return: the time taken does not say which key (or how many) matched.
      for (const entry of entries) {
        if (timingSafeEqual(hash, entry.hash) && found === undefined) found = callerOfEntry(entry);
      }
      return found;
    },
    callerNamed(name, role) {
      const entry = entries.find((candidate) => candidate.name === name && roleText(candidate.role) === role);
      return entry && callerOfEntry(entry);
    },
    keyMark(name, role) {
      const entry = entries.find((candidate) => candidate.name === name && roleText(candidate.role) === role);
      return entry && createHash('sha256').update(entry.hash).digest('base64url').slice(0, 22);
    },
  };
}

/** A role as rounds.md writes it: the inverse of `parseRole`. */
export function roleText(role: Role): string {
  if (role.kind === 'admin') return 'admin';
  if (role.kind === 'appraiser') return role.codes ? `appraiser:${role.codes.join(',')}` : 'appraiser';
  if (role.kind === 'unit') return `unit:${role.unit}`;
  return `agency:${role.agency}`;
}

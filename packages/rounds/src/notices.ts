/**
 * Notices (thông báo): what the admin tells the people of its authority, everyone or some units: a title and
 * a text, kept with who posted it and when. A notice marked public is read before signing in, on the sign-in
 * page, as offices post the year's guidance where anyone finds it.
 */
import { randomUUID } from 'node:crypto';
import { textInput } from '@cchc/core/internal';
import { z } from 'zod';
import { requireMay, withinAuthority } from './access.js';
import { parsedOrRefused, RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import type { SqlClient } from './sql.js';

/** A notice as posted. */
export interface Notice {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** The units it is for; empty: everyone of its authority. */
  readonly units: readonly string[];
  /** Read before signing in, on the sign-in page. */
  readonly public: boolean;
  /** The authority of whoever posted it; null: every authority (the province). */
  readonly authority: string | null;
  readonly key: string;
  readonly at: string;
}

export interface NoticeMethods {
  /** Posts a notice (admin): `{ title, text, units?, public? }`. */
  postNotice(caller: Caller, body: unknown): Promise<Notice>;
  /** The notices the caller may read, newest first: an admin's all of its authority. */
  notices(caller: Caller): Promise<Notice[]>;
  /** The public notices, newest first, for the sign-in page: nobody is signed in to ask. */
  publicNotices(): Promise<Notice[]>;
  /** Takes a notice down (admin of its authority). */
  removeNotice(caller: Caller, id: string): Promise<void>;
}

/** The most notices one authority keeps posted at once: a board, not an archive. */
export const MAX_NOTICES = 200;

/** A notice as posted: a title, a text, the units it is for (none: everyone), public or not. */
export const noticeDocumentSchema = z.strictObject({
  title: textInput.pipe(z.string().min(1).max(200)),
  text: textInput.pipe(z.string().min(1).max(10_000)),
  units: z.array(z.string().min(1).max(100)).max(10_000).default([]),
  public: z.boolean().default(false),
});

interface NoticeRow {
  id: string;
  title: string;
  body: string;
  units: string[];
  public: boolean;
  authority: string | null;
  key_name: string;
  at: string;
}

const noticeOf = (row: NoticeRow): Notice => ({
  id: row.id,
  title: row.title,
  text: row.body,
  units: row.units,
  public: row.public,
  authority: row.authority,
  key: row.key_name,
  at: row.at,
});

/** Whether `caller` reads `notice`: of its authority, and for everyone or for its unit. */
function reads(caller: Caller, notice: Notice): boolean {
  if (notice.authority !== null && !withinAuthority(caller, notice.authority)) return false;
  const { role } = caller;
  if (role.kind === 'admin') return true;
  return notice.units.length === 0 || (role.kind === 'unit' && notice.units.includes(role.unit));
}

export function noticeMethods(context: {
  readonly sql: SqlClient;
  readonly stamp: () => string;
}): NoticeMethods {
  const { sql, stamp } = context;
  const all = async () =>
    (
      await sql.query<NoticeRow>(
        'select id, title, body, units, public, authority, key_name, at from cchc_notices order by at desc, id',
      )
    ).map(noticeOf);
  return {
    async postNotice(caller, body) {
      requireMay(caller, 'manage');
      const notice = parsedOrRefused(noticeDocumentSchema, body, 'notice-errors');
      const authority = caller.authority ?? null;
      return sql.transaction(async (tx) => {
        const [count] = await tx.query<{ count: number }>(
          'select count(*)::int as count from cchc_notices where authority is not distinct from $1',
          [authority],
        );
        if (count!.count >= MAX_NOTICES) throw new RoundsError('notices-full', { limit: MAX_NOTICES });
        const row: NoticeRow = {
          id: randomUUID(),
          title: notice.title,
          body: notice.text,
          units: [...new Set(notice.units)],
          public: notice.public,
          authority,
          key_name: caller.name,
          at: stamp(),
        };
        await tx.query(
          `insert into cchc_notices (id, title, body, units, public, authority, key_name, at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            row.id,
            row.title,
            row.body,
            JSON.stringify(row.units),
            row.public,
            row.authority,
            row.key_name,
            row.at,
          ],
        );
        return noticeOf(row);
      });
    },

    async notices(caller) {
      return (await all()).filter((notice) => reads(caller, notice));
    },

    async publicNotices() {
      return (await all()).filter((notice) => notice.public);
    },

    async removeNotice(caller, id) {
      requireMay(caller, 'manage');
      await sql.transaction(async (tx) => {
        const [row] = await tx.query<{ authority: string | null }>(
          'select authority from cchc_notices where id = $1 for update',
          [id],
        );
        if (
          !row ||
          (row.authority !== null && !withinAuthority(caller, row.authority)) ||
          (row.authority === null && caller.authority !== undefined)
        )
          throw new RoundsError('notice-not-found', { id: id.slice(0, 80) });
        await tx.query('delete from cchc_notices where id = $1', [id]);
      });
    },
  };
}

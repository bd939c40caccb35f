import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deadlineInstant, isDeadline, isPast } from '@cchc/core';
import { issue } from '@cchc/core/internal';
import { type AccountRow, signedInOf } from './accounts.js';
import { RoundsError } from './errors.js';
import type { Caller } from './keys.js';
import { loginKey } from './schema.js';
import type { SqlClient } from './sql.js';

/** A personal API token as its owner sees it: never its secret. */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly expires: string;
  readonly created: string;
  readonly revoked?: string;
  /** Whether it acts now: not revoked, not expired. */
  readonly active: boolean;
}

/** A token is `cchc_<id>_<secret>`: the id finds it, the secret proves it. */
const TOKEN_PATTERN = /^cchc_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32})$/;
/** The most tokens one person keeps. */
export const MAX_TOKENS = 20;

interface TokenRow {
  id: string;
  login_key: string;
  name: string;
  secret_sha256: string;
  expires: string;
  created: string;
  revoked: string | null;
}

export interface TokenMethods {
  /**
   * A personal API token of the person signed in, for their scripts: acting with their role, until it
   * expires (a date or instant, at most a year away) or is revoked. Answered once; kept as a hash.
   */
  mintToken(caller: Caller, name: string, expires: string): Promise<TokenView & { readonly token: string }>;
  /** The person's tokens (never their secrets). */
  listTokens(caller: Caller): Promise<TokenView[]>;
  /** Revokes one of the person's tokens; it is refused from its next request. */
  revokeToken(caller: Caller, id: string): Promise<TokenView>;
  /** Who a presented token acts as: its person, while the token stands and the account is active. */
  tokenCaller(token: string): Promise<Caller | undefined>;
}

/** A person's tokens for their scripts: the store and the clock are all they need. */
export function tokensMethods(context: {
  readonly sql: SqlClient;
  readonly now: () => Date;
  readonly stamp: () => string;
}): TokenMethods {
  const { sql, now, stamp } = context;
  /** The login of a caller who is a person (signed in, or by their token); keys have no tokens of their own. */
  const requirePerson = (caller: Caller): string => {
    if (caller.account === undefined) throw new RoundsError('token-person-only', {});
    return caller.account;
  };
  const tokenView = (row: TokenRow): TokenView => ({
    id: row.id,
    name: row.name,
    expires: row.expires,
    created: row.created,
    ...(row.revoked === null ? {} : { revoked: row.revoked }),
    active: row.revoked === null && Date.parse(row.expires) > now().getTime(),
  });

  return {
    async mintToken(caller, name, expires) {
      const login = requirePerson(caller);
      const label = name.normalize('NFC').trim();
      if (label === '' || label.length > 100)
        throw new RoundsError(
          'account-errors',
          {},
          { issues: [issue('invalid_value', ['name'], { detail: 'must not be empty' })] },
        );
      const until = isDeadline(expires) ? deadlineInstant(expires) : undefined;
      const latest = now().getTime() + 366 * 86_400_000;
      if (!until || until.getTime() <= now().getTime() || until.getTime() > latest)
        throw new RoundsError('token-expiry', {});
      const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
      const secret = randomBytes(24).toString('base64url');
      return sql.transaction(async (tx) => {
        const [{ count }] = (await tx.query<{ count: number }>(
          'select count(*)::int as count from cchc_tokens where login_key = $1 and revoked is null and expires > $2',
          [loginKey(login), stamp()],
        )) as [{ count: number }];
        if (count >= MAX_TOKENS) throw new RoundsError('token-limit', { max: MAX_TOKENS });
        const row = {
          id,
          login_key: loginKey(login),
          name: label,
          secret_sha256: createHash('sha256').update(secret).digest('hex'),
          expires: until.toISOString(),
          created: stamp(),
        };
        await tx.query(
          'insert into cchc_tokens (id, login_key, name, secret_sha256, expires, created) values ($1, $2, $3, $4, $5, $6)',
          [row.id, row.login_key, row.name, row.secret_sha256, row.expires, row.created],
        );
        return { ...tokenView({ ...row, revoked: null }), token: `cchc_${id}_${secret}` };
      });
    },

    async listTokens(caller) {
      const login = requirePerson(caller);
      const rows = await sql.transaction((tx) =>
        tx.query<TokenRow>('select * from cchc_tokens where login_key = $1 order by created desc', [
          loginKey(login),
        ]),
      );
      return rows.map(tokenView);
    },

    async revokeToken(caller, id) {
      const login = requirePerson(caller);
      const [row] = await sql.transaction((tx) =>
        tx.query<TokenRow>(
          'update cchc_tokens set revoked = coalesce(revoked, $3) where id = $1 and login_key = $2 returning *',
          [id, loginKey(login), stamp()],
        ),
      );
      if (!row) throw new RoundsError('token-not-found', { id });
      return tokenView(row);
    },

    async tokenCaller(token) {
      const match = TOKEN_PATTERN.exec(token);
      if (!match) return undefined;
      const [row] = await sql.transaction((tx) =>
        tx.query<TokenRow & { account: AccountRow | null }>(
          'select t.*, to_jsonb(a.*) as account from cchc_tokens t left join cchc_accounts a on a.login_key = t.login_key where t.id = $1',
          [match[1]],
        ),
      );
      if (!row?.account) return undefined;
      const presented = createHash('sha256').update(match[2]!).digest();
      const stored = Buffer.from(row.secret_sha256, 'hex');
      if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
      if (!tokenView(row).active) return undefined;
      const account = row.account;
      if (account.deactivated !== null && isPast(account.deactivated, now())) return undefined;
      return signedInOf(account).caller;
    },
  };
}

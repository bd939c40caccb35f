import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type CriteriaSet, formatIssues, parseCriteriaSet } from '@cchc/core';
import { formatOfFileName, readDocument } from '@cchc/documents';
import { konRay2021 } from '@cchc/examples';
import { type ApiLimits, DEFAULT_API_LIMITS, REMINDER_OFFSETS } from '@cchc/http';
import { keyListSchema } from '@cchc/rounds';
import type { z } from 'zod';

export interface ApiConfig {
  readonly port: number;
  readonly host: string;
  readonly criteriaDir: string | undefined;
  readonly bodyLimit: number | undefined;
  /** Largest evidence file, in bytes (CCHC_FILE_LIMIT_MB; the store's default, 20 MiB, when unset). */
  readonly fileLimit: number | undefined;
  /** Most bytes of one unit's files in a round (CCHC_UNIT_FILES_LIMIT_MB; 500 MiB when unset). */
  readonly unitFilesLimit: number | undefined;
  readonly corsOrigins: readonly string[];
  readonly renderTimeoutMs: number | undefined;
  /** Bounds on each request (the app's defaults: `DEFAULT_API_LIMITS` of @cchc/http). */
  readonly limits: Partial<ApiLimits>;
  readonly renderWorkers: number;
  readonly renderQueue: number;
  readonly renderMemoryMb: number;
  /** How long a shutdown waits for requests in flight before it closes their connections. */
  readonly shutdownGraceMs: number;
  /** `none` (CCHC_STORE=none): no stored rounds, the stateless API only; else `sql` (the default). */
  readonly store: 'sql' | 'none';
  /** Where the embedded store keeps the rounds (CCHC_DATA_DIR), when no DATABASE_URL is given. */
  readonly dataDir: string;
  /** A PostgreSQL server for the rounds (DATABASE_URL), instead of the embedded store. */
  readonly databaseUrl: string | undefined;
  /**
   * Signs the officials' page sessions (CCHC_SESSION_SECRET); every process behind one address needs the
   * same. Unset: a random one per process, and sessions end when it stops.
   */
  readonly sessionSecret: string | undefined;
  /** How long a page session lasts without a request, in minutes (CCHC_SESSION_IDLE: `8h`, `30m` or minutes). */
  readonly sessionIdleMinutes: number | undefined;
  /** Behind a reverse proxy that appends the client's address to X-Forwarded-For (CCHC_TRUST_PROXY=1). */
  readonly trustProxy: boolean;
  /** The API keys and their roles (CCHC_API_KEYS, or the file CCHC_API_KEYS_FILE). */
  readonly keys: z.output<typeof keyListSchema>;
  /**
   * The address people open the pages at (CCHC_PUBLIC_URL), for links handed out of the app: reminders'
   * and a survey's links. Unset: the address each request came to, and for reminders `http://HOST:PORT`.
   */
  readonly publicUrl: string | undefined;
  /** Reminders by email: none without CCHC_SMTP_URL. */
  readonly mail: MailConfig | undefined;
}

/** Where and how reminders are sent. */
export interface MailConfig {
  /** The SMTP server (CCHC_SMTP_URL: `smtp://user:password@host:587`, `smtps://…` for TLS from the start). */
  readonly smtpUrl: string;
  /** The sender (CCHC_MAIL_FROM). */
  readonly from: string;
  /** The address people open the pages at, for the links (CCHC_PUBLIC_URL). */
  readonly publicUrl: string;
  /** Offsets from a deadline (CCHC_REMINDER_OFFSETS: `-3d,-1d,+1d`; `h`, `m` and `s` also read). */
  readonly offsetsMs: readonly number[];
  /** How often reminders are planned and the outbox sent (CCHC_MAIL_EVERY_S, seconds). */
  readonly everyMs: number;
  /**
   * How long a process holds the messages it claimed (CCHC_MAIL_LEASE_S, 120 s): a message of a process that
   * stopped mid-send is sent by another once this has passed.
   */
  readonly leaseMs: number;
}

const OFFSET_UNITS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/** CCHC_REMINDER_OFFSETS as milliseconds: `-3d,-1d,+1d`; at most 10, each within 60 days. */
function offsetsOf(raw: string | undefined): readonly number[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  const offsets = parts.map((part) => {
    const match = /^([+-])(\d{1,7})([dhms])$/.exec(part);
    return match ? (match[1] === '-' ? -1 : 1) * Number(match[2]) * OFFSET_UNITS[match[3]!]! : Number.NaN;
  });
  if (parts.length > 10 || offsets.some((offset) => !(Math.abs(offset) <= 60 * 86_400_000)))
    throw new Error(
      `CCHC_REMINDER_OFFSETS must be a list such as -3d,-1d,+1d (at most 10, each within 60 days), got '${raw}'`,
    );
  return offsets;
}

/** CCHC_PUBLIC_URL, checked; undefined when unset. */
function publicUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  const publicUrl = env['CCHC_PUBLIC_URL']?.trim();
  if (!publicUrl) return undefined;
  if (!/^https?:\/\//.test(publicUrl))
    throw new Error(`CCHC_PUBLIC_URL must start with http:// or https://, got '${publicUrl}'`);
  return publicUrl;
}

function mailOf(env: NodeJS.ProcessEnv, port: number, host: string): MailConfig | undefined {
  const smtpUrl = env['CCHC_SMTP_URL']?.trim();
  if (!smtpUrl) return undefined;
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error('CCHC_SMTP_URL must start with smtp:// or smtps://');
  return {
    smtpUrl,
    from: env['CCHC_MAIL_FROM']?.trim() || 'Chỉ số CCHC <no-reply@localhost>',
    publicUrl: publicUrlOf(env) ?? `http://${host}:${port}`,
    offsetsMs: offsetsOf(env['CCHC_REMINDER_OFFSETS']) ?? REMINDER_OFFSETS,
    everyMs: (positiveInteger(env, 'CCHC_MAIL_EVERY_S', 'a number of seconds') ?? 60) * 1000,
    leaseMs: (positiveInteger(env, 'CCHC_MAIL_LEASE_S', 'a number of seconds') ?? 120) * 1000,
  };
}

function storeOf(value: string | undefined): 'sql' | 'none' {
  if (value === undefined || value === '' || value === 'sql') return 'sql';
  if (value === 'none') return 'none';
  throw new Error(`CCHC_STORE must be sql (the default) or none, got '${value}'`);
}

/** The keys from CCHC_API_KEYS (JSON), or from the file CCHC_API_KEYS_FILE; none when neither is set. */
function keysFromEnv(env: NodeJS.ProcessEnv): z.output<typeof keyListSchema> {
  const file = env['CCHC_API_KEYS_FILE'];
  const name = file === undefined ? 'CCHC_API_KEYS' : `CCHC_API_KEYS_FILE (${file})`;
  let text = env['CCHC_API_KEYS'];
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${name} cannot be read: ${(error as Error).message}`);
    }
  }
  if (text === undefined || text.trim() === '') return [];
  const read = readDocument(text, { format: 'json' });
  if (!read.success) throw new Error(`${name} is not JSON:\n${formatIssues(read.issues)}`);
  const parsed = keyListSchema.safeParse(read.data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((found) => `  ${found.path.join('.')}: ${found.message}`);
    throw new Error(`${name} is not a list of { name, role, sha256 }:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** Each limit of a request and the variable that sets it. */
const LIMIT_VARIABLES: Readonly<Record<keyof ApiLimits, string>> = {
  maxDepth: 'CCHC_MAX_DEPTH',
  maxItems: 'CCHC_MAX_ITEMS',
  maxAssessments: 'CCHC_MAX_ASSESSMENTS',
  maxCriteriaSets: 'CCHC_MAX_CRITERIA_SETS',
  maxCriteria: 'CCHC_MAX_CRITERIA',
  maxScoredCriteria: 'CCHC_MAX_SCORED_CRITERIA',
  maxErrors: 'CCHC_MAX_ERRORS',
  maxYamlCharacters: 'CCHC_MAX_YAML_CHARACTERS',
};

/** A positive whole number from the environment, or the default; anything else names the variable. */
/** MiB as bytes. */
const megabytes = (value: number | undefined) => (value === undefined ? undefined : value * 1024 * 1024);

function positiveInteger(env: NodeJS.ProcessEnv, name: string, what: string): number | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`${name} must be ${what}, got '${raw}'`);
  return value;
}

/** CCHC_SESSION_IDLE as minutes: `8h`, `90m`, or a number of minutes; at most 7 days. */
function idleMinutesOf(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const match = /^\s*(\d{1,5})\s*(h|m)?\s*$/i.exec(raw);
  const minutes = match ? Number(match[1]) * (match[2]?.toLowerCase() === 'h' ? 60 : 1) : Number.NaN;
  if (!(minutes >= 1 && minutes <= 7 * 24 * 60))
    throw new Error(`CCHC_SESSION_IDLE must be a time such as 8h or 30m (at most 7 days), got '${raw}'`);
  return minutes;
}

/** Reads the configuration from the environment; a bad value is an error that names the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  const port = Number(env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, got '${env['PORT']}'`);
  const limits: Partial<Record<keyof ApiLimits, number>> = {};
  for (const [limit, name] of Object.entries(LIMIT_VARIABLES) as [keyof ApiLimits, string][]) {
    const value = positiveInteger(env, name, 'a positive whole number');
    if (value !== undefined) limits[limit] = value;
  }
  return {
    port,
    host: env['HOST'] ?? '127.0.0.1',
    criteriaDir: env['CCHC_CRITERIA_DIR'],
    bodyLimit: positiveInteger(env, 'CCHC_BODY_LIMIT', 'a number of bytes'),
    fileLimit: megabytes(positiveInteger(env, 'CCHC_FILE_LIMIT_MB', 'a number of MiB')),
    unitFilesLimit: megabytes(positiveInteger(env, 'CCHC_UNIT_FILES_LIMIT_MB', 'a number of MiB')),
    renderTimeoutMs: positiveInteger(env, 'CCHC_RENDER_TIMEOUT_MS', 'a number of milliseconds'),
    corsOrigins: (env['CCHC_CORS_ORIGINS'] ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    limits,
    renderWorkers:
      positiveInteger(env, 'CCHC_RENDER_WORKERS', 'a number of workers') ?? availableParallelism(),
    renderQueue: positiveInteger(env, 'CCHC_RENDER_QUEUE', 'a number of reports') ?? 8,
    renderMemoryMb: positiveInteger(env, 'CCHC_RENDER_MEMORY_MB', 'a number of MiB') ?? 512,
    shutdownGraceMs: positiveInteger(env, 'CCHC_SHUTDOWN_GRACE_MS', 'a number of milliseconds') ?? 5_000,
    store: storeOf(env['CCHC_STORE']),
    dataDir: env['CCHC_DATA_DIR'] || './data',
    databaseUrl: env['DATABASE_URL'] || undefined,
    sessionSecret: env['CCHC_SESSION_SECRET'] || undefined,
    sessionIdleMinutes: idleMinutesOf(env['CCHC_SESSION_IDLE']),
    trustProxy: ['1', 'true', 'yes'].includes((env['CCHC_TRUST_PROXY'] ?? '').trim().toLowerCase()),
    keys: keysFromEnv(env),
    publicUrl: publicUrlOf(env),
    mail: mailOf(env, port, env['HOST'] ?? '127.0.0.1'),
  };
}

/** The limits in force, each with its variable: for the README and the start-up log. */
export function limitsInForce(config: ApiConfig): Record<string, number> {
  return Object.fromEntries(
    (Object.keys(LIMIT_VARIABLES) as (keyof ApiLimits)[]).map((limit) => [
      limit,
      config.limits[limit] ?? DEFAULT_API_LIMITS[limit],
    ]),
  );
}

/** The example sets, and every .json/.yaml set in `dir`; a set that does not parse stops the start with its errors. */
export async function loadCriteriaSets(dir: string | undefined): Promise<CriteriaSet[]> {
  const documents: { name: string; data: unknown }[] = konRay2021.criteriaSets.map((set) => ({
    name: `example ${set.id}`,
    data: set,
  }));
  if (dir) {
    for (const file of (await readdir(dir)).sort()) {
      const format = formatOfFileName(file);
      if (format === undefined) continue;
      const read = readDocument(await readFile(join(dir, file), 'utf8'), { format });
      if (!read.success) throw new Error(`${file}:\n${formatIssues(read.issues)}`);
      documents.push({ name: file, data: read.data });
    }
  }
  const sets = new Map<string, CriteriaSet>();
  for (const { name, data } of documents) {
    const parsed = parseCriteriaSet(data);
    if (!parsed.success) throw new Error(`${name}:\n${formatIssues(parsed.issues)}`);
    sets.set(parsed.data.id, parsed.data); // a set from the folder replaces an example of the same id
  }
  return [...sets.values()];
}

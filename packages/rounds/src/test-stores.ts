import type { SignedIn } from './accounts.js';
import { RoundsError, type RoundsErrorKind } from './errors.js';
import type { SecondFactorNeeded } from './second-factor.js';
import { inSchema, openEmbedded, openServer, type SqlClient } from './sql.js';

/**
 * The same rules on each store: embedded always; a PostgreSQL server when DATABASE_URL names one (as
 * .ci/run does when the machine's server answers), in a schema of its own that the tests drop.
 */
export const STORES: { name: string; open: () => Promise<SqlClient>; drop?: () => Promise<void> }[] = [
  { name: 'embedded (PGlite)', open: () => openEmbedded() },
];
export const serverUrl = process.env['DATABASE_URL'];
if (serverUrl) {
  const schema = `cchc_test_${process.pid}_${Date.now()}`;
  const schemaUrl = inSchema(serverUrl, schema);
  STORES.push({
    name: 'PostgreSQL server (DATABASE_URL)',
    open: async () => {
      const admin = await openServer(serverUrl);
      await admin.exec(`create schema if not exists ${schema}`);
      await admin.close();
      return openServer(schemaUrl);
    },
    drop: async () => {
      const admin = await openServer(serverUrl);
      await admin.exec(`drop schema if exists ${schema} cascade`);
      await admin.close();
    },
  });
} else {
  console.info('rounds: DATABASE_URL is not set: the PostgreSQL server half of these tests was skipped');
}

/** The refusal `work` ends in (a test fails if there was none). */
async function refusalOf(work: Promise<unknown>): Promise<RoundsError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof RoundsError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The kind of a refusal (a test fails if there was none). */
export const refusal = async (work: Promise<unknown>): Promise<RoundsErrorKind> =>
  (await refusalOf(work)).kind;

/** The code of a refusal: what was refused (a test fails if there was none). */
export const refusalCode = async (work: Promise<unknown>): Promise<string> => (await refusalOf(work)).code;

/** A sign-in's person, where no second factor is on (a test fails if one was asked for). */
export function passwordOnly(result: SignedIn | SecondFactorNeeded): SignedIn {
  if ('secondFactor' in result) throw new Error('a second factor was asked for');
  return result;
}

import { accountsMethods } from './accounts.js';
import { archiveMethods } from './archive.js';
import { assignmentMethods } from './assignments.js';
import { roundsContext } from './context.js';
import { directoryMethods } from './directory.js';
import { RoundsError } from './errors.js';
import { explanationsMethods } from './explanations.js';
import { DEFAULT_FILE_LIMITS, fileMethods } from './files.js';
import { layersMethods } from './layers.js';
import { migrate } from './migrations.js';
import { noticeMethods } from './notices.js';
import { outboxMethods } from './outbox.js';
import { publicationMethods } from './publication.js';
import { registerMethods } from './register.js';
import { remediationMethods } from './remediation.js';
import { roundEventMethods } from './round-events.js';
import { secondFactorMethods } from './second-factor.js';
import { sessionsMethods } from './sessions.js';
import { setupMethods } from './setup.js';
import { surveyMethods } from './surveys.js';
import { tokensMethods } from './tokens.js';
import { transferMethods } from './transfer.js';
import type { Rounds, RoundsOptions } from './types.js';

export {
  explanationClosure,
  explanationsClosed,
  type LayerClosure,
  layerClosure,
  layerDeadline,
  PHASE_NAMES_VI,
  type Phase,
  type PhaseFacts,
  phaseOf,
  unitPhaseFacts,
} from './layer-state.js';
export { type RoundExport, roundExportSchema } from './transfer-schema.js';
export type {
  Explanation,
  ExplanationEntry,
  LayerState,
  PublicResults,
  Revision,
  RoundResult,
  Rounds,
  RoundsOptions,
  RoundView,
  SheetView,
  StoredLayer,
} from './types.js';

/**
 * The rounds of rounds.md over a SQL store: the schema brought up to date, then each room's methods.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { openEmbedded, openRounds } from '@cchc/rounds';
 * const rounds = await openRounds({ sql: await openEmbedded() }); // in memory; give a folder to keep it
 * const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
 * assert.deepEqual(await rounds.listRounds(admin), []);
 * await rounds.close();
 * ```
 */
export async function openRounds(options: RoundsOptions): Promise<Rounds> {
  await migrate(options.sql);
  const context = roundsContext(options);
  const layers = layersMethods(context);
  const rounds: Omit<Rounds, 'exportArchive' | 'importArchive'> = {
    ...remediationMethods({ sql: context.sql, now: context.now, publishedRound: context.publishedRound }),
    ...setupMethods(context),
    ...layers,
    ...explanationsMethods(context),
    ...publicationMethods(context),
    ...transferMethods(context),
    ...sessionsMethods(context),
    ...accountsMethods(context),
    ...secondFactorMethods(context),
    ...directoryMethods(context),
    ...assignmentMethods(context),
    ...roundEventMethods(context),
    ...tokensMethods(context),
    ...registerMethods(context),
    ...fileMethods(context, { ...DEFAULT_FILE_LIMITS, ...options.files }),
    ...noticeMethods(context),
    ...outboxMethods(context),
    ...surveyMethods(context, layers.editLayer),
    close: () => context.sql.close(),
  };
  return { ...rounds, ...archiveMethods(context, rounds) };
}

/**
 * Rounds that open in the background (an embedded store takes seconds to create): every call waits for
 * `opening`, and when it failed, is refused as `unavailable` with a time to retry (the server keeps serving
 * everything else). Given a function, a failed opening is tried again on a later call.
 */
export function roundsWhenOpen(
  opening: Promise<Rounds> | (() => Promise<Rounds>),
  options: { readonly retryAfterMs?: number; readonly now?: () => number } = {},
): Rounds {
  const open = typeof opening === 'function' ? opening : () => opening;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const now = options.now ?? Date.now;
  const attempt = () =>
    open().then(
      (rounds) => ({ rounds }),
      (error: unknown) => ({ error, at: now() }),
    );
  let ready = attempt();
  const opened = async () => {
    let state = await ready;
    // A store that failed to open (a server down at start, a folder in use) is tried again, at most
    // once per `retryAfterMs`, when asked for: it need not wait for a restart of the app.
    if ('error' in state && typeof opening === 'function' && now() - state.at >= retryAfterMs) {
      const again = attempt();
      ready = again;
      state = await again;
    }
    return state;
  };
  const call =
    <K extends keyof Rounds>(method: K) =>
    async (...args: Parameters<Rounds[K]>): Promise<Awaited<ReturnType<Rounds[K]>>> => {
      const state = await opened();
      // Why it failed is for the log (it may name the server's address), never for the client.
      if ('error' in state)
        throw new RoundsError(
          'store-unavailable',
          {},
          { details: { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } },
        );
      return (
        state.rounds[method] as (...inner: Parameters<Rounds[K]>) => Promise<Awaited<ReturnType<Rounds[K]>>>
      )(...args);
    };
  const close = async () => {
    const state = await ready;
    if ('rounds' in state) await state.rounds.close();
  };
  // Every method of Rounds, without a second list of them.
  return new Proxy({} as Rounds, {
    get: (_target, method) => {
      if (method === 'close') return close;
      // Not a thenable, not a symbol's hook: only the methods of Rounds.
      if (typeof method !== 'string' || method === 'then') return undefined;
      return call(method as keyof Rounds);
    },
  });
}

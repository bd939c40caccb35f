import { randomBytes } from 'node:crypto';
import { keyRing } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { mountPages } from '../pages.js';
import type { CchcAppOptions, Env } from '../settings.js';
import { mountRounds } from './rounds.js';
import type { RequestTools } from './tools.js';

/** The stored rounds' routes and the officials' pages, when the app has a store. */
export function mountStored(app: Hono<Env>, options: CchcAppOptions, tools: RequestTools): void {
  const { rounds } = options;
  if (!rounds) return;
  const keys = options.keys ?? keyRing([]);
  mountPages(app, {
    rounds,
    keys,
    secret: options.sessionSecret ?? randomBytes(32),
    maxBytes: tools.maxBytes,
    readBody: tools.readBodyBytes,
    streamBody: tools.streamBody,
    fileLimit: tools.fileBytes,
    heldSets: tools.held,
    ...(options.now ? { now: options.now } : {}),
    ...(options.sessionIdleMinutes ? { idleMinutes: options.sessionIdleMinutes } : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    download: async (c, round, format, caller) => {
      const { results, input, earlier } = await rounds.reportOf(caller, round);
      return tools.reportResponse(
        c as Context<Env>,
        results,
        input,
        format,
        () => rounds.roundFileNames(caller, round),
        earlier,
      );
    },
    surveyReport: (c, round, caller) =>
      tools.surveyReportResponse(c as Context<Env>, rounds, caller, round, 'docx'),
    sheetDownload: (c, round, unit, layer, caller) =>
      tools.sheetResponse(c as Context<Env>, rounds, round, unit, layer, caller),
  });
  mountRounds(app, rounds, keys, tools, options.publicUrl);
}

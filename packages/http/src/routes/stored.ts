import { randomBytes } from 'node:crypto';
import { readScoreSheet, scoreSheet } from '@cchc/excel';
import { type Caller, keyRing, type Layer } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { mountPages } from '../pages.js';
import type { CchcAppOptions, Env } from '../settings.js';
import { mountRounds } from './rounds.js';
import type { RequestTools } from './tools.js';

/** The stored rounds' routes and the officials' pages, when the app has a store. */
export function mountStored(app: Hono<Env>, options: CchcAppOptions, tools: RequestTools): void {
  const {
    maxBytes,
    readBodyBytes,
    fail,
    workbookBody,
    sheetInvalid,
    workbookResponse,
    withinLimits,
    reportResponse,
    modelResponse,
    optionalDocument,
  } = tools;
  if (options.rounds) {
    const rounds = options.rounds;
    /** A unit's score sheet for a layer, filled in with the layer's latest revision. */
    const sheetResponse = async (
      c: Context<Env>,
      round: string,
      unit: string,
      layer: Layer,
      caller: Caller,
    ) => {
      const sheet = await rounds.sheetOf(caller, round, unit, layer);
      const bytes = await scoreSheet(sheet.set, {
        unit: sheet.unit,
        period: sheet.period,
        layer,
        entries: sheet.document?.['entries'] as Record<string, unknown> | undefined,
        unscored: sheet.document?.['unscored'] as 'error' | 'full' | undefined,
      });
      return workbookResponse(c, bytes, `phieu-cham-diem-${unit}-${layer}.xlsx`);
    };
    mountPages(app, {
      rounds,
      keys: options.keys ?? keyRing([]),
      secret: options.sessionSecret ?? randomBytes(32),
      maxBytes,
      readBody: readBodyBytes,
      ...(options.now ? { now: options.now } : {}),
      download: async (c, round, format, caller) => {
        const { results, input } = await rounds.reportOf(caller, round);
        return reportResponse(c as Context<Env>, results, input, format);
      },
      sheetDownload: (c, round, unit, layer, caller) =>
        sheetResponse(c as Context<Env>, round, unit, layer, caller),
    });
    mountRounds(app, {
      rounds: options.rounds,
      keys: options.keys ?? keyRing([]),
      fail,
      optionalDocument,
      renderReport: reportResponse,
      renderModel: modelResponse,
      workbookBody,
      readSheet: async (_c, bytes, set, sheetOptions) => {
        const elsewhere = options.readSheet;
        if (!elsewhere) return readScoreSheet(bytes, { set, ...sheetOptions });
        return withinLimits((signal) => elsewhere(bytes, set.document, sheetOptions, signal));
      },
      workbookResponse,
      sheetResponse,
      sheetInvalid,
    });
  }
}

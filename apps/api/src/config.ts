import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type CriteriaSet, formatIssues, parseCriteriaSet } from '@cchc/core';
import { readDocument } from '@cchc/documents';
import { konRay2021 } from '@cchc/examples';

export interface ApiConfig {
  readonly port: number;
  readonly host: string;
  readonly criteriaDir: string | undefined;
  readonly bodyLimit: number | undefined;
  readonly corsOrigins: readonly string[];
  readonly renderTimeoutMs: number | undefined;
}

/** Reads the configuration from the environment; a bad value is an error that names the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv): ApiConfig {
  const port = Number(env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, got '${env['PORT']}'`);
  const bodyLimit = env['CCHC_BODY_LIMIT'] === undefined ? undefined : Number(env['CCHC_BODY_LIMIT']);
  if (bodyLimit !== undefined && !(Number.isInteger(bodyLimit) && bodyLimit > 0)) {
    throw new Error(`CCHC_BODY_LIMIT must be a number of bytes, got '${env['CCHC_BODY_LIMIT']}'`);
  }
  const renderTimeoutMs =
    env['CCHC_RENDER_TIMEOUT_MS'] === undefined ? undefined : Number(env['CCHC_RENDER_TIMEOUT_MS']);
  if (renderTimeoutMs !== undefined && !(Number.isInteger(renderTimeoutMs) && renderTimeoutMs > 0)) {
    throw new Error(
      `CCHC_RENDER_TIMEOUT_MS must be a number of milliseconds, got '${env['CCHC_RENDER_TIMEOUT_MS']}'`,
    );
  }
  return {
    port,
    renderTimeoutMs,
    host: env['HOST'] ?? '127.0.0.1',
    criteriaDir: env['CCHC_CRITERIA_DIR'],
    bodyLimit,
    corsOrigins: (env['CCHC_CORS_ORIGINS'] ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  };
}

/** The example sets, and every .json/.yaml set in `dir`; a set that does not parse stops the start with its errors. */
export async function loadCriteriaSets(dir: string | undefined): Promise<CriteriaSet[]> {
  const documents: { name: string; data: unknown }[] = konRay2021.criteriaSets.map((set) => ({
    name: `example ${set.id}`,
    data: set,
  }));
  if (dir) {
    for (const file of (await readdir(dir)).sort()) {
      if (!['.json', '.yaml', '.yml'].includes(extname(file).toLowerCase())) continue;
      const read = readDocument(await readFile(join(dir, file), 'utf8'), {
        format: extname(file) === '.json' ? 'json' : 'yaml',
      });
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

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Issue, Outcome } from '@cchc/core';
import { formatPath, issueMessage } from '@cchc/core';
import { issue } from '@cchc/core/internal';
import { formatOfFileName, readDocument } from '@cchc/documents';
import type { CliIo } from './io.js';

/** A document read from a file (or standard input), with the name to show in messages. */
export interface LoadedDocument {
  readonly name: string;
  readonly path: string;
  readonly data: unknown;
}

/** An issue found in a file: printed as `file:path: message`. */
export interface FileIssue {
  readonly file: string;
  readonly issue: Issue;
}

/** Reads a JSON or YAML document from a path (relative to `base`), or from standard input for `-`. */
export async function loadDocument(
  io: CliIo,
  path: string,
  base = io.cwd,
): Promise<Outcome<LoadedDocument> & { file: string }> {
  const name = path === '-' ? '(stdin)' : path;
  let text: string;
  const absolute = path === '-' ? '-' : resolve(base, path);
  try {
    text = path === '-' ? await io.readStdin() : await readFile(absolute, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { file: name, success: false, issues: [issue('unreadable', [], { file: name, detail: reason })] };
  }
  const read = readDocument(text, { format: path === '-' ? undefined : formatOfFileName(path) });
  if (!read.success) return { file: name, success: false, issues: read.issues };
  return { file: name, success: true, data: { name, path: absolute, data: read.data } };
}

/** Prints issues as `file:path: message` lines. */
export function printIssues(io: CliIo, issues: readonly FileIssue[]): void {
  for (const { file, issue } of issues) {
    const where = issue.path.length > 0 ? `${file}:${formatPath(issue.path)}` : file;
    io.stderr(`${where}: ${issueMessage(issue)}\n`);
  }
}

/**
 * Loads documents in the order given, reading up to `ahead` files at once: reading overlaps with the
 * work done on each document as it comes (a CPU profile showed a quarter of `cchc score` idle, waiting
 * for files read one after another). `each` receives every outcome in order.
 */
export async function eachDocument(
  io: CliIo,
  paths: readonly string[],
  each: (outcome: Outcome<LoadedDocument> & { file: string }) => Promise<void> | void,
  ahead = 16,
): Promise<void> {
  const pending: Promise<Outcome<LoadedDocument> & { file: string }>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < ahead && next < paths.length) pending.push(loadDocument(io, paths[next++]!));
  };
  fill();
  while (pending.length > 0) {
    const outcome = await pending.shift()!;
    fill();
    await each(outcome);
  }
}

/** Loads every file (in order, several read ahead); those that cannot be read add their issues to `issues`. */
export async function loadAll(
  io: CliIo,
  paths: readonly string[],
  issues: FileIssue[],
): Promise<LoadedDocument[]> {
  const loaded: LoadedDocument[] = [];
  await eachDocument(io, paths, (outcome) => {
    if (outcome.success) loaded.push(outcome.data);
    else issues.push(...outcome.issues.map((found) => ({ file: outcome.file, issue: found })));
  });
  return loaded;
}

/** Writes a file beside its target and renames it, so that a reader never sees it half-written. */
export async function writeAtomically(io: CliIo, out: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(io.cwd, out);
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, data);
  await rename(partial, target);
  io.stderr(`wrote ${out}\n`);
}

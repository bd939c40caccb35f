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
  return readLoaded(await loadText(io, path, base));
}

/** A file's text as read, before it is parsed; or why it could not be read. */
type LoadedText =
  | {
      readonly success: true;
      readonly file: string;
      readonly path: string;
      readonly absolute: string;
      readonly text: string;
    }
  | (Outcome<never> & { readonly success: false; readonly file: string });

async function loadText(io: CliIo, path: string, base: string): Promise<LoadedText> {
  const name = path === '-' ? '(stdin)' : path;
  const absolute = path === '-' ? '-' : resolve(base, path);
  try {
    const text = path === '-' ? await io.readStdin() : await readFile(absolute, 'utf8');
    return { success: true, file: name, path, absolute, text };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { file: name, success: false, issues: [issue('unreadable', [], { file: name, detail: reason })] };
  }
}

function readLoaded(loaded: LoadedText): Outcome<LoadedDocument> & { file: string } {
  if (!loaded.success) return loaded;
  const { file, path, absolute, text } = loaded;
  const read = readDocument(text, { format: path === '-' ? undefined : formatOfFileName(path) });
  if (!read.success) return { file, success: false, issues: read.issues };
  return { file, success: true, data: { name: file, path: absolute, data: read.data } };
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
 * for files read one after another). A file waits as its text and is parsed when its turn comes: parsed
 * documents kept waiting lived long enough to be moved to the old generation, which then grew with their
 * garbage (10,000 files: 150 MiB resident for output that holds nothing). `each` receives every outcome
 * in order.
 */
export async function eachDocument(
  io: CliIo,
  paths: readonly string[],
  each: (outcome: Outcome<LoadedDocument> & { file: string }) => Promise<void> | void,
  ahead = 16,
): Promise<void> {
  const pending: Promise<LoadedText>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < ahead && next < paths.length) pending.push(loadText(io, paths[next++]!, io.cwd));
  };
  fill();
  while (pending.length > 0) {
    const loaded = await pending.shift()!;
    fill();
    await each(readLoaded(loaded));
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

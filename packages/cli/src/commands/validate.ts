import { parseArgs } from 'node:util';
import {
  type CriteriaSet,
  checkAssessment,
  type DocumentKind,
  documentKind,
  parseCriteriaSet,
} from '@cchc/core';
import { issue, prefixIssues } from '@cchc/core/internal';
import { parseReportInput } from '@cchc/report';
import { type FileIssue, type LoadedDocument, loadAll, printIssues } from '../files.js';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, paint, UsageError } from '../io.js';

export const VALIDATE_HELP = `Usage: cchc validate [--criteria <set-file>]... <file>...

Says which kind of document each file is (criteria set, assessment, report file) and lists every error
with its path. Assessments are checked against the criteria sets given, with --criteria or among the
files; an assessment whose set is not given is checked for its structure only, and says so.

Options:
  -c, --criteria <file>   a criteria set (JSON or YAML); repeat for several
  -h, --help              show this help
`;

type Kind = 'criteria set' | 'assessment' | 'report file';

/** How each kind of document is called in the command's lines. */
const KIND_NAMES: Readonly<Record<DocumentKind, Kind>> = {
  'criteria-set': 'criteria set',
  assessment: 'assessment',
  report: 'report file',
};

function kindOf(data: unknown): Kind | undefined {
  const kind = documentKind(data);
  return kind === undefined ? undefined : KIND_NAMES[kind];
}

export async function validateCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { criteria: { type: 'string', short: 'c', multiple: true, default: [] } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0 && values.criteria.length === 0)
    throw new UsageError('give at least one file');
  const issues: FileIssue[] = [];
  const documents = await loadAll(io, [...values.criteria, ...positionals], issues);
  const sets = new Map<string, CriteriaSet>();
  const kinds = documents.map((document) => kindOf(document.data));
  const report = (document: LoadedDocument, kind: Kind, found: readonly FileIssue['issue'][]) => {
    issues.push(...found.map((item) => ({ file: document.name, issue: item })));
    if (found.length === 0) io.stdout(`${document.name}: ${kind} ${paint(io, 'green', 'OK')}\n`);
  };
  // Sets first, so that assessments can be checked against them.
  documents.forEach((document, position) => {
    if (kinds[position] !== 'criteria set') return;
    const parsed = parseCriteriaSet(document.data);
    if (parsed.success) sets.set(parsed.data.id, parsed.data);
    report(document, 'criteria set', parsed.success ? [] : parsed.issues);
  });
  documents.forEach((document, position) => {
    const kind = kinds[position];
    if (kind === undefined) {
      report(document, 'assessment', [
        issue('invalid_value', [], { detail: 'not a criteria set, an assessment or a report file' }),
      ]);
    } else if (kind === 'assessment') {
      const found = checkAssessment(document.data, sets);
      const unknownSet = found.length === 1 && found[0]!.code === 'unknown_criteria_set';
      if (!unknownSet) {
        report(document, kind, found);
        return;
      }
      // Its structure is fine, but its scores were checked against nothing: said, not hidden.
      io.stdout(
        `${document.name}: assessment ${paint(io, 'green', 'OK')} in its structure; its scores were not checked: criteria set '${found[0]!.params?.['id']}' was not given (--criteria <file>)\n`,
      );
    } else if (kind === 'report file') {
      const input = (document.data as Record<string, unknown>)['report'];
      const parsed = parseReportInput(input);
      report(document, kind, parsed.success ? [] : prefixIssues(parsed.issues, 'report'));
    }
  });
  printIssues(io, issues);
  return issues.length > 0 ? EXIT_INVALID_INPUT : EXIT_OK;
}

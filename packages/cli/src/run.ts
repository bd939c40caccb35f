import packageJson from '../package.json' with { type: 'json' };
import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from './io.js';

const USAGE = `Usage: cchc <command> [options]

Scores Vietnam's administrative-reform index (Chỉ số CCHC) and writes its reports.

Commands:
  score      score assessments against their criteria sets, ranked
  report     write the report of a report file (md, txt, html, docx), or its results (xlsx)
  validate   say what each document is and list every error with its path
  schema     print the JSON Schema of a document kind
  explain    show how each figure of an assessment was computed
  excel      a score sheet to fill in (template), and a filled sheet or annex read back (import)

Options:
  -h, --help       show this help (cchc <command> --help for a command)
  -v, --version    show the version

Exit codes: 0 success, 1 invalid input, 2 wrong usage, 70 an internal fault of cchc
(CCHC_DEBUG=1 prints its stack).
`;

interface Command {
  readonly run: (io: CliIo, args: readonly string[]) => Promise<number>;
  readonly help: string;
}

/**
 * Each command's module, loaded when it runs: `cchc score` does not load the Word and Excel writers that
 * `report` and `excel` need (they were most of what a scoring process held resident).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  score: () => import('./commands/score.js').then((m) => ({ run: m.scoreCommand, help: m.SCORE_HELP })),
  report: () => import('./commands/report.js').then((m) => ({ run: m.reportCommand, help: m.REPORT_HELP })),
  validate: () =>
    import('./commands/validate.js').then((m) => ({ run: m.validateCommand, help: m.VALIDATE_HELP })),
  schema: () => import('./commands/schema.js').then((m) => ({ run: m.schemaCommand, help: m.SCHEMA_HELP })),
  explain: () =>
    import('./commands/explain.js').then((m) => ({ run: m.explainCommand, help: m.EXPLAIN_HELP })),
  excel: () => import('./commands/excel.js').then((m) => ({ run: m.excelCommand, help: m.EXCEL_HELP })),
};

/** Runs the `cchc` command with the given arguments (without `node` and the script path); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '-h' || name === '--help') {
    (name === undefined ? io.stderr : io.stdout)(USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT_OK;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`cchc: unknown command '${name}'\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const command = await load();
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(io, args);
  } catch (error) {
    // parseArgs reports unknown options and missing values with a code of its own.
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    io.stderr(`cchc ${name}: ${(error as Error).message}\n\n${command.help}`);
    return EXIT_USAGE;
  }
}

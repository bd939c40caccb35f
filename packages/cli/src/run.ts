import packageJson from '../package.json' with { type: 'json' };

/** Where the command reads and writes; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: cchc <command> [options]

Commands:
  score      score assessments against a criteria set
  report     write a report (md, txt, html, docx)
  validate   check documents and list every error
  schema     print the JSON Schema of a document kind

Options:
  -h, --help       show this help
  -v, --version    show the version
`;

/** Runs the `cchc` command with the given arguments (without `node` and the script path); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    io.stdout(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT_OK;
  }
  io.stderr(`cchc: unknown command '${command}'\n\n${USAGE}`);
  return EXIT_USAGE;
}

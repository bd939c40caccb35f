/** Where the command reads and writes; tests and embedders pass their own. */
export interface CliIo {
  /** Writes to standard output; false when the output's buffer is full (then wait for `drain`). */
  readonly stdout: (chunk: string | Uint8Array) => boolean | undefined;
  /** Resolves when standard output can take more (after `stdout` returned false). */
  readonly drain?: () => Promise<void>;
  readonly stderr: (text: string) => void;
  /** The whole of standard input, read when a file argument is `-`. */
  readonly readStdin: () => Promise<string>;
  /** The working directory that relative paths start from. */
  readonly cwd: string;
  /** Whether colour may be used: a terminal, and no NO_COLOR in the environment. */
  readonly colour: boolean;
}

export const EXIT_OK = 0;
export const EXIT_INVALID_INPUT = 1;
export const EXIT_USAGE = 2;
/** A fault of cchc itself, not of the input (sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/** A mistake in how the command was called: printed with the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function paint(io: CliIo, style: 'bold' | 'red' | 'green' | 'yellow' | 'dim', text: string): string {
  if (!io.colour) return text;
  const codes = { bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22] } as const;
  const [open, close] = codes[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

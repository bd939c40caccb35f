#!/usr/bin/env node
import { EXIT_INTERNAL } from './io.js';
import { run } from './run.js';

// A reader that goes away (`cchc score … | head`) ends the command quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: (chunk) => process.stdout.write(chunk),
    drain: () => new Promise((resolve) => process.stdout.once('drain', resolve)),
    stderr: (text) => process.stderr.write(text),
    readStdin,
    cwd: process.cwd(),
    colour: Boolean(process.stdout.isTTY) && process.env['NO_COLOR'] === undefined,
  });
} catch (error) {
  // A fault of cchc itself, not of the input: say so without a stack trace unless asked.
  process.stderr.write(`cchc: internal error: ${(error as Error).message}\n`);
  if (process.env['CCHC_DEBUG']) process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = EXIT_INTERNAL;
}

import { parseArgs } from 'node:util';
import { formatScore, nodesByCode, type ResultNode } from '@cchc/core';
import { type CliIo, EXIT_INVALID_INPUT, EXIT_OK, paint, UsageError } from '../io.js';
import { scoreFiles } from './score.js';

export const EXPLAIN_HELP = `Usage: cchc explain --criteria <set-file> <assessment-file> [code]

Shows how each figure was computed, as an indented tree: the whole result, or one node and its children.

Options:
  -c, --criteria <file>   the criteria set (JSON or YAML)
  -h, --help              show this help
`;

function describe(node: ResultNode): string {
  const score = node.achieved === null ? node.status : formatScore(node.achieved, node.max);
  return `${node.code} ${node.name}: ${score}`;
}

function tree(io: CliIo, node: ResultNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  lines.push(`${indent}${paint(io, 'bold', describe(node))}`);
  lines.push(`${indent}  ${paint(io, 'dim', node.trace)}`);
  if (node.cause) lines.push(`${indent}  nguyên nhân: ${node.cause}`);
  for (const child of node.children) tree(io, child, depth + 1, lines);
}

export async function explainCommand(io: CliIo, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      criteria: { type: 'string', short: 'c', multiple: true, default: [] },
    },
    allowPositionals: true,
    strict: true,
  });
  const [assessment, code, ...extra] = positionals;
  if (!assessment || extra.length > 0)
    throw new UsageError('give one assessment file and, optionally, one code');
  const results = await scoreFiles(io, values.criteria, [assessment]);
  if (!results) return EXIT_INVALID_INPUT;
  const result = results[0]!;
  const lines: string[] = [];
  if (code === undefined) {
    lines.push(
      paint(
        io,
        'bold',
        `${result.unit.name}: ${formatScore(result.achieved, result.max)}, chỉ số ${result.index.toFixed()}, ${result.classification ?? '—'}`,
      ),
    );
    for (const node of result.nodes) tree(io, node, 1, lines);
  } else {
    const node = nodesByCode(result.nodes).get(code);
    if (!node) {
      io.stderr(`cchc explain: the result has no node '${code}'\n`);
      return EXIT_INVALID_INPUT;
    }
    tree(io, node, 0, lines);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

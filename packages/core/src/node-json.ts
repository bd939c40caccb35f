import type { CompiledCriterion, ShownFigure } from './compiled.js';
import type { ResultNodeJson } from './json.js';
import type { JsonText } from './json-text.js';
import { nodeFacts, type ScoredTree, SOURCES, STATUSES, traceIsPlain } from './scored-node.js';

/**
 * A held node written as JSON (see scored-node.ts for how it is held): as JSON objects, or straight to
 * JSON text, the same characters without making the objects.
 */

/** A node (with its subtree when `withChildren`) as JSON, as `resultNodeToJson` writes a result node. */
export function readNodeJson(
  tree: ScoredTree,
  compiledNode: CompiledCriterion,
  withChildren: boolean,
  scoredAt?: string,
): ResultNodeJson {
  const facts = nodeFacts(tree, compiledNode, scoredAt);
  const { entry } = facts;
  const json: ResultNodeJson = {
    code: compiledNode.criterion.code,
    name: compiledNode.criterion.name,
    status: facts.status,
    source: facts.source,
    achieved: facts.achieved?.text ?? null,
    max: facts.max.text,
    setMax: compiledNode.maxText,
    lost: facts.lost.text,
    index: facts.index?.text ?? null,
    ...(facts.unlisted && {
      unlisted: { achieved: facts.unlisted.achieved.text, max: facts.unlisted.max.text },
    }),
    ...(entry?.cause !== undefined && { cause: entry.cause }),
    responsible: entry?.responsible ? [...entry.responsible] : [],
    ...(entry?.responsibility !== undefined && { responsibility: entry.responsibility }),
    evidence: entry?.evidence ? [...entry.evidence] : [],
    ...(entry?.note !== undefined && { note: entry.note }),
    trace: facts.trace,
  };
  if (withChildren)
    json.children = compiledNode.children.map((child) => readNodeJson(tree, child, true, facts.below));
  return json;
}

/**
 * A node (with its subtree when `withChildren`) as JSON text, added to `out`: the characters of
 * `JSON.stringify(readNodeJson(…))`, without making the objects.
 */
export function writeNodeJson(
  tree: ScoredTree,
  compiledNode: CompiledCriterion,
  withChildren: boolean,
  out: JsonText,
  scoredAt?: string,
): void {
  const facts = nodeFacts(tree, compiledNode, scoredAt);
  const { entry } = facts;
  // What repeats is written in as few pieces as it can be (each piece is a link of the text's rope,
  // which is flattened when written out): the head with the node's state, a figure with its key.
  out.raw(headJson(compiledNode, tree.states.charCodeAt(compiledNode.index)));
  out.raw(facts.achieved === undefined ? NULL_JSON : figureJson(facts.achieved));
  out.raw(maxJson(facts.max));
  out.raw(compiledNode.json.setMax);
  out.raw(figureJson(facts.lost));
  out.raw(facts.index === undefined ? NULL_INDEX : indexJson(facts.index));
  if (facts.unlisted)
    out.raw(`,"unlisted":{"achieved":"${facts.unlisted.achieved.text}","max":"${facts.unlisted.max.text}"}`);
  // A node's entry is held only when it gives texts (see `NodeFacts.entry`).
  if (entry === undefined) {
    out.raw(NO_TEXTS_TO_TRACE);
  } else {
    if (entry.cause !== undefined) {
      out.raw(',"cause":');
      out.string(entry.cause);
    }
    if (entry.responsible) out.raw(`,"responsible":${JSON.stringify(entry.responsible)}`);
    else out.raw(NO_RESPONSIBLE);
    if (entry.responsibility !== undefined) {
      out.raw(',"responsibility":');
      out.string(entry.responsibility);
    }
    if (entry.evidence) out.raw(`,"evidence":${JSON.stringify(entry.evidence)}`);
    else out.raw(NO_EVIDENCE);
    if (entry.note !== undefined) {
      out.raw(',"note":');
      out.string(entry.note);
    }
    out.raw(TRACE_KEY);
  }
  if (traceIsPlain(compiledNode, facts.status, facts.source)) out.raw(`"${facts.trace}"`);
  else out.string(facts.trace);
  if (!withChildren) {
    out.raw(CLOSE);
    return;
  }
  out.raw(CHILDREN_KEY);
  const { children } = compiledNode;
  for (let position = 0; position < children.length; position++) {
    if (position > 0) out.raw(COMMA);
    writeNodeJson(tree, children[position]!, true, out, facts.below);
  }
  out.raw(CLOSE_CHILDREN);
}

/** A figure as a JSON string (`"0.25"`), made once per figure the set shows. */
function figureJson(figure: ShownFigure): string {
  figure.json ??= `"${figure.text}"`;
  return figure.json;
}

/** The same after the key of a node's max, made once per figure. */
function maxJson(figure: ShownFigure): string {
  figure.maxJson ??= `${MAX_KEY}${figureJson(figure)}`;
  return figure.maxJson;
}

/** The same after the key of a node's index, made once per figure. */
function indexJson(figure: ShownFigure): string {
  figure.indexJson ??= `${INDEX_KEY}${figureJson(figure)}`;
  return figure.indexJson;
}

/** A node's JSON from its start to the key of its achieved points, in `state`: made once per node and state. */
function headJson(compiledNode: CompiledCriterion, state: number): string {
  const { head, headByState } = compiledNode.json;
  let written = headByState[state];
  if (written === undefined) {
    written = `${head}${STATE_JSON[state]}`;
    headByState[state] = written;
  }
  return written;
}

/** By state code (status × 8 + source): the keys and values from status to the achieved points' key. */
const STATE_JSON: readonly string[] = Array.from(
  { length: 24 },
  (_, state) => `"status":"${STATUSES[state >> 3]}","source":"${SOURCES[state & 7]}","achieved":`,
);
const NULL_JSON = 'null';
const MAX_KEY = ',"max":';
const INDEX_KEY = ',"index":';
const NO_RESPONSIBLE = ',"responsible":[]';
const NO_EVIDENCE = ',"evidence":[]';
const TRACE_KEY = ',"trace":';
const NULL_INDEX = `${INDEX_KEY}${NULL_JSON}`;
/** A node's keys from its agencies to its trace, when its entry gives no texts (most nodes). */
const NO_TEXTS_TO_TRACE = `${NO_RESPONSIBLE}${NO_EVIDENCE}${TRACE_KEY}`;
const CHILDREN_KEY = ',"children":[';
const COMMA = ',';
const CLOSE = '}';
const CLOSE_CHILDREN = ']}';

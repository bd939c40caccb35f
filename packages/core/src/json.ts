import { z } from 'zod';
import { decimalText } from './decimal.js';
import { JsonText } from './json-text.js';
import { LAYERS } from './layers.js';
import { readNodeJson, writeNodeJson } from './node-json.js';
import type { ResultNode, UnitResult } from './result.js';
import { heldTreeOf } from './result-nodes.js';

const decimalString = z.string().meta({ description: 'An exact decimal as text, e.g. "85.74"' });

const discrepancyJsonSchema = z.object({
  code: z.string().meta({ description: 'A node code, or total, max, index, classification' }),
  kind: z.enum(['computed', 'sum-of-parts', 'stated-index', 'stated-class']),
  stated: z.string(),
  computed: z.string(),
  message: z.string(),
});

/** A result node as JSON: decimals as strings (`"85.74"`), never floats. */
export const resultNodeJsonSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    status: z.enum(['scored', 'notApplicable', 'notItemized']),
    source: z.enum(['entered', 'rule', 'unscored-full', 'sum', 'none']),
    achieved: decimalString.nullable(),
    max: decimalString,
    setMax: decimalString,
    lost: decimalString,
    index: decimalString.nullable(),
    unlisted: z.object({ achieved: decimalString, max: decimalString }).optional(),
    cause: z.string().optional(),
    responsible: z.array(z.string()),
    responsibility: z.string().optional(),
    evidence: z.array(z.string()),
    note: z.string().optional(),
    trace: z.string().meta({ description: 'How the figure was computed' }),
    get children(): z.ZodOptional<z.ZodArray<typeof resultNodeJsonSchema>> {
      return z.array(resultNodeJsonSchema).optional().meta({ description: 'Absent with detail=areas' });
    },
  })
  .meta({ id: 'ResultNode', title: 'A node of a result tree, with its children' });
export type ResultNodeJson = z.output<typeof resultNodeJsonSchema>;
/** A node as `resultToJson` writes it by default: with its whole subtree. */
export interface FullResultNodeJson extends Omit<ResultNodeJson, 'children'> {
  children: FullResultNodeJson[];
}

/** A unit's result as JSON (the result format of formats.md). */
export const unitResultJsonSchema = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), group: z.string().optional() }),
    period: z.string(),
    layer: z.enum(LAYERS),
    criteriaSet: z.object({ id: z.string(), title: z.string(), version: z.string().optional() }),
    achieved: decimalString,
    max: decimalString,
    index: decimalString,
    classification: z.string().nullable(),
    rank: z.int().optional(),
    nodes: z
      .array(resultNodeJsonSchema)
      .optional()
      .meta({ description: 'The tree; absent with detail=totals, the areas alone with detail=areas' }),
    adjustments: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.enum(['bonus', 'penalty']),
        points: decimalString,
        max: decimalString,
        cause: z.string().optional(),
      }),
    ),
    discrepancies: z.array(discrepancyJsonSchema),
  })
  .meta({ title: 'cchc result', description: "One unit's scored result." });
export type UnitResultJson = z.output<typeof unitResultJsonSchema>;
/** A result as `resultToJson` writes it by default (`detail: 'full'`): every node, every subtree. */
export interface FullUnitResultJson extends Omit<UnitResultJson, 'nodes'> {
  nodes: FullResultNodeJson[];
}

/**
 * How much of a result to write: `full` (the whole traced tree), `areas` (the top-level nodes without
 * their children) or `totals` (no nodes): dashboards that show totals do not pay for the tree.
 */
export type ResultDetail = 'full' | 'areas' | 'totals';
export const RESULT_DETAILS: readonly ResultDetail[] = ['full', 'areas', 'totals'];

export interface ResultJsonOptions {
  /** How much of the tree to write (default `full`). */
  readonly detail?: ResultDetail | undefined;
}

/** The detail asked for; anything else (an index, when the function is given to `map`) is `full`. */
function detailOf(options: ResultJsonOptions | undefined | number): ResultDetail {
  return typeof options === 'object' && options.detail !== undefined ? options.detail : 'full';
}

export function resultNodeToJson(node: ResultNode): FullResultNodeJson;
export function resultNodeToJson(node: ResultNode, options: ResultJsonOptions): ResultNodeJson;
export function resultNodeToJson(node: ResultNode, options?: ResultJsonOptions): ResultNodeJson {
  // The keys in the order of a result node's own, so that this and JSON.stringify(node) write the same.
  const json: ResultNodeJson = {
    code: node.code,
    name: node.name,
    status: node.status,
    source: node.source,
    achieved: node.achieved === null ? null : decimalText(node.achieved),
    max: decimalText(node.max),
    setMax: decimalText(node.setMax),
    lost: decimalText(node.lost),
    index: node.index === null ? null : decimalText(node.index),
    ...(node.unlisted && {
      unlisted: { achieved: decimalText(node.unlisted.achieved), max: decimalText(node.unlisted.max) },
    }),
    ...(node.cause !== undefined && { cause: node.cause }),
    responsible: [...node.responsible],
    ...(node.responsibility !== undefined && { responsibility: node.responsibility }),
    evidence: [...node.evidence],
    ...(node.note !== undefined && { note: node.note }),
    trace: node.trace,
  };
  if (detailOf(options) === 'full') json.children = node.children.map((child) => resultNodeToJson(child));
  return json;
}

/**
 * A result as plain JSON, ready for `JSON.stringify`; `detail` says how much of its tree to write.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resultToJson, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * const json = resultToJson(district!, { detail: 'totals' });
 * assert.deepEqual([json.achieved, json.max, json.index], ['81.45', '95', '85.74']);
 * ```
 */
export function resultToJson(result: UnitResult): FullUnitResultJson;
export function resultToJson(result: UnitResult, options: ResultJsonOptions): UnitResultJson;
export function resultToJson(result: UnitResult, options?: ResultJsonOptions): UnitResultJson {
  const detail = detailOf(options);
  // The keys in the order of a result's own, so that this and JSON.stringify(result) write the same.
  const json: UnitResultJson = {
    unit:
      result.unit.group === undefined
        ? { id: result.unit.id, name: result.unit.name }
        : { id: result.unit.id, name: result.unit.name, group: result.unit.group },
    period: result.period,
    layer: result.layer,
    criteriaSet: result.criteriaSet.toJSON(),
    achieved: decimalText(result.achieved),
    max: decimalText(result.max),
    index: decimalText(result.index),
    classification: result.classification,
    ...(detail === 'totals' ? {} : { nodes: nodesToJson(result, detail) }),
    adjustments: result.adjustments.map((adjustment) => ({
      code: adjustment.code,
      name: adjustment.name,
      kind: adjustment.kind,
      points: decimalText(adjustment.points),
      max: decimalText(adjustment.max),
      ...(adjustment.cause === undefined ? {} : { cause: adjustment.cause }),
    })),
    discrepancies: result.discrepancies.map((found) => ({ ...found })),
    ...(result.rank === undefined ? {} : { rank: result.rank }),
  };
  return json;
}

/** A result's nodes as JSON: written straight from the held tree when it has one, without making nodes. */
function nodesToJson(result: UnitResult, detail: ResultDetail): ResultNodeJson[] {
  const tree = heldTreeOf(result);
  if (tree === undefined) return result.nodes.map((node) => resultNodeToJson(node, { detail }));
  return tree.compiled.criteria.map((area) => readNodeJson(tree, area, detail === 'full'));
}

/**
 * A result as JSON text: the same characters as `JSON.stringify(resultToJson(result, options))`, written
 * straight from what the scorer holds, without making the nodes or their JSON objects. The CLI and the
 * HTTP API write results this way, one at a time.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resultToJson, resultToJsonText, scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * const [district] = unwrap(scoreDocuments(konRay2021));
 * assert.equal(resultToJsonText(district!), JSON.stringify(resultToJson(district!)));
 * ```
 */
export function resultToJsonText(result: UnitResult, options?: ResultJsonOptions): string {
  const detail = detailOf(options);
  const tree = heldTreeOf(result);
  const outside = JSON.stringify(resultToJson(result, { detail: tree === undefined ? detail : 'totals' }));
  if (tree === undefined || detail === 'totals') return outside;
  // The nodes go where resultToJson puts them, before the adjustments: in the text of the rest, that key is
  // the first `,"adjustments":[` (a quote inside a string is escaped, so no text can hold it).
  const at = outside.indexOf(',"adjustments":[');
  const writer = new JsonText();
  writer.raw(outside.slice(0, at));
  writer.raw(',"nodes":[');
  tree.compiled.criteria.forEach((area, position) => {
    if (position > 0) writer.raw(',');
    writeNodeJson(tree, area, detail === 'full', writer);
  });
  writer.raw(']');
  writer.raw(outside.slice(at));
  return writer.take();
}

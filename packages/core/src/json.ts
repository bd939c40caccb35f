import { z } from 'zod';
import { decimalText } from './decimal.js';
import { type ResultNode, ScoredNode, type UnitResult } from './result.js';

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
    evidence: z.array(z.string()).optional(),
    note: z.string().optional(),
    trace: z.string().meta({ description: 'How the figure was computed' }),
    get children(): z.ZodArray<typeof resultNodeJsonSchema> {
      return z.array(resultNodeJsonSchema);
    },
  })
  .meta({ id: 'ResultNode', title: 'A node of a result tree, with its children' });
export type ResultNodeJson = z.output<typeof resultNodeJsonSchema>;

/** A unit's result as JSON (the result format of formats.md). */
export const unitResultJsonSchema = z
  .object({
    unit: z.object({ id: z.string(), name: z.string(), group: z.string().optional() }),
    period: z.string(),
    layer: z.enum(['self', 'appraised']),
    criteriaSet: z.object({ id: z.string(), title: z.string(), version: z.string().optional() }),
    achieved: decimalString,
    max: decimalString,
    index: decimalString,
    classification: z.string().nullable(),
    rank: z.int().optional(),
    nodes: z.array(resultNodeJsonSchema),
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

export function resultNodeToJson(node: ResultNode): ResultNodeJson {
  const figures = figureTexts(node);
  const json: ResultNodeJson = {
    code: node.code,
    name: node.name,
    status: node.status,
    source: node.source,
    achieved: figures.achieved,
    max: figures.max,
    setMax: figures.setMax,
    lost: figures.lost,
    index: figures.index,
    responsible: [...node.responsible],
    trace: node.trace,
    children: node.children.map(resultNodeToJson),
  };
  if (figures.unlisted) json.unlisted = figures.unlisted;
  if (node.cause !== undefined) json.cause = node.cause;
  if (node.responsibility !== undefined) json.responsibility = node.responsibility;
  if (node.evidence.length > 0) json.evidence = [...node.evidence];
  if (node.note !== undefined) json.note = node.note;
  return json;
}

/** A node's figures as text: from the exact figures of cchc's own result nodes, or from the Decimals shown. */
function figureTexts(node: ResultNode) {
  if (node instanceof ScoredNode) {
    const unlisted = node.exactUnlisted;
    return {
      achieved: node.exactAchieved === null ? null : node.achievedText,
      max: node.exactMax.toText(),
      setMax: node.exactSetMax.toText(),
      lost: node.exactLost.toText(),
      index: node.exactIndex?.toText() ?? null,
      unlisted: unlisted && { achieved: unlisted.achieved.toText(), max: unlisted.max.toText() },
    };
  }
  return {
    achieved: node.achieved === null ? null : decimalText(node.achieved),
    max: decimalText(node.max),
    setMax: decimalText(node.setMax),
    lost: decimalText(node.lost),
    index: node.index === null ? null : decimalText(node.index),
    unlisted: node.unlisted && {
      achieved: decimalText(node.unlisted.achieved),
      max: decimalText(node.unlisted.max),
    },
  };
}

/** A result as plain JSON, ready for `JSON.stringify`. */
export function resultToJson(result: UnitResult): UnitResultJson {
  const set = result.criteriaSet;
  const json: UnitResultJson = {
    unit:
      result.unit.group === undefined
        ? { id: result.unit.id, name: result.unit.name }
        : { ...result.unit, group: result.unit.group },
    period: result.period,
    layer: result.layer,
    criteriaSet:
      set.version === undefined
        ? { id: set.id, title: set.title }
        : { id: set.id, title: set.title, version: set.version },
    achieved: decimalText(result.achieved),
    max: decimalText(result.max),
    index: decimalText(result.index),
    classification: result.classification,
    nodes: result.nodes.map(resultNodeToJson),
    adjustments: result.adjustments.map((adjustment) => ({
      code: adjustment.code,
      name: adjustment.name,
      kind: adjustment.kind,
      points: decimalText(adjustment.points),
      max: decimalText(adjustment.max),
      ...(adjustment.cause === undefined ? {} : { cause: adjustment.cause }),
    })),
    discrepancies: result.discrepancies.map((found) => ({ ...found })),
  };
  if (result.rank !== undefined) json.rank = result.rank;
  return json;
}

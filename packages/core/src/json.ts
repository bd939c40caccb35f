import { decimalText } from './decimal.js';
import type { Discrepancy, NodeStatus, ResultNode, ScoreSource, UnitRef, UnitResult } from './result.js';

/** A result node as JSON: decimals as strings (`"85.74"`), never floats. */
export interface ResultNodeJson {
  code: string;
  name: string;
  status: NodeStatus;
  source: ScoreSource;
  achieved: string | null;
  max: string;
  setMax: string;
  lost: string;
  index: string | null;
  unlisted?: { achieved: string; max: string };
  cause?: string;
  responsible: string[];
  responsibility?: string;
  evidence?: string[];
  note?: string;
  trace: string;
  children: ResultNodeJson[];
}

/** A unit's result as JSON (the result format of formats.md). */
export interface UnitResultJson {
  unit: UnitRef;
  period: string;
  layer: 'self' | 'appraised';
  criteriaSet: { id: string; title: string; version?: string };
  achieved: string;
  max: string;
  index: string;
  classification: string | null;
  rank?: number;
  nodes: ResultNodeJson[];
  adjustments: {
    code: string;
    name: string;
    kind: 'bonus' | 'penalty';
    points: string;
    max: string;
    cause?: string;
  }[];
  discrepancies: Discrepancy[];
}

export function resultNodeToJson(node: ResultNode): ResultNodeJson {
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
    responsible: [...node.responsible],
    trace: node.trace,
    children: node.children.map(resultNodeToJson),
  };
  if (node.unlisted)
    json.unlisted = { achieved: decimalText(node.unlisted.achieved), max: decimalText(node.unlisted.max) };
  if (node.cause !== undefined) json.cause = node.cause;
  if (node.responsibility !== undefined) json.responsibility = node.responsibility;
  if (node.evidence.length > 0) json.evidence = [...node.evidence];
  if (node.note !== undefined) json.note = node.note;
  return json;
}

/** A result as plain JSON, ready for `JSON.stringify`. */
export function resultToJson(result: UnitResult): UnitResultJson {
  const set = result.criteriaSet;
  const json: UnitResultJson = {
    unit: { ...result.unit },
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

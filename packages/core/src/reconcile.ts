import type { Stated } from './assessment.js';
import { compiledSet } from './compiled.js';
import { EXACT_ZERO, Exact } from './exact.js';
import { classOf, type Discrepancy, indexOf, type UnitResult } from './result.js';
import { nodeFiguresOf } from './result-nodes.js';

/**
 * Every place where published figures disagree: with what cchc computes from the entries, and with
 * each other (a total that is not the sum of its areas, an index that is not total ÷ max, a class that
 * is not the class of the index). Published reports are typed by hand; this says where they slipped.
 * Both sides are exact values: the published figures as a parsed assessment holds them, the computed ones
 * read from the result's held tree (or its Decimals, for a result made by hand).
 */
export function reconcile(result: UnitResult, stated: Stated): Discrepancy[] {
  const found: Discrepancy[] = [];
  const set = result.criteriaSet;

  const compare = (code: string, statedValue: Exact, computed: Exact, what: string): void => {
    if (statedValue.eq(computed)) return;
    found.push({
      code,
      kind: 'computed',
      stated: statedValue.toText(),
      computed: computed.toText(),
      message: `${what}: published ${statedValue.toText()}, computed ${computed.toText()}`,
    });
  };

  const statedAreas = Object.entries(stated.areas ?? {});
  for (const [code, figure] of statedAreas) {
    const node = nodeFiguresOf(result, code);
    if (!node || node.achieved === null) continue;
    const statedAchieved = isFigure(figure) ? figure : figure.achieved;
    compare(code, statedAchieved, node.achieved, `'${code}' achieved`);
    if (!isFigure(figure) && figure.max !== undefined) compare(code, figure.max, node.max, `'${code}' max`);
  }
  if (stated.achieved !== undefined)
    compare('total', stated.achieved, Exact.fromDecimal(result.achieved), 'total achieved');
  if (stated.max !== undefined) compare('max', stated.max, Exact.fromDecimal(result.max), 'applicable max');
  if (stated.index !== undefined) compare('index', stated.index, Exact.fromDecimal(result.index), 'index');
  if (stated.classification !== undefined && stated.classification !== (result.classification ?? '')) {
    found.push({
      code: 'classification',
      kind: 'computed',
      stated: stated.classification,
      computed: result.classification ?? '',
      message: `classification: published ${stated.classification}, computed ${result.classification ?? '(none)'}`,
    });
  }

  // The published figures against each other.
  const areaCodes = new Set(set.criteria.map((area) => area.code));
  const statedTopLevel = statedAreas.filter(([code]) => areaCodes.has(code));
  const applicableAreas = set.criteria.filter(
    (area) => nodeFiguresOf(result, area.code)?.status === 'scored',
  ).length;
  if (stated.achieved !== undefined && statedTopLevel.length === applicableAreas && applicableAreas > 0) {
    const sum = statedTopLevel.reduce(
      (total, [, figure]) => total.plus(isFigure(figure) ? figure : figure.achieved),
      EXACT_ZERO,
    );
    if (!sum.eq(stated.achieved)) {
      found.push({
        code: 'total',
        kind: 'sum-of-parts',
        stated: stated.achieved.toText(),
        computed: sum.toText(),
        message: `the published total ${stated.achieved.toText()} is not the sum of the published areas, ${sum.toText()}`,
      });
    }
  }
  if (
    stated.achieved !== undefined &&
    stated.max !== undefined &&
    stated.index !== undefined &&
    !stated.max.isZero()
  ) {
    const implied = indexOf(stated.achieved, stated.max, set.rounding);
    if (!implied.eq(stated.index)) {
      found.push({
        code: 'index',
        kind: 'stated-index',
        stated: stated.index.toText(),
        computed: implied.toText(),
        message: `the published index ${stated.index.toText()} is not ${stated.achieved.toText()}/${stated.max.toText()} × 100 = ${implied.toText()}`,
      });
    }
  }
  if (stated.index !== undefined && stated.classification !== undefined) {
    const implied = classOf(stated.index, compiledSet(set).classes);
    if (implied !== stated.classification) {
      found.push({
        code: 'classification',
        kind: 'stated-class',
        stated: stated.classification,
        computed: implied ?? '',
        message: `the published class ${stated.classification} is not the class of the published index ${stated.index.toText()}: ${implied ?? '(none)'}`,
      });
    }
  }
  return found;
}

/** By shape rather than class: an Exact of another copy of this package (CommonJS beside ESM) is one too. */
function isFigure(figure: Exact | { readonly achieved: Exact }): figure is Exact {
  return !('achieved' in figure);
}

import type { Stated } from './assessment.js';
import { type Decimal, decimalText, ZERO } from './decimal.js';
import { Exact } from './exact.js';
import { classify, type Discrepancy, indexOf, type UnitResult } from './result.js';
import { nodeFiguresOf } from './result-nodes.js';

/**
 * Every place where published figures disagree: with what cchc computes from the entries, and with
 * each other (a total that is not the sum of its areas, an index that is not total ÷ max, a class that
 * is not the class of the index). Published reports are typed by hand; this says where they slipped.
 */
export function reconcile(result: UnitResult, stated: Stated): Discrepancy[] {
  const found: Discrepancy[] = [];
  const set = result.criteriaSet;

  // Both are exact decimals: Decimal's comparison is exact, and needs no conversion to Exact.
  const compare = (code: string, statedValue: Decimal, computed: Decimal, what: string): void => {
    if (statedValue.eq(computed)) return;
    found.push({
      code,
      kind: 'computed',
      stated: decimalText(statedValue),
      computed: decimalText(computed),
      message: `${what}: published ${decimalText(statedValue)}, computed ${decimalText(computed)}`,
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
  if (stated.achieved !== undefined) compare('total', stated.achieved, result.achieved, 'total achieved');
  if (stated.max !== undefined) compare('max', stated.max, result.max, 'applicable max');
  if (stated.index !== undefined) compare('index', stated.index, result.index, 'index');
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
      ZERO,
    );
    if (!sum.eq(stated.achieved)) {
      found.push({
        code: 'total',
        kind: 'sum-of-parts',
        stated: decimalText(stated.achieved),
        computed: decimalText(sum),
        message: `the published total ${decimalText(stated.achieved)} is not the sum of the published areas, ${decimalText(sum)}`,
      });
    }
  }
  if (
    stated.achieved !== undefined &&
    stated.max !== undefined &&
    stated.index !== undefined &&
    !stated.max.isZero()
  ) {
    const implied = indexOf(
      Exact.fromDecimal(stated.achieved),
      Exact.fromDecimal(stated.max),
      set.rounding,
    ).toDecimal();
    if (!implied.eq(stated.index)) {
      found.push({
        code: 'index',
        kind: 'stated-index',
        stated: decimalText(stated.index),
        computed: decimalText(implied),
        message: `the published index ${decimalText(stated.index)} is not ${decimalText(stated.achieved)}/${decimalText(stated.max)} × 100 = ${decimalText(implied)}`,
      });
    }
  }
  if (stated.index !== undefined && stated.classification !== undefined) {
    const implied = classify(stated.index, set.classes);
    if (implied !== stated.classification) {
      found.push({
        code: 'classification',
        kind: 'stated-class',
        stated: stated.classification,
        computed: implied ?? '',
        message: `the published class ${stated.classification} is not the class of the published index ${decimalText(stated.index)}: ${implied ?? '(none)'}`,
      });
    }
  }
  return found;
}

function isFigure(figure: Decimal | { readonly achieved: Decimal }): figure is Decimal {
  return !('achieved' in figure);
}

import { describe, expectTypeOf, it } from 'vitest';
import {
  type CriteriaSet,
  type Decimal,
  type Exact,
  type FullUnitResultJson,
  type Issue,
  type IssueCode,
  type Outcome,
  parseCriteriaSet,
  type ResultNode,
  type ResultNodeJson,
  scoreAssessment,
  type UnitResult,
  type UnitResultJson,
} from './index.js';
import type { Rule } from './subpaths/rules.js';

describe('public types', () => {
  it('returns outcomes, never throws, from parsing and scoring', () => {
    expectTypeOf(parseCriteriaSet).returns.toEqualTypeOf<Outcome<CriteriaSet>>();
    expectTypeOf(scoreAssessment).returns.toEqualTypeOf<Outcome<UnitResult>>();
    expectTypeOf<Extract<Outcome<UnitResult>, { success: false }>['issues']>().toEqualTypeOf<
      readonly Issue[]
    >();
  });

  it('keeps points as Decimals in results and as strings in JSON', () => {
    expectTypeOf<UnitResult['achieved']>().toEqualTypeOf<Decimal>();
    expectTypeOf<ResultNode['achieved']>().toEqualTypeOf<Decimal | null>();
    expectTypeOf<FullUnitResultJson['index']>().toEqualTypeOf<string>();
    expectTypeOf<FullUnitResultJson['nodes'][number]['achieved']>().toEqualTypeOf<string | null>();
    expectTypeOf<UnitResultJson['nodes']>().toEqualTypeOf<ResultNodeJson[] | undefined>();
  });

  it('closes the set of issue codes', () => {
    expectTypeOf<'score_above_max'>().toExtend<IssueCode>();
    expectTypeOf<'something_else'>().not.toExtend<IssueCode>();
  });

  it('lets a rule take only what its schemas produce', () => {
    expectTypeOf<Rule['compute']>().parameters.toEqualTypeOf<
      [unknown, unknown, Exact, ((text: string) => void)?]
    >();
  });
});

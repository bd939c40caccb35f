import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCriteriaSet } from '../criteria-set.js';
import { Decimal } from '../decimal.js';
import { Exact } from '../exact.js';
import { unwrap } from '../issues.js';
import { conversionRule } from './conversion.js';
import { countRule } from './count.js';
import { deductionRule } from './deduction.js';
import { directRule } from './direct.js';
import { builtinRules } from './index.js';
import { levelsRule } from './levels.js';
import { metRule } from './met.js';
import { onTimeRule } from './on-time.js';
import { proportionalRule } from './proportional.js';
import { defineRule, factsOfRule, type Rule } from './rule.js';
import { shareCompletedRule } from './share-completed.js';
import { surveyRule } from './survey.js';
import { tasksRule } from './tasks.js';
import { tiersRule } from './tiers.js';

/** Runs a rule the way the scorer does: params and facts through their schemas, score rounded to 2 places. */
function run(rule: Rule, max: string | number, params: object, facts: unknown) {
  const parsedParams = rule.params.parse(params);
  const parsedFacts = rule.facts.parse(facts);
  const problem = rule.checkFacts(parsedFacts, parsedParams);
  if (problem) throw new Error(problem);
  let explain = '';
  const score = rule.compute(parsedFacts, parsedParams, exact(max), (text) => {
    explain = text;
  });
  return { score: score.round(2, 'half-up').toText(), explain };
}

function exact(value: string | number): Exact {
  return Exact.parse(value)!;
}

describe('on-time', () => {
  it('gives a district that sent its annual report late 0 of 0,25 (1.2.1)', () => {
    expect(run(onTimeRule, 0.25, {}, { onTime: false })).toEqual({ score: '0', explain: 'late → 0' });
  });
  it('gives a report sent on time the max', () => {
    expect(run(onTimeRule, 0.25, {}, { onTime: true }).score).toBe('0.25');
  });
  it('gives a late report lateShare % of the max when the set says so', () => {
    expect(run(onTimeRule, 1, { lateShare: 50 }, { onTime: false }).score).toBe('0.5');
  });
});

describe('met', () => {
  it('gives 0 of 0,5 when 68 of 69 commune officials (98,6 %) meet the standard (5.6.2)', () => {
    expect(run(metRule, 0.5, { threshold: 100 }, { count: 68, total: 69 })).toEqual({
      score: '0',
      explain: '68/69 = 98.55% < 100% → 0',
    });
  });
  it('gives the max when all meet it', () => {
    expect(run(metRule, 0.5, {}, { percent: 100 }).score).toBe('0.5');
  });
  it('reads a plain met / not met', () => {
    expect(run(metRule, 1, {}, { met: false }).score).toBe('0');
    expect(run(metRule, 1, {}, { met: true }).score).toBe('1');
  });
});

describe('proportional', () => {
  it('gives 2 × 85 % = 1,7 for an IT plan 85 % complete (7.1)', () => {
    expect(run(proportionalRule, 2, {}, { percent: 85 })).toEqual({ score: '1.7', explain: '2 × 85% = 1.7' });
  });
  it('gives 0 below its threshold', () => {
    expect(run(proportionalRule, 2, { threshold: 50 }, { percent: '49,9' }).score).toBe('0');
  });
});

describe('tiers', () => {
  const tiers = {
    tiers: [
      { min: 100, points: 1 },
      { min: 90, points: 0.5 },
    ],
  };
  it('gives 0,5 of 1 for audit recommendations 94,2 % carried out (6.1.3)', () => {
    expect(run(tiersRule, 1, tiers, { percent: '94,2' })).toEqual({
      score: '0.5',
      explain: '94.2% ≥ 90% → 0.5',
    });
  });
  it('gives the top tier at 100 % and nothing below every tier', () => {
    expect(run(tiersRule, 1, tiers, { percent: 100 }).score).toBe('1');
    expect(run(tiersRule, 1, tiers, { percent: 89 }).score).toBe('0');
  });
  it('refuses tiers out of order or above the max', () => {
    const reversed = tiersRule.params.parse({ tiers: [...tiers.tiers].reverse() });
    expect(tiersRule.checkParams(reversed, exact(1))).toMatch(/ordered/);
    expect(tiersRule.checkParams(tiersRule.params.parse(tiers), exact('0.5'))).toMatch(/above the max/);
  });
});

describe('tasks', () => {
  it('gives 3 × (13 + 0,5 × 11) ÷ 29 = 1,9138 → 1,91 for 13 on time, 11 late, 5 unfinished (1.6.1)', () => {
    expect(run(tasksRule, 3, { lateWeight: 0.5 }, { onTime: 13, late: 11, unfinished: 5 })).toEqual({
      score: '1.91',
      explain: '3 × (13 + 0.5 × 11) / 29 = 1.9138',
    });
  });
  it('gives the max when no task was assigned, or 0 when the set says whenNone: zero', () => {
    expect(run(tasksRule, 3, {}, { onTime: 0, late: 0, unfinished: 0 }).score).toBe('3');
    expect(run(tasksRule, 3, { whenNone: 'zero' }, { onTime: 0, late: 0, unfinished: 0 }).score).toBe('0');
  });
  it('refuses negative or fractional counts', () => {
    expect(() => run(tasksRule, 3, {}, { onTime: -1, late: 0, unfinished: 0 })).toThrow();
    expect(() => run(tasksRule, 3, {}, { onTime: 1.5, late: 0, unfinished: 0 })).toThrow();
  });
});

describe('share-completed', () => {
  it('gives 1 × 24 ÷ 29 = 0,8276 → 0,83 (1.6.2)', () => {
    expect(run(shareCompletedRule, 1, {}, { completed: 24, total: 29 })).toEqual({
      score: '0.83',
      explain: '1 × 24 / 29 = 0.8276',
    });
  });
  it('refuses more completed than assigned', () => {
    expect(() => run(shareCompletedRule, 1, {}, { completed: 30, total: 29 })).toThrow();
  });
});

describe('count', () => {
  it('gives 1 point per form of communication, capped at the max (1.4.2)', () => {
    expect(run(countRule, 5, { pointsEach: 1 }, { count: 4 }).score).toBe('4');
    expect(run(countRule, 5, { pointsEach: 1 }, { count: 7 })).toEqual({
      score: '5',
      explain: 'min(7 × 1, 5) = 5',
    });
  });
});

describe('deduction', () => {
  it('takes 0,5 per violation from the max and never goes below 0', () => {
    expect(run(deductionRule, 2, { perViolation: 0.5 }, { violations: 3 }).score).toBe('0.5');
    expect(run(deductionRule, 2, { perViolation: 0.5 }, { violations: 9 }).score).toBe('0');
  });
});

describe('levels', () => {
  it('credits good work with 75 % of the max by default', () => {
    expect(run(levelsRule, 1, {}, { level: 'good' })).toEqual({
      score: '0.75',
      explain: 'good: 75% × 1 = 0.75',
    });
  });
  it('uses the levels a set names, and refuses one it does not', () => {
    expect(run(levelsRule, 2, { levels: { 'hoàn thành tốt': 80 } }, { level: 'hoàn thành tốt' }).score).toBe(
      '1.6',
    );
    expect(() => run(levelsRule, 2, {}, { level: 'superb' })).toThrow(/unknown level 'superb'/);
  });
});

describe('survey', () => {
  it('credits A/B/C/D answers 100/60/20/0 % averaged over respondents', () => {
    // 2 × (6 × 100 + 3 × 60 + 1 × 20 + 0) / (100 × 10) = 2 × 800 / 1000 = 1.6
    expect(run(surveyRule, 2, {}, { answers: { A: 6, B: 3, C: 1, D: 0 } }).score).toBe('1.6');
  });
  it('refuses an answer the credits do not know, and a survey with no respondent', () => {
    expect(() => run(surveyRule, 2, {}, { answers: { E: 1 } })).toThrow(/unknown answer 'E'/);
    expect(() => run(surveyRule, 2, {}, { answers: { A: 0 } })).toThrow();
  });
  // Yên Bái's survey app: A 100 / B 60 / C 20 / D 0 %, "không biết" left out of the count.
  const yenBai = { credits: { A: 100, B: 60, C: 20, D: 0, 'không biết': null } };
  it('leaves an option without a credit out of the count (Yên Bái: 1,50 of 2, not 1,30)', () => {
    const answers = { A: 11, B: 6, C: 2, D: 1, 'không biết': 3 };
    // 2 × (11 × 100 + 6 × 60 + 2 × 20) / (100 × 20) = 1.5: the 3 "không biết" are not respondents counted.
    expect(run(surveyRule, 2, yenBai, { answers })).toEqual({
      score: '1.5',
      explain: '2 × (11 × 100% + 6 × 60% + 2 × 20% + 1 × 0%) / 20 = 1.5',
    });
    // Counted as 0 %, the same answers would give 2 × 1500 / 2300 = 1.30.
    const asZero = { credits: { ...yenBai.credits, 'không biết': 0 } };
    expect(run(surveyRule, 2, asZero, { answers }).score).toBe('1.3');
  });
  it('refuses counts that count nobody, rather than dividing by zero', () => {
    expect(() => run(surveyRule, 2, yenBai, { answers: { 'không biết': 4 } })).toThrow(
      /no respondent counted/,
    );
    expect(() => run(surveyRule, 2, yenBai, { groups: { 'Lãnh đạo': { 'không biết': 2 } } })).toThrow(
      /no respondent counted in any group/,
    );
  });
  it('averages the groups when counts come by group, each group that counts anyone weighing the same', () => {
    // Leaders: A 3, B 1 → 360 / 4 = 90 %; citizens: C 2, D 2 → 40 / 4 = 10 %; businesses count nobody.
    const groups = {
      'Lãnh đạo': { A: 3, B: 1 },
      'Người dân': { C: 2, D: 2 },
      'Doanh nghiệp': { 'không biết': 5 },
    };
    // 2 × (90 + 10) / (100 × 2) = 1; pooled, the same 8 answers give 2 × 400 / 800 = 1 too.
    expect(run(surveyRule, 2, yenBai, { groups }).score).toBe('1');
    // Twice the citizens: by group still 2 × (90 + 10) / 200 = 1 (each group weighs the same), while
    // pooled: 2 × (300 + 60 + 80) / (100 × 12) = 0.733… → 0.73.
    const unequal = { 'Lãnh đạo': { A: 3, B: 1 }, 'Người dân': { C: 4, D: 4 } };
    expect(run(surveyRule, 2, yenBai, { groups: unequal }).score).toBe('1');
    expect(run(surveyRule, 2, yenBai, { answers: { A: 3, B: 1, C: 4, D: 4 } }).score).toBe('0.73');
  });
  it('credits whole and fractional percentages alike, exactly, with counts up to their bound', () => {
    // Whole percentages add up as integers and the others exactly: mixed, the score must equal the
    // formula computed with Decimals, max × Σ(count × credit) ÷ (100 × respondents).
    const credits = { A: 100, B: '62.5', C: 20, D: '0.01' };
    fc.assert(
      fc.property(fc.array(fc.nat(1_000_000), { minLength: 4, maxLength: 4 }), (counts) => {
        const answers = { A: counts[0]!, B: counts[1]!, C: counts[2]!, D: counts[3]! };
        const respondents = counts.reduce((total, count) => total + count, 0);
        fc.pre(respondents > 0);
        const credit = Object.entries(answers).reduce(
          (total, [answer, count]) =>
            total.plus(new Decimal(credits[answer as keyof typeof credits]).times(count)),
          new Decimal(0),
        );
        const expected = credit
          .times(3)
          .div(respondents * 100)
          .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        expect(run(surveyRule, 3, { credits }, { answers }).score).toBe(expected.toFixed());
      }),
    );
  });
  it('takes answers or groups, not both, and at most ten options with at least one crediting points', () => {
    expect(() => run(surveyRule, 2, {}, { answers: { A: 1 }, groups: { g: { A: 1 } } })).toThrow();
    expect(() => run(surveyRule, 2, {}, {})).toThrow();
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, at) => [`${at + 1}`, 10]));
    expect(() => run(surveyRule, 2, { credits: eleven }, { answers: { '1': 1 } })).toThrow(/at most 10/);
    expect(() => run(surveyRule, 2, { credits: { A: null } }, { answers: { A: 1 } })).toThrow();
    expect(() => run(surveyRule, 2, { credits: { A: 120 } }, { answers: { A: 1 } })).toThrow();
  });
});

describe('conversion', () => {
  const breakpoints = {
    breakpoints: [
      { from: 0, points: 0 },
      { from: 100, points: 4 },
      { from: 150, points: 8 },
    ],
  };
  it('interpolates an external score linearly between breakpoints', () => {
    // 4 + (133.6 − 100) × (8 − 4) / (150 − 100) = 6.688
    expect(run(conversionRule, 8, breakpoints, { value: '133,6' })).toEqual({
      score: '6.69',
      explain: '4 + (133.6 − 100) × (8 − 4) / (150 − 100) = 6.688',
    });
  });
  it('takes the breakpoint reached in step mode, and holds the ends outside the range', () => {
    expect(run(conversionRule, 8, { ...breakpoints, interpolation: 'step' }, { value: 133.6 }).score).toBe(
      '4',
    );
    expect(run(conversionRule, 8, breakpoints, { value: 170 }).score).toBe('8');
    expect(run(conversionRule, 8, breakpoints, { value: -3 }).score).toBe('0');
  });
});

describe('direct', () => {
  it('accepts entered scores on its step and refuses others', () => {
    const params = directRule.params.parse({ step: 0.25 });
    expect(directRule.checkEnteredScore(exact('0.75'), params)).toBeUndefined();
    expect(directRule.checkEnteredScore(exact('0.3'), params)).toMatch(/not a multiple of the step 0.25/);
  });
  it('takes no facts', () => {
    expect(directRule.facts.safeParse({ score: 1 }).success).toBe(false);
  });
});

describe('the rules in Vietnamese', () => {
  it('names every built-in rule, each differently, and labels each of its parameters, as the form of a set lists them', () => {
    const names = builtinRules.map((rule) => rule.vi?.name);
    expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(builtinRules.length);
    for (const rule of builtinRules) {
      const parameters = Object.keys((rule.params as unknown as { shape: object }).shape);
      expect([rule.kind, Object.keys(rule.vi?.params ?? {}).sort()]).toEqual([rule.kind, parameters.sort()]);
    }
  });
});

describe('factsOfRule', () => {
  it('names each fact a rule reads with its JSON type and its Vietnamese label', () => {
    expect(factsOfRule(tasksRule)).toEqual([
      { name: 'onTime', type: 'integer', label: 'Số nhiệm vụ hoàn thành đúng hạn' },
      { name: 'late', type: 'integer', label: 'Số nhiệm vụ hoàn thành quá hạn' },
      { name: 'unfinished', type: 'integer', label: 'Số nhiệm vụ chưa hoàn thành' },
    ]);
    expect(factsOfRule(onTimeRule)).toEqual([{ name: 'onTime', type: 'boolean', label: 'Đúng hạn' }]);
  });

  it('lists the values a fact may take under a criterion’s parameters: the levels of a levels rule, the defaults in Vietnamese', () => {
    const levelsOf = (rule: unknown) => {
      const set = unwrap(
        parseCriteriaSet({
          id: 'muc',
          title: 'Mức',
          classes: [{ label: 'Đạt', min: 0 }],
          criteria: [{ code: '1', name: 'Tuyên truyền', max: 2, rule }],
        }),
      );
      const attached = set.byCode.get('1')!.rule!;
      return factsOfRule(attached.definition, attached.params)[0]!.choices;
    };
    expect(levelsOf({ kind: 'levels', levels: { 'Đa dạng': 100, Có: '50' } })).toEqual([
      { value: 'Đa dạng', label: 'Đa dạng' },
      { value: 'Có', label: 'Có' },
    ]);
    expect(levelsOf({ kind: 'levels' })?.map((choice) => choice.label)).toEqual([
      'Xuất sắc',
      'Tốt',
      'Hoàn thành',
      'Không hoàn thành',
    ]);
    // Without parameters, or for a fact of any number, there is no list.
    expect(factsOfRule(tasksRule, {}).every((fact) => fact.choices === undefined)).toBe(true);
  });

  it('gives every built-in rule its Vietnamese words: what it computes, and a label for each fact it reads', () => {
    for (const rule of builtinRules) {
      expect([rule.kind, rule.vi?.description]).toEqual([rule.kind, expect.stringMatching(/^\p{Lu}.+\.$/u)]);
      for (const fact of factsOfRule(rule))
        expect([rule.kind, fact.label]).not.toEqual([rule.kind, fact.name]);
    }
    // A rule of a user's without words: each fact labelled by its name.
    const custom = defineRule({
      kind: 'custom-count',
      description: 'count',
      params: z.strictObject({}),
      facts: z.strictObject({ count: z.int() }),
      compute: (facts) => ({ score: new Decimal(facts.count), explain: () => '' }),
    });
    expect(factsOfRule(custom)).toEqual([{ name: 'count', type: 'integer', label: 'count' }]);
  });
});

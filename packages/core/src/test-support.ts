import fc from 'fast-check';
import type { Assessment } from './assessment.js';
import { parseAssessment } from './assessment.js';
import { type CriteriaSet, parseCriteriaSet } from './criteria-set.js';
import type { Issue } from './issues.js';
import { unwrap } from './issues.js';
import type { UnitResult } from './result.js';
import type { AssessmentInput } from './schema/assessment.js';
import type { CriteriaSetInput } from './schema/criteria-set.js';
import { scoreAssessment } from './score.js';

/** A small set for tests: two areas, one with a partial list, rules of several kinds. */
export const SAMPLE_SET = {
  id: 'sample',
  title: 'Sample set',
  classes: [
    { label: 'Tốt', min: 80 },
    { label: 'Khá', min: 65 },
    { label: 'Yếu', min: 0 },
  ],
  criteria: [
    {
      code: '1',
      name: 'Chỉ đạo, điều hành',
      max: 10,
      children: [
        { code: '1.1', name: 'Báo cáo', max: 0.25, rule: { kind: 'on-time' } },
        { code: '1.2', name: 'Nhiệm vụ', max: 3, rule: { kind: 'tasks', lateWeight: 0.5 } },
      ],
    },
    {
      code: '2',
      name: 'Hiện đại hóa',
      children: [
        { code: '2.1', name: 'Kế hoạch CNTT', max: 2, rule: { kind: 'proportional' } },
        { code: '2.2', name: 'Bưu chính công ích', max: 3 },
      ],
    },
  ],
} satisfies CriteriaSetInput;

export function sampleSet(overrides: Partial<CriteriaSetInput> = {}): CriteriaSet {
  return unwrap(parseCriteriaSet({ ...SAMPLE_SET, ...overrides }));
}

export function assessment(
  entries: AssessmentInput['entries'],
  extra: Partial<AssessmentInput> = {},
): Assessment {
  return unwrap(
    parseAssessment({
      criteriaSet: 'sample',
      unit: { id: 'u', name: 'Unit' },
      period: 2021,
      entries,
      ...extra,
    }),
  );
}

/** Scores against the sample set (or another), expecting success. */
export function scoreSample(
  entries: AssessmentInput['entries'],
  extra: Partial<AssessmentInput> = {},
  set = sampleSet(),
): UnitResult {
  return unwrap(scoreAssessment(set, assessment(entries, extra)));
}

/** Scores and returns the issues (code and path only), expecting failure. */
export function issuesOf(
  entries: AssessmentInput['entries'],
  extra: Partial<AssessmentInput> = {},
  set = sampleSet(),
) {
  const outcome = scoreAssessment(set, assessment(entries, extra));
  if (outcome.success) throw new Error('expected issues, got a result');
  return outcome.issues.map(codeAndPath);
}

export function codeAndPath(found: Issue): { code: string; path: readonly (string | number)[] } {
  return { code: found.code, path: found.path };
}

/**
 * Decimal texts of every size for property tests: small scores and many digits (up to `maxDigits`), up to
 * `maxPlaces` places, either sign.
 */
export function decimalTexts(maxDigits: bigint, maxPlaces: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.boolean(),
      fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: maxDigits })),
      fc.integer({ min: 0, max: maxPlaces }),
    )
    .map(([negative, digits, places]) => {
      const text = digits.toString().padStart(places + 1, '0');
      const whole = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
      return `${negative ? '-' : ''}${whole}`;
    });
}

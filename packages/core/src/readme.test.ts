import { describe, expect, it } from 'vitest';
import { parseAssessment, parseCriteriaSet, resultToJson, scoreAssessment, unwrap } from './index.js';

describe('the README example', () => {
  it('gives the figures the README shows', () => {
    const set = unwrap(
      parseCriteriaSet({
        id: 'kon-tum-2021-huyen',
        title: 'Bộ tiêu chí',
        classes: [
          { label: 'Tốt', min: 80 },
          { label: 'Khá', min: 65 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          {
            code: '1',
            name: 'Công tác chỉ đạo, điều hành cải cách hành chính',
            max: 23,
            children: [
              {
                code: '1.6.1',
                name: 'Thực hiện nhiệm vụ được giao',
                max: 3,
                rule: { kind: 'tasks', lateWeight: 0.5 },
              },
            ],
          },
        ],
      }),
    );
    const assessment = unwrap(
      parseAssessment({
        criteriaSet: 'kon-tum-2021-huyen',
        unit: { id: 'kon-ray', name: 'UBND huyện Kon Rẫy' },
        period: 2021,
        unscored: 'full',
        entries: { '1.6.1': { facts: { onTime: 13, late: 11, unfinished: 5 } } },
      }),
    );
    const result = unwrap(scoreAssessment(set, assessment));
    expect(result.nodes[0]!.children[0]!.trace).toBe('tasks: 3 × (13 + 0.5 × 11) / 29 = 1.9138 → 1.91');
    expect(resultToJson(result).index).toBe('95.26');
  });
});

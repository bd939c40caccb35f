import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Decimal,
  parseAssessment,
  parseCriteriaSet,
  resultToJson,
  resultToJsonText,
  scoreAssessment,
  unwrap,
} from './index.js';
import { defineRule } from './rules/rule.js';

describe('a result written as JSON text', () => {
  it("escapes what a trace takes from a rule or a document (kind, account, a parent's code)", () => {
    // Every trace that quotes such a text goes through the escaping; those of figures and words need none.
    const quoted = defineRule({
      kind: 'say "late" \\ twice',
      description: 'full marks, with an account that quotes',
      params: z.object({}),
      facts: z.object({}),
      compute: (_facts, _params, max) => ({
        score: new Decimal(max),
        explain: () => 'the "report" \\ arrived\n',
      }),
    });
    const set = unwrap(
      parseCriteriaSet(
        {
          id: 'quotes',
          title: 'Quotes',
          classes: [{ label: 'Đạt', min: 0 }],
          criteria: [
            {
              code: '1',
              name: 'Lĩnh vực',
              max: 4,
              children: [
                { code: '1.1', name: 'Theo quy tắc', max: 1, rule: { kind: quoted.kind } },
                { code: '1.2', name: 'Nhập điểm thay quy tắc', max: 1, rule: { kind: quoted.kind } },
                {
                  code: '1."3"',
                  name: 'Chấm cả tiêu chí',
                  max: 2,
                  children: [{ code: '1."3".1', name: 'Không tách điểm', max: 2 }],
                },
              ],
            },
          ],
        },
        { rules: [quoted] },
      ),
    );
    const result = unwrap(
      scoreAssessment(
        set,
        unwrap(
          parseAssessment({
            criteriaSet: 'quotes',
            unit: { id: 'u', name: 'Xã "Một"' },
            period: '2024',
            entries: { '1.1': { facts: {} }, '1.2': { score: '0,5' }, '1."3"': { score: 1 } },
          }),
        ),
      ),
    );
    const text = resultToJsonText(result);
    expect(text).toBe(JSON.stringify(resultToJson(result)));
    expect(JSON.parse(text).nodes[0].children.map((node: { trace: string }) => node.trace)).toEqual([
      'say "late" \\ twice: the "report" \\ arrived\n',
      'entered (rule say "late" \\ twice not applied): 0.5/1',
      'entered: 1/2',
    ]);
  });
});

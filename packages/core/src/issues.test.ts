import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, type IssueCode, issue, issueMessage } from './issues.js';
import { assessmentJsonSchema, criteriaSetJsonSchema, ruleCatalogue } from './json-schema.js';

describe('formatPath', () => {
  it.each([
    [[], '(document)'],
    [['entries', '1.2.1', 'score'], 'entries["1.2.1"].score'],
    [['criteria', 0, 'children', 2, 'max'], 'criteria[0].children[2].max'],
  ] as const)('writes %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('messages', () => {
  it('has an English and a Vietnamese message for every code', () => {
    const codes: IssueCode[] = [
      'unknown_code',
      'score_above_max',
      'unscored',
      'zero_applicable_max',
      'inconsistent_parent',
    ];
    for (const code of codes) {
      const found = issue(code, [], { code: '1.2', score: '2', max: '1', sum: '1', sumMax: '1' });
      expect(found.message.length).toBeGreaterThan(5);
      expect(issueMessage(found, 'vi')).not.toBe(found.message);
    }
  });

  it("words a workbook's problem from its typed params, and places it at its cell", () => {
    const found = {
      ...issue('invalid_sheet', [], { problem: 'workbook_too_large', megabytes: 8, files: 2000 }),
      cell: '(workbook)',
    };
    expect(formatIssue(found)).toBe('(workbook): the workbook expands past 8 MiB or 2000 files');
    expect(formatIssue(found, 'vi')).toBe('(workbook): bảng tính giải nén vượt quá 8 MiB hoặc 2000 tệp');
    const moved = {
      ...issue('invalid_sheet', [], { problem: 'column_moved', column: 'Điểm' }),
      cell: "'Tự chấm'!E5",
    };
    expect(formatIssue(moved, 'vi')).toBe(
      "'Tự chấm'!E5: cột 'Điểm' đã bị di chuyển hoặc đổi tên: giữ nguyên các cột của phiếu",
    );
    // Without a cell, the path: numbers among the params are worded as the tables write them.
    const above = issue('score_above_max', ['entries', '1.2', 'score'], { score: 0.5, max: 0.25 });
    expect(formatIssue(above, 'vi')).toBe('entries["1.2"].score: điểm 0,5 vượt điểm tối đa 0,25');
  });
});

describe('JSON Schemas', () => {
  it('publishes the criteria set format with its required fields', () => {
    const schema = criteriaSetJsonSchema();
    expect(schema['required']).toEqual(expect.arrayContaining(['id', 'title', 'classes', 'criteria']));
  });

  it('publishes the assessment format, taking a set by id or inline', () => {
    const schema = assessmentJsonSchema();
    expect(schema['required']).toEqual(expect.arrayContaining(['criteriaSet', 'unit', 'period']));
    const properties = schema['properties'] as Record<string, { anyOf?: unknown[] }>;
    expect(properties['criteriaSet']!.anyOf).toHaveLength(2);
  });

  it('lists every built-in rule', () => {
    expect(ruleCatalogue().map((rule) => rule.kind)).toEqual([
      'direct',
      'on-time',
      'met',
      'proportional',
      'tiers',
      'tasks',
      'share-completed',
      'count',
      'deduction',
      'levels',
      'survey',
      'conversion',
    ]);
  });
});

describe('the result schema', () => {
  it('describes what resultToJson writes', async () => {
    const { resultJsonSchema } = await import('./json-schema.js');
    const { unitResultJsonSchema, resultToJson } = await import('./json.js');
    const { scoreSample } = await import('./test-support.js');
    const json = resultToJson(
      scoreSample({ '2.2': { score: 1, cause: 'x', responsible: ['A'] } }, { unscored: 'full' }),
    );
    expect(unitResultJsonSchema.strict().safeParse(json).success).toBe(true);
    expect(resultJsonSchema()['required']).toEqual(expect.arrayContaining(['achieved', 'index']));
    expect(resultJsonSchema()['properties']).toHaveProperty('nodes');
  });
});

describe('the schema files', () => {
  it('are written by the build from the same schemas', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const file = new URL('../dist/schema/criteria-set.json', import.meta.url);
    if (!existsSync(file)) throw new Error('build first: npm run build');
    const { criteriaSetJsonSchema } = await import('./json-schema.js');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(criteriaSetJsonSchema());
  });
});

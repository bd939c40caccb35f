import {
  acrossLayers,
  type CriteriaSet,
  type Decimal,
  type EarlierLayers,
  type ExplainedItem,
  gapToNextClass,
  type Issue,
  inSentence,
  lostItems,
  type Outcome,
  type ResultNode,
  responsibilityLedger,
  type UnitResult,
} from '@cchc/core';
import { fail, issue, succeed } from '@cchc/core/internal';
import { deadlineDate, formatPlaceDate, formatShortDate, parseIsoDate } from './format/date.js';
import { formatNumber, formatScore } from './format/number.js';
import { parseInline } from './inline.js';
import { parseReportInput, type ReportInput } from './input.js';
import type { Block, Inline, ReportModel } from './model.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];

/** Ends a sentence with a full stop unless it has one. */
function sentence(text: string): string {
  return /[.!?:;]$/.test(text) ? text : `${text}.`;
}

/** Sub-criteria have codes of three or more parts (1.2.1); criteria two (7.1). */
function itemKind(code: string): string {
  return code.split('.').length >= 3 ? 'Tiêu chí thành phần' : 'Tiêu chí';
}

function responsibilityOf(node: ResultNode): string | undefined {
  if (node.responsibility !== undefined) return node.responsibility;
  const agencies = node.responsible;
  if (agencies.length === 0) return undefined;
  if (agencies.length === 1) return agencies[0];
  return `${agencies.slice(0, -1).join(', ')} và ${agencies[agencies.length - 1]}`;
}

const runs = (text: string): Inline[] => [{ text }];

function decisionBasis(set: CriteriaSet): string | undefined {
  const decision = set.decision;
  if (!decision) return undefined;
  const date = parseIsoDate(decision.date);
  const issuer = set.issuer ? ` của ${set.issuer}` : '';
  const about = decision.title ? ` ${decision.title}` : ` ban hành ${set.title}`;
  return `Căn cứ Quyết định số ${decision.number}${date ? ` ngày ${formatShortDate(date)}` : ''}${issuer}${about}`;
}

export interface CreateReportOptions {
  /** Scored results: the subject unit of section I and the units of section II. */
  readonly results: readonly UnitResult[];
  /** The report input document (formats.md, "Report input"). */
  readonly input: unknown;
  /**
   * Each unit's layers before its result, by unit id (a stored round of two passes): the appendix then shows,
   * per unit, every item whose score moved between the self-assessment and the passes or that was explained,
   * with the explanation between the passes.
   */
  readonly earlier?: ReadonlyMap<string, EarlierLayers> | undefined;
  /**
   * Pictures of the results (the ranking, the areas) as PNG: placed at the head of section II, where the report
   * lists the units' figures; without them the report is the reference's text alone.
   */
  readonly figures?: readonly Extract<Block, { kind: 'image' }>[] | undefined;
}

/**
 * Builds the report model from results and a report input. Nothing is rendered unless the input is valid.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { scoreDocuments, unwrap } from '@cchc/core';
 * import { konRay2021 } from '@cchc/examples';
 * import { createReportModel, renderMarkdown } from '@cchc/report';
 * const model = unwrap(createReportModel({ results: unwrap(scoreDocuments(konRay2021)), input: konRay2021.report }));
 * assert.match(renderMarkdown(model), /85,74/);
 * ```
 */
export function createReportModel({
  results,
  input,
  earlier,
  figures,
}: CreateReportOptions): Outcome<ReportModel> {
  const parsed = parseReportInput(input);
  if (!parsed.success) return parsed;
  const report = parsed.data;
  const issues: Issue[] = [];
  const byId = new Map(results.map((result) => [result.unit.id, result]));

  const date = report.date === undefined ? undefined : parseIsoDate(report.date);
  if (report.date !== undefined && !date) {
    issues.push(issue('invalid_value', ['date'], { detail: `${report.date} is not a date` }));
  }
  const subject = report.subject ? byId.get(report.subject.unit) : undefined;
  if (report.subject && !subject) {
    issues.push(
      issue('invalid_value', ['subject', 'unit'], {
        detail: `no scored result for unit '${report.subject.unit}'`,
      }),
    );
  }
  const others: UnitResult[] = [];
  if (report.units?.ids) {
    report.units.ids.forEach((id, position) => {
      const found = byId.get(id);
      if (found) others.push(found);
      else
        issues.push(
          issue('invalid_value', ['units', 'ids', position], { detail: `no scored result for unit '${id}'` }),
        );
    });
  } else {
    others.push(...results.filter((result) => result !== subject));
  }
  report.implementation?.items.forEach((item, position) => {
    if (item.deadline === 'remediation')
      issues.push(
        issue('invalid_value', ['implementation', 'items', position, 'deadline'], {
          detail: 'only a stored round knows its remediation deadline: give the date',
        }),
      );
  });
  if (issues.length > 0) return fail(issues);

  const year = date?.year ?? report.year!;
  const period = (subject ?? others[0])?.period ?? String(year);
  const body: Block[] = [];
  let section = 0;
  const heading = (text: string) =>
    body.push({ kind: 'heading', text: runs(`${ROMAN[section++]}. ${text}`) });

  const sets = [...new Set(results.map((result) => result.criteriaSet))];
  const bases = report.legalBases ?? sets.map(decisionBasis).filter((basis) => basis !== undefined);
  bases.forEach((basis, position) => {
    body.push({
      kind: 'paragraph',
      text: runs(position === bases.length - 1 ? sentence(basis) : `${basis};`),
    });
  });
  if (report.introduction) body.push({ kind: 'paragraph', text: parseInline(report.introduction) });

  if (subject && report.subject) {
    heading(
      report.subject.heading ??
        `ĐÁNH GIÁ, PHÂN TÍCH VÀ LÀM RÕ NGUYÊN NHÂN, TRÁCH NHIỆM LÀM ẢNH HƯỞNG ĐẾN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${period}`,
    );
    body.push(...sectionOne(subject, report.subject, report.include.reconciliation));
  }
  if (others.length > 0) {
    heading(
      report.units?.heading ??
        `KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM ${period} CỦA CÁC ĐƠN VỊ`,
    );
    body.push(...(figures ?? []));
    others.forEach((result, position) => {
      body.push(...sectionTwoUnit(result, position + 1, report.include.reconciliation));
    });
  }
  if (report.tasks) {
    heading(report.tasks.heading ?? 'NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU');
    report.tasks.items.forEach((task, position) => {
      body.push({
        kind: 'paragraph',
        text: runs(`${position + 1}. ${sentence(task.heading).replace(/\.$/, ':')}`),
      });
      body.push({
        kind: 'item',
        text: [{ text: 'Nhiệm vụ cần thực hiện: ' }, ...parseInline(sentence(task.task))],
      });
      body.push({
        kind: 'item',
        text: [{ text: `Cơ quan chủ trì, tham mưu: ${sentence(task.lead)}`, italic: true }],
      });
    });
  }
  if (report.implementation) {
    heading(report.implementation.heading ?? 'TỔ CHỨC, THỰC HIỆN');
    report.implementation.items.forEach((item, position) => {
      const lead = item.heading ? `${position + 1}. ${item.heading}: ` : `${position + 1}. `;
      const due = item.deadline === undefined ? undefined : deadlineDate(item.deadline);
      const text = due === undefined ? item.text : item.text.replaceAll('{deadline}', formatShortDate(due));
      body.push({ kind: 'paragraph', text: [{ text: lead }, ...parseInline(text)] });
    });
  }
  if (report.closing) body.push({ kind: 'paragraph', text: parseInline(report.closing) });

  return succeed({
    issuer: report.issuer,
    number: `Số: ${report.number}`,
    placeDate: formatPlaceDate(report.place, date ?? { year }),
    kind: report.kind,
    title: report.title,
    body,
    recipients: report.recipients ?? [],
    signature: report.signature,
    appendix: [
      ...appendix(report, subject, subject ? [subject, ...others] : others),
      ...(earlier ? passesAppendix(results, earlier) : []),
    ],
    issuedOn: report.date ?? String(year),
  });
}

function totalLine(result: UnitResult, owner: string): Inline[] {
  return [
    { text: formatScore(result.achieved, result.max) + ' điểm', bold: true },
    {
      text: ` (Chỉ số cải cách hành chính ${owner}: ${formatNumber(result.index)} điểm), xếp loại ${result.classification ?? 'chưa xếp loại'}`,
    },
  ];
}

function sectionOne(
  result: UnitResult,
  subject: NonNullable<ReportInput['subject']>,
  reconciliation: boolean,
): Block[] {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: [
        { text: `Tổng số điểm các tiêu chí, tiêu chí thành phần ${subject.label} đạt được là ` },
        ...totalLine(result, `của ${subject.indexOwner}`),
        { text: '. Kết quả chấm điểm các tiêu chí, tiêu chí thành phần cụ thể như sau:' },
      ],
    },
  ];
  result.nodes.forEach((area, position) => {
    if (area.status !== 'scored' || area.achieved === null) return;
    const score = `${subject.label} đạt được ${formatScore(area.achieved, area.max)} điểm`;
    const lost = lostItems([area]).filter((node) => node !== area);
    if (lost.length === 0) {
      blocks.push({ kind: 'paragraph', text: runs(`${position + 1}. ${area.name}: ${score}.`) });
      return;
    }
    blocks.push({
      kind: 'paragraph',
      text: runs(
        `${position + 1}. ${area.name}: ${score}; tiêu chí, tiêu chí thành phần bị mất điểm, cụ thể:`,
      ),
    });
    for (const node of lost) {
      const cause = node.cause ? `, nguyên nhân: ${sentence(node.cause)}` : '.';
      blocks.push({
        kind: 'item',
        text: runs(
          `${itemKind(node.code)} ${node.code} về ${inSentence(node.name)}: ${subject.label} đạt ${formatScore(node.achieved!, node.max)} điểm${cause}`,
        ),
      });
      const responsibility = responsibilityOf(node);
      if (responsibility) {
        blocks.push({
          kind: 'paragraph',
          text: [{ text: `Trách nhiệm thuộc về: ${sentence(responsibility)}`, italic: true }],
        });
      }
    }
  });
  if (reconciliation) blocks.push(...discrepancyNote(result));
  return blocks;
}

function sectionTwoUnit(result: UnitResult, position: number, reconciliation: boolean): Block[] {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: [
        {
          text: `${position}. Đối với ${result.unit.name}: Tổng số điểm các tiêu chí, tiêu chí thành phần đạt được là `,
        },
        ...totalLine(result, 'của đơn vị').map((run) => ({ text: run.text })),
        { text: ', cụ thể:' },
      ],
    },
  ];
  for (const area of result.nodes) {
    if (area.status !== 'scored' || area.achieved === null) continue;
    blocks.push({
      kind: 'item',
      text: runs(`Tiêu chí về ${inSentence(area.name)} đạt ${formatScore(area.achieved, area.max)} điểm.`),
    });
  }
  if (reconciliation) blocks.push(...discrepancyNote(result));
  return blocks;
}

const DISCREPANCY_WORDS: Record<string, string> = {
  total: 'tổng điểm',
  max: 'điểm tối đa',
  index: 'chỉ số',
  classification: 'xếp loại',
};

/** Where the published figures of a unit disagree, in words: the reader sees both figures. */
function discrepancyNote(result: UnitResult): Block[] {
  if (result.discrepancies.length === 0) return [];
  const parts = result.discrepancies.map((found) => {
    const what = DISCREPANCY_WORDS[found.code] ?? `tiêu chí ${found.code}`;
    const stated = /^-?\d/.test(found.stated) ? formatNumber(found.stated) : found.stated;
    const computed = /^-?\d/.test(found.computed) ? formatNumber(found.computed) : found.computed;
    switch (found.kind) {
      case 'sum-of-parts':
        return `${what} công bố ${stated} không bằng tổng điểm các lĩnh vực (${computed})`;
      case 'stated-index':
        return `chỉ số công bố ${stated} không khớp với tổng điểm và điểm tối đa công bố (${computed})`;
      case 'stated-class':
        return `xếp loại công bố ${stated} không khớp với chỉ số công bố (${computed || 'không xếp loại'})`;
      default:
        return `${what} công bố ${stated}, tính lại từ số liệu chấm điểm ${computed}`;
    }
  });
  return [
    { kind: 'paragraph', text: [{ text: `Ghi chú đối chiếu số liệu: ${parts.join('; ')}.`, italic: true }] },
  ];
}

function appendix(report: ReportInput, subject: UnitResult | undefined, all: readonly UnitResult[]): Block[] {
  const blocks: Block[] = [];
  if (report.include.summary && all.length > 0) {
    blocks.push({
      kind: 'table',
      caption: 'Bảng tổng hợp kết quả Chỉ số cải cách hành chính (xếp hạng trong cùng bộ tiêu chí)',
      header: ['STT', 'Đơn vị', 'Điểm đạt được', 'Điểm tối đa', 'Chỉ số', 'Xếp loại', 'Xếp hạng'],
      rows: all.map((result, position) => [
        String(position + 1),
        result.unit.name,
        formatNumber(result.achieved),
        formatNumber(result.max),
        formatNumber(result.index),
        result.classification ?? '',
        result.rank === undefined ? '' : String(result.rank),
      ]),
    });
  }
  if (report.include.ledger && subject) {
    const ledger = responsibilityLedger([subject]);
    if (ledger.accounts.length > 0) {
      blocks.push({
        kind: 'table',
        caption: `Điểm bị mất theo cơ quan chịu trách nhiệm (${subject.unit.name}; tổng ${formatNumber(ledger.totalLost)} điểm)`,
        header: ['Cơ quan, đơn vị', 'Số điểm bị mất', 'Tiêu chí'],
        rows: ledger.accounts.map((account) => [
          account.agency ?? '(chưa xác định)',
          formatNumber(account.lost),
          account.items.map((item) => item.code).join(', '),
        ]),
      });
    }
  }
  if (report.include.gap && subject) {
    const gap = gapToNextClass(subject);
    if (gap.nextClass !== null && gap.pointsNeeded !== null) {
      blocks.push({
        kind: 'paragraph',
        text: runs(
          `Để đạt loại ${gap.nextClass}, ${subject.unit.name} cần thêm ${formatNumber(gap.pointsNeeded)} điểm. Các tiêu chí có thể khắc phục, theo số điểm bị mất: ${gap.recoverable
            .map((node) => `${node.code} (${formatNumber(node.lost)})`)
            .join(', ')}.`,
        ),
      });
    }
  }
  return blocks;
}

/**
 * Per unit of a two-pass round, the items the passes and the explanations touched: self-assessed, first
 * appraisal, the explanation asked and given, second appraisal, and the second less the self-assessment.
 */
function passesAppendix(
  results: readonly UnitResult[],
  earlier: ReadonlyMap<string, EarlierLayers>,
): Block[] {
  const blocks: Block[] = [];
  const figure = (value: Decimal | null | undefined) =>
    value === undefined ? '' : value === null ? 'Không áp dụng' : formatNumber(value);
  for (const result of results) {
    const layers = earlier.get(result.unit.id);
    if (!layers?.firstPass) continue;
    const explained = layers.explanations ?? new Map<string, ExplainedItem>();
    const rows = acrossLayers([layers.self, layers.firstPass, result])
      .filter((node) => {
        const [self, first, second] = node.achieved.map((value) =>
          value === null ? 'na' : value?.toFixed(),
        );
        return explained.has(node.code) || (node.leaf && (self !== second || first !== second));
      })
      .map((node) => {
        const [self, first, second] = node.achieved;
        const explanation = explained.get(node.code);
        return [
          node.code,
          node.name,
          formatNumber(node.max),
          figure(self),
          figure(first),
          [
            explanation?.request ? `Yêu cầu: ${explanation.request}` : '',
            explanation?.answer ? `Giải trình: ${explanation.answer}` : '',
          ]
            .filter(Boolean)
            .join(' '),
          figure(second),
          self && second ? formatNumber(second.minus(self)) : '',
        ];
      });
    if (rows.length === 0) continue;
    blocks.push({
      kind: 'table',
      caption: `Thẩm định hai lần và giải trình: ${result.unit.name}`,
      header: [
        'STT',
        'Tiêu chí',
        'Điểm tối đa',
        'Tự chấm',
        'Thẩm định lần 1',
        'Giải trình',
        'Thẩm định lần 2',
        'Chênh lệch',
      ],
      rows,
    });
  }
  return blocks;
}

import type { Outcome } from '@cchc/core';
import { succeed } from '@cchc/core/internal';
import type { FollowUp, FollowUpItem, FollowUpTask, RemediationTask } from '@cchc/core/remediation';
import { deadlineDate, formatPlaceDate, formatShortDate, vietnamDate } from './format/date.js';
import { formatCount } from './format/number.js';
import { parseReportInput } from './input.js';
import type { Block, ReportModel } from './model.js';

export interface FollowUpReportOptions {
  /** The follow-up state (`followUp` of @cchc/core) at the report's date. */
  readonly followUp: FollowUp;
  /** The tasks, in the order of the round's report. */
  readonly tasks: readonly RemediationTask[];
  /** The round's report input: the follow-up report takes its issuer, place, number, recipients, signature. */
  readonly input: unknown;
  /** The period assessed ("2021"). */
  readonly period: string;
}

/** `12/8/2022` for an instant or a deadline, as the report writes dates in sentences. */
const shortDate = (text: string) => {
  const date = deadlineDate(text);
  return date === undefined ? text : formatShortDate(date);
};

/** Who owes the plan of a lost item: the agencies the results name for it, else the unit itself. */
function owners(item: FollowUpItem, unitNames: ReadonlyMap<string, string>): string[] {
  return item.responsible.length > 0 ? [...item.responsible] : [unitNames.get(item.unit) ?? item.unit];
}

/** "UBND xã Tân Lập (02 tiêu chí), Phòng Nội vụ huyện (01 tiêu chí)" from owners and their counts. */
function namedWithCounts(counts: ReadonlyMap<string, number>, noun: string): string {
  return [...counts.entries()].map(([name, count]) => `${name} (${formatCount(count)} ${noun})`).join(', ');
}

function tally(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function taskLine(part: FollowUpTask): string {
  const report = part.report;
  const late = part.late ? ' (chậm so với thời hạn)' : '';
  if (part.state === 'done') return `${part.agency}: đã hoàn thành ngày ${shortDate(report!.doneAt!)}${late}`;
  const said =
    report === undefined
      ? 'chưa báo cáo'
      : report.status === 'in-progress'
        ? 'đang thực hiện'
        : 'đã có kế hoạch, chưa thực hiện';
  return `${part.agency}: ${said}${part.state === 'overdue' ? ' (đã quá hạn)' : ''}`;
}

/**
 * The follow-up report ("Báo cáo kết quả khắc phục tồn tại, hạn chế trong công tác cải cách hành chính
 * năm …") in the round report's administrative layout: where the plans stand, what each task's leads
 * reported, and, as section IV.3 of the round's report asks, the agencies and units that were late or did
 * not act.
 */
export function createFollowUpReportModel(options: FollowUpReportOptions): Outcome<ReportModel> {
  const parsed = parseReportInput(options.input);
  if (!parsed.success) return parsed;
  const frame = parsed.data;
  const { followUp: state, period } = options;
  const at = vietnamDate(new Date(state.at));
  const body: Block[] = [];
  const heading = (text: string) => body.push({ kind: 'heading', text: [{ text }] });
  const paragraph = (text: string) => body.push({ kind: 'paragraph', text: [{ text }] });
  const item = (text: string) => body.push({ kind: 'item', text: [{ text }] });
  const unitNames = new Map(state.units.map((unit) => [unit.unit, unit.name]));
  const items = state.units.flatMap((unit) => unit.items);
  const count = (wanted: FollowUpItem['state']) => items.filter((entry) => entry.state === wanted).length;

  heading('I. TÌNH HÌNH XÂY DỰNG KẾ HOẠCH KHẮC PHỤC');
  const withItems = state.units.filter((unit) => unit.items.length > 0);
  paragraph(
    `Tính đến ngày ${formatShortDate(at)}, ${formatCount(withItems.length)} cơ quan, đơn vị có ${formatCount(items.length)} tiêu chí, tiêu chí thành phần bị trừ điểm phải xây dựng kế hoạch khắc phục${state.planDeadline === undefined ? '' : ` (thời hạn gửi: trước ngày ${shortDate(state.planDeadline)})`}. ` +
      `Đã gửi đúng hạn: ${formatCount(count('on-time'))}; gửi chậm: ${formatCount(count('late'))}; chưa gửi: ${formatCount(count('missing'))}` +
      `${count('pending') > 0 ? `; chưa đến hạn: ${formatCount(count('pending'))}` : ''}; đã khắc phục xong: ${formatCount(items.filter((entry) => entry.plan?.status === 'done').length)}.`,
  );
  body.push({
    kind: 'table',
    caption: 'Kế hoạch khắc phục của các cơ quan, đơn vị',
    header: ['STT', 'Đơn vị', 'Tiêu chí bị trừ điểm', 'Gửi đúng hạn', 'Gửi chậm', 'Chưa gửi', 'Đã khắc phục'],
    rows: withItems.map((unit, position) => [
      String(position + 1),
      unit.name,
      formatCount(unit.counts.items),
      formatCount(unit.counts.onTime),
      formatCount(unit.counts.late),
      formatCount(unit.counts.missing),
      formatCount(unit.counts.done),
    ]),
  });

  heading('II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ, GIẢI PHÁP');
  if (options.tasks.length === 0) paragraph('Chưa giao nhiệm vụ khắc phục.');
  const parts = state.agencies.flatMap((agency) => agency.tasks);
  options.tasks.forEach((task, position) => {
    const deadline = task.deadline === undefined ? '' : ` (thời hạn: ${shortDate(task.deadline)})`;
    paragraph(`${position + 1}. ${task.heading ?? `Nhiệm vụ ${task.id}`}${deadline}:`);
    for (const part of parts.filter((entry) => entry.task === task.id)) item(taskLine(part));
  });

  heading('III. CÁC CƠ QUAN, ĐƠN VỊ CHẬM HOẶC KHÔNG THỰC HIỆN');
  const late = tally(
    items.filter((entry) => entry.state === 'late').flatMap((entry) => owners(entry, unitNames)),
  );
  const missing = tally(
    items.filter((entry) => entry.state === 'missing').flatMap((entry) => owners(entry, unitNames)),
  );
  const lateTasks = tally(parts.filter((part) => part.late).map((part) => part.agency));
  if (late.size > 0) item(`Gửi kế hoạch khắc phục chậm: ${namedWithCounts(late, 'tiêu chí')}.`);
  if (missing.size > 0) item(`Không gửi kế hoạch khắc phục: ${namedWithCounts(missing, 'tiêu chí')}.`);
  if (lateTasks.size > 0)
    item(`Chậm hoặc chưa thực hiện nhiệm vụ được giao: ${namedWithCounts(lateTasks, 'nhiệm vụ')}.`);
  if (late.size + missing.size + lateTasks.size === 0)
    paragraph('Không có cơ quan, đơn vị nào chậm hoặc không thực hiện.');

  paragraph(
    `Trên đây là báo cáo kết quả khắc phục tồn tại, hạn chế trong công tác cải cách hành chính năm ${period}./.`,
  );
  return succeed({
    issuer: frame.issuer,
    number: `Số: ${frame.number}`,
    placeDate: formatPlaceDate(frame.place, at),
    kind: 'BÁO CÁO',
    title: `Kết quả khắc phục tồn tại, hạn chế trong công tác cải cách hành chính năm ${period}`,
    body,
    recipients: frame.recipients ?? [],
    signature: frame.signature,
    appendix: [],
    issuedOn: `${at.year}-${String(at.month).padStart(2, '0')}-${String(at.day).padStart(2, '0')}`,
  });
}

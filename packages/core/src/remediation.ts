import { isPast } from './deadline.js';
import { type Decimal, ZERO } from './decimal.js';
import { lostItems } from './items.js';
import { type LedgerItem, responsibilityLedger } from './ledger.js';
import { inSentence } from './names.js';
import type { UnitResult } from './result.js';

/** Where a plan for a lost item, or a report on a task, stands: as the unit or agency says. */
export type RemediationStatus = 'planned' | 'in-progress' | 'done';
export const REMEDIATION_STATUSES: readonly RemediationStatus[] = ['planned', 'in-progress', 'done'];

/**
 * A remediation task (section III of a report): what must be done in one area, the agencies that lead it
 * (Cơ quan chủ trì, tham mưu), the units that must act, and by when.
 */
export interface RemediationTask {
  readonly id: string;
  /** The area's code in the criteria set ("1" … "8"). */
  readonly area: string;
  /** The line the report writes it under: "Đối với công tác chỉ đạo, điều hành cải cách hành chính". */
  readonly heading?: string | undefined;
  /** Nhiệm vụ cần thực hiện. */
  readonly text: string;
  /** The lead agencies, each by the name its key carries (`agency:<name>`): each reports on the task. */
  readonly lead: readonly string[];
  /** How the report names the leads, when not their names joined by "; ". */
  readonly leadText?: string | undefined;
  /** The units that must act (their ids); none named: the task is the lead agencies' alone. */
  readonly units?: readonly string[] | undefined;
  /** An ISO 8601 date or date-time (a date alone: the end of that day in Vietnam). Drafts may lack it. */
  readonly deadline?: string | undefined;
}

/** A task made from published results for an admin to edit (`draftTasks`). */
export interface TaskDraft extends RemediationTask {
  readonly draft: true;
}

/** When a plan or report was first sent, last changed, and first said done, and by whom last. */
interface Submitted {
  readonly status: RemediationStatus;
  readonly evidence?: readonly string[] | undefined;
  /** The first revision's time: what on time and late are judged by. */
  readonly submittedAt: string;
  readonly updatedAt: string;
  /** The key's name of the latest revision. */
  readonly by: string;
  /** The first revision with status `done`. */
  readonly doneAt?: string | undefined;
}

/** A unit's or agency's plan (kế hoạch khắc phục) for one lost item, and later what was done. */
export interface RemediationPlan extends Submitted {
  readonly unit: string;
  readonly code: string;
  readonly action: string;
  /** When the action is to be done, as the plan says. */
  readonly due?: string | undefined;
}

/** A lead agency's report on a task. */
export interface TaskReport extends Submitted {
  readonly task: string;
  readonly agency: string;
  readonly note?: string | undefined;
}

/**
 * A plan's state at a moment: sent by the deadline (`on-time`), after it (`late`), not sent with the
 * deadline passed (`missing`) or not yet (`pending`).
 */
export type PlanState = 'on-time' | 'late' | 'missing' | 'pending';

/** A task's state for one lead agency: reported done, past its deadline without that, or still open. */
export type TaskState = 'done' | 'overdue' | 'open';

/** A lost item of a unit's published result (as the responsibility ledger lists it), with its plan. */
export interface FollowUpItem extends LedgerItem {
  readonly state: PlanState;
  readonly plan: RemediationPlan | undefined;
}

/** One lead agency's part of one task. */
export interface FollowUpTask {
  readonly task: string;
  readonly area: string;
  readonly heading: string | undefined;
  readonly text: string;
  readonly deadline: string | undefined;
  readonly agency: string;
  readonly state: TaskState;
  /** Overdue, or done after the deadline. */
  readonly late: boolean;
  readonly report: TaskReport | undefined;
}

export interface FollowUpCounts {
  readonly items: number;
  readonly onTime: number;
  readonly late: number;
  readonly missing: number;
  readonly pending: number;
  /** Items whose plan says `done`. */
  readonly done: number;
  readonly tasks: number;
  readonly tasksDone: number;
  readonly tasksOverdue: number;
  readonly tasksOpen: number;
}

export interface UnitFollowUp {
  readonly unit: string;
  readonly name: string;
  readonly items: readonly FollowUpItem[];
  /** The tasks that name the unit among those that must act, with the leads' reports. */
  readonly tasks: readonly FollowUpTask[];
  readonly counts: FollowUpCounts;
}

export interface AgencyFollowUp {
  readonly agency: string;
  /** The lost items the results name this agency for. */
  readonly items: readonly FollowUpItem[];
  /** The tasks it leads. */
  readonly tasks: readonly FollowUpTask[];
  readonly counts: FollowUpCounts;
}

/** Who has done what of the remediation at one moment (`followUp`). */
export interface FollowUp {
  /** The moment, as an ISO 8601 instant. */
  readonly at: string;
  /** The deadline of the plans, when the round has one. */
  readonly planDeadline: string | undefined;
  readonly units: readonly UnitFollowUp[];
  readonly agencies: readonly AgencyFollowUp[];
}

export interface FollowUpInput {
  /** The published results (the appraised layer). */
  readonly results: readonly UnitResult[];
  readonly tasks: readonly RemediationTask[];
  readonly plans: readonly RemediationPlan[];
  readonly reports: readonly TaskReport[];
  /** When the plans are due (ISO 8601; a date alone is the end of that day in Vietnam). */
  readonly planDeadline?: string | undefined;
  /** The moment of the follow-up (a test's clock, or now). */
  readonly at: Date;
}

/** The state of every lost item's plan and every lead agency's task at `input.at`. */
export function followUp(input: FollowUpInput): FollowUp {
  const { at, planDeadline } = input;
  const planOf = new Map(input.plans.map((plan) => [`${plan.unit}\u0000${plan.code}`, plan]));
  const reportOf = new Map(input.reports.map((report) => [`${report.task}\u0000${report.agency}`, report]));

  const planState = (plan: RemediationPlan | undefined): PlanState => {
    if (plan)
      return planDeadline !== undefined && isPast(planDeadline, new Date(plan.submittedAt))
        ? 'late'
        : 'on-time';
    return planDeadline !== undefined && isPast(planDeadline, at) ? 'missing' : 'pending';
  };
  const items: FollowUpItem[] = responsibilityLedger(input.results).items.map((item) => {
    const plan = planOf.get(`${item.unit}\u0000${item.code}`);
    return { ...item, state: planState(plan), plan };
  });

  const taskParts: FollowUpTask[] = input.tasks.flatMap((task) =>
    task.lead.map((agency) => {
      const report = reportOf.get(`${task.id}\u0000${agency}`);
      const deadlinePassed = (moment: Date) => task.deadline !== undefined && isPast(task.deadline, moment);
      const done = report?.doneAt !== undefined && report.status === 'done';
      const state: TaskState = done ? 'done' : deadlinePassed(at) ? 'overdue' : 'open';
      return {
        task: task.id,
        area: task.area,
        heading: task.heading,
        text: task.text,
        deadline: task.deadline,
        agency,
        state,
        late: state === 'overdue' || (done && deadlinePassed(new Date(report.doneAt!))),
        report,
      };
    }),
  );

  const units: UnitFollowUp[] = input.results.map((result) => {
    const own = items.filter((item) => item.unit === result.unit.id);
    const tasks = taskParts.filter((part) =>
      input.tasks.some((task) => task.id === part.task && task.units?.includes(result.unit.id)),
    );
    return { unit: result.unit.id, name: result.unit.name, items: own, tasks, counts: countsOf(own, tasks) };
  });

  // Agencies in the order they first appear: named for lost items, then leading tasks.
  const agencyNames = [
    ...new Set([...items.flatMap((item) => item.responsible), ...taskParts.map((part) => part.agency)]),
  ];
  const agencies: AgencyFollowUp[] = agencyNames.map((agency) => {
    const named = items.filter((item) => item.responsible.includes(agency));
    const tasks = taskParts.filter((part) => part.agency === agency);
    return { agency, items: named, tasks, counts: countsOf(named, tasks) };
  });
  return { at: at.toISOString(), planDeadline, units, agencies };
}

function countsOf(items: readonly FollowUpItem[], tasks: readonly FollowUpTask[]): FollowUpCounts {
  const planned = (state: PlanState) => items.filter((item) => item.state === state).length;
  const tasksIn = (state: TaskState) => tasks.filter((task) => task.state === state).length;
  return {
    items: items.length,
    onTime: planned('on-time'),
    late: planned('late'),
    missing: planned('missing'),
    pending: planned('pending'),
    done: items.filter((item) => item.plan?.status === 'done').length,
    tasks: tasks.length,
    tasksDone: tasksIn('done'),
    tasksOverdue: tasksIn('overdue'),
    tasksOpen: tasksIn('open'),
  };
}

/** Is an item's plan late: sent after the deadline, or not sent once it has passed? */
const isLateItem = (item: FollowUpItem) => item.state === 'late' || item.state === 'missing';

/**
 * The follow-up cut to what is late: plans late or missing, tasks overdue or done late; the units without
 * a late or missing plan, and the agencies with nothing late, left out.
 */
export function lateOnly(state: FollowUp): FollowUp {
  const cut = <T extends UnitFollowUp | AgencyFollowUp>(entry: T): T => {
    const items = entry.items.filter(isLateItem);
    const tasks = entry.tasks.filter((task) => task.late);
    return { ...entry, items, tasks, counts: countsOf(items, tasks) };
  };
  // A unit is late for its own plans; the tasks that name it are their lead agencies' to report on.
  return {
    ...state,
    units: state.units.map(cut).filter((unit) => unit.items.length > 0),
    agencies: state.agencies.map(cut).filter((agency) => agency.items.length > 0 || agency.tasks.length > 0),
  };
}

/** "Đối với công tác chỉ đạo, điều hành cải cách hành chính" from the area's name. */
export function taskHeading(areaName: string): string {
  return `Đối với ${inSentence(areaName)}`;
}

export interface DraftTaskOptions {
  /** The deadline the drafts carry (a round's remediation deadline); none by default. */
  readonly deadline?: string | undefined;
}

/**
 * One draft task per area in which any unit lost points: the items lost, the agencies the results name
 * for them (most points lost first) and the units that lost points without an agency named, the units
 * that must act. Areas are matched by code across criteria sets (a district's and its communes' sets
 * number their areas alike); the heading takes the first set's name.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { scoreDocuments, unwrap } from '@cchc/core';
 * import { draftTasks } from '@cchc/core/remediation';
 * import { konRay2021 } from '@cchc/examples';
 * const drafts = draftTasks(unwrap(scoreDocuments(konRay2021)), { deadline: '2022-06-30' });
 * // One task per area with lost points, led by the agencies the results name for it.
 * assert.ok(drafts.length > 0 && drafts.every((task) => task.deadline === '2022-06-30'));
 * ```
 */
export function draftTasks(results: readonly UnitResult[], options: DraftTaskOptions = {}): TaskDraft[] {
  interface Area {
    code: string;
    name: string;
    items: Map<string, string>;
    lostByAgency: Map<string, Decimal>;
    units: string[];
    unnamedUnits: string[];
  }
  const areas = new Map<string, Area>();
  for (const result of results) {
    for (const node of result.nodes) {
      const lost = lostItems([node]);
      if (lost.length === 0) continue;
      let area = areas.get(node.code);
      if (!area) {
        area = {
          code: node.code,
          name: node.name,
          items: new Map(),
          lostByAgency: new Map(),
          units: [],
          unnamedUnits: [],
        };
        areas.set(node.code, area);
      }
      area.units.push(result.unit.id);
      for (const item of lost) {
        if (!area.items.has(item.code)) area.items.set(item.code, item.name);
        for (const agency of item.responsible)
          area.lostByAgency.set(agency, (area.lostByAgency.get(agency) ?? ZERO).plus(item.lost));
        if (item.responsible.length === 0 && !area.unnamedUnits.includes(result.unit.name))
          area.unnamedUnits.push(result.unit.name);
      }
    }
  }
  return [...areas.values()]
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((area) => {
      const agencies = [...area.lostByAgency.entries()]
        .sort(([, a], [, b]) => b.comparedTo(a))
        .map(([agency]) => agency);
      const listed = [...area.items.entries()].map(([code, name]) => `${code} ${name}`).join('; ');
      return {
        id: `area-${area.code}`,
        area: area.code,
        heading: taskHeading(area.name),
        text: `Khắc phục những tồn tại, hạn chế ở các tiêu chí, tiêu chí thành phần bị trừ điểm: ${listed}.`,
        lead: [...agencies, ...area.unnamedUnits],
        units: area.units,
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
        draft: true as const,
      };
    });
}

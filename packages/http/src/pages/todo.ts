/**
 * "Việc cần làm": what waits for the person signed in, now, across the rounds they see: a sheet to fill and
 * submit, explanations to answer, units to appraise, a round to publish, plans and task reports due. Each
 * with its link and its deadline; nothing done, nothing whose phase has passed.
 */
import { deadlineInstant, isPast } from '@cchc/core';
import {
  type Caller,
  may,
  passesOf,
  phaseOf,
  type Rounds,
  RoundsError,
  type RoundView,
  unitPhaseFacts,
} from '@cchc/rounds';
import { roundPath } from './context.js';

/** One thing to do: what, where, by when. */
export interface Todo {
  /** What it is, for whom, in which round (`self:<round>:<unit>`): a reminder of it is sent once. */
  readonly key: string;
  readonly text: string;
  readonly href: string;
  /** The deadline it is due by (a date or an instant), when the round has one. */
  readonly deadline?: string | undefined;
}

type Assignments = Awaited<ReturnType<Rounds['assignments']>>;

/**
 * The units of a round an appraiser works on: those assigned to its account when the round assigns any, else
 * all; every unit for anyone else who appraises (an admin).
 */
export function appraisedUnits(
  caller: Caller,
  round: RoundView,
  assignments: Assignments,
): RoundView['units'] {
  if (assignments.length === 0 || caller.role.kind !== 'appraiser' || caller.account === undefined)
    return round.units;
  const mine = assignments.find((assignment) => assignment.login === caller.account);
  return round.units.filter(
    (unit) => mine !== undefined && (mine.units.length === 0 || mine.units.includes(unit.id)),
  );
}

/** Whether a layer's phase is open at `at`: not locked, its deadline not passed. */
const phaseOpen = (round: RoundView, layer: 'self' | 'appraised', deadline: string | undefined, at: Date) =>
  round.locks[layer] === undefined && (deadline === undefined || !isPast(deadline, at));

/** What waits for the admin of an unpublished round: units late with their self-assessment, publication. */
function managerTodos(round: RoundView, at: Date): Todo[] {
  const base = roundPath(round.id);
  const titled = (text: string) => `${text} (${round.title})`;
  const todos: Todo[] = [];
  const late = round.unitStates.filter((unit) => !unit.submitted && isPast(round.deadlines.self, at));
  if (late.length > 0)
    todos.push({
      key: `late:${round.id}`,
      text: titled(`${late.length} đơn vị chưa chốt điểm tự chấm dù đã quá hạn: nhắc đơn vị, hoặc dời hạn`),
      href: `${base}/quan-ly`,
    });
  if (round.unitStates.length > 0 && round.unitStates.every((unit) => unit.appraised))
    todos.push({
      key: `publish:${round.id}`,
      text: titled(
        `Mọi đơn vị đã có điểm thẩm định${passesOf(round) === 2 ? ' lần 2' : ''}: công bố kết quả`,
      ),
      href: `${base}/cong-bo`,
    });
  return todos;
}

/**
 * What waits for `caller` in a round of two passes, unit by unit in its own phase: a sheet to submit, the
 * first appraisal, explanations to answer and close, the second appraisal, publication.
 */
async function twoPassTodos(rounds: Rounds, caller: Caller, round: RoundView, at: Date): Promise<Todo[]> {
  const { role } = caller;
  const base = roundPath(round.id);
  const titled = (text: string) => `${text} (${round.title})`;
  const phases = new Map(
    round.unitStates.map((unit) => [unit.id, phaseOf(unitPhaseFacts(round, unit), at)] as const),
  );
  const todos: Todo[] = [];
  if (role.kind === 'unit') {
    const state = round.unitStates.find((unit) => unit.id === role.unit);
    if (!state) return todos;
    const sheet = (page: string) => `${base}/don-vi/${encodeURIComponent(role.unit)}/${page}`;
    const phase = phases.get(role.unit);
    if (phase === 'self')
      todos.push({
        key: `self:${round.id}:${role.unit}`,
        text: titled(
          state.self ? 'Chốt phiếu tự chấm điểm (đã có điểm, chưa chốt)' : 'Tự chấm điểm và chốt phiếu',
        ),
        href: sheet('tu-cham'),
        deadline: round.deadlines.self,
      });
    if (phase === 'explanation')
      todos.push({
        key: `explain:${round.id}:${role.unit}`,
        text: titled(
          state.pendingExplanations > 0
            ? `Trả lời ${state.pendingExplanations} yêu cầu giải trình, rồi chốt giải trình`
            : 'Chốt giải trình (đã trả lời mọi yêu cầu)',
        ),
        href: sheet('ket-qua'),
        deadline: round.deadlines.explanation,
      });
    return todos;
  }
  if (may(caller, 'appraise')) {
    const units = new Set(
      appraisedUnits(caller, round, await rounds.assignments(caller, round.id)).map((unit) => unit.id),
    );
    const mine = round.unitStates.filter((unit) => units.has(unit.id));
    const first = mine.filter((unit) => phases.get(unit.id) === 'appraised-1' && !unit.firstPass);
    const second = mine.filter((unit) => phases.get(unit.id) === 'appraised' && !unit.appraised);
    if (first.length > 0)
      todos.push({
        key: `appraise-1:${round.id}`,
        text: titled(`Thẩm định lần 1: ${first.length} đơn vị đã chốt điểm tự chấm`),
        href: `${base}/tham-dinh`,
        deadline: round.deadlines.appraisal1,
      });
    if (second.length > 0)
      todos.push({
        key: `appraise:${round.id}`,
        text: titled(`Thẩm định lần 2: ${second.length} đơn vị đã xong giải trình`),
        href: `${base}/tham-dinh`,
        deadline: round.deadlines.appraisal,
      });
  }
  if (may(caller, 'manage')) todos.push(...managerTodos(round, at));
  return todos;
}

/** What waits for `caller` in `rounds` at `at`, soonest deadline first. */
export async function todosOf(
  rounds: Rounds,
  caller: Caller,
  listed: readonly RoundView[],
  at: Date,
): Promise<Todo[]> {
  const todos: Todo[] = [];
  const { role } = caller;
  for (const round of listed) {
    const base = roundPath(round.id);
    const sheet = (unit: string, page: string) => `${base}/don-vi/${encodeURIComponent(unit)}/${page}`;
    const titled = (text: string) => `${text} (${round.title})`;
    if (round.published) {
      if (role.kind !== 'unit' && role.kind !== 'agency') continue;
      // A round the caller sees but whose follow-up is not theirs to read has nothing of theirs to do.
      const state = await rounds.followUp(caller, round.id).catch((error: unknown) => {
        if (error instanceof RoundsError && (error.kind === 'forbidden' || error.kind === 'not-found'))
          return undefined;
        throw error;
      });
      if (!state) continue;
      if (role.kind === 'unit') {
        const unit = state.units.find((one) => one.unit === role.unit);
        const due = unit?.items.filter((item) => item.state === 'pending' || item.state === 'missing') ?? [];
        if (due.length > 0)
          todos.push({
            key: `plan:${round.id}:${role.unit}`,
            text: titled(`Lập kế hoạch khắc phục cho ${due.length} mục bị trừ điểm`),
            href: `${base}/khac-phuc`,
            deadline: state.planDeadline,
          });
      } else {
        const agency = state.agencies.find((one) => one.agency === role.agency);
        const open = agency?.tasks.filter((task) => task.state !== 'done') ?? [];
        if (open.length > 0)
          todos.push({
            key: `report:${round.id}:${role.agency}`,
            text: titled(`Báo cáo kết quả ${open.length} nhiệm vụ khắc phục`),
            href: `${base}/khac-phuc`,
            deadline: open
              .map((task) => task.deadline)
              .filter((one) => one !== undefined)
              .sort()[0],
          });
      }
      continue;
    }
    if (passesOf(round) === 2) {
      todos.push(...(await twoPassTodos(rounds, caller, round, at)));
      continue;
    }
    const selfOpen = phaseOpen(round, 'self', round.deadlines.self, at);
    const appraisalOpen = phaseOpen(round, 'appraised', round.deadlines.appraisal, at);
    if (role.kind === 'unit') {
      const state = round.unitStates.find((unit) => unit.id === role.unit);
      if (!state) continue;
      if (!state.submitted && selfOpen)
        todos.push({
          key: `self:${round.id}:${role.unit}`,
          text: titled(
            state.self ? 'Chốt phiếu tự chấm điểm (đã có điểm, chưa chốt)' : 'Tự chấm điểm và chốt phiếu',
          ),
          href: sheet(role.unit, 'tu-cham'),
          deadline: round.deadlines.self,
        });
      // Answered until the explanation deadline, or while the appraisal is open when the round sets none.
      const explaining =
        round.deadlines.explanation === undefined ? appraisalOpen : !isPast(round.deadlines.explanation, at);
      if (state.pendingExplanations > 0 && explaining)
        todos.push({
          key: `explain:${round.id}:${role.unit}`,
          text: titled(`Trả lời ${state.pendingExplanations} yêu cầu giải trình`),
          href: sheet(role.unit, 'ket-qua'),
          deadline: round.deadlines.explanation ?? round.deadlines.appraisal,
        });
      continue;
    }
    if (may(caller, 'appraise') && appraisalOpen) {
      const units = new Set(
        appraisedUnits(caller, round, await rounds.assignments(caller, round.id)).map((unit) => unit.id),
      );
      const waiting = round.unitStates.filter(
        (unit) => units.has(unit.id) && unit.submitted && !unit.appraised,
      );
      if (waiting.length > 0)
        todos.push({
          key: `appraise:${round.id}`,
          text: titled(`Thẩm định ${waiting.length} đơn vị đã chốt điểm tự chấm`),
          href: `${base}/tham-dinh`,
          deadline: round.deadlines.appraisal,
        });
    }
    if (may(caller, 'manage')) todos.push(...managerTodos(round, at));
  }
  const when = (todo: Todo) =>
    todo.deadline === undefined ? Number.POSITIVE_INFINITY : deadlineInstant(todo.deadline).getTime();
  return todos.sort((a, b) => when(a) - when(b));
}

/**
 * Reminders by email: for each person with an email and an active account, each thing that waits for them
 * with a deadline (their "Việc cần làm"), at each offset from that deadline (by default three days and one day
 * before, and one day after while it is still not done), one message; and what happened to them lately (an
 * explanation requested, their sheet reopened, results published), once each. Each is keyed by what it is
 * about and for whom, so that the outbox keeps it once whichever process plans it, however often.
 */
import { deadlineInstant } from '@cchc/core';
import {
  type Caller,
  type MailMessage,
  parseRole,
  passesOf,
  phaseOf,
  type Rounds,
  type SurveyMailWords,
  unitPhaseFacts,
} from '@cchc/rounds';
import { html } from './html.js';
import { deadlineDay, timeLeft, vietnamTime } from './pages/context.js';
import { surveyFormPath } from './pages/survey-form.js';
import { todosOf } from './pages/todo.js';

export interface ReminderOptions {
  /** Offsets from a deadline, in ms: negative before it, positive after (`REMINDER_OFFSETS` by default). */
  readonly offsetsMs?: readonly number[];
  /**
   * How long after its moment a reminder is still worth sending (a day by default): an app that was stopped
   * for a week does not send a week of old reminders when it starts.
   */
  readonly windowMs?: number;
  /** The address people open the pages at (`https://cchc.kontum.gov.vn`), for the links. */
  readonly publicUrl: string;
}

const DAY = 24 * 3600_000;
const FOOTER =
  'Thư này do hệ thống chấm điểm chỉ số cải cách hành chính gửi tự động; xin đừng trả lời thư này.';
/** Three days and one day before a deadline, one day after it while the thing is still not done. */
export const REMINDER_OFFSETS: readonly number[] = [-3 * DAY, -DAY, DAY];

/** A message's text and HTML: the greeting, its lines, one link under `label`, and the footer. */
function letterBody(name: string, lines: readonly string[], url: string, label: string) {
  return {
    text: [`Kính gửi ${name},`, '', ...lines, '', `${label}: ${url}`, '', FOOTER].join('\n'),
    html: html`<p>Kính gửi ${name},</p>${lines.map((line) => html`<p>${line}</p>`)}<p><a href="${url}">${label}</a></p><p style="color:#555">${FOOTER}</p>`
      .text,
  };
}

/**
 * The words of a survey's invitations and reminders (`@cchc/rounds`' `inviteSurveyRespondents`): the link to
 * the respondent's form at `publicUrl`, and until when it takes answers.
 */
export function surveyMailWords(publicUrl: string): SurveyMailWords {
  const base = publicUrl.replace(/\/+$/, '');
  return (invitation) => {
    const reminder = invitation.kind === 'reminder';
    return {
      subject: `${reminder ? 'Nhắc trả lời phiếu khảo sát' : 'Mời trả lời phiếu khảo sát'}: ${invitation.title}`,
      ...letterBody(
        invitation.name,
        [
          reminder
            ? `Ông/bà chưa gửi phiếu khảo sát “${invitation.title}”. Đường dẫn dưới đây thay cho đường dẫn trong thư trước (đường dẫn cũ không còn mở được); những câu trả lời đã lưu vẫn còn.`
            : `Ông/bà được mời trả lời phiếu khảo sát “${invitation.title}” (nhóm ${invitation.group}).`,
          `Phiếu nhận trả lời đến hết ngày ${deadlineDay(invitation.closes)}.`,
          'Đường dẫn này chỉ dành riêng cho ông/bà và chỉ gửi phiếu được một lần; có thể lưu lại để trả lời tiếp sau.',
        ],
        `${base}${surveyFormPath(invitation.token)}`,
        'Trả lời phiếu',
      ),
    };
  };
}

/** An offset as a reminder's key writes it: `-3d`, `+1d`, `-90s`. */
const offsetLabel = (ms: number) =>
  `${ms < 0 ? '-' : '+'}${Math.abs(ms) % DAY === 0 ? `${Math.abs(ms) / DAY}d` : `${Math.round(Math.abs(ms) / 1000)}s`}`;

/**
 * The reminders due at `at`: what each person with an email must be told now. `system` reads every account
 * (an admin of every authority, the app's own).
 */
export async function plannedReminders(
  rounds: Rounds,
  system: Caller,
  at: Date,
  options: ReminderOptions,
): Promise<MailMessage[]> {
  const offsets = options.offsetsMs ?? REMINDER_OFFSETS;
  const windowMs = options.windowMs ?? DAY;
  const messages: MailMessage[] = [];
  for (const account of await rounds.listAccounts(system)) {
    const role = parseRole(account.role);
    const to = account.email;
    if (!account.active || to === undefined || role === undefined) continue;
    const caller: Caller = {
      name: account.name,
      role,
      account: account.login,
      ...(account.authority === undefined ? {} : { authority: account.authority }),
    };
    const listed = await rounds.listRounds(caller);
    const base = options.publicUrl.replace(/\/+$/, '');
    const letter = (key: string, subject: string, lines: readonly string[], path: string): MailMessage => ({
      key: `${key}:${account.login}`,
      to,
      subject,
      ...letterBody(account.name, lines, `${base}${path}`, 'Mở trang'),
      ...(account.authority === undefined ? {} : { authority: account.authority }),
    });
    // What happened to them lately, once each: told within a window of the event, not for old ones.
    const recent = (instant: string) => {
      const time = Date.parse(instant);
      return time <= at.getTime() && time > at.getTime() - windowMs;
    };
    for (const round of listed) {
      const roundPath = `/app/dot/${encodeURIComponent(round.id)}`;
      if (round.published && recent(round.published.at) && (role.kind === 'unit' || role.kind === 'agency'))
        messages.push(
          letter(
            `bao:cong-bo:${round.id}`,
            `Đã công bố kết quả: ${round.title}`,
            [`Kết quả ${round.title} đã được công bố ${vietnamTime(round.published.at)}.`],
            `${roundPath}/xep-hang`,
          ),
        );
      if (role.kind !== 'unit' || round.published || !round.units.some((unit) => unit.id === role.unit))
        continue;
      const unitPath = `${roundPath}/don-vi/${encodeURIComponent(role.unit)}`;
      // With two passes, the first pass's requests are told when the unit may answer them: as its
      // explanations open (the first pass locked or past its deadline), not while the pass goes on.
      const state = round.unitStates.find((unit) => unit.id === role.unit);
      const twoPasses = passesOf(round) === 2;
      const explaining = twoPasses && state && phaseOf(unitPhaseFacts(round, state), at) === 'explanation';
      const opened = twoPasses
        ? (round.locks['appraised-1']?.at ?? deadlineInstant(round.deadlines.appraisal1!).toISOString())
        : undefined;
      for (const explanation of await rounds.explanations(caller, round.id, role.unit)) {
        const { request, answer } = explanation;
        if (!request || (answer && answer.at >= request.at)) continue;
        if (twoPasses ? !explaining || !recent(opened!) : !recent(request.at)) continue;
        messages.push(
          letter(
            `bao:giai-trinh:${round.id}:${role.unit}:${explanation.code}:${request.at}`,
            `Yêu cầu giải trình mục ${explanation.code}: ${round.title}`,
            [
              `${request.key} yêu cầu giải trình mục ${explanation.code}: ${request.text}`,
              ...(round.deadlines.explanation
                ? [`Hạn giải trình: ${vietnamTime(deadlineInstant(round.deadlines.explanation))}.`]
                : []),
            ],
            `${unitPath}/ket-qua`,
          ),
        );
      }
      for (const event of await rounds.roundEvents(caller, round.id))
        if (event.kind === 'reopen' && event.unit === role.unit && recent(event.at)) {
          const what = event.phase === 'explanation' ? 'giải trình' : 'phiếu tự chấm điểm';
          messages.push(
            letter(
              `bao:mo-lai:${round.id}:${role.unit}:${event.at}`,
              `${event.phase === 'explanation' ? 'Giải trình' : 'Phiếu tự chấm điểm'} được mở lại: ${round.title}`,
              [`${event.key} đã mở lại ${what} của đơn vị ${vietnamTime(event.at)}. Lý do: ${event.reason}`],
              `${unitPath}/${event.phase === 'explanation' ? 'ket-qua' : 'tu-cham'}`,
            ),
          );
        }
    }
    for (const todo of await todosOf(rounds, caller, listed, at)) {
      if (todo.deadline === undefined) continue;
      const deadline = deadlineInstant(todo.deadline).getTime();
      for (const offset of offsets) {
        const moment = deadline + offset;
        if (at.getTime() < moment || at.getTime() >= moment + windowMs) continue;
        const left = timeLeft(todo.deadline, at);
        const late = left === 'đã quá hạn';
        messages.push(
          letter(
            `nhac:${todo.key}:${offsetLabel(offset)}`,
            `${late ? 'Đã quá hạn' : 'Nhắc việc'}: ${todo.text}`,
            [
              `${late ? 'Việc sau đã quá hạn và chưa xong' : 'Việc sau đang chờ'}: ${todo.text}.`,
              `Hạn: ${vietnamTime(new Date(deadline))} (${left}).`,
            ],
            todo.href,
          ),
        );
      }
    }
  }
  return messages;
}

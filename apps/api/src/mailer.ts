/**
 * Sends the reminders: every `everyMs`, plans what each person must be told now (`plannedReminders`),
 * queues it in the store's outbox (kept once per key, whichever process queues it), then claims the due
 * messages for a lease and sends them over SMTP. Several app processes on one PostgreSQL server each do the
 * same: the outbox gives each message to one sender at a time, and takes back the messages of a sender that
 * stopped mid-send once their lease ends.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { plannedReminders } from '@cchc/http';
import type { Caller, Rounds } from '@cchc/rounds';
import nodemailer from 'nodemailer';
import type { MailConfig } from './config.js';

/** The app itself, reading every account to plan their reminders. */
const SYSTEM: Caller = { name: 'cchc', role: { kind: 'admin' } };
/** The most messages one turn claims: the rest wait for the next turn (or another process). */
const PER_TURN = 20;

type Log = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export function startMailer(rounds: Rounds, config: MailConfig, log: Log): { stop(): Promise<void> } {
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // Bounded waits: a server that is down or hung fails the send (tried again later), never holds it.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  const sender = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const turn = async () => {
    const planned = await plannedReminders(rounds, SYSTEM, new Date(), {
      offsetsMs: config.offsetsMs,
      publicUrl: config.publicUrl,
    });
    const queued = planned.length > 0 ? await rounds.queueMail(planned) : 0;
    if (queued > 0) log('info', 'reminders queued', { queued });
    for (const message of await rounds.claimMail(sender, { limit: PER_TURN, leaseMs: config.leaseMs })) {
      if (stopped) return;
      try {
        await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          // The same for every try of one reminder: a mail client shows a message sent twice once.
          messageId: `<${createHash('sha256').update(message.key).digest('hex').slice(0, 32)}@cchc>`,
        });
        await rounds.mailSent(message.key, sender);
        log('info', 'reminder sent', { key: message.key });
      } catch (error) {
        const reason = String((error as Error).message ?? error);
        await rounds.mailFailed(message.key, sender, reason);
        log('warn', 'reminder not sent', { key: message.key, reason, attempt: message.attempts });
      }
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = turn()
        .catch((error: unknown) =>
          log('error', 'reminders failed', { error: String((error as Error).message ?? error) }),
        )
        .finally(schedule);
    }, config.everyMs);
    timer.unref();
  };
  schedule();
  log('info', 'reminders by email', {
    every: config.everyMs / 1000,
    offsets: config.offsetsMs.map((ms) => ms / 1000),
  });
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}

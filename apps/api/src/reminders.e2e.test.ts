import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { konRay2021 } from '@cchc/examples';
import { inSchema, openServer } from '@cchc/rounds';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './e2e-support.js';

const [, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;
const ADMIN = 'khoa-quan-tri-0123456789';
const serverUrl = process.env['DATABASE_URL'];
const schema = `cchc_e2e_mail_${process.pid}_${Date.now()}`;

/** A message the test's SMTP server accepted: to whom, its subject and its Message-ID. */
interface Received {
  readonly to: string;
  readonly subject: string;
  readonly id: string;
}

describe.skipIf(!serverUrl)(
  'reminders by email, from app processes on one PostgreSQL server',
  { timeout: 90_000 },
  () => {
    const received: Received[] = [];
    let smtp: SMTPServer;
    let port = 0;
    /** While set, a message's data is not read: its sender waits mid-send. */
    let holding: (() => void) | undefined;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const apps: RunningApp[] = [];

    beforeAll(async () => {
      const setup = await openServer(serverUrl!);
      await setup.exec(`create schema ${schema}`);
      await setup.close();
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const hold = holding;
          if (hold) {
            // The first message: its sender is killed while it waits here; nothing of it is accepted.
            holding = undefined;
            hold();
            stream.on('error', () => undefined);
            return;
          }
          let text = '';
          stream.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          stream.on('end', () => {
            received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
              subject: /^Subject: (.*)$/m.exec(text)?.[1] ?? '',
              id: /^Message-ID: (.*)$/im.exec(text)?.[1]?.trim() ?? '',
            });
            callback();
          });
        },
      });
      // The killed sender's connection resets: expected, not a fault of the test.
      smtp.on('error', () => undefined);
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      port = (smtp.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      const setup = await openServer(serverUrl!);
      await setup.exec(`drop schema if exists ${schema} cascade`);
      await setup.close();
    });

    it('sends each person each reminder exactly once, a process killed mid-send included', async () => {
      const env = {
        CCHC_API_KEYS: JSON.stringify([{ name: 'Phòng Nội vụ', role: 'admin', key: ADMIN }]),
        DATABASE_URL: inSchema(serverUrl!, schema),
        CCHC_SMTP_URL: `smtp://127.0.0.1:${port}`,
        CCHC_PUBLIC_URL: 'https://cchc.example',
        CCHC_MAIL_EVERY_S: '1',
        CCHC_MAIL_LEASE_S: '4',
        // The self-assessment deadline is 30 s ahead: reminders 25 s and 15 s before it.
        CCHC_REMINDER_OFFSETS: '-25s,-15s',
        CCHC_RENDER_WORKERS: '1',
      };
      const killed = await startApp(env);
      apps.push(killed);
      const send = (path: string, body: unknown) =>
        fetch(`${killed.url}${path}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      for (
        let tries = 0;
        (await send(`/v1/criteria-sets/${communeSet!.id}`, communeSet)).status >= 500;
        tries++
      ) {
        if (tries > 100) throw new Error('the store did not open');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const deadline = new Date(Date.now() + 30_000).toISOString();
      const round = await send('/v1/rounds/nhac-viec', {
        title: 'Đánh giá CCHC các xã năm 2026',
        period: 2026,
        authority: { name: 'UBND huyện Kon Rẫy' },
        units: [first!, second!].map((unit) => ({
          id: unit.unit.id,
          name: unit.unit.name,
          criteriaSet: communeSet!.id,
        })),
        deadlines: { self: deadline, appraisal: '2099-12-31' },
      });
      expect(round.status).toBe(201);
      for (const [login, unit] of [
        ['xa-mot', first!],
        ['xa-hai', second!],
      ] as const)
        expect(
          (
            await send(`/v1/accounts/${login}`, {
              name: unit.unit.name,
              email: `${login}@xa.example`,
              role: `unit:${unit.unit.id}`,
            })
          ).status,
        ).toBe(201);

      // The first reminder's sender is killed while the SMTP server holds its message.
      await held;
      killed.child.kill('SIGKILL');
      await once(killed.child, 'exit');
      apps.splice(apps.indexOf(killed), 1);
      // Two other processes take over: the killed one's messages once their lease ends, and the next ones.
      apps.push(...(await Promise.all([startApp(env), startApp(env)])));
      const deadlineAt = Date.parse(deadline);
      while (received.length < 4 && Date.now() < deadlineAt + 20_000)
        await new Promise((resolve) => setTimeout(resolve, 250));
      // A little longer: nothing more comes.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(received.map((message) => message.to).sort()).toEqual([
        'xa-hai@xa.example',
        'xa-hai@xa.example',
        'xa-mot@xa.example',
        'xa-mot@xa.example',
      ]);
      expect(new Set(received.map((message) => message.id)).size).toBe(4);
      expect(received.every((message) => message.subject.length > 0)).toBe(true);
      expect(apps.flatMap((app) => app.logs).filter((entry) => entry['msg'] === 'unexpected fault')).toEqual(
        [],
      );
    });
  },
);

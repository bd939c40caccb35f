import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './keys.js';
import { MAIL_ATTEMPTS, type MailMessage, retryDelayMs } from './outbox.js';
import { openRounds, type Rounds } from './rounds.js';
import { refusal, STORES } from './test-stores.js';

const province: Caller = { name: 'Sở Nội vụ', role: { kind: 'admin' } };
const district: Caller = { name: 'Phòng Nội vụ', role: { kind: 'admin' }, authority: 'UBND huyện Kon Rẫy' };
const message = (key: string, authority?: string): MailMessage => ({
  key,
  to: `${key}@xa.example`,
  subject: `Nhắc việc ${key}`,
  text: 'Còn 3 ngày đến hạn tự chấm điểm.',
  html: '<p>Còn 3 ngày đến hạn tự chấm điểm.</p>',
  ...(authority ? { authority } : {}),
});

for (const store of STORES)
  describe(`the mail outbox on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    let clock = new Date('2022-01-10T01:00:00Z');
    const later = (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    };
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('keeps each key once, and gives each due message to one sender at a time', async () => {
      expect(await rounds.queueMail([message('a', 'UBND huyện Kon Rẫy'), message('b'), message('c')])).toBe(
        3,
      );
      expect(await rounds.queueMail([message('a'), message('b')])).toBe(0);
      const [first, second] = await Promise.all([
        rounds.claimMail('may-1', { limit: 2, leaseMs: 60_000 }),
        rounds.claimMail('may-2', { limit: 2, leaseMs: 60_000 }),
      ]);
      const claimed = [...first!, ...second!].map((entry) => entry.key).sort();
      expect(claimed).toEqual(['a', 'b', 'c']);
      expect(await rounds.claimMail('may-3', { limit: 5, leaseMs: 60_000 })).toEqual([]);
      const mine = first!.map((entry) => entry.key);
      // Only the sender that holds a message says it sent.
      await rounds.mailSent(mine[0]!, 'may-2');
      await rounds.mailSent(mine[0]!, 'may-1');
      const states = new Map((await rounds.outbox(province)).map((entry) => [entry.key, entry.state]));
      expect(states.get(mine[0]!)).toBe('sent');
      expect([...states.values()].filter((state) => state === 'sending')).toHaveLength(2);
      // A district's admin lists its own people's mail alone.
      expect((await rounds.outbox(district)).map((entry) => entry.key)).toEqual(['a']);
      expect(await refusal(rounds.outbox({ name: 'Xã', role: { kind: 'unit', unit: 'x' } }))).toBe(
        'forbidden',
      );
    });

    it('takes back a message whose sender stopped, once its lease has ended; the stopped sender then says nothing', async () => {
      const held = (await rounds.outbox(province))
        .filter((entry) => entry.state === 'sending')
        .map((entry) => entry.key);
      expect(await rounds.claimMail('may-3', { limit: 5, leaseMs: 60_000 })).toEqual([]);
      later(61_000);
      const taken = await rounds.claimMail('may-3', { limit: 5, leaseMs: 60_000 });
      expect(taken.map((entry) => entry.key).sort()).toEqual(held.sort());
      expect(taken.every((entry) => entry.attempts === 2)).toBe(true);
      await rounds.mailSent(held[0]!, 'may-1');
      await rounds.mailSent(held[0]!, 'may-2');
      expect((await rounds.outbox(province)).find((entry) => entry.key === held[0])?.state).toBe('sending');
      for (const key of held) await rounds.mailSent(key, 'may-3');
      expect((await rounds.outbox(province)).every((entry) => entry.state === 'sent')).toBe(true);
    });

    it('tries a failed send again later and later, and gives it up after its last try, saying why', async () => {
      await rounds.queueMail([message('d')]);
      for (let attempt = 1; attempt <= MAIL_ATTEMPTS; attempt++) {
        const [entry] = await rounds.claimMail('may-1', { limit: 1, leaseMs: 60_000 });
        expect(entry?.key).toBe('d');
        await rounds.mailFailed('d', 'may-1', `550 hộp thư không tồn tại (${attempt})`);
        expect(await rounds.claimMail('may-1', { limit: 1, leaseMs: 60_000 })).toEqual([]);
        later(retryDelayMs(attempt));
      }
      const given = (await rounds.outbox(province)).find((entry) => entry.key === 'd');
      expect(given).toMatchObject({
        state: 'failed',
        attempts: MAIL_ATTEMPTS,
        lastError: `550 hộp thư không tồn tại (${MAIL_ATTEMPTS})`,
      });
      later(24 * 3600_000);
      expect(await rounds.claimMail('may-1', { limit: 1, leaseMs: 60_000 })).toEqual([]);
    });
  });

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded } from './sql.js';
import { admin, communesRound, entry, PLAN, ROUND, unitOf } from './survey-fixtures.js';
import type { SurveyMailWords } from './survey-respondents.js';
import { refusalCode, STORES } from './test-stores.js';

/** Deputies' answers tied to who answered (`none`), leaders' signed, citizens' held apart (the default). */
const LEADERS = {
  ...PLAN.groups[0]!,
  id: 'lanh-dao',
  name: 'Lãnh đạo các phòng',
  units: ['dak-koi', 'tan-lap'],
};
const ANONYMITY_PLAN = {
  ...PLAN,
  groups: [...PLAN.groups, LEADERS],
  anonymity: { hdnd: 'none', 'lanh-dao': 'signed' },
};

/** The words of a message, with its link's token where a test can read it back. */
const words: SurveyMailWords = (invitation) => ({
  subject: `${invitation.kind === 'invitation' ? 'Mời' : 'Nhắc'}: ${invitation.title}`,
  text: `Kính gửi ${invitation.name} (${invitation.group}): /app/khao-sat/${invitation.token}`,
  html: `<a href="/app/khao-sat/${invitation.token}">${invitation.name}</a>`,
});
const tokenIn = (text: string) => /\/khao-sat\/([A-Za-z0-9_-]{22})/.exec(text)![1]!;

for (const store of STORES)
  describe(`the survey's respondents and anonymity, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    const clock = new Date('2022-01-10T01:00:00Z');
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
      await communesRound(rounds);
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('keeps each version of the forms until the first link, then freezes them', async () => {
      expect((await rounds.putSurvey(admin, ROUND, PLAN)).version).toBe(1);
      // The same plan again, or another closing day: the same version.
      expect((await rounds.putSurvey(admin, ROUND, { ...PLAN, closes: '2022-01-24' })).version).toBe(1);
      const refused = await rounds
        .putSurvey(admin, ROUND, { ...ANONYMITY_PLAN, anonymity: { 'khong-co': 'none' } })
        .catch((error) => error);
      expect([refused.code, refused.issues[0].path]).toEqual(['survey-errors', ['anonymity', 'khong-co']]);
      const planned = await rounds.putSurvey(admin, ROUND, ANONYMITY_PLAN);
      expect([planned.version, planned.anonymity]).toEqual([
        2,
        { hdnd: 'none', dan: 'apart', 'lanh-dao': 'signed' },
      ]);
      const versions = await rounds.surveyVersions(entry, ROUND);
      expect(versions.map((kept) => [kept.version, kept.document['closes']])).toEqual([
        [1, '2022-01-24'],
        [2, '2022-01-25'],
      ]);
    });

    it('lists respondents for the admin alone, each e-mail once, every error at its path', async () => {
      const body = {
        respondents: [
          { group: 'hdnd', name: 'Nguyễn Văn An', email: 'an@konray.gov.vn', organisation: 'HĐND huyện' },
          { group: 'hdnd', name: 'Trần Thị Bình', email: 'binh@konray.gov.vn' },
          { group: 'hdnd', name: 'Lê Văn Cường' },
          { group: 'dan', name: 'A Thanh', email: 'thanh@example.vn' },
          { group: 'lanh-dao', name: 'Y Hoa', email: 'hoa@konray.gov.vn' },
        ],
      };
      expect(await refusalCode(rounds.addSurveyRespondents(entry, ROUND, body))).toBe('admin-only');
      const wrong = await rounds
        .addSurveyRespondents(admin, ROUND, {
          respondents: [
            { group: 'khong-co', name: 'Ai đó' },
            { group: 'dan', name: 'Hai lần', email: 'X@example.vn' },
            { group: 'dan', name: 'Hai lần', email: 'x@example.vn' },
          ],
        })
        .catch((error) => error);
      expect(wrong.code).toBe('survey-respondents-errors');
      expect(wrong.issues.map((found: { path: unknown[] }) => found.path.join('.'))).toEqual([
        'respondents.0.group',
        'respondents.2.email',
      ]);
      expect(await rounds.addSurveyRespondents(admin, ROUND, body)).toEqual({ added: 5 });
      const again = await rounds
        .addSurveyRespondents(admin, ROUND, {
          respondents: [{ group: 'dan', name: 'A', email: 'AN@konray.gov.vn' }],
        })
        .catch((error) => error);
      expect(again.issues[0].path).toEqual(['respondents', 0, 'email']);
      const list = await rounds.surveyRespondents(admin, ROUND);
      expect([list.total, list.byState]).toEqual([5, { listed: 5, invited: 0, answered: 0 }]);
      expect((await rounds.getSurvey(admin, ROUND)).groups['hdnd']!.respondents).toBe(3);
      expect(await refusalCode(rounds.surveyRespondents(entry, ROUND))).toBe('admin-only');
      expect(await refusalCode(rounds.surveyRespondents(unitOf('dak-koi'), ROUND))).toBe('admin-only');
    });

    it('invites by e-mail in the outbox, hands out the rest, and reminds with a new link', async () => {
      const invited = await rounds.inviteSurveyRespondents(admin, ROUND, words);
      expect([invited.mailed, invited.handed.map((link) => link.name), invited.remaining]).toEqual([
        4,
        ['Lê Văn Cường'],
        0,
      ]);
      // Once: a second call finds nobody left to invite.
      expect((await rounds.inviteSurveyRespondents(admin, ROUND, words)).mailed).toBe(0);
      const sent = await rounds.claimMail('test', { limit: 10, leaseMs: 60_000 });
      expect(sent.map((mail) => mail.to).sort()).toEqual([
        'an@konray.gov.vn',
        'binh@konray.gov.vn',
        'hoa@konray.gov.vn',
        'thanh@example.vn',
      ]);
      // The admin sees that the invitations went, never the respondents' links.
      const outbox = await rounds.outbox(admin);
      expect(outbox).toHaveLength(4);
      expect(outbox.every((mail) => mail.text.endsWith('/app/khao-sat/…'))).toBe(true);
      const linkOf = (to: string) => tokenIn(sent.find((mail) => mail.to === to)!.text);

      const an = linkOf('an@konray.gov.vn');
      expect((await rounds.surveyForm(an)).anonymity).toBe('none');
      await rounds.submitSurveyResponse(an, { 'dak-koi': { '9.1': 'A', '9.2': 'B' } });
      await rounds.saveSurveyDraft(linkOf('thanh@example.vn'), { 'tan-lap': { '9.1': 'C' } });
      expect((await rounds.surveyRespondents(admin, ROUND)).byState).toEqual({
        listed: 0,
        invited: 4,
        answered: 1,
      });

      const reminded = await rounds.remindSurveyRespondents(admin, ROUND, words);
      expect(reminded).toEqual({ reminded: 3 });
      const reminders = (await rounds.claimMail('test', { limit: 10, leaseMs: 60_000 })).filter((mail) =>
        mail.key.startsWith('khao-sat:nhac:'),
      );
      expect(reminders.map((mail) => mail.to).sort()).toEqual([
        'binh@konray.gov.vn',
        'hoa@konray.gov.vn',
        'thanh@example.vn',
      ]);
      // The earlier link no longer opens; the new one opens the same form with what was saved.
      expect(await refusalCode(rounds.surveyForm(linkOf('thanh@example.vn')))).toBe('survey-link-unknown');
      const thanh = tokenIn(reminders.find((mail) => mail.to === 'thanh@example.vn')!.text);
      expect((await rounds.surveyForm(thanh)).draft).toEqual({ 'tan-lap': { '9.1': 'C' } });
      await rounds.submitSurveyResponse(thanh, { 'tan-lap': { '9.1': 'C' } });

      // A signed form is sent once signed; an anonymous one takes no name.
      const hoa = tokenIn(reminders.find((mail) => mail.to === 'hoa@konray.gov.vn')!.text);
      expect(await refusalCode(rounds.submitSurveyResponse(hoa, { 'dak-koi': { '9.1': 'B' } }))).toBe(
        'survey-signature-needed',
      );
      expect(await refusalCode(rounds.signSurvey(thanh, { name: 'A', position: 'B' }))).toBe(
        'survey-link-used',
      );
      const handed = invited.handed[0]!.token;
      expect(
        await refusalCode(rounds.signSurvey(handed, { name: 'Lê Văn Cường', position: 'Đại biểu' })),
      ).toBe('survey-signature-unexpected');
      expect(await refusalCode(rounds.signSurvey(hoa, { name: ' ', position: 'Trưởng phòng' }))).toBe(
        'survey-signature-needed',
      );
      await rounds.signSurvey(hoa, { name: 'Y Hoa', position: 'Trưởng phòng Nội vụ' });
      expect((await rounds.surveyForm(hoa)).signature).toEqual({
        name: 'Y Hoa',
        position: 'Trưởng phòng Nội vụ',
      });
      await rounds.submitSurveyResponse(hoa, { 'dak-koi': { '9.1': 'B' } });
      // The deputy without an address answers through the link handed to him.
      await rounds.submitSurveyResponse(handed, { 'tan-lap': { '9.2': 'A' } });

      // Who answered what: kept for the deputies' form (not anonymous) and the signed one, never the citizens'.
      const { responses } = await rounds.surveyResponses(admin, ROUND);
      const said = (group: string) =>
        responses
          .filter((response) => response.group === group)
          .map((response) => [response.respondent?.name ?? null, response.signature?.name ?? null])
          .sort();
      expect(said('hdnd')).toEqual([
        ['Lê Văn Cường', null],
        ['Nguyễn Văn An', null],
      ]);
      expect(said('lanh-dao')).toEqual([[null, 'Y Hoa']]);
      expect(said('dan')).toEqual([[null, null]]);
      expect(await refusalCode(rounds.surveyResponses(entry, ROUND))).toBe('admin-only');
      // Nobody left unanswered with an address but the deputy Bình: one reminder more.
      expect(await rounds.remindSurveyRespondents(admin, ROUND, words)).toEqual({ reminded: 1 });
      expect(await refusalCode(rounds.removeSurveyRespondent(admin, ROUND, invited.handed[0]!.id))).toBe(
        'survey-respondent-invited',
      );
    });

    it('takes nobody more once the survey is closed', async () => {
      await rounds.closeSurvey(admin, ROUND);
      const body = { respondents: [{ group: 'dan', name: 'Muộn' }] };
      expect(await refusalCode(rounds.addSurveyRespondents(admin, ROUND, body))).toBe('survey-closed');
      expect(await refusalCode(rounds.inviteSurveyRespondents(admin, ROUND, words))).toBe('survey-closed');
      expect(await refusalCode(rounds.remindSurveyRespondents(admin, ROUND, words))).toBe('survey-closed');
    });

    it('carries the respondents, signatures and versions in the round’s export', async () => {
      const exported = await rounds.exportRound(admin, ROUND);
      expect(JSON.stringify(exported.survey)).not.toMatch(/"token"/);
      const other = await openRounds({ sql: await openEmbedded(), now: () => clock });
      try {
        await other.importRound(admin, ROUND, JSON.parse(JSON.stringify(exported)));
        const page = async (from: Rounds) => (await from.surveyRespondents(admin, ROUND)).respondents;
        const strip = (list: Awaited<ReturnType<typeof page>>) => list.map(({ id: _id, ...kept }) => kept);
        expect(strip(await page(other))).toEqual(strip(await page(rounds)));
        const responses = async (from: Rounds) =>
          (await from.surveyResponses(admin, ROUND)).responses
            .map((response) => JSON.stringify(response))
            .sort();
        expect(await responses(other)).toEqual(await responses(rounds));
        expect(await other.surveyVersions(admin, ROUND)).toEqual(await rounds.surveyVersions(admin, ROUND));
      } finally {
        await other.close();
      }
    });
  });

for (const store of STORES)
  describe(`survey forms imported from a file, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => new Date('2022-01-10T01:00:00Z') });
      await communesRound(rounds);
      await rounds.putSurvey(admin, ROUND, PLAN);
      await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 2, paper: true });
      await rounds.issueSurveyLinks(admin, ROUND, { group: 'hdnd', count: 1, paper: true });
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });
    const stored = async () => (await rounds.getSurvey(admin, ROUND)).groups;

    it('stores every form or none, each error at its path', async () => {
      const wrong = await rounds
        .importSurveyResponses(entry, ROUND, {
          responses: [
            { group: 'dan', serial: 1, answers: { 'dak-koi': { '9.1': 'A' } } },
            { group: 'dan', answers: { 'dak-koi': { '9.1': 'E' } } },
            { group: 'dan', serial: 1, answers: { 'tan-lap': { '9.1': 'B' } } },
            { group: 'dan', serial: 3, answers: { 'tan-lap': { '9.1': 'B' } } },
            { group: 'dan', serial: 99, answers: {} },
          ],
        })
        .catch((error) => error);
      expect(wrong.code).toBe('survey-answers-invalid');
      expect(wrong.issues.map((found: { path: unknown[] }) => found.path.join('.'))).toEqual([
        'responses.1.answers.dak-koi.9.1',
        'responses.2.serial',
        'responses.3.serial',
        'responses.4.serial',
      ]);
      expect((await stored())['dan']!.responses).toBe(0);
      expect(
        await refusalCode(rounds.importSurveyResponses(unitOf('dak-koi'), ROUND, { responses: [] })),
      ).toBe('appraiser-only');

      expect(
        await rounds.importSurveyResponses(entry, ROUND, {
          responses: [
            { group: 'dan', serial: 2, answers: { 'dak-koi': { '9.1': 'A' } } },
            { group: 'dan', answers: { 'dak-koi': { '9.1': 'B' }, 'tan-lap': { '9.1': null } } },
            { group: 'hdnd', serial: 3, answers: { 'tan-lap': { '9.1': 'C', '9.2': 'D' } } },
          ],
        }),
      ).toEqual({ stored: 3 });
      const groups = await stored();
      expect([groups['dan']!.responses, groups['dan']!.used, groups['hdnd']!.used]).toEqual([2, 1, 1]);
      // A paper form imported is entered: typing it again is refused.
      expect(await refusalCode(rounds.enterSurveyPaper(entry, ROUND, 2, { 'dak-koi': { '9.1': 'A' } }))).toBe(
        'survey-serial-used',
      );
      const counts = (await rounds.surveyResults(admin, ROUND)).units['dak-koi']!.criteria['9.1']!;
      expect(counts.options).toMatchObject({ A: 1, B: 1 });
    });

    it('adds tally sheets to the forms, a sheet for a group and unit replacing the one before, all or none', async () => {
      const before = (await rounds.surveyResults(admin, ROUND)).units['dak-koi']!.criteria['9.1']!;
      const wrong = await rounds
        .importSurveyCounts(entry, ROUND, {
          counts: [
            { group: 'dan', unit: 'dak-koi', respondents: 10, answers: { '9.1': { A: 7, B: 4 } } },
            { group: 'dan', unit: 'khong-co', respondents: 1, answers: {} },
            { group: 'hdnd', unit: 'tan-lap', respondents: 3, answers: { '9.2': { E: 1 } } },
          ],
        })
        .catch((error) => error);
      expect(wrong.code).toBe('survey-answers-invalid');
      expect(wrong.issues.map((found: { path: unknown[] }) => found.path.join('.'))).toEqual([
        'counts.0.answers.9.1',
        'counts.1.unit',
        'counts.2.answers.9.2.E',
      ]);
      expect((await stored())['dan']!.counted).toBe(0);
      const sheet = {
        group: 'dan',
        unit: 'dak-koi',
        respondents: 10,
        answers: { '9.1': { A: 6, B: 2, D: 1 } },
      };
      expect(await rounds.importSurveyCounts(entry, ROUND, { counts: [sheet] })).toEqual({ stored: 1 });
      // Corrected and sent again: the sheet replaces the one before, not added to it.
      // Two of its twelve respondents left 9.1 blank.
      const corrected = { ...sheet, respondents: 12, answers: { '9.1': { A: 7, B: 2, D: 1 } } };
      await rounds.importSurveyCounts(entry, ROUND, { counts: [corrected] });
      const groups = await stored();
      expect([groups['dan']!.counted, groups['dan']!.byUnit['dak-koi']]).toEqual([12, 14]);
      const after = (await rounds.surveyResults(admin, ROUND)).units['dak-koi']!.criteria['9.1']!;
      expect(after.options).toMatchObject({ A: before.options['A']! + 7, B: before.options['B']! + 2, D: 1 });
      expect(after.blank).toBe(before.blank + 2);
      // Carried by the round's export.
      const exported = await rounds.exportRound(admin, ROUND);
      expect(exported.survey?.counts).toEqual([
        expect.objectContaining({ group: 'dan', unit: 'dak-koi', respondents: 12 }),
      ]);
    });
  });

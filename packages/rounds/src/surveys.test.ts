import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRounds, type Rounds } from './rounds.js';
import { openEmbedded } from './sql.js';
import {
  admin,
  communes,
  communesRound,
  entry,
  OPTIONS,
  PLAN,
  ROUND,
  UNITS,
  unitOf,
} from './survey-fixtures.js';
import { refusalCode, STORES } from './test-stores.js';

for (const store of STORES)
  describe(`the survey of a round, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    const clock = new Date('2022-01-10T01:00:00Z');
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
      await communesRound(rounds);
      // The communes assess themselves; the survey criteria are not theirs to score (full marks until counted).
      for (const commune of communes)
        await rounds.putLayer(unitOf(commune.unit.id), ROUND, commune.unit.id, 'self', {
          entries: commune.entries,
          unscored: 'full',
        });
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('plans two groups, issues 40 links and 10 paper forms, takes each once, and fills every commune’s survey criteria', async () => {
      expect(await refusalCode(rounds.putSurvey(unitOf('dak-koi'), ROUND, PLAN))).toBe('admin-only');
      const notSurvey = {
        ...PLAN,
        groups: [{ ...PLAN.groups[1]!, questions: [{ code: '1', text: 'Câu hỏi' }] }],
      };
      const refused = await rounds.putSurvey(admin, ROUND, notSurvey).catch((error) => error);
      expect(refused.code).toBe('survey-errors');
      expect(refused.issues[0], JSON.stringify(refused.issues)).toMatchObject({
        params: { problem: 'not_survey_criterion' },
      });
      const planned = await rounds.putSurvey(admin, ROUND, PLAN);
      expect(planned).toMatchObject({ open: true, closes: '2022-01-25', plan: { minimumRespondents: 3 } });

      const hdnd = (await rounds.issueSurveyLinks(admin, ROUND, { group: 'hdnd', count: 20 })).links;
      const dan = (await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 20 })).links;
      const paper = (await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 10, paper: true }))
        .links;
      expect(paper.map((form) => form.serial)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set([...hdnd, ...dan].map((link) => link.token)).size).toBe(40);
      // Forms are frozen once issued; the closing day may still move.
      expect(await refusalCode(rounds.putSurvey(admin, ROUND, { ...PLAN, minimumRespondents: 1 }))).toBe(
        'survey-frozen',
      );
      // The same plan written otherwise (its keys in another order) is the same plan: the day moves.
      const { groups, ...rest } = PLAN;
      const later = await rounds.putSurvey(admin, ROUND, {
        groups: groups.map(({ questions, ...group }) => ({ questions, ...group })),
        ...rest,
        closes: '2022-01-26',
      });
      expect(later.closes).toBe('2022-01-26');
      await rounds.putSurvey(admin, ROUND, PLAN);

      // Through a link: the form of its group, saved, then sent.
      const form = await rounds.surveyForm(dan[0]!.token);
      expect(form.group.name).toBe('Người dân');
      expect(form.units.map((unit) => unit.name)).toContain('UBND xã Đắk Tô Re');
      expect(form.questions).toEqual([
        { code: '9.1', text: 'Thủ tục hành chính của xã có thuận tiện?', options: OPTIONS },
      ]);
      await rounds.saveSurveyDraft(dan[0]!.token, { 'dak-koi': { '9.1': 'B' } });
      expect((await rounds.surveyForm(dan[0]!.token)).draft).toEqual({ 'dak-koi': { '9.1': 'B' } });

      const everyUnit = (answer: Record<string, string | null>) =>
        Object.fromEntries(UNITS.map((unit) => [unit, answer]));
      // Citizens: A, B, C, D and "không biết" four times each for every commune.
      for (const [at, link] of dan.entries())
        await rounds.submitSurveyResponse(link.token, everyUnit({ '9.1': OPTIONS[at % 5]! }));
      // Deputies: A and B everywhere, except that only two of them rate Đắk Tô Re and none rate Đăk Pne's staff.
      for (const [at, link] of hdnd.entries())
        await rounds.submitSurveyResponse(link.token, {
          ...everyUnit({ '9.1': 'A', '9.2': 'B' }),
          'dak-to-re': { '9.1': at < 2 ? 'A' : null, '9.2': 'B' },
          'dak-pne': { '9.1': 'A', '9.2': null },
        });
      expect(await refusalCode(rounds.submitSurveyResponse(dan[1]!.token, everyUnit({ '9.1': 'A' })))).toBe(
        'survey-link-used',
      );
      expect(await refusalCode(rounds.surveyForm(dan[1]!.token))).toBe('survey-link-used');
      expect(await refusalCode(rounds.surveyForm('khong-phai-duong-dan-00'))).toBe('survey-link-unknown');
      // A paper form's hidden token opens nothing: paper is typed by its serial.
      expect(await refusalCode(rounds.surveyForm(paper[0]!.token))).toBe('survey-link-unknown');

      // Paper forms, typed by the entry officer: the form of the serial's group, then every commune A.
      expect((await rounds.surveyPaperForm(entry, ROUND, 4)).group.id).toBe('dan');
      expect(await refusalCode(rounds.enterSurveyPaper(unitOf('dak-koi'), ROUND, 1, {}))).toBe(
        'appraiser-only',
      );
      const wrong = await rounds
        .enterSurveyPaper(entry, ROUND, 1, { 'dak-koi': { '9.1': 'E' } })
        .catch((error) => error);
      expect([wrong.code, wrong.issues[0].path, wrong.issues[0].params.problem]).toEqual([
        'survey-answers-invalid',
        ['answers', 'dak-koi', '9.1'],
        'unknown_option',
      ]);
      const notAsked = await rounds
        .enterSurveyPaper(entry, ROUND, 1, { 'dak-koi': { '9.2': 'A' } })
        .catch((error) => error);
      expect(notAsked.issues[0].params.problem).toBe('question_not_asked');
      for (const form of paper)
        await rounds.enterSurveyPaper(entry, ROUND, form.serial!, everyUnit({ '9.1': 'A' }));
      expect(await refusalCode(rounds.enterSurveyPaper(entry, ROUND, 3, everyUnit({ '9.1': 'A' })))).toBe(
        'survey-serial-used',
      );
      expect(await refusalCode(rounds.enterSurveyPaper(entry, ROUND, 11, {}))).toBe('survey-serial-unknown');

      const issued = await rounds.getSurvey(admin, ROUND);
      expect(issued.groups).toMatchObject({
        hdnd: { links: 20, paper: 0, used: 20, responses: 20 },
        dan: { links: 20, paper: 10, used: 30, responses: 30 },
      });
      // Each response rates every commune: 30 citizens' responses for each.
      expect(issued.groups['dan']!.byUnit).toEqual(Object.fromEntries(UNITS.map((unit) => [unit, 30])));
      // Before publication, a commune sees none of it.
      expect(await refusalCode(rounds.surveyResults(unitOf('dak-koi'), ROUND))).toBe('survey-hidden');

      const closed = await rounds.closeSurvey(admin, ROUND);
      expect([closed.written.length, closed.notWritten]).toEqual([7, []]);
      expect(closed.criteria).toEqual([
        { code: '9.1', name: 'Mức độ hài lòng về thủ tục hành chính' },
        { code: '9.2', name: 'Mức độ hài lòng về cán bộ' },
      ]);
      // Read again, the kept counts come in the plan's order and the set's, as counted.
      const kept = await rounds.surveyResults(admin, ROUND);
      expect(Object.keys(kept.units)).toEqual(UNITS);
      expect(Object.keys(kept.units['dak-koi']!.criteria['9.1']!.options)).toEqual(OPTIONS);
      expect(kept.units).toStrictEqual(closed.units);
      // Đăk Kôi, 9.1: A 20 + 10 + 4, B, C, D and "không biết" 4 each: 46 counted,
      // 2 × (34 × 100 + 4 × 60 + 4 × 20) / (100 × 46) = 1.617… → 1,62.
      expect(closed.units['dak-koi']!.criteria['9.1']).toMatchObject({
        answered: 50,
        counted: 46,
        applicable: true,
      });
      const koi = await rounds.getLayer(admin, ROUND, 'dak-koi', 'appraised');
      const koiSurvey = koi.result.nodes!.find((node) => node.code === '9')!;
      expect(koiSurvey.children!.map((node) => [node.code, node.achieved, node.max])).toEqual([
        ['9.1', '1.62', '2'],
        ['9.2', '0.6', '1'],
      ]);
      expect(koi.key).toBe(admin.name);
      // The appraisal started from the commune's self-assessment: its other entries are there.
      const selfKoi = communes.find((commune) => commune.unit.id === 'dak-koi')!;
      expect((koi.document['entries'] as Record<string, unknown>)['1']).toEqual(selfKoi.entries!['1']);
      // Đắk Tô Re, 9.1: deputies 2 A: A 16, B, C, D 4 each: 2 × 1920 / 2800 = 1,37.
      const toRe = await rounds.getLayer(admin, ROUND, 'dak-to-re', 'appraised');
      expect(toRe.result.nodes!.find((node) => node.code === '9')!.children![0]!.achieved).toBe('1.37');
      // Đăk Pne's staff question: nobody counted, fewer than 3: not applicable, out of the maximum.
      const pne = await rounds.getLayer(admin, ROUND, 'dak-pne', 'appraised');
      const pneStaff = pne.result.nodes!.find((node) => node.code === '9')!.children![1]!;
      expect([pneStaff.status, pneStaff.max]).toEqual(['notApplicable', '0']);
      expect(pne.document['entries']).toMatchObject({
        '9.2': { notApplicable: true, note: expect.stringContaining('dưới mức tối thiểu 3') },
      });

      // Against the assessments: the communes gave themselves full marks (unscored: full); the appraisal
      // follows the survey until an appraiser changes it.
      const compared = await rounds.surveyComparison(entry, ROUND);
      expect(compared.criteria.map((criterion) => [criterion.code, criterion.max])).toEqual([
        ['9.1', '2'],
        ['9.2', '1'],
      ]);
      expect(compared.units['dak-koi']).toEqual({
        '9.1': { survey: '1.62', self: '2', appraised: '1.62' },
        '9.2': { survey: '0.6', self: '1', appraised: '0.6' },
      });
      expect(compared.units['dak-pne']!['9.2']).toEqual({ survey: null, self: '1', appraised: null });
      await rounds.editLayer(admin, ROUND, 'dak-koi', 'appraised', ({ document }) => ({
        ...document,
        // An appraiser's own count: A 1, B 1 → 2 × 160 / 200 = 1,6.
        entries: { ...(document!['entries'] as object), '9.1': { facts: { answers: { A: 1, B: 1 } } } },
      }));
      expect((await rounds.surveyComparison(admin, ROUND)).units['dak-koi']!['9.1']).toEqual({
        survey: '1.62',
        self: '2',
        appraised: '1.6',
      });
      expect(await refusalCode(rounds.surveyComparison(unitOf('dak-koi'), ROUND))).toBe('appraiser-only');

      // Closed: no link answers any more.
      expect(await refusalCode(rounds.submitSurveyResponse(hdnd[0]!.token, {}))).toBe('survey-link-used');
      const spare = (await rounds.getSurvey(admin, ROUND)).open;
      expect(spare).toBe(false);
      expect(await refusalCode(rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 1 }))).toBe(
        'survey-closed',
      );
    });

    it('shows a commune its own figures once published, a group under the minimum left out, never a response', async () => {
      await rounds.publish(admin, ROUND);
      const own = await rounds.surveyResults(unitOf('dak-to-re'), ROUND);
      expect(Object.keys(own.units)).toEqual(['dak-to-re']);
      // Only two deputies rated Đắk Tô Re's procedures: their group is not shown, the citizens' is.
      expect(Object.keys(own.units['dak-to-re']!.criteria['9.1']!.groups)).toEqual(['dan']);
      expect(Object.keys(own.units['dak-to-re']!.criteria['9.2']!.groups)).toEqual(['hdnd']);
      expect(JSON.stringify(own)).not.toMatch(/token|serial/);
      expect(await refusalCode(rounds.getSurvey(unitOf('dak-to-re'), ROUND))).toBe('appraiser-only');
    });

    it('carries the survey in the round’s export: restored, its plan, links and counts are the same', async () => {
      const exported = await rounds.exportRound(admin, ROUND);
      expect(Object.keys(exported)).toContain('survey');
      expect(exported.survey?.responses).toHaveLength(50);
      // No token leaves the store: links travel as the hashes they are kept as.
      expect(JSON.stringify(exported.survey)).not.toMatch(/"token"/);
      const copy = JSON.parse(JSON.stringify(exported));
      // Beside itself, its links would answer for two rounds: refused, nothing stored.
      expect(await refusalCode(rounds.importRound(admin, `${ROUND}-ban-sao`, copy))).toBe(
        'survey-links-taken',
      );
      expect(await refusalCode(rounds.getRound(admin, `${ROUND}-ban-sao`))).toBe('round-not-found');
      // Restored into another store: the same plan, links and counts.
      const other = await openRounds({ sql: await openEmbedded(), now: () => clock });
      try {
        await other.importRound(admin, ROUND, copy);
        const [before, after] = [await rounds.getSurvey(admin, ROUND), await other.getSurvey(admin, ROUND)];
        expect(after.groups).toEqual(before.groups);
        expect((await other.surveyResults(admin, ROUND)).units).toEqual(
          (await rounds.surveyResults(admin, ROUND)).units,
        );
      } finally {
        await other.close();
      }
    });
  });

for (const store of STORES)
  describe(`survey links at once and after closing, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    let clock = new Date('2022-01-10T01:00:00Z');
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => clock });
      await communesRound(rounds);
      await rounds.putSurvey(admin, ROUND, PLAN);
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });

    it('stores one response when two people send through one link at once', async () => {
      const [link] = (await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 1 })).links;
      const answers = { 'dak-koi': { '9.1': 'A' } };
      const sent = await Promise.allSettled(
        Array.from({ length: 4 }, () => rounds.submitSurveyResponse(link!.token, answers)),
      );
      expect(sent.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of sent)
        if (outcome.status === 'rejected') expect(outcome.reason.code).toBe('survey-link-used');
      expect((await rounds.getSurvey(admin, ROUND)).groups['dan']!.responses).toBe(1);
    });

    it('refuses answers after the closing day, and what it refused is not stored', async () => {
      const [link] = (await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 1 })).links;
      clock = new Date('2022-01-25T17:00:00Z'); // midnight after the 25th in Vietnam
      expect(await refusalCode(rounds.submitSurveyResponse(link!.token, { 'dak-koi': { '9.1': 'A' } }))).toBe(
        'survey-closed',
      );
      expect(await refusalCode(rounds.surveyForm(link!.token))).toBe('survey-closed');
      expect((await rounds.getSurvey(admin, ROUND)).groups['dan']).toMatchObject({ used: 1, responses: 1 });
    });
  });

for (const store of STORES)
  describe(`paper forms typed twice, on ${store.name}`, { timeout: 60_000 }, () => {
    let rounds: Rounds;
    beforeAll(async () => {
      rounds = await openRounds({ sql: await store.open(), now: () => new Date('2022-01-10T01:00:00Z') });
      await communesRound(rounds);
      await rounds.putSurvey(admin, ROUND, { ...PLAN, doubleEntry: true });
      await rounds.issueSurveyLinks(admin, ROUND, { group: 'dan', count: 2, paper: true });
    });
    afterAll(async () => {
      await rounds.close();
      await store.drop?.();
    });
    const responses = async () => (await rounds.getSurvey(admin, ROUND)).groups['dan']!.responses;

    it('counts a form once its two typings agree, and shows where they differ until one is confirmed', async () => {
      const typed = (option: string) => ({ 'dak-koi': { '9.1': option }, 'tan-lap': { '9.1': 'C' } });
      expect(await rounds.enterSurveyPaper(entry, ROUND, 1, typed('A'))).toEqual({
        serial: 1,
        state: 'first',
      });
      expect(await responses()).toBe(0);
      expect(await rounds.enterSurveyPaper(admin, ROUND, 1, typed('A'))).toEqual({
        serial: 1,
        state: 'stored',
      });
      expect(await responses()).toBe(1);

      await rounds.enterSurveyPaper(entry, ROUND, 2, typed('A'));
      const differ = await rounds.enterSurveyPaper(admin, ROUND, 2, typed('B')).catch((error) => error);
      expect([differ.code, differ.details]).toEqual([
        'survey-entries-differ',
        { differences: [{ unit: 'dak-koi', code: '9.1', first: 'A', second: 'B' }], firstBy: entry.name },
      ]);
      expect(await responses()).toBe(1);
      // The form looked at again: B it says, confirmed.
      expect(await rounds.enterSurveyPaper(admin, ROUND, 2, typed('B'), { settle: true })).toEqual({
        serial: 2,
        state: 'stored',
      });
      const counts = await rounds.surveyResults(admin, ROUND);
      expect(counts.units['dak-koi']!.criteria['9.1']!.options).toMatchObject({ A: 1, B: 1 });
    });
  });

import type { CriteriaSetInput } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import { keyRing, openEmbedded, openRounds, type Rounds } from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../index.js';

const KEYS = {
  admin: 'khoa-quan-tri-0123456789',
  entry: 'khoa-nhap-phieu-0123456789',
  unit: 'khoa-xa-mot-0123456789',
};
const [, communeSet] = konRay2021.criteriaSets;
const UNITS = konRay2021.communes.map((commune) => commune.unit.id);
const surveySet = {
  ...communeSet,
  id: 'xa-khao-sat',
  criteria: [
    ...communeSet!.criteria,
    {
      code: '9',
      name: 'Khảo sát sự hài lòng',
      children: [{ code: '9.1', name: 'Sự hài lòng', max: 2, rule: { kind: 'survey' } }],
    },
  ],
} as CriteriaSetInput;

let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const call = (method: string, path: string, key: string | undefined, body?: unknown) =>
  app.request(path, {
    method,
    headers: {
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => new Date('2022-01-10T01:00:00Z') });
  app = createApp({
    rounds,
    keys: keyRing([
      { name: 'Phòng Nội vụ', role: 'admin', key: KEYS.admin },
      { name: 'Cán bộ nhập phiếu', role: 'appraiser', key: KEYS.entry },
      { name: 'UBND xã Đắk Tô Re', role: 'unit:dak-to-re', key: KEYS.unit },
    ]),
  });
  expect((await call('PUT', '/v1/criteria-sets/xa-khao-sat', KEYS.admin, surveySet)).status).toBe(201);
  const round = await call('PUT', '/v1/rounds/xa-2021', KEYS.admin, {
    title: 'Đánh giá CCHC các xã năm 2021',
    period: 2021,
    authority: { name: 'UBND huyện Kon Rẫy' },
    units: konRay2021.communes.map((commune) => ({ ...commune.unit, criteriaSet: 'xa-khao-sat' })),
    deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
  });
  expect(round.status).toBe(201);
});
afterAll(() => rounds.close());

describe('the survey over the API', () => {
  it('plans, issues links, takes answers without a key once each, refuses what is wrong with its path, and closes', async () => {
    const plan = {
      criteriaSet: 'xa-khao-sat',
      title: 'Khảo sát sự hài lòng năm 2021',
      closes: '2022-01-25',
      groups: [
        { id: 'dan', name: 'Người dân', units: UNITS, questions: [{ code: '9.1', text: 'Hài lòng?' }] },
      ],
    };
    expect((await call('PUT', '/v1/rounds/xa-2021/survey', KEYS.unit, plan)).status).toBe(403);
    expect(
      (await call('PUT', '/v1/rounds/xa-2021/survey', KEYS.admin, { ...plan, closes: 'sớm' })).status,
    ).toBe(422);
    const planned = await call('PUT', '/v1/rounds/xa-2021/survey', KEYS.admin, plan);
    expect(planned.status, await planned.clone().text()).toBe(200);
    const issued = await call('POST', '/v1/rounds/xa-2021/survey/links', KEYS.admin, {
      group: 'dan',
      count: 3,
    });
    expect(issued.status).toBe(201);
    const { links } = (await issued.json()) as { links: { token: string }[] };
    expect(
      (await call('POST', '/v1/rounds/xa-2021/survey/links', KEYS.admin, { group: 'dan', count: 5001 }))
        .status,
    ).toBe(422);

    // A respondent has no key: the link is enough, and only for its own form.
    const form = await call('GET', `/v1/survey/${links[0]!.token}`, undefined);
    expect(form.status).toBe(200);
    expect(((await form.json()) as { questions: { options: string[] }[] }).questions[0]!.options).toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
    expect((await call('GET', '/v1/survey/khong-co-duong-dan-nay', undefined)).status).toBe(404);
    const wrong = await call('POST', `/v1/survey/${links[0]!.token}`, undefined, {
      'dak-koi': { '9.1': 'E' },
    });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(
      'answers["dak-koi"]["9.1"]',
    );
    const huge = Object.fromEntries(
      UNITS.map((unit) => [
        unit,
        Object.fromEntries(Array.from({ length: 1500 }, (_, at) => [`9.${at}`, 'A'])),
      ]),
    );
    const tooMany = await call('POST', `/v1/survey/${links[0]!.token}`, undefined, huge);
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain('more than 5000 answers in one response');
    expect(
      (await call('PUT', `/v1/survey/${links[0]!.token}/draft`, undefined, { 'dak-koi': { '9.1': 'B' } }))
        .status,
    ).toBe(204);
    const answers = Object.fromEntries(UNITS.map((unit) => [unit, { '9.1': 'A' }]));
    // Two sendings through one link at once: one is stored.
    const both = await Promise.all([
      call('POST', `/v1/survey/${links[0]!.token}`, undefined, answers),
      call('POST', `/v1/survey/${links[0]!.token}`, undefined, answers),
    ]);
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    for (const link of links.slice(1))
      expect((await call('POST', `/v1/survey/${link.token}`, undefined, answers)).status).toBe(201);

    // Paper forms, typed by the entry officer by their serial.
    await call('POST', '/v1/rounds/xa-2021/survey/links', KEYS.admin, {
      group: 'dan',
      count: 1,
      paper: true,
    });
    expect((await call('PUT', '/v1/rounds/xa-2021/survey/paper/1', KEYS.unit, answers)).status).toBe(403);
    expect((await call('PUT', '/v1/rounds/xa-2021/survey/paper/1', KEYS.entry, answers)).status).toBe(201);
    expect((await call('PUT', '/v1/rounds/xa-2021/survey/paper/1', KEYS.entry, answers)).status).toBe(409);
    expect((await call('PUT', '/v1/rounds/xa-2021/survey/paper/x', KEYS.entry, answers)).status).toBe(404);

    expect((await call('GET', '/v1/rounds/xa-2021/survey/results', KEYS.unit)).status).toBe(403);
    // Closed before any commune assessed itself: counted, but no appraisal has anything to start from.
    const early = await call('POST', '/v1/rounds/xa-2021/survey/close', KEYS.admin);
    expect(early.status).toBe(200);
    const counts = (await early.json()) as {
      units: Record<string, { criteria: Record<string, { counted: number }> }>;
      notWritten: { unit: string; code: string }[];
    };
    expect(counts.units['dak-koi']!.criteria['9.1']!.counted).toBe(4);
    expect(counts.notWritten.map((unit) => unit.code)).toEqual(Array(7).fill('assessment-errors'));
    const koi = konRay2021.communes.find((commune) => commune.unit.id === 'dak-koi')!;
    await call('PUT', '/v1/rounds/xa-2021/units/dak-koi/self', KEYS.admin, {
      entries: koi.entries,
      unscored: 'full',
    });
    const again = (await (await call('POST', '/v1/rounds/xa-2021/survey/close', KEYS.admin)).json()) as {
      written: string[];
    };
    expect(again.written).toEqual(['dak-koi']);
    const layer = await call('GET', '/v1/rounds/xa-2021/units/dak-koi/appraised', KEYS.admin);
    expect(await layer.text()).toContain('Khảo sát: 4 người trả lời được tính');
    expect((await call('POST', `/v1/survey/${links[1]!.token}`, undefined, answers)).status).toBe(409);
    const workbook = await call('GET', '/v1/rounds/xa-2021/survey/results.xlsx', KEYS.entry);
    expect([workbook.status, workbook.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(new TextDecoder().decode((await workbook.arrayBuffer()).slice(0, 2))).toBe('PK');
    expect((await call('GET', '/v1/rounds/xa-2021/survey/results.xlsx', KEYS.unit)).status).toBe(403);
    const report = await (await call('GET', '/v1/rounds/xa-2021/survey/report?format=md', KEYS.admin)).text();
    expect(report).toContain('Kon Rẫy, ngày');
    expect(report).toContain('**Tiêu chí 9.1. Sự hài lòng**');
    // With its points, set against the commune's own: it gave itself full marks, as its 4 A's give.
    expect(report).toContain('| UBND xã Đăk Kôi | 4 | 0 | 0 | 0 | 4 | Có | 2 |');
    expect(report).toContain('III. ĐỐI CHIẾU VỚI ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH');
    expect(report).toContain(
      'Điểm tự chấm và điểm thẩm định các tiêu chí khảo sát của 01 cơ quan, đơn vị khớp với điểm theo kết quả khảo sát.',
    );
    const docx = await call('GET', '/v1/rounds/xa-2021/survey/report?format=docx', KEYS.admin);
    expect([docx.status, docx.headers.get('content-disposition')]).toEqual([
      200,
      expect.stringContaining('khao-sat-xa-2021.docx'),
    ]);
    const openapi = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security: unknown[] }>>;
    };
    expect(openapi.paths['/v1/survey/{token}']!['post']!.security).toEqual([]);
  });
});

describe('the survey’s respondents, invitations and imported forms over the API', () => {
  it('lists respondents for the admin, invites them by e-mail, takes a signed form, and imports typed forms', async () => {
    const round = await call('PUT', '/v1/rounds/xa-2022', KEYS.admin, {
      title: 'Đánh giá CCHC các xã năm 2022',
      period: 2022,
      authority: { name: 'UBND huyện Kon Rẫy' },
      units: konRay2021.communes.map((commune) => ({ ...commune.unit, criteriaSet: 'xa-khao-sat' })),
      deadlines: { self: '2023-01-20', appraisal: '2023-01-31' },
    });
    expect(round.status).toBe(201);
    const question = [{ code: '9.1', text: 'Hài lòng?' }];
    const planned = await call('PUT', '/v1/rounds/xa-2022/survey', KEYS.admin, {
      criteriaSet: 'xa-khao-sat',
      title: 'Khảo sát sự hài lòng năm 2022',
      closes: '2023-01-25',
      groups: [
        { id: 'lanh-dao', name: 'Lãnh đạo các phòng', units: UNITS, questions: question },
        { id: 'dan', name: 'Người dân', units: UNITS, questions: question },
      ],
      anonymity: { 'lanh-dao': 'signed' },
    });
    expect(planned.status, await planned.clone().text()).toBe(200);

    const people = {
      respondents: [
        { group: 'lanh-dao', name: 'Y Hoa', email: 'hoa@konray.gov.vn', organisation: 'Phòng Nội vụ' },
        { group: 'dan', name: 'A Thanh' },
      ],
    };
    expect((await call('POST', '/v1/rounds/xa-2022/survey/respondents', KEYS.entry, people)).status).toBe(
      403,
    );
    const badEmail = await call('POST', '/v1/rounds/xa-2022/survey/respondents', KEYS.admin, {
      respondents: [{ group: 'dan', name: 'B', email: 'khong-phai-email' }],
    });
    expect(badEmail.status).toBe(422);
    expect(((await badEmail.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(
      'respondents[0].email',
    );
    expect((await call('POST', '/v1/rounds/xa-2022/survey/respondents', KEYS.admin, people)).status).toBe(
      201,
    );
    const invited = await call('POST', '/v1/rounds/xa-2022/survey/invitations', KEYS.admin);
    expect(invited.status).toBe(201);
    const { mailed, handed } = (await invited.json()) as { mailed: number; handed: { token: string }[] };
    expect([mailed, handed.length]).toEqual([1, 1]);
    const [mail] = (await rounds.claimMail('test', { limit: 5, leaseMs: 60_000 })).filter((sent) =>
      sent.key.startsWith('khao-sat:moi:xa-2022:'),
    );
    expect(mail!.subject).toBe('Mời trả lời phiếu khảo sát: Khảo sát sự hài lòng năm 2022');
    expect(mail!.text).toContain('Phiếu nhận trả lời đến hết ngày 25/01/2023.');
    const token = /\/app\/khao-sat\/([A-Za-z0-9_-]{22})/.exec(mail!.text)![1]!;
    expect(mail!.text).toContain(`http://localhost/app/khao-sat/${token}`);
    const listed = await call('GET', '/v1/rounds/xa-2022/survey/respondents?group=lanh-dao', KEYS.admin);
    expect(((await listed.json()) as { byState: unknown }).byState).toEqual({
      listed: 0,
      invited: 1,
      answered: 0,
    });
    expect((await call('GET', '/v1/rounds/xa-2022/survey/respondents', KEYS.unit)).status).toBe(403);

    const answers = { 'dak-koi': { '9.1': 'A' } };
    expect((await call('POST', `/v1/survey/${token}`, undefined, answers)).status).toBe(422);
    expect(
      (
        await call('PUT', `/v1/survey/${token}/signature`, undefined, {
          name: 'Y Hoa',
          position: 'Trưởng phòng',
        })
      ).status,
    ).toBe(204);
    expect((await call('POST', `/v1/survey/${token}`, undefined, answers)).status).toBe(201);
    expect(
      (await call('PUT', `/v1/survey/${handed[0]!.token}/signature`, undefined, { name: 'A', position: 'B' }))
        .status,
    ).toBe(422);
    const responses = await call('GET', '/v1/rounds/xa-2022/survey/responses', KEYS.admin);
    expect(((await responses.json()) as { responses: { signature: unknown }[] }).responses).toEqual([
      expect.objectContaining({ group: 'lanh-dao', signature: { name: 'Y Hoa', position: 'Trưởng phòng' } }),
    ]);
    expect((await call('GET', '/v1/rounds/xa-2022/survey/responses', KEYS.entry)).status).toBe(403);

    // Forms typed in the workbook the entry officer downloads, then sent back.
    const template = await call('GET', '/v1/rounds/xa-2022/survey/forms.xlsx', KEYS.entry);
    expect(template.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    const citizens = workbook.getWorksheet('Người dân')!;
    citizens.getCell('D4').value = 'B';
    citizens.getCell('D5').value = 'C';
    const typed = new Uint8Array(await workbook.xlsx.writeBuffer());
    const send = (bytes: Uint8Array, key: string) =>
      app.request('/v1/rounds/xa-2022/survey/import', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: bytes,
      });
    expect((await send(typed, KEYS.unit)).status).toBe(403);
    citizens.getCell('D6').value = 'Z';
    const wrong = await send(new Uint8Array(await workbook.xlsx.writeBuffer()), KEYS.entry);
    expect(wrong.status).toBe(422);
    expect(
      ((await wrong.json()) as { errors: { path: string }[] }).errors.map((found) => found.path),
    ).toEqual(["'Người dân'!D6"]);
    const imported = await send(typed, KEYS.entry);
    expect([imported.status, await imported.json()]).toEqual([201, { stored: 1 }]);
    const survey = (await (await call('GET', '/v1/rounds/xa-2022/survey', KEYS.entry)).json()) as {
      groups: Record<string, { responses: number; respondents: number }>;
      version: number;
    };
    expect([survey.groups['dan'], survey.version]).toEqual([
      expect.objectContaining({ responses: 1, respondents: 1 }),
      1,
    ]);
    // Counted elsewhere, sent as JSON: each error at its path; then stored, and counted with the forms.
    const badCounts = await call('POST', '/v1/rounds/xa-2022/survey/counts', KEYS.entry, {
      counts: [{ group: 'dan', unit: 'dak-koi', respondents: 3, answers: { '9.1': { A: 4 } } }],
    });
    expect(badCounts.status).toBe(422);
    expect(((await badCounts.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(
      'counts[0].answers["9.1"]',
    );
    const counts = await call('POST', '/v1/rounds/xa-2022/survey/counts', KEYS.entry, {
      counts: [{ group: 'dan', unit: 'dak-koi', respondents: 3, answers: { '9.1': { A: 2, B: 1 } } }],
    });
    expect([counts.status, await counts.json()]).toEqual([201, { stored: 1 }]);
    const results = (await (await call('GET', '/v1/rounds/xa-2022/survey/results', KEYS.entry)).json()) as {
      units: Record<string, { criteria: Record<string, { options: Record<string, number> }> }>;
    };
    // Đăk Kôi: the signed leader's A, and the sheet's A 2, B 1.
    expect(results.units['dak-koi']!.criteria['9.1']!.options).toEqual({ A: 3, B: 1, C: 0, D: 0 });
    expect((await call('GET', '/v1/rounds/xa-2022/survey/counts.xlsx', KEYS.entry)).status).toBe(200);
    const versions = await call('GET', '/v1/rounds/xa-2022/survey/versions', KEYS.entry);
    expect(
      ((await versions.json()) as { versions: { version: number }[] }).versions.map((kept) => kept.version),
    ).toEqual([1]);
  });
});

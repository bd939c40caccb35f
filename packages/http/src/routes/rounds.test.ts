import { parseCriteriaSet, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import {
  type Action,
  type Caller,
  keyRing,
  may,
  openEmbedded,
  openRounds,
  parseRole,
  type Rounds,
  type Target,
} from '@cchc/rounds';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../index.js';
import { openApiDocument } from '../openapi.js';
import { peopleWorkbook } from '../pages-test-support.js';

// biome-ignore lint/suspicious/noExplicitAny: test helper; every use is checked by an assertion
const json = async (response: Response): Promise<any> => response.json();

const KEYS = {
  admin: 'admin-key-0123456789',
  appraiser: 'appraiser-key-0123456789',
  first: 'unit-key-dak-to-re-0123',
  second: 'unit-key-dak-to-lung-0123',
};
const keys = keyRing([
  { name: 'Sở Nội vụ', role: 'admin', key: KEYS.admin },
  { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
  { name: 'UBND xã Đắk Tô Re', role: 'unit:dak-to-re', key: KEYS.first },
  { name: 'UBND xã Đăk Tơ Lung', role: 'unit:dak-to-lung', key: KEYS.second },
]);
const [districtSet, communeSet] = konRay2021.criteriaSets;
const [first, second] = konRay2021.communes;

let rounds: Rounds;
let app: ReturnType<typeof createApp>;
const clock = new Date('2022-01-10T00:00:00Z');

// Creating an embedded store takes seconds of computing, more beside the other tests on two cores.
beforeAll(async () => {
  rounds = await openRounds({ sql: await openEmbedded(), now: () => clock });
  app = createApp({ rounds, keys });
}, 60_000);
afterAll(() => rounds.close());

const call = (
  method: string,
  path: string,
  key?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The round of the reference report: the district and its seven communes, on their two sets. */
const everyUnit = [konRay2021.district, ...konRay2021.communes];
const ROUND = {
  title: 'Đánh giá, xếp hạng CCHC năm 2021',
  period: 2021,
  authority: { name: 'UBND huyện Kon Rẫy' },
  units: everyUnit.map((unit) => ({ id: unit.unit.id, name: unit.unit.name, criteriaSet: unit.criteriaSet })),
  deadlines: { self: '2022-01-20', appraisal: '2022-01-31' },
};

describe('the stored rounds over HTTP', { timeout: 30_000 }, () => {
  it('asks for a key on every stored route, and says how to configure keys when there are none', async () => {
    expect((await call('GET', '/v1/rounds')).status).toBe(401);
    const unknown = await call('GET', '/v1/rounds', 'not-a-key-at-all');
    expect([unknown.status, unknown.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    const keyless = createApp({ rounds });
    const problem = await json(
      await keyless.request('/v1/rounds', { headers: { authorization: `Bearer ${KEYS.admin}` } }),
    );
    expect(problem).toMatchObject({ status: 401, type: 'urn:cchc:problem:unauthorized' });
    expect(problem.detail).toContain('CCHC_API_KEYS');
    expect((await app.request('/health')).status).toBe(200);
  });

  it('runs a round: sets, units writing their self layer, appraisal, locks, publication, results and report', async () => {
    expect(
      (await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.appraiser, communeSet)).status,
    ).toBe(403);
    expect((await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.admin, communeSet)).status).toBe(
      201,
    );
    expect((await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.admin, communeSet)).status).toBe(
      200,
    );
    const district = await call('PUT', `/v1/criteria-sets/${districtSet!.id}`, KEYS.admin, districtSet);
    expect(district.status).toBe(201);
    expect((await call('PUT', '/v1/rounds/xa-2021', KEYS.admin, ROUND)).status).toBe(201);

    const self = `/v1/rounds/xa-2021/units/${first!.unit.id}/self`;
    const written = await call('PUT', self, KEYS.first, { entries: first!.entries });
    expect([written.status, written.headers.get('etag')]).toEqual([200, '"1"']);
    expect((await json(written)).result.achieved).toBe('79.3');
    const stale = await call('PUT', self, KEYS.first, { entries: first!.entries }, { 'if-match': '"0"' });
    expect([stale.status, stale.headers.get('etag')]).toEqual([412, '"1"']);
    // The same document again is no new revision, and the answer says so.
    const same = await call('PUT', self, KEYS.first, { entries: first!.entries }, { 'if-match': '"1"' });
    expect([same.status, same.headers.get('etag'), (await json(same)).unchanged]).toEqual([200, '"1"', true]);
    const retyped = await call(
      'PUT',
      self,
      KEYS.first,
      { entries: { ...first!.entries, '1': { ...first!.entries!['1']!, note: 'Bổ sung minh chứng.' } } },
      { 'if-match': '*' },
    );
    expect([retyped.status, retyped.headers.get('etag')]).toEqual([200, '"2"']);
    expect((await call('PUT', self, KEYS.second, { entries: first!.entries })).status).toBe(403);
    expect((await call('GET', self, KEYS.second)).status).toBe(403);
    const read = await call('GET', `${self}?revision=1`, KEYS.appraiser);
    expect([read.status, read.headers.get('etag')]).toEqual([200, '"1"']);
    expect((await call('PUT', self, KEYS.first, { entries: { '9.9': { score: 1 } } })).status).toBe(422);
    expect(
      (await call('PUT', `/v1/rounds/xa-2021/units/${first!.unit.id}/other`, KEYS.admin, {})).status,
    ).toBe(404);

    const asked = await call(
      'PUT',
      `/v1/rounds/xa-2021/units/${first!.unit.id}/explanations/1`,
      KEYS.appraiser,
      {
        request: 'Đề nghị giải trình tiêu chí 1.',
      },
    );
    expect(asked.status).toBe(200);
    await call('PUT', `/v1/rounds/xa-2021/units/${first!.unit.id}/explanations/1`, KEYS.first, {
      text: 'Đã bổ sung kế hoạch.',
      evidence: ['Kế hoạch số 12/KH-UBND'],
    });
    const explanations = await json(
      await call('GET', `/v1/rounds/xa-2021/units/${first!.unit.id}/explanations`, KEYS.first),
    );
    expect(explanations.explanations).toMatchObject([
      {
        code: '1',
        request: { text: 'Đề nghị giải trình tiêu chí 1.', key: 'Tổ thẩm định' },
        answer: {
          text: 'Đã bổ sung kế hoạch.',
          evidence: ['Kế hoạch số 12/KH-UBND'],
          key: 'UBND xã Đắk Tô Re',
        },
      },
    ]);
    expect((await call('POST', `${self}/submit`, KEYS.first)).status).toBe(200);
    const closed = await call('PUT', self, KEYS.first, { entries: first!.entries });
    expect([closed.status, (await json(closed)).type]).toEqual([423, 'urn:cchc:problem:locked']);
    expect((await call('POST', `${self}/reopen`, KEYS.admin)).status).toBe(200);
    expect((await call('POST', '/v1/rounds/xa-2021/lock', KEYS.admin, { layer: 'self' })).status).toBe(200);
    const locked = await call('PUT', self, KEYS.first, { entries: first!.entries });
    expect([locked.status, (await json(locked)).layer]).toEqual([423, 'self']);
    // A key that may not lock is told so first, whatever its body says.
    expect((await call('POST', '/v1/rounds/xa-2021/unlock', KEYS.first, { layer: 'nothing' })).status).toBe(
      403,
    );
    expect((await call('POST', '/v1/rounds/xa-2021/unlock', KEYS.admin, { layer: 'nothing' })).status).toBe(
      422,
    );
    expect((await call('POST', '/v1/rounds/xa-2021/unlock', KEYS.admin, { layer: 'self' })).status).toBe(200);

    const appraise = (unit: (typeof everyUnit)[number]) =>
      call('PUT', `/v1/rounds/xa-2021/units/${unit.unit.id}/appraised`, KEYS.appraiser, {
        entries: unit.entries,
        ...(unit.unscored === undefined ? {} : { unscored: unit.unscored }),
        stated: unit.stated,
      });
    expect((await appraise(first!)).status).toBe(200);
    const early = await call('POST', '/v1/rounds/xa-2021/publish', KEYS.admin, { report: konRay2021.report });
    expect(early.status).toBe(409);
    expect((await json(early)).detail).toContain(second!.unit.id);
    for (const unit of everyUnit.filter((unit) => unit !== first))
      expect((await appraise(unit)).status).toBe(200);
    const badReport = await call('POST', '/v1/rounds/xa-2021/publish', KEYS.admin, {
      report: { ...konRay2021.report, place: undefined },
    });
    expect([badReport.status, (await json(badReport)).errors[0].path]).toEqual([422, 'report.place']);
    const publication = await call('POST', '/v1/rounds/xa-2021/publish', KEYS.admin, {
      report: konRay2021.report,
    });
    expect([publication.status, publication.status === 200 ? '' : await publication.text()]).toEqual([
      200,
      '',
    ]);

    const { results, published } = await json(await call('GET', '/v1/rounds/xa-2021/results', KEYS.second));
    expect(published).toBe(true);
    expect(results).toHaveLength(8);
    expect(
      results.find((result: { unit: { id: string } }) => result.unit.id === first!.unit.id),
    ).toMatchObject({
      achieved: '79.3',
      difference: '0',
    });
    expect((await appraise(first!)).status).toBe(423);
    const history = await json(
      await call('GET', `/v1/rounds/xa-2021/units/${first!.unit.id}/history`, KEYS.first),
    );
    expect(
      history.revisions.map(
        (entry: { layer: string; revision: number }) => `${entry.layer} ${entry.revision}`,
      ),
    ).toEqual(['self 1', 'self 2', 'appraised 1']);
    const round = await json(await call('GET', '/v1/rounds/xa-2021', KEYS.second));
    expect(round.published).toMatchObject({ key: 'Sở Nội vụ' });
    const report = await call('GET', '/v1/rounds/xa-2021/report?format=md', KEYS.second);
    expect([report.status, report.status === 200 ? '' : await report.clone().text()]).toEqual([200, '']);
    // The reference report's figures, from the stored round: the same report as the stateless API writes.
    const stored = await report.text();
    expect(stored).toContain('**81,45/95 điểm**');
    const stateless = await createApp().request('/v1/report?format=md', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        criteriaSets: konRay2021.criteriaSets,
        assessments: everyUnit,
        report: konRay2021.report,
      }),
    });
    expect(stored).toBe(await stateless.text());

    const exported = await call('GET', '/v1/rounds/xa-2021/export', KEYS.admin);
    expect([exported.status, (await call('GET', '/v1/rounds/xa-2021/export', KEYS.second)).status]).toEqual([
      200, 403,
    ]);
    const copied = await call('PUT', '/v1/rounds/xa-copy/import', KEYS.admin, await exported.json());
    expect(copied.status).toBe(201);
    const copiedResults = await json(await call('GET', '/v1/rounds/xa-copy/results', KEYS.admin));
    expect(copiedResults).toEqual(await json(await call('GET', '/v1/rounds/xa-2021/results', KEYS.admin)));
  });

  it('takes a round id as unit ids are, refuses one that could break an address or a header, and exports it by name', async () => {
    await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.admin, communeSet);
    const units = ROUND.units.filter((unit) => unit.criteriaSet === communeSet!.id);
    for (const id of ['đợt 2021', 'a"b', 'x\u202ey'])
      expect(
        (await call('PUT', `/v1/rounds/${encodeURIComponent(id)}`, KEYS.admin, { ...ROUND, units })).status,
      ).toBe(422);
    const path = `/v1/rounds/${encodeURIComponent('đợt-2021')}`;
    expect((await call('PUT', path, KEYS.admin, { ...ROUND, units })).status).toBe(201);
    const exported = await call('GET', `${path}/export`, KEYS.admin);
    expect([exported.status, exported.headers.get('content-disposition')]).toEqual([
      200,
      `attachment; filename="cchc-round-dot-2021.json"; filename*=UTF-8''cchc-round-%C4%91%E1%BB%A3t-2021.json`,
    ]);
    // An explanation with a NUL is refused at its field, not by the database.
    const explanation = await call('PUT', `${path}/units/${first!.unit.id}/explanations/1`, KEYS.appraiser, {
      request: 'a\u0000b',
    });
    expect(explanation.status).toBe(422);
    // A revision past what a store can hold is a bad request, not a fault.
    expect(
      (await call('GET', `${path}/units/${first!.unit.id}/self?revision=2147483648`, KEYS.admin)).status,
    ).toBe(400);
  });

  it('describes every route it serves in its OpenAPI document, each with the key it asks for', async () => {
    const served = app.routes
      .filter(
        (route) =>
          // The officials' pages (/app) are HTML for people, not part of the API's description.
          route.method !== 'ALL' &&
          !route.path.startsWith('/docs') &&
          !route.path.startsWith('/app') &&
          route.path !== '/' &&
          route.path !== '/openapi.json',
      )
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .sort();
    const paths = openApiDocument('0.0.0', { rounds: true })['paths'] as Record<
      string,
      Record<string, unknown>
    >;
    const described = Object.entries(paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served).toEqual(described);
    const served200 = await json(await app.request('/openapi.json'));
    expect(served200.paths['/v1/rounds/{round}/publish'].post.security).toEqual([{ apiKey: [] }]);
  });
});

/** A task of section III led by Phòng Nội vụ, for the communes' area 1. */
const TASK = {
  area: '1',
  text: 'Ban hành kế hoạch CCHC đúng hạn',
  lead: ['Phòng Nội vụ'],
  deadline: '2022-12-31',
};
/** The least report input a round is published with: the frame of its documents. */
const REPORT_FRAME = {
  issuer: ['ỦY BAN NHÂN DÂN', 'HUYỆN KON RẪY'],
  number: '/BC-UBND',
  place: 'Kon Rẫy',
  year: 2022,
  title: 'Kết quả đánh giá công tác cải cách hành chính năm 2021',
};

describe('remediation over HTTP', { timeout: 60_000 }, () => {
  it('follows a published round up: tasks, plans, reports, the late view and the follow-up report', async () => {
    const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
    await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
    const round = 'remediation-http';
    await rounds.putRound(admin, round, {
      ...ROUND,
      units: [first!, second!].map((unit) => ({
        id: unit.unit.id,
        name: unit.unit.name,
        criteriaSet: communeSet!.id,
      })),
      deadlines: { ...ROUND.deadlines, remediation: '2022-08-12' },
    });
    for (const unit of [first!, second!])
      await rounds.putLayer(admin, round, unit.unit.id, 'appraised', { entries: unit.entries });
    expect((await call('GET', `/v1/rounds/${round}/tasks`, KEYS.admin)).status).toBe(409);
    expect(
      (await call('POST', `/v1/rounds/${round}/publish`, KEYS.admin, { report: REPORT_FRAME })).status,
    ).toBe(200);

    const drafts = await json(await call('GET', `/v1/rounds/${round}/tasks`, KEYS.first));
    expect(drafts.drafts).toBe(true);
    const put = await call('PUT', `/v1/rounds/${round}/tasks/nv-1`, KEYS.admin, TASK);
    expect([put.status, put.headers.get('etag')]).toEqual([201, '"1"']);
    const stale = await call('PUT', `/v1/rounds/${round}/tasks/nv-1`, KEYS.admin, TASK, {
      'if-match': '"7"',
    });
    expect([stale.status, stale.headers.get('etag')]).toEqual([412, '"1"']);
    const plan = await call('PUT', `/v1/rounds/${round}/units/${first!.unit.id}/remediation/1`, KEYS.first, {
      action: 'Ban hành kế hoạch',
      status: 'planned',
    });
    expect(plan.status).toBe(200);
    const bad = await call('PUT', `/v1/rounds/${round}/units/${first!.unit.id}/remediation/1`, KEYS.first, {
      action: 'x',
      status: 'finished',
    });
    expect([bad.status, (await json(bad)).errors[0].path]).toEqual([422, 'status']);

    // The clock stands at 10/1/2022: nothing is due yet, nothing is late.
    expect(
      (await json(await call('GET', `/v1/rounds/${round}/remediation?late=true`, KEYS.admin))).units,
    ).toEqual([]);
    const state = await json(await call('GET', `/v1/rounds/${round}/remediation`, KEYS.second));
    expect(state.units.find((unit: { unit: string }) => unit.unit === first!.unit.id).counts).toMatchObject({
      onTime: 1,
      pending: 4,
    });
    expect((await call('GET', `/v1/rounds/${round}/remediation?late=maybe`, KEYS.admin)).status).toBe(400);
    const docx = await call('GET', `/v1/rounds/${round}/remediation/report?format=docx`, KEYS.admin);
    expect([docx.status, docx.headers.get('content-type'), docx.headers.get('content-disposition')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `attachment; filename="bao-cao-khac-phuc-${round}.docx"; filename*=UTF-8''bao-cao-khac-phuc-${round}.docx`,
    ]);
    const text = await (
      await call('GET', `/v1/rounds/${round}/remediation/report?format=txt`, KEYS.admin)
    ).text();
    expect(text).toContain('Không có cơ quan, đơn vị nào chậm hoặc không thực hiện.');
  });
});

describe('stored criteria sets', () => {
  it('are listed and served by the stateless routes beside the held ones, with no key', async () => {
    await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, KEYS.admin, communeSet);
    const listed = await json(await call('GET', '/v1/criteria-sets'));
    expect(listed.criteriaSets).toContainEqual(expect.objectContaining({ id: communeSet!.id, stored: true }));
    const one = await call('GET', `/v1/criteria-sets/${communeSet!.id}`);
    expect([one.status, (await json(one)).id]).toEqual([200, communeSet!.id]);
  });
});

describe('a round that names a set the server holds', { timeout: 60_000 }, () => {
  it('stores the held set with the round, and nothing when the round is refused', async () => {
    const store = await openRounds({ sql: await openEmbedded(), now: () => clock });
    try {
      const held = [districtSet!, communeSet!].map((set) => unwrap(parseCriteriaSet(set)));
      const withExamples = createApp({ rounds: store, keys, criteriaSets: held });
      const put = (body: unknown) =>
        withExamples.request('/v1/rounds/kon-ray-2021', {
          method: 'PUT',
          headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // A bad deadline: refused whole, the sets not stored either.
      expect(
        (await put({ ...ROUND, deadlines: { self: '20/01/2022', appraisal: '2022-01-31' } })).status,
      ).toBe(422);
      expect(await store.criteriaSets()).toEqual([]);
      expect((await put(ROUND)).status).toBe(201);
      expect((await store.criteriaSets()).map((set) => set.id).sort()).toEqual(
        [districtSet!.id, communeSet!.id].sort(),
      );
    } finally {
      await store.close();
    }
  });
});

describe('accounts over HTTP', { timeout: 60_000 }, () => {
  it('creates an account with its one-time password once, refuses a login written otherwise, and resets', async () => {
    const made = await call(
      'PUT',
      '/v1/accounts/ly.thi.hanh',
      KEYS.admin,
      { name: 'Lý Thị Hạnh', role: 'agency:Phòng Nội vụ' },
      { 'if-match': '"0"' },
    );
    expect([made.status, made.headers.get('etag'), made.headers.get('cache-control')]).toEqual([
      201,
      '"1"',
      'no-store',
    ]);
    const body = (await made.json()) as {
      account: { login: string; mustChange: boolean };
      oneTimePassword: string;
    };
    expect([body.account.login, body.account.mustChange, body.oneTimePassword.length]).toEqual([
      'ly.thi.hanh',
      true,
      14,
    ]);
    // Created once: "0" says so, and the same login again is a precondition that fails.
    expect(
      (
        await call(
          'PUT',
          '/v1/accounts/ly.thi.hanh',
          KEYS.admin,
          { name: 'Lý Thị Hạnh', role: 'admin' },
          { 'if-match': '"0"' },
        )
      ).status,
    ).toBe(412);
    const otherwise = await call('PUT', '/v1/accounts/LY.THI.HANH', KEYS.admin, {
      name: 'Ai khác',
      role: 'admin',
    });
    expect([otherwise.status, ((await otherwise.json()) as { detail: string }).detail]).toEqual([
      409,
      "login 'LY.THI.HANH' is the login 'ly.thi.hanh' written otherwise (case or accents): one person, one login",
    ]);
    const changed = await call(
      'PUT',
      '/v1/accounts/ly.thi.hanh',
      KEYS.admin,
      { name: 'Lý Thị Hạnh', role: 'agency:Phòng Tài chính' },
      { 'if-match': '"1"' },
    );
    expect([changed.status, changed.headers.get('etag')]).toEqual([200, '"2"']);
    expect(JSON.stringify(await changed.json())).not.toContain('oneTimePassword');
    const read = await call('GET', '/v1/accounts/ly.thi.hanh', KEYS.admin);
    const account = (await read.json()) as { account: { role: string }; events: { kind: string }[] };
    expect([account.account.role, account.events.map((event) => event.kind)]).toEqual([
      'agency:Phòng Tài chính',
      ['created'],
    ]);
    const reset = await call('POST', '/v1/accounts/ly.thi.hanh/reset', KEYS.admin);
    // Answered as the contract names it (`password`), and as clients have read it so far.
    const answer = (await reset.json()) as { oneTimePassword: string; password: string };
    expect(answer.password).toMatch(/^[A-Za-z2-9]{14}$/);
    expect(answer.oneTimePassword).toBe(answer.password);
    const listed = (await (await call('GET', '/v1/accounts', KEYS.admin)).json()) as { accounts: unknown[] };
    expect(JSON.stringify(listed)).not.toMatch(/argon2|oneTimePassword/);
  });

  it('imports people from the workbook all or none, each error at its cell', async () => {
    const people = async (rows: readonly (readonly string[])[]) =>
      new Uint8Array(await (await peopleWorkbook(rows)).xlsx.writeBuffer());
    const upload = (bytes: Uint8Array, key = KEYS.admin) =>
      app.request('/v1/accounts/import', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: bytes,
      });
    const sheet = await people([
      ['Đinh Văn Khoa', 'dinh.van.khoa', '', 'Phòng Nội vụ', 'Cơ quan'],
      ['Mai Thị Lan', 'mai.thi.lan', 'lan@example.org', '', 'Thẩm định', '2'],
    ]);
    expect((await upload(sheet, KEYS.first)).status).toBe(403);
    const made = await upload(sheet);
    const answer = (await made.json()) as { accounts: { login: string; oneTimePassword: string }[] };
    expect([
      made.status,
      made.headers.get('cache-control'),
      answer.accounts.map((person) => person.login),
    ]).toEqual([201, 'no-store', ['dinh.van.khoa', 'mai.thi.lan']]);
    // Again, with one of them: nothing is made, and the error is at the cell of the login taken.
    const again = await upload(
      await people([
        ['Ngô Văn Minh', 'ngo.van.minh', '', '', 'Quản trị'],
        ['Mai Thị Lan', 'MAI.THI.LAN', '', '', 'Thẩm định'],
      ]),
    );
    const problem = (await again.json()) as { errors: { path: string; message: string }[] };
    expect([again.status, problem.errors.map((found) => found.path)]).toEqual([422, ["'Người dùng'!B3"]]);
    expect((await call('GET', '/v1/accounts/ngo.van.minh', KEYS.admin)).status).toBe(404);
  });

  it("lets a person's token act as the person, mint and revoke tokens, and refuses it once revoked", async () => {
    const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
    const made = await rounds.putAccount(admin, 'to.van.phuc', { name: 'Tô Văn Phúc', role: 'appraiser' });
    const signedIn = await rounds.signIn('to.van.phuc', made.oneTimePassword!, '192.0.2.1');
    if ('secondFactor' in signedIn) throw new Error('no second factor was set up');
    const person = signedIn.caller;
    const { token } = await rounds.mintToken(
      person,
      'Tập lệnh tổng hợp',
      new Date(clock.getTime() + 30 * 86_400_000).toISOString(),
    );
    expect((await call('GET', '/v1/rounds', token)).status).toBe(200);
    // A token acts with its owner's role: an appraiser may not store a criteria set.
    expect((await call('PUT', `/v1/criteria-sets/${communeSet!.id}`, token, communeSet)).status).toBe(403);
    const second = await call('POST', '/v1/tokens', token, {
      name: 'Máy chủ báo cáo',
      expires: new Date(clock.getTime() + 86_400_000).toISOString(),
    });
    const minted = (await second.json()) as { id: string; token: string };
    expect([second.status, second.headers.get('cache-control')]).toEqual([201, 'no-store']);
    const listed = (await (await call('GET', '/v1/tokens', minted.token)).json()) as {
      tokens: { name: string }[];
    };
    expect(listed.tokens.map((one) => one.name).sort()).toEqual(['Máy chủ báo cáo', 'Tập lệnh tổng hợp']);
    expect((await call('DELETE', `/v1/tokens/${minted.id}`, token)).status).toBe(200);
    expect((await call('GET', '/v1/rounds', minted.token)).status).toBe(401);
    // A key has no tokens of its own.
    expect((await call('GET', '/v1/tokens', KEYS.admin)).status).toBe(403);
  });

  it('exports the directory without a secret, and answers a bad one with 422 and the path of each error', async () => {
    const exported = await call('GET', '/v1/directory', KEYS.admin);
    expect([exported.status, exported.headers.get('content-disposition')]).toEqual([
      200,
      'attachment; filename="cchc-directory.json"; filename*=UTF-8\'\'cchc-directory.json',
    ]);
    const directory = (await exported.json()) as { accounts: { login: string }[] };
    expect(directory.accounts.map((account) => account.login)).toContain('ly.thi.hanh');
    expect(JSON.stringify(directory)).not.toMatch(/argon2|password/i);
    const refused = await call('POST', '/v1/directory/import', KEYS.admin, {
      ...directory,
      units: [{ id: 'a b', name: '' }],
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((found) => found.path)).toEqual(
      expect.arrayContaining(['units[0].id', 'units[0].name']),
    );
  });

  it('answers bad accounts with 4xx and the path of each error', async () => {
    const badLogin = await call('PUT', '/v1/accounts/a%20b', KEYS.admin, { name: 'X', role: 'admin' });
    expect(badLogin.status).toBe(422);
    const badRole = await call('PUT', '/v1/accounts/tran.van.b', KEYS.admin, {
      name: 'X',
      role: 'giám đốc',
      extra: 1,
    });
    const problem = (await badRole.json()) as { errors: { path: string }[] };
    expect([badRole.status, problem.errors.map((found) => found.path).sort()]).toEqual([
      422,
      ['extra', 'role'],
    ]);
    expect((await call('GET', '/v1/accounts/khong.co.ai', KEYS.admin)).status).toBe(404);
    expect((await call('POST', '/v1/accounts/khong.co.ai/reset', KEYS.first)).status).toBe(403);
  });
});

describe('score sheets over HTTP', { timeout: 60_000 }, () => {
  /** Fills a score sheet's score cells: area code → the score as typed (a number, or text with a comma). */
  async function filled(sheet: ArrayBuffer, scores: Readonly<Record<string, string | number>>) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet);
    workbook.getWorksheet('Tự chấm')!.eachRow((row) => {
      const key = String(row.getCell(1).value);
      const score = scores[key.slice(2)];
      if (key.startsWith('c:') && score !== undefined) row.getCell(5).value = score;
    });
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  it('gives a unit its sheet, takes it back filled in as its self layer, and names the cell of an error', async () => {
    const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
    await rounds.putCriteriaSet(admin, communeSet!.id, communeSet);
    const round = 'sheets-http';
    await rounds.putRound(admin, round, {
      ...ROUND,
      units: [first!].map((unit) => ({
        id: unit.unit.id,
        name: unit.unit.name,
        criteriaSet: communeSet!.id,
      })),
    });
    const path = `/v1/rounds/${round}/units/${first!.unit.id}`;
    const sheet = await call('GET', `${path}/sheet.xlsx`, KEYS.first);
    expect([sheet.status, sheet.headers.get('content-type')]).toEqual([200, XLSX]);
    expect((await call('GET', `${path}/sheet.xlsx`, KEYS.second)).status).toBe(403);
    const template = await sheet.arrayBuffer();
    // The published scores of Đắk Tô Re, typed as text with a decimal comma ("23,5").
    const scores = Object.fromEntries(
      Object.entries(first!.entries as Record<string, { score: string }>).map(([code, entry]) => [
        code,
        String(entry.score),
      ]),
    );
    const put = (body: Uint8Array) =>
      app.request(`${path}/self`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${KEYS.first}`, 'content-type': XLSX },
        body,
      });
    const stored = await put(await filled(template, scores));
    expect([stored.status, (await json(stored)).result.achieved]).toEqual([200, '79.3']);
    const wrong = await put(await filled(template, { ...scores, '1': 'hai mươi' }));
    const problem = await json(wrong);
    expect([wrong.status, problem.errors[0].path]).toEqual([422, "'Tự chấm'!E6"]);
    expect(problem.errors[0].message).toMatch(/^'Tự chấm'!E6: /);
    // The sheet comes back filled in with what is stored.
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(await (await call('GET', `${path}/sheet.xlsx`, KEYS.first)).arrayBuffer());
    expect(again.getWorksheet('Tự chấm')!.getCell('E6').value).toBe(23.5);

    await call('PUT', `${path}/appraised`, KEYS.appraiser, { entries: first!.entries });
    await call('POST', `/v1/rounds/${round}/publish`, KEYS.admin, { report: REPORT_FRAME });
    const results = await call('GET', `/v1/rounds/${round}/report?format=xlsx`, KEYS.first);
    expect([results.status, results.headers.get('content-type')]).toEqual([200, XLSX]);
    // A unit that is not in the round does not see it.
    expect((await call('GET', `/v1/rounds/${round}/report?format=xlsx`, KEYS.second)).status).toBe(404);
  });
});

describe('every role against every round route', { timeout: 120_000 }, () => {
  const ROLES = {
    none: undefined,
    admin: KEYS.admin,
    appraiser: KEYS.appraiser,
    limitedAppraiser: 'appraiser-of-area-2-key-0123',
    ownUnit: KEYS.first,
    otherUnit: KEYS.second,
    agency: 'agency-phong-noi-vu-key-0123',
  } as const;
  type RoleName = keyof typeof ROLES;
  const everyKey: RoleName[] = ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit', 'otherUnit', 'agency'];
  const readersOfAUnit: RoleName[] = ['admin', 'appraiser', 'limitedAppraiser', 'ownUnit'];
  const communeRound = (units: readonly (typeof first)[]) => ({
    ...ROUND,
    units: units.map((unit) => ({ id: unit!.unit.id, name: unit!.unit.name, criteriaSet: communeSet!.id })),
  });
  const unitPath = (round: string) => `/v1/rounds/${round}/units/${first!.unit.id}`;
  /** Each route, a request a role may make of it, and the roles allowed (rounds.md). */
  const TABLE: {
    route: string;
    allowed: RoleName[];
    /** What the access policy calls the route's action: its roles must be those the policy allows. */
    policy?: readonly [Action, Target];
    published?: true;
    request: (round: string) => [string, string, unknown?];
  }[] = [
    {
      route: 'PUT /v1/criteria-sets/{id}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['PUT', `/v1/criteria-sets/${communeSet!.id}`, communeSet],
    },
    {
      route: 'GET /v1/rounds',
      policy: ['see-round', { units: [first!.unit.id, second!.unit.id] }],
      allowed: everyKey,
      request: () => ['GET', '/v1/rounds'],
    },
    {
      route: 'PUT /v1/rounds/{round}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['PUT', `/v1/rounds/${round}`, communeRound([first, second])],
    },
    {
      route: 'GET /v1/rounds/{round}',
      policy: ['see-round', { units: [first!.unit.id, second!.unit.id] }],
      allowed: everyKey,
      request: (round) => ['GET', `/v1/rounds/${round}`],
    },
    {
      route: 'GET …/history',
      policy: ['read-unit', { unit: first!.unit.id }],
      allowed: readersOfAUnit,
      request: (round) => ['GET', `${unitPath(round)}/history`],
    },
    {
      route: 'PUT …/self',
      policy: ['write-layer', { unit: first!.unit.id, layer: 'self' }],
      allowed: ['admin', 'ownUnit'],
      request: (round) => ['PUT', `${unitPath(round)}/self`, { entries: first!.entries }],
    },
    // An appraiser of area 2 may change what is in area 2 only.
    {
      route: 'PUT …/appraised (area 1 changed)',
      policy: ['appraise', { code: '1' }],
      allowed: ['admin', 'appraiser'],
      request: (round) => [
        'PUT',
        `${unitPath(round)}/appraised`,
        { entries: { ...first!.entries, '1': { score: 0 } } },
      ],
    },
    {
      route: 'PUT …/appraised (area 2 changed)',
      policy: ['appraise', { code: '2' }],
      allowed: ['admin', 'appraiser', 'limitedAppraiser'],
      request: (round) => [
        'PUT',
        `${unitPath(round)}/appraised`,
        { entries: { ...first!.entries, '2': { score: 0 } } },
      ],
    },
    {
      route: 'GET …/self',
      policy: ['read-unit', { unit: first!.unit.id }],
      allowed: readersOfAUnit,
      request: (round) => ['GET', `${unitPath(round)}/self`],
    },
    {
      route: 'GET …/sheet.xlsx',
      policy: ['read-unit', { unit: first!.unit.id }],
      allowed: readersOfAUnit,
      request: (round) => ['GET', `${unitPath(round)}/sheet.xlsx`],
    },
    {
      route: 'GET …/explanations',
      policy: ['read-unit', { unit: first!.unit.id }],
      allowed: readersOfAUnit,
      request: (round) => ['GET', `${unitPath(round)}/explanations`],
    },
    {
      route: 'PUT …/explanations/{code} (answer)',
      policy: ['answer-explanation', { unit: first!.unit.id }],
      allowed: ['admin', 'ownUnit'],
      request: (round) => ['PUT', `${unitPath(round)}/explanations/1`, { text: 'Đã bổ sung báo cáo.' }],
    },
    {
      route: 'PUT …/explanations/{code} (request)',
      policy: ['ask-explanation', { unit: first!.unit.id, code: '2' }],
      allowed: ['admin', 'appraiser', 'limitedAppraiser'],
      request: (round) => ['PUT', `${unitPath(round)}/explanations/2`, { request: 'Đề nghị giải trình.' }],
    },
    // An appraiser limited to area 2 asks about area 2 only.
    {
      route: 'PUT …/explanations/{code} (request outside the limited codes)',
      policy: ['ask-explanation', { unit: first!.unit.id, code: '1' }],
      allowed: ['admin', 'appraiser'],
      request: (round) => ['PUT', `${unitPath(round)}/explanations/1`, { request: 'Đề nghị giải trình.' }],
    },
    {
      route: 'POST …/self/submit',
      policy: ['submit', { unit: first!.unit.id }],
      allowed: ['admin', 'ownUnit'],
      request: (round) => ['POST', `${unitPath(round)}/self/submit`],
    },
    {
      route: 'POST …/self/reopen',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['POST', `${unitPath(round)}/self/reopen`],
    },
    {
      route: 'POST …/lock',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['POST', `/v1/rounds/${round}/lock`, { layer: 'self' }],
    },

    {
      route: 'POST …/unlock',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['POST', `/v1/rounds/${round}/unlock`, { layer: 'self' }],
    },
    {
      route: 'POST …/publish',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['POST', `/v1/rounds/${round}/publish`],
    },
    // An agency sees results once they are published.
    {
      route: 'GET …/results',
      policy: ['read-results', { published: false }],
      allowed: everyKey.filter((caller) => caller !== 'agency'),
      request: (round) => ['GET', `/v1/rounds/${round}/results`],
    },
    {
      route: 'GET …/results (published)',
      policy: ['read-results', { published: true }],
      allowed: everyKey,
      published: true,
      request: (round) => ['GET', `/v1/rounds/${round}/results`],
    },
    {
      route: 'GET …/export',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['GET', `/v1/rounds/${round}/export`],
    },
    // Remediation follows publication: these rows act on a published round with one task stored.
    {
      route: 'PUT …/remediation/{code}',
      policy: ['write-plan', { unit: first!.unit.id, code: '1', agencies: [] }],
      allowed: ['admin', 'ownUnit'],
      published: true,
      request: (round) => [
        'PUT',
        `${unitPath(round)}/remediation/1`,
        { action: 'Khắc phục', status: 'planned' },
      ],
    },
    {
      route: 'GET …/tasks',
      allowed: everyKey,
      published: true,
      request: (round) => ['GET', `/v1/rounds/${round}/tasks`],
    },
    {
      route: 'PUT …/tasks/{task}',
      policy: ['manage', {}],
      allowed: ['admin'],
      published: true,
      request: (round) => ['PUT', `/v1/rounds/${round}/tasks/nv-2`, TASK],
    },
    {
      route: 'GET …/tasks/{task}',
      allowed: everyKey,
      published: true,
      request: (round) => ['GET', `/v1/rounds/${round}/tasks/nv-1`],
    },
    {
      route: 'PUT …/tasks/{task}/reports/{agency}',
      policy: ['report-task', { agencies: ['Phòng Nội vụ'] }],
      allowed: ['admin', 'agency'],
      published: true,
      request: (round) => [
        'PUT',
        `/v1/rounds/${round}/tasks/nv-1/reports/${encodeURIComponent('Phòng Nội vụ')}`,
        { status: 'done' },
      ],
    },
    {
      route: 'GET …/remediation',
      allowed: everyKey,
      published: true,
      request: (round) => ['GET', `/v1/rounds/${round}/remediation?late=true`],
    },
    {
      route: 'GET …/remediation/report',
      allowed: everyKey,
      published: true,
      request: (round) => ['GET', `/v1/rounds/${round}/remediation/report?format=txt`],
    },
    {
      route: 'GET /v1/units',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['GET', '/v1/units'],
    },
    {
      route: 'PUT /v1/units/{id}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['PUT', `/v1/units/${first!.unit.id}`, { name: first!.unit.name, group: 'xã' }],
    },
    {
      route: 'GET /v1/units/{id}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['GET', `/v1/units/${first!.unit.id}`],
    },
    {
      route: 'POST …/deadlines/{deadline}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => [
        'POST',
        `/v1/rounds/${round}/deadlines/appraisal`,
        { to: '2099-02-15', reason: 'Thêm thời gian thẩm định' },
      ],
    },
    {
      // Every role of the round reads it; each is answered only what is its own (a unit, why it was reopened).
      route: 'GET …/events',
      allowed: everyKey,
      request: (round) => ['GET', `/v1/rounds/${round}/events`],
    },
    {
      route: 'GET …/assignments',
      policy: ['appraise', {}],
      allowed: ['admin', 'appraiser', 'limitedAppraiser'],
      request: (round) => ['GET', `/v1/rounds/${round}/assignments`],
    },
    {
      route: 'PUT …/assignments',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: (round) => ['PUT', `/v1/rounds/${round}/assignments`, []],
    },
    {
      route: 'GET /v1/directory',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['GET', '/v1/directory'],
    },
    {
      route: 'POST /v1/directory/import',
      policy: ['manage', {}],
      allowed: ['admin'],
      // Nothing to make: an admin's import of an empty directory succeeds, anyone else's is refused.
      request: () => [
        'POST',
        '/v1/directory/import',
        { format: 'cchc-directory', version: 1, units: [], accounts: [] },
      ],
    },
    {
      route: 'GET /v1/accounts',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['GET', '/v1/accounts'],
    },
    {
      route: 'PUT /v1/accounts/{login}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => [
        'PUT',
        '/v1/accounts/bang.vai.tro',
        { name: 'Bảng vai trò', role: `unit:${first!.unit.id}` },
      ],
    },
    {
      route: 'GET /v1/accounts/{login}',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['GET', '/v1/accounts/bang.vai.tro'],
    },
    {
      route: 'POST /v1/accounts/{login}/reset',
      policy: ['manage', {}],
      allowed: ['admin'],
      request: () => ['POST', '/v1/accounts/bang.vai.tro/reset'],
    },
  ];
  let seeded = 0;

  it('gives each route the roles the one access policy allows for its action', () => {
    const callers: Record<Exclude<RoleName, 'none'>, Caller> = {
      admin: { name: 'Sở Nội vụ', role: parseRole('admin')! },
      appraiser: { name: 'Tổ thẩm định', role: parseRole('appraiser')! },
      limitedAppraiser: { name: 'Tổ thẩm định lĩnh vực 2', role: parseRole('appraiser:2')! },
      ownUnit: { name: 'UBND xã Đắk Tô Re', role: parseRole(`unit:${first!.unit.id}`)! },
      otherUnit: { name: 'UBND xã Đăk Tơ Lung', role: parseRole(`unit:${second!.unit.id}`)! },
      agency: { name: 'Phòng Nội vụ', role: parseRole('agency:Phòng Nội vụ')! },
    };
    const checked = TABLE.filter((row) => row.policy !== undefined);
    expect(checked.length).toBeGreaterThan(20);
    for (const { route, allowed, policy } of checked) {
      const [action, target] = policy!;
      const byPolicy = (Object.keys(callers) as (keyof typeof callers)[]).filter((role) =>
        may(callers[role], action, target),
      );
      expect([route, [...allowed].sort()]).toEqual([route, byPolicy.sort()]);
    }
  });

  beforeAll(async () => {
    // The same store, with the keys of every role (`call` asks this app from here on).
    app = createApp({
      rounds,
      keys: keyRing([
        { name: 'Sở Nội vụ', role: 'admin', key: KEYS.admin },
        { name: 'Tổ thẩm định', role: 'appraiser', key: KEYS.appraiser },
        { name: 'Tổ thẩm định lĩnh vực 2', role: 'appraiser:2', key: ROLES.limitedAppraiser },
        { name: 'UBND xã Đắk Tô Re', role: `unit:${first!.unit.id}`, key: KEYS.first },
        { name: 'UBND xã Đăk Tơ Lung', role: `unit:${second!.unit.id}`, key: KEYS.second },
        { name: 'Phòng Nội vụ', role: 'agency:Phòng Nội vụ', key: ROLES.agency },
      ]),
    });
    await rounds.putCriteriaSet({ name: 'Sở Nội vụ', role: { kind: 'admin' } }, communeSet!.id, communeSet);
    // The register has the round's units: a round picks its units from it once it has any.
    for (const unit of [first!, second!])
      await rounds.putUnit({ name: 'Sở Nội vụ', role: { kind: 'admin' } }, unit.unit.id, {
        name: unit.unit.name,
      });
    await rounds.putAccount({ name: 'Sở Nội vụ', role: { kind: 'admin' } }, 'bang.vai.tro', {
      name: 'Bảng vai trò',
      role: 'appraiser',
    });
  }, 60_000);

  /** A round of the two communes, each with a self and an appraised layer: every route has something to act on. */
  async function seededRound(published = false): Promise<string> {
    const id = `table-${++seeded}`;
    const admin = { name: 'Sở Nội vụ', role: { kind: 'admin' } } as const;
    await rounds.putRound(admin, id, communeRound([first, second]));
    for (const unit of [first!, second!]) {
      await rounds.putLayer(admin, id, unit.unit.id, 'self', { entries: unit.entries });
      await rounds.putLayer(admin, id, unit.unit.id, 'appraised', { entries: unit.entries });
    }
    if (published) {
      await rounds.publish(admin, id, REPORT_FRAME);
      await rounds.putTask(admin, id, 'nv-1', TASK);
    }
    return id;
  }

  for (const { route, allowed, request, published } of TABLE) {
    it(`${route}: ${allowed.join(', ')} allowed; no key 401; any other key 403`, async () => {
      for (const role of Object.keys(ROLES) as RoleName[]) {
        const [method, path, body] = request(await seededRound(published));
        const status = (await call(method, path, ROLES[role], body)).status;
        const expected = role === 'none' ? 401 : allowed.includes(role) ? 'success' : 403;
        expect([role, expected === 'success' ? status < 300 : status]).toEqual([
          role,
          expected === 'success' ? true : expected,
        ]);
      }
    });
  }
});

/**
 * The admin's editor of criteria sets: a copy of a set (last year's, or a bundled one) as a new draft, then its
 * names, maxima, items added or removed, class bands and rounding in one form, and each item's rule with its
 * parameters on a page of its own. Every save is checked by the core's parser, its problems shown at the item,
 * and stored only over the version the form began from; a set that a round uses is not edited (copy it).
 */
import {
  type CriteriaSet,
  type CriterionInput,
  type Issue,
  issueMessage,
  parseCriteriaSet,
  parseDecimal,
} from '@cchc/core';
import { builtinRules } from '@cchc/core/rules';
import { criteriaSetTag, RoundsError } from '@cchc/rounds';
import type { Context, Hono } from 'hono';
import { type Html, html } from '../html.js';
import { type PagesContext, type PagesEnv, refusalWords, type Session } from './context.js';
import { classesOf, SETS_PATH, setPath, usersOf } from './criteria-sets.js';
import {
  PARAM_INPUTS,
  type ParamInput,
  type Problem,
  paramText,
  plainWords,
  RULES,
  ruleFromForm,
  shownNumber,
} from './rule-form.js';

/** A criteria set document as the editor changes it (the parser checks every save). */
type SetDocument = Record<string, unknown> & { criteria: EditedNode[] };
type EditedNode = { -readonly [K in keyof CriterionInput]: CriterionInput[K] } & { children?: EditedNode[] };

const ROUNDING_MODES: Readonly<Record<string, string>> = {
  'half-up': 'Từ 5 trở lên làm tròn lên (thông thường)',
  'half-even': 'Làm tròn về chữ số chẵn',
};

/** Every node of a document's tree with its parent, depth-first in the document's order. */
function nodesOf(
  document: SetDocument,
): { node: EditedNode; parent: EditedNode | undefined; depth: number }[] {
  const found: { node: EditedNode; parent: EditedNode | undefined; depth: number }[] = [];
  const walk = (node: EditedNode, parent: EditedNode | undefined, depth: number) => {
    found.push({ node, parent, depth });
    for (const child of node.children ?? []) walk(child, node, depth + 1);
  };
  for (const area of document.criteria) walk(area, undefined, 0);
  return found;
}

/** The parser's issues placed at their items: the last node on each path, and the field after it. */
function problemsOf(document: SetDocument, issues: readonly Issue[]): Problem[] {
  return issues.map((found) => {
    let current: unknown = document;
    let code: string | undefined;
    let after: (string | number)[] = [];
    for (const step of found.path) {
      current = (current as Record<string | number, unknown> | undefined)?.[step];
      const node = current as EditedNode | undefined;
      if (node && typeof node === 'object' && 'code' in node && 'name' in node) {
        code = String(node.code);
        after = [];
      } else if (step !== 'criteria' && step !== 'children') after.push(step);
    }
    const [field, param] = after.map(String);
    return {
      code,
      // A leaf without a maximum is said at its maximum's field.
      field: found.code === 'leaf_without_max' ? 'max' : field,
      param: field === 'rule' ? param : undefined,
      text: plainWords(issueMessage(found, 'vi')),
    };
  });
}

/** The id of an item's field in the set's form, which a problem links to. */
const fieldId = (field: string, code: string) => `o-${field}-${code}`;
/** The form field of each document field a problem of the parser's is about. */
const FIELD_OF: Readonly<Record<string, string>> = { max: 'diem', requiredEvidence: 'tlkc', name: 'ten' };

/** The problems' list at the top of a form; those of an item's field link to it. */
function problemList(problems: readonly Problem[], lead: string): Html {
  if (problems.length === 0) return html``;
  const item = (problem: Problem) => {
    const field = problem.code === undefined ? undefined : FIELD_OF[problem.field ?? 'name'];
    const words = `${problem.code ? `Mục ${problem.code}: ` : ''}${problem.text}`;
    return field ? html`<a href="#${fieldId(field, problem.code!)}">${words}</a>` : words;
  };
  return html`<div class="loi" role="alert"><p>${lead}</p><ul>${problems.slice(0, 100).map((problem) => html`<li>${item(problem)}</li>`)}</ul></div>`;
}

export function mountCriteriaSetEditor<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, csrfOf, signedIn, adminOnly, posted, options } = context;
  const held = options.heldSets ?? new Map<string, CriteriaSet>();

  /** A stored set that no round uses: the only kind the editor changes. */
  const editable = async (session: Session, id: string) => {
    const set = (await rounds.criteriaSets()).find((stored) => stored.id === id);
    if (!set) throw new RoundsError('set-not-found', { id });
    const users = usersOf(await rounds.listRounds(session.caller)).get(id);
    // Said with the set's title, not its id.
    if (users) throw new RoundsError('set-in-use', { id: set.title, round: users.join('; ') });
    return set;
  };

  // ---- A copy as a new set ------------------------------------------------------------------------------

  const copyPage = (
    c: Context<E>,
    session: Session,
    source: CriteriaSet,
    sent?: { form: URLSearchParams; problems: readonly string[]; status: number },
  ) => {
    const typed = (name: string, fallback = '') => sent?.form.get(name) ?? fallback;
    return page(
      c,
      `Sao chép: ${source.title}`,
      html`<p class="trang-thai" role="status"><strong>Tạo bộ tiêu chí mới từ bản sao của "${source.title}". Bản sao chưa đợt nào dùng nên sửa được.</strong></p>
${sent ? html`<div class="loi" role="alert"><p>Chưa sao chép:</p><ul>${sent.problems.map((problem) => html`<li>${problem}</li>`)}</ul></div>` : ''}
<form class="the hep" method="post" action="${setPath(source.id)}/sao-chep"><input type="hidden" name="_csrf" value="${csrfOf(session)}">
<label for="ma-moi">Mã bộ tiêu chí mới</label><input id="ma-moi" name="ma" type="text" required autocapitalize="none" spellcheck="false" value="${typed('ma')}" aria-describedby="goi-y-ma-moi"><p class="goi-y" id="goi-y-ma-moi">Chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang, ví dụ kon-ray-2022-xa.</p>
<label for="ten-moi">Tên bộ tiêu chí mới</label><input id="ten-moi" name="ten" type="text" required value="${typed('ten', source.title)}">
<label for="so-qd-moi">Số quyết định ban hành (để trống nếu chưa có)</label><input id="so-qd-moi" name="so-qd" type="text" value="${typed('so-qd')}">
<label for="ngay-qd-moi">Ngày quyết định</label><input id="ngay-qd-moi" name="ngay-qd" type="date" value="${typed('ngay-qd')}">
<p><button type="submit">Sao chép và sửa</button></p></form>
<p><a href="${setPath(source.id)}">Về bộ tiêu chí "${source.title}"</a></p>`,
      session,
      sent?.status ?? 200,
    );
  };

  /** The set a copy starts from: stored, or one the server holds. */
  const sourceOf = async (id: string) =>
    (await rounds.criteriaSets()).find((set) => set.id === id) ?? held.get(id);

  app.get(
    `${SETS_PATH}/:id/sao-chep`,
    signedIn(
      adminOnly(async (c, session) => {
        const source = await sourceOf(c.req.param('id')!);
        if (!source) throw new RoundsError('set-not-found', { id: c.req.param('id')! });
        return copyPage(c, session, source);
      }),
    ),
  );

  app.post(
    `${SETS_PATH}/:id/sao-chep`,
    posted(
      adminOnly(async (c, session, form) => {
        const source = await sourceOf(c.req.param('id')!);
        if (!source) throw new RoundsError('set-not-found', { id: c.req.param('id')! });
        const field = (name: string) => form.get(name)?.trim() ?? '';
        const { decision: _decision, validFrom: _validFrom, version: _version, ...kept } = source.document;
        const problems = [
          ...(/^[a-z0-9][a-z0-9._-]*$/.test(field('ma'))
            ? []
            : [
                'Mã bộ tiêu chí: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang; bắt đầu bằng chữ hoặc số.',
              ]),
          ...(field('ten') === '' ? ['Hãy ghi tên bộ tiêu chí mới.'] : []),
          ...((field('so-qd') === '') !== (field('ngay-qd') === '')
            ? ['Quyết định ban hành: ghi cả số và ngày, hoặc để trống cả hai.']
            : []),
        ];
        if (problems.length > 0) return copyPage(c, session, source, { form, problems, status: 422 });
        const document = {
          ...kept,
          id: field('ma'),
          title: field('ten'),
          ...(field('so-qd') === '' ? {} : { decision: { number: field('so-qd'), date: field('ngay-qd') } }),
        };
        try {
          await rounds.putCriteriaSet(session.caller, document.id, document, { replacing: null });
        } catch (error) {
          if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
          const words =
            error.issues.length > 0
              ? error.issues.map((found) => plainWords(issueMessage(found, 'vi')))
              : [refusalWords(error)];
          return copyPage(c, session, source, {
            form,
            problems: words,
            status: error.kind === 'conflict' ? 409 : 422,
          });
        }
        return c.redirect(`${setPath(document.id)}/sua?da-sao-chep`, 303);
      }),
    ),
  );

  // ---- The set's form: names, maxima, items, bands, rounding ------------------------------------------------

  const editPage = (
    c: Context<E>,
    session: Session,
    set: { id: string; document: SetDocument; tag: string },
    sent?: { problems: readonly Problem[]; status: number },
  ) => {
    const { document } = set;
    const problems = sent?.problems ?? [];
    const at = (code: string, field: string) =>
      problems.filter((problem) => problem.code === code && (problem.field ?? 'name') === field);
    const nodes = nodesOf(document);
    const decision = document['decision'] as { number?: string; date?: string } | undefined;
    const rounding = (document['rounding'] ?? {}) as { score?: number; index?: number; mode?: string };
    const classes = ((document['classes'] ?? []) as { label: string; min: unknown }[])
      .map((band) => `${band.label}: ${shownNumber(band.min)}`)
      .join('\n');
    const decimals = (name: string, label: string, chosen: number) =>
      html`<label for="${name}">${label}</label><select id="${name}" name="${name}">${[...new Set([0, 1, 2, 3, 4, chosen])].map((places) => html`<option value="${places}"${places === chosen ? ' selected' : ''}>${places} chữ số thập phân</option>`)}</select>`;
    const setProblems = problems.filter((problem) => problem.code === undefined);
    const message = (found: readonly Problem[], id: string) =>
      found.length > 0
        ? html`<span class="loi" id="${id}">${found.map((problem) => problem.text).join(' ')}</span>`
        : '';
    const cell = (
      node: EditedNode,
      field: 'ten' | 'diem' | 'tlkc',
      value: string,
      label: string,
      position: number,
    ) => {
      const found = at(
        String(node.code),
        field === 'ten' ? 'name' : field === 'diem' ? 'max' : 'requiredEvidence',
      );
      const errorId = `loi-${field}-${position}`;
      const attributes = html`id="${fieldId(field, String(node.code))}" name="${field}:${String(node.code)}" aria-label="${label} mục ${String(node.code)}"${found.length > 0 ? html` aria-invalid="true" aria-describedby="${errorId}"` : ''}`;
      const control =
        field === 'diem'
          ? html`<input type="text" class="so" inputmode="decimal" ${attributes} value="${value}">`
          : html`<textarea rows="2" ${attributes}>${value}</textarea>`;
      return html`${control}${message(found, errorId)}`;
    };
    return page(
      c,
      `Sửa: ${String(document['title'])}`,
      html`<p class="trang-thai" role="status"><strong>Bản nháp, chưa đợt đánh giá nào dùng: sửa được. Khi đã có đợt dùng, bộ tiêu chí chỉ còn xem.</strong></p>
<p>Sửa tên, điểm tối đa, tài liệu kiểm chứng của từng mục; đánh dấu mục cần bỏ; thêm mục mới ở cuối trang. Cách tính điểm của từng mục sửa ở trang riêng của mục. Điểm tối đa của mục có mục con để trống thì bằng tổng các mục con.</p>
${c.req.query('da-luu') !== undefined ? html`<p class="ok" role="status">Đã lưu các thay đổi.</p>` : ''}${c.req.query('da-sao-chep') !== undefined ? html`<p class="ok" role="status">Đã tạo bản sao. Sửa rồi bấm "Lưu thay đổi".</p>` : ''}
${problemList(problems, `Chưa lưu: có ${problems.length} chỗ cần sửa (đánh dấu ở từng mục).`)}
<form method="post" action="${setPath(set.id)}/sua" data-canh-bao><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${set.tag}">
<fieldset class="the"><legend>Thông tin chung</legend>
<label for="ten">Tên bộ tiêu chí</label><input id="ten" name="ten" type="text" required value="${String(document['title'] ?? '')}">
<label for="co-quan">Cơ quan ban hành</label><input id="co-quan" name="co-quan" type="text" value="${String(document['issuer'] ?? '')}">
<label for="so-qd">Số quyết định</label><input id="so-qd" name="so-qd" type="text" value="${decision?.number ?? ''}">
<label for="ngay-qd">Ngày quyết định</label><input id="ngay-qd" name="ngay-qd" type="date" value="${decision?.date ?? ''}">
<label for="xep-loai">Xếp loại theo chỉ số (mỗi dòng một mức, từ cao xuống: tên, dấu hai chấm, chỉ số từ đó trở lên)</label><textarea id="xep-loai" name="xep-loai" rows="5"${setProblems.some((problem) => problem.field === 'classes') ? ' aria-invalid="true"' : ''}>${classes}</textarea>
${decimals('lam-tron-diem', 'Làm tròn điểm tính theo công thức đến', rounding.score ?? 2)}
${decimals('lam-tron-chi-so', 'Làm tròn chỉ số đến', rounding.index ?? 2)}
<label for="cach-lam-tron">Cách làm tròn</label><select id="cach-lam-tron" name="cach-lam-tron">${Object.entries(ROUNDING_MODES).map(([mode, words]) => html`<option value="${mode}"${(rounding.mode ?? 'half-up') === mode ? ' selected' : ''}>${words}</option>`)}</select>
</fieldset>
<div class="cuon"><table class="bang-sua"><caption>Các lĩnh vực, tiêu chí và mục chấm điểm</caption><thead><tr><th scope="col">Mã</th><th scope="col">Nội dung</th><th scope="col">Điểm tối đa</th><th scope="col">Cách tính</th><th scope="col">Tài liệu kiểm chứng cần có</th><th scope="col">Bỏ mục</th></tr></thead><tbody>
${nodes.map(({ node, depth }, position) => {
  const leaf = (node.children ?? []).length === 0;
  const rule = node.rule ? RULES.get(node.rule.kind) : undefined;
  const ruleProblems = at(String(node.code), 'rule');
  return html`<tr${depth === 0 ? ' class="linh-vuc"' : ''}><td data-nhan="Mã">${String(node.code)}</td><td data-nhan="Nội dung">${cell(node, 'ten', node.name, 'Nội dung', position)}</td><td data-nhan="Điểm tối đa">${cell(node, 'diem', shownNumber(node.max), 'Điểm tối đa', position)}</td><td data-nhan="Cách tính">${leaf ? html`${node.rule ? (rule?.vi?.name ?? node.rule.kind) : 'Nhập điểm'} <a href="${setPath(set.id)}/muc/${encodeURIComponent(String(node.code))}" aria-label="Sửa cách tính mục ${String(node.code)}">Sửa</a>${message(ruleProblems, `loi-cach-${position}`)}` : 'Cộng điểm các mục con'}</td><td data-nhan="Tài liệu kiểm chứng cần có">${cell(node, 'tlkc', node.requiredEvidence ?? '', 'Tài liệu kiểm chứng', position)}</td><td data-nhan="Bỏ mục"><input type="checkbox" name="xoa:${String(node.code)}" value="1" aria-label="Bỏ mục ${String(node.code)}${leaf ? '' : ' và các mục con'}"></td></tr>`;
})}
</tbody></table></div>
<fieldset class="the"><legend>Thêm một mục</legend>
<label for="them-cha">Thêm vào</label><select id="them-cha" name="them-cha"><option value="">Một lĩnh vực mới</option>${nodes.map(({ node }) => html`<option value="${String(node.code)}">Dưới mục ${String(node.code)}: ${node.name.slice(0, 60)}</option>`)}</select>
<label for="them-ma">Mã mục mới</label><input id="them-ma" name="them-ma" type="text" aria-describedby="goi-y-them"><p class="goi-y" id="goi-y-them">Ví dụ 2.3 dưới mục 2. Để trống nếu không thêm.</p>
<label for="them-ten">Nội dung</label><input id="them-ten" name="them-ten" type="text">
<label for="them-diem">Điểm tối đa</label><input id="them-diem" name="them-diem" type="text" inputmode="decimal">
</fieldset>
<p><button type="submit">Lưu thay đổi</button></p></form>
<p><a href="${setPath(set.id)}">Xem bộ tiêu chí</a> · <a href="${SETS_PATH}">Về danh sách bộ tiêu chí</a></p>`,
      session,
      sent?.status ?? 200,
    );
  };

  /** The form's changes applied to a copy of the document: what it now is, and what did not read. */
  const editedDocument = (stored: CriteriaSet, form: URLSearchParams) => {
    const document = structuredClone(stored.document) as unknown as SetDocument;
    const problems: Problem[] = [];
    const field = (name: string) => form.get(name)?.trim() ?? '';
    const optional = (key: string, value: string) => {
      if (value === '') delete document[key];
      else document[key] = value;
    };
    if (form.has('ten')) document['title'] = field('ten');
    optional('issuer', field('co-quan'));
    if (field('so-qd') === '' && field('ngay-qd') === '') delete document['decision'];
    else if (field('so-qd') === '' || field('ngay-qd') === '')
      problems.push({
        field: 'decision',
        text: 'Quyết định ban hành: ghi cả số và ngày, hoặc để trống cả hai.',
      });
    else
      document['decision'] = {
        ...(document['decision'] as object),
        number: field('so-qd'),
        date: field('ngay-qd'),
      };
    const classes = classesOf(field('xep-loai'));
    if (!classes) problems.push({ field: 'classes', text: 'Xếp loại: mỗi dòng một mức, ví dụ "Khá: 65".' });
    else document['classes'] = classes;
    document['rounding'] = {
      score: Number(field('lam-tron-diem') || 2),
      index: Number(field('lam-tron-chi-so') || 2),
      mode: field('cach-lam-tron') || 'half-up',
    };

    const removed = new Set(
      [...form.keys()].filter((name) => name.startsWith('xoa:')).map((name) => name.slice('xoa:'.length)),
    );
    const edit = (nodes: EditedNode[]): EditedNode[] =>
      nodes
        .filter((node) => !removed.has(String(node.code)))
        .map((node) => {
          const code = String(node.code);
          const edited: EditedNode = { ...node };
          if (form.has(`ten:${code}`)) edited.name = field(`ten:${code}`);
          if (form.has(`diem:${code}`)) {
            const max = field(`diem:${code}`);
            if (max === '') delete edited.max;
            else {
              edited.max = max;
              if (parseDecimal(max) === undefined)
                problems.push({
                  code,
                  field: 'max',
                  text: `Điểm tối đa "${max}" không phải là số (viết 1,5 hoặc 2).`,
                });
            }
          }
          if (form.has(`tlkc:${code}`)) {
            const evidence = field(`tlkc:${code}`);
            if (evidence === '') delete edited.requiredEvidence;
            else edited.requiredEvidence = evidence;
          }
          if (node.children) {
            const children = edit(node.children);
            if (children.length > 0) edited.children = children;
            else delete edited.children;
          }
          return edited;
        });
    document.criteria = edit(document.criteria);

    const added = field('them-ma');
    if (added !== '') {
      const parentCode = field('them-cha');
      const known = new Set(nodesOf(document).map(({ node }) => String(node.code)));
      const parent = nodesOf(document).find(({ node }) => String(node.code) === parentCode)?.node;
      const max = field('them-diem');
      const node: EditedNode = { code: added, name: field('them-ten'), ...(max === '' ? {} : { max }) };
      if (known.has(added)) problems.push({ code: added, text: `Đã có mục mã ${added}; hãy chọn mã khác.` });
      else if (parentCode !== '' && !parent)
        problems.push({ text: `Không còn mục ${parentCode} để thêm vào.` });
      else if (field('them-ten') === '') problems.push({ text: 'Mục mới: hãy ghi nội dung.' });
      else if (max !== '' && parseDecimal(max) === undefined)
        problems.push({ text: `Mục mới: điểm tối đa "${max}" không phải là số.` });
      else if (parent) {
        // A leaf that gets a child becomes a parent: its rule no longer applies.
        delete parent.rule;
        parent.children = [...(parent.children ?? []), node];
      } else document.criteria.push(node);
    }
    if (document.criteria.length === 0) problems.push({ text: 'Bộ tiêu chí phải còn ít nhất một lĩnh vực.' });
    return { document, problems };
  };

  app.get(
    `${SETS_PATH}/:id/sua`,
    signedIn(
      adminOnly(async (c, session) => {
        const set = await editable(session, c.req.param('id')!);
        return editPage(c, session, {
          id: set.id,
          document: set.document as unknown as SetDocument,
          tag: criteriaSetTag(set.document),
        });
      }),
    ),
  );

  /** Stores an edited document over the version its form began from; a refusal re-renders with what was typed. */
  const save = async (
    session: Session,
    id: string,
    document: SetDocument,
    tag: string,
    refused: (problems: readonly Problem[], status: number) => Promise<Response> | Response,
  ) => {
    const parsed = parseCriteriaSet(document);
    if (!parsed.success) return refused(problemsOf(document, parsed.issues), 422);
    try {
      await rounds.putCriteriaSet(session.caller, id, document, { replacing: tag });
    } catch (error) {
      if (!(error instanceof RoundsError) || error.kind === 'forbidden') throw error;
      const words =
        error.code === 'set-changed'
          ? 'Bộ tiêu chí vừa được người khác sửa sau khi bạn mở trang này. Các thay đổi của bạn chưa được lưu và vẫn còn dưới đây: mở lại trang sửa (ở một cửa sổ khác) để xem bản mới, rồi nhập lại các thay đổi.'
          : refusalWords(error);
      return refused(
        error.issues.length > 0 ? problemsOf(document, error.issues) : [{ text: words }],
        error.kind === 'conflict' ? 409 : 422,
      );
    }
    return undefined;
  };

  app.post(
    `${SETS_PATH}/:id/sua`,
    posted(
      adminOnly(async (c, session, form) => {
        const stored = await editable(session, c.req.param('id')!);
        const tag = form.get('phien-ban') ?? '';
        const { document, problems } = editedDocument(stored, form);
        const refused = (found: readonly Problem[], status: number) =>
          editPage(c, session, { id: stored.id, document, tag }, { problems: found, status });
        if (problems.length > 0) return refused(problems, 422);
        return (
          (await save(session, stored.id, document, tag, refused)) ??
          c.redirect(`${setPath(stored.id)}/sua?da-luu`, 303)
        );
      }),
    ),
  );

  // ---- An item's rule ---------------------------------------------------------------------------------------

  const itemPage = (
    c: Context<E>,
    session: Session,
    set: { id: string; title: string; tag: string },
    node: EditedNode,
    chosen: { kind: string; form?: URLSearchParams | undefined; note: string },
    sent?: { problems: readonly Problem[]; status: number },
  ) => {
    const problems = sent?.problems ?? [];
    const rule = RULES.get(chosen.kind);
    const custom = chosen.kind !== '' && !rule;
    const inputs = Object.entries(PARAM_INPUTS[chosen.kind] ?? {});
    const value = (name: string, input: ParamInput) =>
      chosen.form
        ? (chosen.form.get(`ts:${name}`) ?? '')
        : paramText(input, node.rule?.kind === chosen.kind ? node.rule[name] : undefined);
    const paramField = ([name, input]: [string, ParamInput], position: number) => {
      const label = rule?.vi?.params?.[name] ?? name;
      const found = problems.filter((problem) => problem.field === name);
      const id = `ts-${position}`;
      const invalid = found.length > 0 ? html` aria-invalid="true" aria-describedby="loi-${id}"` : '';
      const control =
        input.type === 'choice'
          ? html`<select id="${id}" name="ts:${name}"${invalid}><option value="">Theo mặc định</option>${Object.entries(input.choices).map(([choice, words]) => html`<option value="${choice}"${value(name, input) === choice ? ' selected' : ''}>${words}</option>`)}</select>`
          : input.type === 'number'
            ? html`<input id="${id}" name="ts:${name}" type="text" inputmode="decimal" value="${value(name, input)}"${invalid}>`
            : html`<textarea id="${id}" name="ts:${name}" rows="5"${invalid}>${value(name, input)}</textarea>`;
      return html`<label for="${id}">${label}</label>${control}${found.length > 0 ? html`<p class="loi" id="loi-${id}">${found.map((problem) => problem.text).join(' ')}</p>` : ''}`;
    };
    return page(
      c,
      `Cách tính mục ${String(node.code)}`,
      html`<p class="trang-thai" role="status"><strong>Mục ${String(node.code)}: ${node.name}. Điểm tối đa ${shownNumber(node.max) || 'chưa ghi'}.</strong></p>
<p>Chọn cách tính điểm của mục, rồi ghi các tham số theo quyết định ban hành bộ tiêu chí. Đổi cách tính thì bấm "Hiện tham số" để thấy các ô của cách mới.</p>
${problemList(
  problems.filter(
    (problem) => problem.field === undefined || !inputs.some(([name]) => name === problem.field),
  ),
  'Chưa lưu:',
)}
<form class="the hep" method="post" action="${setPath(set.id)}/muc/${encodeURIComponent(String(node.code))}" data-canh-bao><input type="hidden" name="_csrf" value="${csrfOf(session)}"><input type="hidden" name="phien-ban" value="${set.tag}">
<label for="cach">Cách tính điểm</label><select id="cach" name="cach" aria-describedby="goi-y-cach"><option value="">Nhập điểm (không có công thức)</option>${builtinRules.map((known) => html`<option value="${known.kind}"${known.kind === chosen.kind ? ' selected' : ''}>${known.vi?.name ?? known.kind}</option>`)}${custom ? html`<option value="${chosen.kind}" selected>Cách tính riêng: ${chosen.kind}</option>` : ''}</select>
<p class="goi-y" id="goi-y-cach">${rule?.vi?.description ?? (custom ? 'Cách tính do phần mềm nhúng định nghĩa; các tham số giữ nguyên.' : 'Người chấm nhập số điểm của mục.')}</p>
<p><button class="phu" type="submit" name="hanh-dong" value="doi">Hiện tham số của cách tính đã chọn</button></p>
${inputs.length > 0 ? html`<fieldset><legend>Tham số</legend>${inputs.map(paramField)}</fieldset>` : ''}
<label for="ghi-chu">Ghi chú (căn cứ, lưu ý khi chấm)</label><textarea id="ghi-chu" name="ghi-chu" rows="3">${chosen.note}</textarea>
<p><button type="submit" name="hanh-dong" value="luu">Lưu cách tính</button></p></form>
<p><a href="${setPath(set.id)}/sua">Về trang sửa bộ tiêu chí "${set.title}"</a></p>`,
      session,
      sent?.status ?? 200,
    );
  };

  /** The set and the leaf a rule's page is about. */
  const itemOf = async (session: Session, id: string, code: string) => {
    const set = await editable(session, id);
    const document = structuredClone(set.document) as unknown as SetDocument;
    const node = nodesOf(document).find(({ node: found }) => String(found.code) === code)?.node;
    if (!node || (node.children ?? []).length > 0) throw new RoundsError('criterion-not-found', { code });
    return { set, document, node };
  };

  app.get(
    `${SETS_PATH}/:id/muc/:code`,
    signedIn(
      adminOnly(async (c, session) => {
        const { set, node } = await itemOf(session, c.req.param('id')!, c.req.param('code')!);
        return itemPage(
          c,
          session,
          { id: set.id, title: set.title, tag: criteriaSetTag(set.document) },
          node,
          { kind: node.rule?.kind ?? '', note: node.note ?? '' },
        );
      }),
    ),
  );

  app.post(
    `${SETS_PATH}/:id/muc/:code`,
    posted(
      adminOnly(async (c, session, form) => {
        const { set, document, node } = await itemOf(session, c.req.param('id')!, c.req.param('code')!);
        const tag = form.get('phien-ban') ?? '';
        const kind = form.get('cach') ?? '';
        const note = form.get('ghi-chu')?.trim() ?? '';
        const about = { id: set.id, title: set.title, tag };
        // Another kind chosen: its fields, with the stored values where it is the item's kind, nothing saved.
        if (form.get('hanh-dong') === 'doi') return itemPage(c, session, about, node, { kind, note });
        const refused = (problems: readonly Problem[], status: number) =>
          itemPage(
            c,
            session,
            about,
            node,
            { kind, form, note },
            {
              // The parser's problems of a parameter are said at its field.
              problems: problems.map((problem) =>
                problem.param ? { ...problem, field: problem.param } : problem,
              ),
              status,
            },
          );
        if (kind === '') delete node.rule;
        else if (RULES.has(kind)) {
          const read = ruleFromForm(kind, form);
          if ('problems' in read) return refused(read.problems, 422);
          node.rule = read.rule as EditedNode['rule'];
        } else if (node.rule?.kind !== kind)
          return refused([{ text: 'Hãy chọn một cách tính có trong danh sách.' }], 422);
        if (note === '') delete node.note;
        else node.note = note;
        return (
          (await save(session, set.id, document, tag, refused)) ??
          c.redirect(`${setPath(set.id)}/sua?da-luu`, 303)
        );
      }),
    ),
  );
}

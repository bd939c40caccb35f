/**
 * The public page of a published round, opt-in by the admin (`/app/cong-khai/{round}`): the ranking and each
 * unit's areas and criteria with the appraisers' comments, as published, without a sign-in. Nothing but the
 * frozen results (not the self-assessments, nor anything unpublished); answered from its ETag while the
 * publication and the sharing stand.
 */
import { createHash } from 'node:crypto';
import { formatNumber } from '@cchc/core';
import { may, type RoundResult, RoundsError } from '@cchc/rounds';
import type { Hono } from 'hono';
import { type Html, html } from '../html.js';
import type { PagesContext, PagesEnv } from './context.js';
import { roundPath, vietnamTime } from './context.js';
import { areasChart, rankingCharts } from './dashboard.js';

export const publicPath = (round: string) => `/app/cong-khai/${encodeURIComponent(round)}`;

/** A unit's criteria as published: achieved of max, and the appraisers' comment where there is one. */
function unitTable(result: RoundResult): Html {
  const rows: Html[] = [];
  const walk = (nodes: RoundResult['nodes'], depth: number) => {
    for (const node of nodes ?? []) {
      rows.push(
        html`<tr class="${depth === 0 ? 'linh-vuc' : ''}"><td>${node.code}</td><td style="padding-left:${0.45 + depth}rem">${node.name}</td><td class="so">${formatNumber(node.max)}</td><td class="so">${node.achieved === null ? 'Không áp dụng' : formatNumber(node.achieved)}</td><td>${node.cause ?? ''}</td></tr>`,
      );
      walk(node.children, depth + 1);
    }
  };
  walk(result.nodes, 0);
  return html`<details><summary>${result.rank === undefined ? '' : `${result.rank}. `}${result.unit.name}: ${formatNumber(result.achieved)}/${formatNumber(result.max)} điểm, chỉ số ${formatNumber(result.index)}${result.classification ? `, ${result.classification}` : ''}</summary>
<div class="cuon"><table><caption class="khong-in">Điểm theo tiêu chí: ${result.unit.name}</caption><thead><tr><th scope="col">STT</th><th scope="col">Tiêu chí</th><th scope="col">Điểm tối đa</th><th scope="col">Điểm đạt</th><th scope="col">Nhận xét của cơ quan thẩm định</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

export function mountPublicResults<E extends PagesEnv>(app: Hono<E>, context: PagesContext<E>) {
  const { rounds, page, posted } = context;

  app.get('/app/cong-khai/:round', async (c) => {
    const roundId = c.req.param('round')!;
    const tag = await rounds.publicResultsTag(roundId);
    if (tag === undefined)
      return page(
        c,
        'Không có kết quả công khai',
        html`<p class="loi">Đợt đánh giá này không có kết quả được công khai.</p>`,
        undefined,
        404,
      );
    // The same publication and sharing, the same page: a client that has it is told so, nothing read.
    const etag = `"${createHash('sha256').update(tag).digest('base64url').slice(0, 22)}"`;
    const cached = (c.req.header('if-none-match') ?? '').split(',').some((given) => given.trim() === etag);
    if (cached) return c.body(null, 304, { ETag: etag, 'Cache-Control': 'public, max-age=300' });
    const shown = await rounds.publicResults(roundId);
    const sets = new Map((await rounds.criteriaSets()).map((set) => [set.id, set]));
    const classesOf = (id: string) =>
      (sets.get(id)?.classes ?? []).map((band) => ({ label: band.label, min: band.min.toFixed() }));
    const response = await page(
      c,
      `Kết quả ${shown.title}`,
      html`<p class="trang-thai" role="status"><strong>${shown.authority} công bố kết quả ngày ${vietnamTime(shown.published)}.</strong></p>
<p>Trang công khai kết quả đánh giá Chỉ số cải cách hành chính năm ${shown.period}: xếp hạng, điểm từng lĩnh vực và từng tiêu chí của mỗi đơn vị, với nhận xét của cơ quan thẩm định.</p>
${rankingCharts(shown.results, classesOf)}
${areasChart(shown.results)}
<h2>Điểm từng tiêu chí của các đơn vị</h2>
${shown.results.map(unitTable)}`,
    );
    // Public and the same for everyone: cacheable, unlike the pages behind the sign-in.
    response.headers.set('Cache-Control', 'public, max-age=300');
    response.headers.set('ETag', etag);
    return response;
  });

  app.post(
    '/app/dot/:round/cong-khai',
    posted(async (c, session, form) => {
      const roundId = c.req.param('round')!;
      if (!may(session.caller, 'manage')) throw new RoundsError('admin-only', {});
      await rounds.shareResults(session.caller, roundId, form.get('cong-khai') === '1');
      return c.redirect(`${roundPath(roundId)}/cong-bo`, 303);
    }),
  );
}

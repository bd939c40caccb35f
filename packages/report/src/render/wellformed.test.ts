import { scoreDocuments, unwrap } from '@cchc/core';
import { konRay2021 } from '@cchc/examples';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createReportModel } from '../build.js';
import type { ReportModel } from '../model.js';
import { renderDocx } from './docx.js';
import { escapeXml, xmlText } from './escape.js';
import { renderHtml } from './html.js';

const results = unwrap(scoreDocuments(konRay2021));

/** Every XML part of a DOCX, each checked by an XML parser of its own. */
async function badParts(model: ReportModel): Promise<string[]> {
  const files = unzipSync(await renderDocx(model));
  return Object.entries(files)
    .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
    .filter(([, bytes]) => XMLValidator.validate(new TextDecoder().decode(bytes)) !== true)
    .map(([name]) => name);
}

const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });

describe('well-formed output whatever the text', () => {
  it('a report input with any text in any field is refused at its path, or renders a DOCX whose every part is XML', async () => {
    const fields = ['title', 'number', 'place', 'introduction', 'closing'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), anyText, anyText, async (field, text, line) => {
        const input = {
          ...konRay2021.report,
          [field]: text,
          recipients: [line],
          issuer: [line, 'HUYỆN KON RẪY'],
        };
        const model = createReportModel({ results, input });
        if (!model.success) {
          expect(model.issues.every((found) => found.path.length > 0)).toBe(true);
          return;
        }
        expect(await badParts(model.data)).toEqual([]);
        expect(renderHtml(model.data)).toBe(xmlText(renderHtml(model.data)));
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it('the renderers themselves drop what XML cannot hold, should such text reach a model', async () => {
    const model = unwrap(createReportModel({ results, input: konRay2021.report }));
    const broken: ReportModel = {
      ...model,
      title: 'A\u0000B\u0007C\ufffeD\ud800E',
      recipients: ['x\u001by'],
    };
    expect(await badParts(broken)).toEqual([]);
    expect(escapeXml('A\u0000<B>\uffff')).toBe('A&lt;B&gt;');
    expect(renderHtml(broken)).toContain('ABCDE');
  });
});

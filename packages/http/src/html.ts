import { escapeXml } from '@cchc/report';

/** HTML that is already safe: markup built by `html`, never text from a request or the store. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeXml(String(part));
}

/**
 * Markup with its values escaped: `html\`<td>${name}</td>\`` writes the name as text, whatever it holds.
 * Nested `html` results, and lists of them, go in as markup.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let text = strings[0]!;
  values.forEach((value, position) => {
    text += render(value) + strings[position + 1]!;
  });
  return new Html(text);
}

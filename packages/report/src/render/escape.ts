const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Characters XML 1.0 does not allow (control characters but tab and line breaks, lone surrogate halves,
 * U+FFFE, U+FFFF). Documents refuse them at the boundary; the renderers drop any that reach them, so that
 * a DOCX or an HTML page is always well-formed.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text without the characters XML cannot hold. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Text made safe for HTML and XML content and attributes. */
export function escapeXml(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

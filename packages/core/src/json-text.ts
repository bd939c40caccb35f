/**
 * The characters JSON.stringify writes otherwise than as themselves in a string: the quote, the backslash,
 * controls, and surrogates (it escapes a lone one; a text with a pair goes to it too, which keeps the pair).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are among what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON text written piece by piece: results are written this way a node at a time (see `writeNodeJson`),
 * adding what repeats (a criterion's code and name, the keys, the figures a set's units share) as texts
 * made once, rather than making the JSON objects. Every string is escaped exactly as JSON.stringify
 * escapes it: a string with something to escape goes through it.
 */
export class JsonText {
  #text = '';

  /** Text already in JSON form (a key, a number, JSON text). */
  raw(text: string): void {
    this.#text += text;
  }

  /** A string as JSON writes it. */
  string(text: string): void {
    // Most texts (traces, names) have nothing to escape: quoted as they are, without a call into
    // JSON.stringify, which costs several times the test for each of the thousands written a unit.
    this.#text += ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
  }

  /** What was written; the writer starts again empty. */
  take(): string {
    const written = this.#text;
    this.#text = '';
    return written;
  }
}

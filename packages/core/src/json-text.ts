/**
 * JSON text written piece by piece: results are written this way a node at a time (see `writeNodeJson`),
 * adding what repeats (a criterion's code and name, the keys, the figures a set's units share) as texts
 * made once, rather than making the JSON objects. Strings go through JSON.stringify, so every text is
 * escaped exactly as JSON.stringify escapes it.
 */
export class JsonText {
  #text = '';

  /** Text already in JSON form (a key, a number, JSON text). */
  raw(text: string): void {
    this.#text += text;
  }

  /** A string as JSON writes it. */
  string(text: string): void {
    this.#text += JSON.stringify(text);
  }

  /** What was written; the writer starts again empty. */
  take(): string {
    const written = this.#text;
    this.#text = '';
    return written;
  }
}

/**
 * "Báo cáo CCHC" → "báo cáo CCHC": a name inside a sentence. A name that opens with an acronym ("CNTT",
 * "UBND") keeps it.
 */
export function inSentence(name: string): string {
  const second = name.charAt(1);
  if (second !== second.toLocaleLowerCase('vi')) return name;
  return name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
}

/** The kinds of document cchc reads. */
export type DocumentKind = 'criteria-set' | 'assessment' | 'report';

/**
 * What kind of document a plain object most likely is, by the keys only that kind has: a criteria set
 * has `criteria`, a report file or request has `report`, an assessment has `entries`, `unit` or
 * `criteriaSet`. Undefined for anything else. One guess for the CLI and the HTTP API alike.
 */
export function documentKind(value: unknown): DocumentKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if ('criteria' in value) return 'criteria-set';
  if ('report' in value) return 'report';
  if ('entries' in value || 'unit' in value || 'criteriaSet' in value) return 'assessment';
  return undefined;
}

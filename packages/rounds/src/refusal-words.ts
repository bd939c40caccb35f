/**
 * How a refusal of the rounds is said: its kind (the contract's, rounds.md; the HTTP status of each is decided
 * in @cchc/http) and its words in English and Vietnamese, from its params. The table of every refusal is
 * `REFUSALS` (messages.ts), put together from the parts of each concern.
 */
import { LAYER_NAMES_VI } from '@cchc/core';
import type { Layer } from './schema.js';

/** Why the rounds refused a request. */
export type RoundsErrorKind =
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'locked'
  | 'invalid-document'
  | 'too-large'
  | 'unavailable';

/** A refusal's kind and its words in each language, from the refusal's params. */
export interface Words<P> {
  readonly kind: RoundsErrorKind;
  readonly en: (params: P) => string;
  readonly vi: (params: P) => string;
}

export const words = <P = Record<string, never>>(
  kind: RoundsErrorKind,
  en: (params: P) => string,
  vi: (params: P) => string,
): Words<P> => ({ kind, en, vi });

/** `điểm tự chấm`, `điểm thẩm định`: a layer as a sentence names it. */
export const layerVi = (layer: Layer) =>
  `điểm ${layer === 'appraised-1' ? 'thẩm định lần 1' : LAYER_NAMES_VI[layer]}`;
export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** How many errors, as the sentences say it: `1 error(s)`. */
export type Count = { readonly count: number };

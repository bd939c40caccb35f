// The named export: decimal.js's one type file is CommonJS, and its default import is a namespace under
// `moduleResolution: node16` in ESM, which broke every consumer's types.
import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The project's own Decimal constructor: how figures enter (a criteria set's) and leave (results) the
 * scorer, which itself computes with `Exact` rationals and rounds them exactly. A clone, so that an
 * embedding application that changes decimal.js's global settings cannot change a figure. Sums,
 * differences and products of a document's decimals are exact at the precision used here; a division
 * made with Decimals (a custom rule's ratio, the gap to the next class) is cut at 30 significant digits.
 * Rounding and reading of figures live with `Exact` (`roundTo` and `parseDecimal` for Decimals).
 */
export const Decimal: typeof DecimalJs = DecimalJs.clone({
  precision: 30,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = DecimalJs;

/** Zero, shared: Decimals are immutable. */
export const ZERO: Decimal = new Decimal(0);

export type RoundingMode = 'half-up' | 'half-even';

/** The text of each Decimal that many results share (a set's maxima, `shownDecimal`'s), written once. */
const keptTexts = new WeakMap<Decimal, string>();

/** Keeps the text of a Decimal that many results share, so that `decimalText` finds it; returns it. */
export function withTextKept(decimal: Decimal): Decimal {
  keptTexts.set(decimal, decimal.toFixed());
  return decimal;
}

/** A decimal as output text: no exponent, no trailing zeros, no float artefacts ("85.74", "0.5", "7"). */
export function decimalText(value: Decimal): string {
  return keptTexts.get(value) ?? value.toFixed();
}

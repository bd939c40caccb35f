import DecimalJs from 'decimal.js';

/**
 * The project's own Decimal constructor: how figures enter (a criteria set's) and leave (results) the
 * scorer, which itself computes with `Exact` rationals and rounds them exactly. A clone, so that an
 * embedding application that changes decimal.js's global settings cannot change a figure. Sums,
 * differences and products of a document's decimals are exact at the precision used here; a division
 * made with Decimals (a custom rule's ratio, the gap to the next class) is cut at 30 significant digits.
 * Rounding of published figures is explicit (`Exact.round`, and `roundTo` for Decimals).
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

const DECIMAL_TEXT = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * Reads a decimal written as a JSON number (`0.25`), a string with a point (`"0.25"`) or the
 * Vietnamese decimal comma (`"0,25"`). Returns undefined when the input is not a plain decimal:
 * thousands separators, exponents, NaN and infinities are refused rather than guessed at.
 */
export function parseDecimal(input: unknown): Decimal | undefined {
  if (typeof input === 'number') {
    // A JSON number's shortest round-trip text is what the author wrote, so reading that text is exact.
    return Number.isFinite(input) ? new Decimal(String(input)) : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (!DECIMAL_TEXT.test(text)) return undefined;
  return new Decimal(text.replace(',', '.'));
}

/** A decimal as output text: no exponent, no trailing zeros, no float artefacts ("85.74", "0.5", "7"). */
export function decimalText(value: Decimal): string {
  return value.toFixed();
}

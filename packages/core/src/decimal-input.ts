import { Decimal } from './decimal.js';

// How a decimal is written in a document, and why one is refused: shared by the exact reader
// (`Exact.parse`) and the schema's messages.

/**
 * What a decimal in a document may be: published scores and percentages have a few decimals, so these
 * bounds refuse nothing real, and keep every figure read within the scorer's exact integers.
 */
export const DECIMAL_BOUNDS = { places: 10, significantDigits: 15 } as const;

/** A decimal input as trimmed text, or undefined when it is neither a finite number nor a string. */
export function decimalInputText(input: unknown): string | undefined {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    // A JSON number's shortest round-trip text is what the author wrote; very large or small ones print
    // with an exponent, which decimal.js expands exactly.
    const text = String(input);
    return text.includes('e') ? new Decimal(text).toFixed() : text;
  }
  return typeof input === 'string' ? input.trim() : undefined;
}

/**
 * Why an input is not a decimal that a document may hold, as the params of an `invalid_decimal` issue:
 * `reason` is `format`, `places` or `digits`, and `limit` the bound passed.
 */
export function decimalProblem(input: unknown): {
  reason: 'format' | 'places' | 'digits';
  limit?: number;
} {
  const text = decimalInputText(input);
  if (text === undefined || !/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text.slice(0, 200)))
    return { reason: 'format' };
  const [, fraction = ''] = text.split(/[.,]/);
  if (fraction.length > DECIMAL_BOUNDS.places) return { reason: 'places', limit: DECIMAL_BOUNDS.places };
  return { reason: 'digits', limit: DECIMAL_BOUNDS.significantDigits };
}

import { Decimal, type RoundingMode } from './decimal.js';
import { DECIMAL_BOUNDS, decimalInputText } from './decimal-input.js';

/**
 * An exact rational number for the scorer's hot path: numerator ÷ denominator, both integers. Points are
 * decimals, so most values have a power of ten below the line, and sums of them stay there; only a rule's
 * quotient (3 × 18.5 / 29) has another denominator, and the scorer rounds it at once.
 *
 * The two integers are JavaScript numbers while every intermediate result is a safe integer (checked
 * after each operation, so nothing is ever rounded); past 2^53 the same value continues as BigInts.
 * decimal.js stays at the boundaries: documents in, results out (see `fromDecimal`, `toDecimal`).
 * This is about ten times faster than decimal.js here, and allocates one small object per operation.
 *
 * To a user of the library it is the type of an entry's `score` and `max`: immutable, compared and
 * computed with exactly, written as decimal text by `toText()`, `toString()` and in JSON (`"0.25"`), and
 * turned into a Decimal by `toDecimal()`. Results give Decimals.
 */
export class Exact {
  /** Numerator and denominator as safe integers (NaN when wide). The denominator is positive. */
  readonly #n: number;
  readonly #d: number;
  /** Numerator and denominator as BigInts, only once a value no longer fits in a safe integer. */
  readonly #wide: readonly [bigint, bigint] | undefined;

  private constructor(n: number, d: number, wide: readonly [bigint, bigint] | undefined) {
    this.#n = n;
    this.#d = d;
    this.#wide = wide;
  }

  /** n ÷ d from safe integers, d > 0. */
  static #of(n: number, d: number): Exact {
    return new Exact(n, d, undefined);
  }

  static #big(n: bigint, d: bigint): Exact {
    if (n >= MIN_SAFE_BIG && n <= MAX_SAFE_BIG && d <= MAX_SAFE_BIG) return Exact.#of(Number(n), Number(d));
    return new Exact(Number.NaN, Number.NaN, [n, d]);
  }

  get #bigN(): bigint {
    return this.#wide ? this.#wide[0] : BigInt(this.#n);
  }
  get #bigD(): bigint {
    return this.#wide ? this.#wide[1] : BigInt(this.#d);
  }

  /** numerator ÷ denominator, from safe integers; the denominator must be positive. */
  static quotient(numerator: number, denominator: number): Exact {
    if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0)
      throw new RangeError(`not a quotient of safe integers: ${numerator}/${denominator}`);
    return Exact.#of(numerator, denominator);
  }

  static integer(value: number): Exact {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    return Exact.#of(value, 1);
  }

  /**
   * Reads a decimal written as a JSON number (`0.25`), `"0.25"` or `"0,25"`, within the bounds of a
   * document's decimals (`DECIMAL_BOUNDS`). Returns undefined when the input is not such a decimal
   * (thousands separators, exponents, NaN and infinities are refused; `decimalProblem` says why).
   */
  static parse(input: unknown): Exact | undefined {
    const text = decimalInputText(input);
    return text === undefined ? undefined : Exact.#parseText(text, true);
  }

  /**
   * Reads `[+-]digits[.,digits]` in one pass, without building strings unless the value is wide. Bounded:
   * stops at the first digit past the bounds, so a long text costs no more than a short one.
   */
  static #parseText(text: string, bounded: boolean): Exact | undefined {
    const first = text.charCodeAt(0);
    const signed = first === MINUS || first === PLUS;
    let n = 0;
    let digits = 0;
    let significant = 0;
    let places = 0;
    let separator = false;
    for (let at = signed ? 1 : 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code >= ZERO_CODE && code <= NINE_CODE) {
        digits++;
        if (separator) places++;
        if (n !== 0 || code !== ZERO_CODE) significant++;
        if (bounded && (places > DECIMAL_BOUNDS.places || significant > DECIMAL_BOUNDS.significantDigits))
          return undefined;
        n = n * 10 + (code - ZERO_CODE);
      } else if ((code === POINT || code === COMMA) && !separator) {
        separator = true;
      } else {
        return undefined;
      }
    }
    if (digits === 0) return undefined;
    const negative = first === MINUS;
    // Up to 15 significant digits, n was built exactly.
    if (significant <= 15 && places <= 15)
      return Exact.#of(negative && n !== 0 ? -n : n, POWERS_OF_TEN[places]!);
    const wide = BigInt(text.slice(signed ? 1 : 0).replace(/[.,]/, '') || '0');
    return Exact.#big(negative ? -wide : wide, 10n ** BigInt(places));
  }

  /** The exact value of a finite Decimal. */
  static fromDecimal(value: Decimal): Exact {
    return Exact.#parseText(value.toFixed(), false)!;
  }

  /** The value as a Decimal: exact when it is a finite decimal, else cut at the Decimal's 30 digits. */
  toDecimal(): Decimal {
    return this.#decimalPlaces() === undefined
      ? new Decimal(this.#bigN.toString()).div(this.#bigD.toString())
      : new Decimal(this.toText());
  }

  plus(term: Exact | number): Exact {
    if (typeof term === 'number') wholeNumber(term);
    if (typeof term === 'number' && this.#wide === undefined) {
      // An integer term needs no Exact of its own (rules add counts).
      const n = this.#n + term * this.#d;
      if (Number.isSafeInteger(term * this.#d) && Number.isSafeInteger(n)) return Exact.#of(n, this.#d);
    }
    const other = typeof term === 'number' ? Exact.integer(term) : term;
    if (this.#wide === undefined && other.#wide === undefined) {
      const an = this.#n;
      const ad = this.#d;
      const bn = other.#n;
      const bd = other.#d;
      if (ad === bd) {
        const n = an + bn;
        if (Number.isSafeInteger(n)) return Exact.#of(n, ad);
      } else if (ad % bd === 0 || bd % ad === 0) {
        // Decimals: one denominator is a power of ten times the other.
        const d = Math.max(ad, bd);
        const n = an * (d / ad) + bn * (d / bd);
        if (
          Number.isSafeInteger(an * (d / ad)) &&
          Number.isSafeInteger(bn * (d / bd)) &&
          Number.isSafeInteger(n)
        )
          return Exact.#of(n, d);
      } else {
        const n = an * bd + bn * ad;
        const d = ad * bd;
        if (Number.isSafeInteger(an * bd) && Number.isSafeInteger(bn * ad) && Number.isSafeInteger(n))
          if (Number.isSafeInteger(d)) return Exact.#of(n, d).#reducedByTen();
      }
    }
    return Exact.#big(
      this.#bigN * other.#bigD + other.#bigN * this.#bigD,
      this.#bigD * other.#bigD,
    ).#reducedByTen();
  }

  /**
   * @internal
   * The sum of `term` over `items` (undefined adds nothing). Decimals keep one denominator as they add
   * up, so the running total stays in two numbers and only the result is allocated.
   */
  static sum<T>(items: readonly T[], term: (item: T) => Exact | undefined): Exact {
    let n = 0;
    let d = 1;
    let total: Exact | undefined;
    for (const item of items) {
      const value = term(item);
      if (value === undefined) continue;
      if (total === undefined && value.#wide === undefined) {
        const vd = value.#d;
        if (vd === d) {
          const next = n + value.#n;
          if (Number.isSafeInteger(next)) {
            n = next;
            continue;
          }
        } else if (vd % d === 0 && Number.isSafeInteger(n * (vd / d))) {
          const next = n * (vd / d) + value.#n;
          if (Number.isSafeInteger(next)) {
            n = next;
            d = vd;
            continue;
          }
        } else if (d % vd === 0 && Number.isSafeInteger(value.#n * (d / vd))) {
          const next = n + value.#n * (d / vd);
          if (Number.isSafeInteger(next)) {
            n = next;
            continue;
          }
        }
      }
      total = (total ?? Exact.#of(n, d)).plus(value);
    }
    return total ?? (n === 0 ? EXACT_ZERO : Exact.#of(n, d));
  }

  minus(term: Exact | number): Exact {
    if (typeof term === 'number') wholeNumber(term);
    if (
      typeof term !== 'number' &&
      this.#wide === undefined &&
      term.#wide === undefined &&
      this.#d === term.#d
    ) {
      // Same denominator, the usual case: no negated copy.
      const n = this.#n - term.#n;
      if (Number.isSafeInteger(n)) return Exact.#of(n, this.#d);
    }
    return this.plus(typeof term === 'number' ? -term : term.negated());
  }

  negated(): Exact {
    return this.#wide === undefined
      ? Exact.#of(-this.#n || 0, this.#d)
      : Exact.#big(-this.#wide[0], this.#wide[1]);
  }

  times(other: Exact | number): Exact {
    if (typeof other === 'number') wholeNumber(other);
    if (typeof other === 'number' && this.#wide === undefined) {
      const n = this.#n * other;
      if (Number.isSafeInteger(n)) return Exact.#of(n || 0, this.#d);
    }
    const factor = typeof other === 'number' ? Exact.integer(other) : other;
    if (this.#wide === undefined && factor.#wide === undefined) {
      const n = this.#n * factor.#n;
      const d = this.#d * factor.#d;
      if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) {
        // Products of products grow their denominators; factors of ten shared above and below go.
        return d > REDUCE_ABOVE ? Exact.#of(n || 0, d).#reducedByTen() : Exact.#of(n || 0, d);
      }
    }
    return Exact.#big(this.#bigN * factor.#bigN, this.#bigD * factor.#bigD).#reducedByTen();
  }

  /** The exact quotient; the divisor must not be zero. */
  dividedBy(other: Exact | number): Exact {
    if (typeof other === 'number') wholeNumber(other);
    if (typeof other === 'number' && other !== 0 && this.#wide === undefined) {
      const n = other < 0 ? -this.#n : this.#n;
      const d = this.#d * Math.abs(other);
      if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return Exact.#of(n || 0, d);
    }
    const divisor = typeof other === 'number' ? Exact.integer(other) : other;
    if (divisor.isZero()) throw new RangeError('division by zero');
    const sign = divisor.isNegative() ? -1 : 1;
    if (this.#wide === undefined && divisor.#wide === undefined) {
      const n = this.#n * divisor.#d * sign;
      const d = this.#d * divisor.#n * sign;
      if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return Exact.#of(n || 0, d);
    }
    const bigSign = BigInt(sign);
    return Exact.#big(this.#bigN * divisor.#bigD * bigSign, this.#bigD * divisor.#bigN * bigSign);
  }

  /** −1, 0 or 1 as this is below, equal to or above `other`. */
  compare(value: Exact | number): -1 | 0 | 1 {
    if (typeof value === 'number') wholeNumber(value);
    if (typeof value === 'number' && this.#wide === undefined) {
      const right = value * this.#d;
      if (Number.isSafeInteger(right)) return Math.sign(this.#n - right) as -1 | 0 | 1;
    }
    const other = typeof value === 'number' ? Exact.integer(value) : value;
    if (this.#wide === undefined && other.#wide === undefined) {
      if (this.#d === other.#d) return Math.sign(this.#n - other.#n) as -1 | 0 | 1;
      const left = this.#n * other.#d;
      const right = other.#n * this.#d;
      if (Number.isSafeInteger(left) && Number.isSafeInteger(right))
        return Math.sign(left - right) as -1 | 0 | 1;
    }
    const left = this.#bigN * other.#bigD;
    const right = other.#bigN * this.#bigD;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  eq(other: Exact | number): boolean {
    return this.compare(other) === 0;
  }
  gt(other: Exact | number): boolean {
    return this.compare(other) > 0;
  }
  gte(other: Exact | number): boolean {
    return this.compare(other) >= 0;
  }
  lt(other: Exact | number): boolean {
    return this.compare(other) < 0;
  }
  lte(other: Exact | number): boolean {
    return this.compare(other) <= 0;
  }
  isZero(): boolean {
    return this.#wide === undefined ? this.#n === 0 : this.#wide[0] === 0n;
  }
  isNegative(): boolean {
    return this.#wide === undefined ? this.#n < 0 : this.#wide[0] < 0n;
  }
  isInteger(): boolean {
    return this.#wide === undefined ? this.#n % this.#d === 0 : this.#wide[0] % this.#wide[1] === 0n;
  }

  /** Rounded to `places` decimals; half-up rounds ties away from zero, as published tables do. */
  round(places: number, mode: RoundingMode): Exact {
    const target = POWERS_OF_TEN[places];
    if (this.#wide === undefined && target !== undefined) {
      // Already within `places` decimals: nothing to round.
      if (target % this.#d === 0) return this;
      const scaled = this.#n * target;
      if (Number.isSafeInteger(scaled)) {
        const magnitude = Math.abs(scaled);
        const d = this.#d;
        // Safe integers divide exactly once the float quotient is corrected by its remainder.
        let quotient = Math.trunc(magnitude / d);
        let remainder = magnitude - quotient * d;
        if (remainder < 0) {
          quotient -= 1;
          remainder += d;
        } else if (remainder >= d) {
          quotient += 1;
          remainder -= d;
        }
        const twice = remainder * 2;
        if (twice > d || (twice === d && (mode === 'half-up' || quotient % 2 === 1))) quotient += 1;
        return Exact.#of(scaled < 0 && quotient !== 0 ? -quotient : quotient, target);
      }
    }
    const scale = 10n ** BigInt(places);
    const scaled = this.#bigN * scale;
    const d = this.#bigD;
    const magnitude = scaled < 0n ? -scaled : scaled;
    let quotient = magnitude / d;
    const twice = (magnitude - quotient * d) * 2n;
    if (twice > d || (twice === d && (mode === 'half-up' || quotient % 2n === 1n))) quotient += 1n;
    return Exact.#big(scaled < 0n ? -quotient : quotient, scale).#reducedByTen();
  }

  /**
   * @internal
   * A number naming this value as written (numerator, and places below a power-of-ten denominator) when it
   * is a small decimal; undefined otherwise. Results' figures are looked up by it (`shownFigure`): a
   * number is found in a Map without writing the value's text and hashing it.
   */
  get figureKey(): number | undefined {
    if (this.#wide !== undefined || Math.abs(this.#n) >= SCALED_FIGURE_LIMIT) return undefined;
    const places = placesOfPower(this.#d);
    return places === undefined ? undefined : Exact.keyOfScaled(this.#n, places);
  }

  /**
   * @internal
   * This value × 10^places, when that is an integer within the figure keys' limit (a decimal of at most
   * `places` decimals, not too large); else undefined. A unit's figures are held so, all at one scale, and
   * a parent's sum is then an addition of integers (see scored-node.ts).
   */
  scaledTo(places: number): number | undefined {
    if (this.#wide !== undefined) return undefined;
    const power = POWERS_OF_TEN[places]!;
    let scaled: number;
    if (power % this.#d === 0) {
      // A product past 2^53 is not exact, but it is then far past the limit too.
      scaled = this.#n * (power / this.#d);
    } else if (this.#d % power === 0 && this.#n % (this.#d / power) === 0) {
      // Written with more places than it needs ("0.250" at 2 places).
      scaled = this.#n / (this.#d / power);
    } else {
      return undefined;
    }
    return Math.abs(scaled) < SCALED_FIGURE_LIMIT ? scaled || 0 : undefined;
  }

  /** @internal The `figureKey` of `scaled` ÷ 10^places, a value held by `scaledTo(places)`. */
  static keyOfScaled(scaled: number, places: number): number {
    // Places are under 32: numerator × 32 + places names one (numerator, places) pair.
    return scaled * 32 + places;
  }

  /** @internal The decimals of a finite decimal (`1.25` has 2), or undefined for a quotient such as 1/3. */
  get places(): number | undefined {
    return this.#decimalPlaces();
  }

  /** @internal The value a `figureKey` names. */
  static fromFigureKey(key: number): Exact {
    const numerator = Math.floor(key / 32);
    return Exact.#of(numerator, POWERS_OF_TEN[key - numerator * 32]!);
  }

  /** The value as decimal text without exponent or trailing zeros ("85.74", "0.5", "7"), when it is a finite decimal. */
  toText(): string {
    const key = this.figureKey;
    if (key !== undefined) {
      // The usual case: a short decimal, most of them written before (a max, a weight, a count).
      let text = KEPT_TEXTS.get(key);
      if (text === undefined) {
        text = this.#shortText();
        if (KEPT_TEXTS.size < KEPT_TEXTS_LIMIT) KEPT_TEXTS.set(key, text);
      }
      return text;
    }
    const places = this.#decimalPlaces();
    if (places === undefined) return this.toDecimal().toFixed();
    const n =
      this.#wide === undefined && Number.isSafeInteger(this.#n * (POWERS_OF_TEN[places]! / this.#d))
        ? this.#n * (POWERS_OF_TEN[places]! / this.#d)
        : this.#bigN * (10n ** BigInt(places) / this.#bigD);
    const negative = n < 0;
    const digits = (negative ? -n : n).toString();
    if (places === 0) return negative ? `-${digits}` : digits;
    const padded = digits.padStart(places + 1, '0');
    const fraction = padded.slice(-places).replace(/0+$/, '');
    const whole = padded.slice(0, -places);
    return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
  }

  toString(): string {
    return this.toText();
  }

  /** The text of a value under a power-of-ten denominator, in integers: whole part, then the fraction without its trailing zeros. */
  #shortText(): string {
    const magnitude = Math.abs(this.#n);
    const sign = this.#n < 0 ? '-' : '';
    let fraction = magnitude % this.#d;
    const whole = (magnitude - fraction) / this.#d;
    if (fraction === 0) return `${sign}${whole}`;
    let width = placesOfPower(this.#d)!;
    while (fraction % 10 === 0) {
      fraction /= 10;
      width--;
    }
    return `${sign}${whole}.${String(fraction).padStart(width, '0')}`;
  }

  /** In JSON, the decimal text (`"0.25"`), as Decimals and the result format write figures. */
  toJSON(): string {
    return this.toText();
  }

  /**
   * The number of decimals of a finite decimal (its denominator divides a power of ten that this names),
   * or undefined for a quotient such as 1/3.
   */
  #decimalPlaces(): number | undefined {
    if (this.#wide === undefined) {
      const exact = placesOfPower(this.#d);
      if (exact !== undefined) return exact;
      for (let places = 1; places < POWERS_OF_TEN.length; places++) {
        if (POWERS_OF_TEN[places]! % this.#d === 0) return places;
      }
    }
    let d = this.#bigD;
    let places = 0;
    while (d % 10n === 0n) {
      d /= 10n;
      places++;
    }
    while (d % 2n === 0n) {
      d /= 2n;
      places++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      places++;
    }
    return d === 1n ? places : undefined;
  }

  /** Divides out common factors of ten, so that sums of rounded figures keep small denominators. */
  #reducedByTen(): Exact {
    if (this.#wide !== undefined) return this;
    let n = this.#n;
    let d = this.#d;
    while (d % 10 === 0 && n % 10 === 0 && d > 1) {
      n /= 10;
      d /= 10;
    }
    return n === this.#n ? this : Exact.#of(n, d);
  }
}

/**
 * A number given to an Exact operation must be a safe integer (a count): a decimal such as 0.3 is not held
 * exactly by a float, so it is refused rather than compared or added through float arithmetic. Write it
 * as an Exact (`Exact.parse('0.3')`).
 */
function wholeNumber(value: number): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${value} is not a safe integer: give a decimal as an exact value, not a float`);
}

/** Denominators above this are reduced by their common factors of ten with the numerator. */
const REDUCE_ABOVE = 1e6;
const MINUS = '-'.charCodeAt(0);
const PLUS = '+'.charCodeAt(0);
const POINT = '.'.charCodeAt(0);
const COMMA = ','.charCodeAt(0);
const ZERO_CODE = '0'.charCodeAt(0);
const NINE_CODE = '9'.charCodeAt(0);
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = -MAX_SAFE_BIG;
/** 10^0 … 10^15, the powers of ten that are safe integers with room for a digit. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, places) => 10 ** places);
/**
 * @internal
 * Numerators of `figureKey`s and figures held as integers (`scaledTo`) stay below this: a key, numerator
 * × 32 + places, is then a safe integer, and two such figures add up exactly.
 */
export const SCALED_FIGURE_LIMIT = 2 ** 47;

/** The texts of short decimals written before, by `figureKey`: traces and results write the same few often. */
const KEPT_TEXTS = new Map<number, string>();
const KEPT_TEXTS_LIMIT = 50_000;

/** The places of a power-of-ten denominator (10 → 1), else undefined; a short scan beats a Map's hashing. */
function placesOfPower(denominator: number): number | undefined {
  for (let places = 0; places < POWERS_OF_TEN.length; places++) {
    const power = POWERS_OF_TEN[places]!;
    if (power === denominator) return places;
    if (power > denominator) return undefined;
  }
  return undefined;
}

/**
 * Reads a decimal written as a JSON number (`0.25`), a string with a point (`"0.25"`) or the Vietnamese
 * decimal comma (`"0,25"`) as a Decimal, by the scorer's own reading (`Exact.parse`), so that both accept
 * the same texts. Thousands separators, exponents, NaN and infinities are refused rather than guessed at.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseDecimal } from '@cchc/core';
 * assert.equal(parseDecimal('0,25')?.toFixed(), '0.25');
 * assert.equal(parseDecimal('1.000,5'), undefined); // thousands separators are refused, not guessed at
 * ```
 */
export function parseDecimal(input: unknown): Decimal | undefined {
  return Exact.parse(input)?.toDecimal();
}

/** Rounds a Decimal to `places` decimals exactly as the scorer does; half-up rounds ties away from zero. */
export function roundTo(value: Decimal, places: number, mode: RoundingMode): Decimal {
  return Exact.fromDecimal(value).round(places, mode).toDecimal();
}

export const EXACT_ZERO: Exact = Exact.integer(0);
export const EXACT_HUNDRED: Exact = Exact.integer(100);

import { Decimal } from '@cchc/core';

type DecimalInput = Decimal | string | number;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * A number as Vietnamese official text writes it: decimal comma, dot between thousands, no
 * trailing zeros (`81,45`, `83,8`, `7`, `101.666.000`).
 */
export function formatNumber(value: DecimalInput): string {
  const text = new Decimal(value).toFixed();
  const negative = text.startsWith('-');
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const body = groupThousands(whole) + (fraction ? `,${fraction}` : '');
  return negative ? `-${body}` : body;
}

/** A count as official text writes it: under ten with a leading zero (`05`, `01`), else grouped (`11`, `1.250`). */
export function formatCount(count: number): string {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`a count must be a whole number ≥ 0, got ${count}`);
  return count < 10 ? `0${count}` : groupThousands(String(count));
}

/** An amount of money: `101.666.000 đồng`. */
export function formatMoney(amount: DecimalInput): string {
  return `${formatNumber(amount)} đồng`;
}

/** A score out of a maximum: `0/0,25`, `7/8`, `81,45/95`. */
export function formatScore(achieved: DecimalInput, max: DecimalInput): string {
  return `${formatNumber(achieved)}/${formatNumber(max)}`;
}

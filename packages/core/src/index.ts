export { Decimal, decimalText, parseDecimal, type RoundingMode, roundTo } from './decimal.js';
export { version } from './version.js';

export { formatCount, formatNumber } from './format/number.js';

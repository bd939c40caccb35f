/** The middle of `values` (the upper middle of an even count): the figure a benchmark's turns give. */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

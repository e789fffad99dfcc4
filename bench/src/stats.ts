/** Summary of a set of samples. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('No samples');
  return [...values].sort((a, b) => a - b);
}

/** The `p`th percentile (0–100), interpolating linearly between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  const rank = (p / 100) * (ordered.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = ordered[low] as number;
  return lowValue + ((ordered[high] as number) - lowValue) * (rank - low);
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Median, minimum and maximum. */
export function summarize(values: readonly number[]): Summary {
  const ordered = sorted(values);
  return {
    median: median(ordered),
    min: ordered[0] as number,
    max: ordered[ordered.length - 1] as number,
  };
}

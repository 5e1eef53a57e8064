/** Quantiles and bands for sweep summaries, with numpy's default definition (linear interpolation, "type 7"). */

/** q-quantile of already sorted values: position q (n - 1), linearly interpolated. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${q}`);
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export interface Band {
  median: number;
  lo: number;
  hi: number;
}

/** Median and the [qLo, qHi] band (default 5-95 %) of finite values; null when none is finite. */
export function band(values: readonly number[], qLo = 0.05, qHi = 0.95): Band | null {
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (sorted.length === 0) return null;
  return { median: quantileSorted(sorted, 0.5), lo: quantileSorted(sorted, qLo), hi: quantileSorted(sorted, qHi) };
}

/**
 * Thinning for plots: whatever n is, charts get at most a couple of thousand points. Points are kept at evenly
 * spaced quantile positions of the sorted sample (so dense regions stay dense and the shape is preserved), and the
 * smallest and largest values are always kept, because the tails are what a goodness-of-fit plot is read for.
 */

/** Default point budget of every plot series. */
export const MAX_PLOT_POINTS = 2000;

/** Ascending indices into a sorted sample of size n: all of them if n <= max, else max evenly spaced ranks. */
export function thinIndices(n: number, max = MAX_PLOT_POINTS): Uint32Array {
  if (!Number.isInteger(max) || max < 2) throw new Error(`a plot needs a budget of at least 2 points, got ${max}`);
  if (n <= max) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const out = new Uint32Array(max);
  for (let k = 0; k < max; k++) out[k] = Math.round((k * (n - 1)) / (max - 1));
  return out; // out[0] = 0 and out[max - 1] = n - 1: the extremes
}

/**
 * Histogram data for the fit page: equal-width bins on the linear or on the log scale (log bins are equal-width in
 * log x, the natural view of log-normal-like weights), Freedman-Diaconis bin width by default exactly as
 * numpy.histogram_bin_edges(x, 'fd') (width 2 IQR n^(-1/3), Freedman & Diaconis 1981), or a given bin count.
 * Density is per unit of x in both cases, so a fitted pdf overlays it directly.
 */
import { quantileSorted } from '../descriptives';

export type BinScale = 'linear' | 'log';

export interface HistogramOptions {
  scale?: BinScale;
  /** Number of equal bins; default Freedman-Diaconis. */
  bins?: number;
  /** Upper limit on the Freedman-Diaconis bin count (heavy tails can ask for millions); default 1000. */
  maxBins?: number;
}

export interface HistogramData {
  scale: BinScale;
  /** bins + 1 ascending edges (in x units even for log bins). */
  edges: Float64Array;
  counts: Float64Array;
  /** counts / (n * width): integrates to 1 over the bins. */
  density: Float64Array;
  n: number;
  /** True when the Freedman-Diaconis count exceeded maxBins and was reduced to it. */
  capped: boolean;
}

/** numpy.linspace(first, last, count + 1) bit for bit: start + i * step, with the last edge set to `last`. */
function linspaceEdges(first: number, last: number, bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

function outerEdges(sorted: Float64Array): [number, number] {
  let first = sorted[0];
  let last = sorted[sorted.length - 1];
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  return [first, last];
}

/** Number of Freedman-Diaconis bins (numpy 'fd'): 1 when the IQR is zero. */
export function fdBinCount(sorted: Float64Array): number {
  const n = sorted.length;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const width = 2 * iqr * Math.pow(n, -1 / 3);
  const [first, last] = outerEdges(sorted);
  return width > 0 ? Math.ceil((last - first) / width) : 1;
}

/** numpy.histogram_bin_edges(x, bins) for an ascending finite sample and bins = 'fd' or a count. */
export function binEdges(sorted: Float64Array, bins: number | 'fd'): Float64Array {
  const [first, last] = outerEdges(sorted);
  const count = bins === 'fd' ? fdBinCount(sorted) : bins;
  if (!Number.isInteger(count) || count < 1) throw new Error(`bin count must be a positive integer, got ${count}`);
  return linspaceEdges(first, last, count);
}

/** Counts with numpy's convention: bins are [e_i, e_{i+1}) except the last, which is closed. */
function countInto(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    while (b < bins - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  return counts;
}

/** Histogram of a column; NaN/inf refused, and log bins refuse zeros and negatives (with their count). */
export function histogram(data: ArrayLike<number>, options: HistogramOptions = {}): HistogramData {
  const scale = options.scale ?? 'linear';
  const maxBins = options.maxBins ?? 1000;
  const n = data.length;
  if (n === 0) throw new Error('histogram of an empty column (0 values)');
  let bad = 0;
  let nonPositive = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(data[i])) bad++;
    else if (!(data[i] > 0)) nonPositive++;
  }
  if (bad > 0) throw new Error(`histogram data contain ${bad} non-finite value(s) (NaN or infinity)`);
  if (scale === 'log' && nonPositive > 0) throw new Error(`log-scale bins need positive values; ${nonPositive} value(s) are zero or negative`);
  const sorted = Float64Array.from(data).sort();
  const t = scale === 'log' ? sorted.map(Math.log) : sorted;
  let count: number;
  let capped = false;
  if (options.bins !== undefined) count = options.bins;
  else {
    count = fdBinCount(t);
    if (count > maxBins) {
      count = maxBins;
      capped = true;
    }
  }
  const tEdges = binEdges(t, count);
  const counts = countInto(t, tEdges);
  const edges = scale === 'log' ? tEdges.map(Math.exp) : tEdges;
  // The outermost log edges are pinned to the data so rounding in exp(log x) cannot drop the extremes.
  if (scale === 'log' && sorted[0] !== sorted[n - 1]) {
    edges[0] = sorted[0];
    edges[count] = sorted[n - 1];
  }
  const density = new Float64Array(count);
  for (let i = 0; i < count; i++) density[i] = counts[i] / (n * (edges[i + 1] - edges[i]));
  return { scale, edges, counts, density, n, capped };
}

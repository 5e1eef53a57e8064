/**
 * Series that overlay fitted models on the data: the fitted density on the histogram's bin grid (with the counts
 * each bin should hold under the fit, for a rootogram or a chi-square look), and the empirical cdf with the fitted
 * cdfs at the same points. Everything is thinned to at most MAX_PLOT_POINTS points.
 */
import type { FittedDistribution } from './fitted';
import type { HistogramData } from './histogram';
import { MAX_PLOT_POINTS, thinIndices } from './thin';
import { sortedPlotData } from './validate';

export interface DensityCurve {
  label: string;
  /** Evaluation points: every bin edge and evenly spaced points inside each bin (log-spaced for log bins). */
  x: Float64Array;
  pdf: Float64Array;
  /** n * (F(e_{i+1}) - F(e_i)) per bin: the counts the fit predicts. */
  expectedCounts: Float64Array;
}

/** The fitted pdf on the histogram's grid, `perBin` points per bin (reduced so the total stays within budget). */
export function densityCurve(hist: HistogramData, model: FittedDistribution, perBin = 8, maxPoints = MAX_PLOT_POINTS): DensityCurve {
  const bins = hist.edges.length - 1;
  const steps = Math.max(1, Math.min(perBin, Math.floor((maxPoints - 1) / bins)));
  const total = bins * steps + 1;
  const x = new Float64Array(total);
  const pdf = new Float64Array(total);
  const log = hist.scale === 'log';
  for (let b = 0; b < bins; b++) {
    const lo = hist.edges[b];
    const hi = hist.edges[b + 1];
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      x[b * steps + s] = log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
    }
  }
  x[total - 1] = hist.edges[bins];
  for (let i = 0; i < total; i++) pdf[i] = model.pdf(x[i]);
  const expectedCounts = new Float64Array(bins);
  let prev = model.cdf(hist.edges[0]);
  for (let b = 0; b < bins; b++) {
    const next = model.cdf(hist.edges[b + 1]);
    expectedCounts[b] = hist.n * (next - prev);
    prev = next;
  }
  return { label: model.label, x, pdf, expectedCounts };
}

export interface EcdfData {
  n: number;
  /** Sorted values kept after thinning (always including the minimum and maximum). */
  x: Float64Array;
  /** Empirical cdf just after each kept value: (rank + 1) / n, ranks counting ties to their last position. */
  ecdf: Float64Array;
  /** Each model's cdf at the same x. */
  fitted: { label: string; cdf: Float64Array }[];
}

/** Empirical cdf points (thinned by quantile position) with the fitted cdfs evaluated at them. */
export function ecdfData(data: ArrayLike<number>, models: FittedDistribution[] = [], maxPoints = MAX_PLOT_POINTS): EcdfData {
  const sorted = sortedPlotData(data);
  const n = sorted.length;
  // With ties the ecdf at a value is the rank of its last copy; collapse ties before thinning.
  const lastOfTie: number[] = [];
  for (let i = 0; i < n; i++) if (i === n - 1 || sorted[i + 1] !== sorted[i]) lastOfTie.push(i);
  const keep = thinIndices(lastOfTie.length, maxPoints);
  const x = new Float64Array(keep.length);
  const ecdf = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = lastOfTie[keep[k]];
    x[k] = sorted[i];
    ecdf[k] = (i + 1) / n;
  }
  const fitted = models.map((m) => ({ label: m.label, cdf: x.map((v) => m.cdf(v)) }));
  return { n, x, ecdf, fitted };
}

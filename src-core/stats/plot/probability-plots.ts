/**
 * QQ and PP points of a sample against a fitted distribution, with a simultaneous confidence band.
 *
 * Plotting positions are Hazen's p_i = (i - 0.5)/n. The band is the Kolmogorov band: with probability 1 - alpha
 * the whole empirical cdf lies within d of the true cdf, d being the exact 1 - alpha quantile of D_n (Marsaglia,
 * Tsang & Wang 2003; Simard & L'Ecuyer 2011, see gof/kolmogorov.ts). Point i lies inside exactly when
 * i/n - d <= F(x_(i)) <= (i-1)/n + d, which is what `outside` counts and what the band edges draw:
 *   PP: y = p_i against u = F(x_(i)); band |y - u| <= d - 1/(2n) around the diagonal.
 *   QQ: y = x_(i) against Q(p_i); band [Q(i/n - d), Q((i-1)/n + d)] (null where the probability leaves (0, 1)).
 * The band is exact for a fully specified model; when the parameters were fitted to the same data it is
 * conservative (too wide), the same way the plain KS table is (see the calibration test). The bootstrap p-value in
 * gof/bootstrap.ts is the calibrated test; the band is a visual guide.
 */
import { kolmogorovCriticalValue } from '../gof/kolmogorov';
import type { FittedDistribution } from './fitted';
import { MAX_PLOT_POINTS, thinIndices } from './thin';
import { sortedPlotData } from './validate';

export interface BandOptions {
  /** 1 - confidence of the simultaneous band; default 0.05. */
  alpha?: number;
  maxPoints?: number;
}

export interface ProbabilityPlotData {
  label: string;
  n: number;
  /** Kolmogorov critical value d used for the band, and its level. */
  d: number;
  alpha: number;
  /** Number of points (before thinning) outside the band: > 0 means the plain KS test rejects at alpha. */
  outside: number;
  x: Float64Array;
  y: Float64Array;
  lower: (number | null)[];
  upper: (number | null)[];
}

/** PP plot: fitted probability F(x_(i)) on x, plotting position on y, band around the diagonal. */
export function ppPlot(data: ArrayLike<number>, model: FittedDistribution, options: BandOptions = {}): ProbabilityPlotData {
  const { n, d, alpha, outside, u } = prepare(data, model, options);
  const keep = thinIndices(n, options.maxPoints ?? MAX_PLOT_POINTS);
  const half = Math.max(0, d - 1 / (2 * n));
  const x = new Float64Array(keep.length);
  const y = new Float64Array(keep.length);
  const lower: number[] = [];
  const upper: number[] = [];
  keep.forEach((i, k) => {
    x[k] = u[i];
    y[k] = (i + 0.5) / n;
    lower.push(Math.max(0, u[i] - half));
    upper.push(Math.min(1, u[i] + half));
  });
  return { label: model.label, n, d, alpha, outside, x, y, lower, upper };
}

/** QQ plot: fitted quantile at the plotting position on x, ordered data on y, band in data units. */
export function qqPlot(data: ArrayLike<number>, model: FittedDistribution, options: BandOptions = {}): ProbabilityPlotData {
  const { sorted, n, d, alpha, outside } = prepare(data, model, options);
  const keep = thinIndices(n, options.maxPoints ?? MAX_PLOT_POINTS);
  const q = (p: number): number | null => (p > 0 && p < 1 ? model.quantile(p) : null);
  const x = new Float64Array(keep.length);
  const y = new Float64Array(keep.length);
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  keep.forEach((i, k) => {
    x[k] = model.quantile((i + 0.5) / n);
    y[k] = sorted[i];
    lower.push(q((i + 1) / n - d));
    upper.push(q(i / n + d));
  });
  return { label: model.label, n, d, alpha, outside, x, y, lower, upper };
}

function prepare(data: ArrayLike<number>, model: FittedDistribution, options: BandOptions) {
  const sorted = sortedPlotData(data);
  const n = sorted.length;
  const alpha = options.alpha ?? 0.05;
  const d = kolmogorovCriticalValue(n, alpha);
  const u = new Float64Array(n);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    u[i] = model.cdf(sorted[i]);
    if (!(u[i] >= (i + 1) / n - d && u[i] <= i / n + d)) outside++;
  }
  return { sorted, n, d, alpha, outside, u };
}

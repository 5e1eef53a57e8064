/**
 * Descriptive statistics of one numeric column, with numpy/scipy's definitions so figures match a Python session:
 * sd with ddof = 1; median and quartiles by numpy's default linear interpolation (Hyndman & Fan type 7);
 * skewness and excess kurtosis both bias-corrected (scipy bias=False: G1, G2, as SAS, SPSS and Excel report) and
 * as moment ratios (scipy's default bias=True: g1, g2). The log-scale figures (mean and sd of log x, geometric mean)
 * exist only when every value is positive; otherwise they are null and `nonPositive` says how many values stood in
 * the way.
 */

import { fittingUnit, inUnits } from './fit/units';

export interface DescriptivesOptions {
  /** Drop NaN and infinite values (and report how many) instead of refusing the column. */
  dropNonFinite?: boolean;
}

export interface Descriptives {
  n: number;
  /** Non-finite values dropped (only with dropNonFinite). */
  dropped: number;
  mean: number;
  /** Standard deviation with ddof = 1. */
  sd: number;
  min: number;
  max: number;
  median: number;
  /** First and third quartiles (numpy linear) and their difference. */
  q1: number;
  q3: number;
  iqr: number;
  /** Bias-corrected sample skewness G1 (scipy.stats.skew(bias=False)); null if all values are equal. */
  skewness: number | null;
  /** Bias-corrected excess kurtosis G2 (scipy.stats.kurtosis(bias=False)); null if n < 4 or all values are equal. */
  excessKurtosis: number | null;
  /** Moment-ratio skewness g1 = m3 / m2^1.5 (scipy.stats.skew default). */
  skewnessBiased: number | null;
  /** Moment-ratio excess kurtosis g2 = m4 / m2^2 - 3 (scipy.stats.kurtosis default). */
  excessKurtosisBiased: number | null;
  /** sd / mean; null unless mean > 0. */
  cv: number | null;
  /** Number of values <= 0 (which rule out the log-scale figures). */
  nonPositive: number;
  /** Mean and sd (ddof = 1) of log(x); null if any value is <= 0. */
  logMean: number | null;
  logSd: number | null;
  /** exp(mean log x); null if any value is <= 0. */
  geometricMean: number | null;
}

/**
 * numpy.quantile(x, q) with the default 'linear' method on an ascending array: position (n-1) q, interpolated
 * with numpy's two-sided lerp (which is exact at both ends).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of an empty sample (0 values)');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile level must be in [0, 1], got ${q}`);
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Mean by pairwise (cascade) summation, close to numpy's, with a correction pass. */
function accurateMean(x: Float64Array): number {
  const n = x.length;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    // Kahan-Babuska (Neumaier) summation
    const v = x[i];
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  const m = (s + c) / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i] - m;
  return m + r / n;
}

/** Central moments m2, m3, m4 (divided by n). */
function centralMoments(x: Float64Array, mean: number): [number, number, number] {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const n = x.length;
  return [m2 / n, m3 / n, m4 / n];
}

/** Copies the finite values, or throws naming how many values are not finite. */
function finiteValues(data: ArrayLike<number>, drop: boolean): { x: Float64Array; dropped: number } {
  let bad = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) bad++;
  if (bad > 0 && !drop) {
    throw new Error(`column contains ${bad} non-finite value(s) (NaN or infinity) out of ${data.length}; drop them to continue`);
  }
  const x = new Float64Array(data.length - bad);
  let k = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) x[k++] = data[i];
  return { x, dropped: bad };
}

/** Descriptive statistics of a column; at least 3 finite values. */
export function describe(data: ArrayLike<number>, options: DescriptivesOptions = {}): Descriptives {
  const { x, dropped } = finiteValues(data, options.dropNonFinite ?? false);
  const n = x.length;
  if (n === 0) throw new Error(`column has no finite values (0 of ${data.length})`);
  if (n < 3) throw new Error(`descriptives need at least 3 values, got ${n}`);
  const sorted = Float64Array.from(x).sort();
  // Moments in units (an exact power-of-two rescaling, stats/fit/units.ts): squares of values near 1e300 overflow,
  // near 1e-300 underflow; shape figures do not depend on the unit, sd and mean scale with it.
  const unit = fittingUnit(x);
  const y = inUnits(Float64Array.from(x), unit);
  const meanUnits = accurateMean(y);
  const mean = meanUnits * unit;
  const [m2, m3, m4] = centralMoments(y, meanUnits);
  const allEqual = sorted[0] === sorted[n - 1];
  const sd = allEqual ? 0 : Math.sqrt((m2 * n) / (n - 1)) * unit;
  let skewnessBiased: number | null = null;
  let skewness: number | null = null;
  let kurtBiased: number | null = null;
  let kurt: number | null = null;
  if (!allEqual && m2 > 0) {
    skewnessBiased = m3 / Math.pow(m2, 1.5);
    skewness = (skewnessBiased * Math.sqrt(n * (n - 1))) / (n - 2);
    kurtBiased = m4 / (m2 * m2) - 3;
    if (n > 3) kurt = ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * kurtBiased + 6);
  }
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);

  let nonPositive = 0;
  for (let i = 0; i < n; i++) if (!(x[i] > 0)) nonPositive++;
  let logMean: number | null = null;
  let logSd: number | null = null;
  let geometricMean: number | null = null;
  if (nonPositive === 0) {
    const logs = new Float64Array(n);
    for (let i = 0; i < n; i++) logs[i] = Math.log(x[i]);
    logMean = accurateMean(logs);
    logSd = allEqual ? 0 : Math.sqrt((centralMoments(logs, logMean)[0] * n) / (n - 1));
    geometricMean = Math.exp(logMean);
  }
  return {
    n,
    dropped,
    mean,
    sd,
    min: sorted[0],
    max: sorted[n - 1],
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    skewness,
    excessKurtosis: kurt,
    skewnessBiased,
    excessKurtosisBiased: kurtBiased,
    cv: mean > 0 ? (sd / unit) / meanUnits : null,
    nonPositive,
    logMean,
    logSd,
    geometricMean,
  };
}

/**
 * Empirical-distribution goodness-of-fit statistics of a sample against a fully specified continuous cdf, with the
 * exact definitions scipy uses, so figures can be compared one to one:
 *   - Kolmogorov-Smirnov D = max(D+, D-)              (scipy.stats.kstest)
 *   - Anderson-Darling A^2 = -n - sum (2i-1)/n [log F(x_i) + log S(x_(n+1-i))]
 *                                                      (scipy.stats.goodness_of_fit 'ad'; Anderson & Darling 1954)
 *   - Cramér-von Mises W^2 = 1/(12n) + sum ((2i-1)/(2n) - F(x_i))^2   (scipy.stats.cramervonmises)
 *
 * Two layers: the public functions take the sorted sample and the cdf and validate their input; the kernels take
 * the probability-integral transforms u_i = F(x_(i)) (KS, CvM) or their logs log F and log(1 - F) (AD, computed in
 * log space so that a point far in a tail keeps A^2 finite) already computed into (reused) buffers, so the
 * bootstrap evaluates the cdf once per resample for all three statistics and allocates nothing.
 */

/** Which statistics a goodness-of-fit computation can report. */
export type GofStatisticName = 'ks' | 'ad' | 'cvm';

export const GOF_STATISTICS: readonly GofStatisticName[] = ['ks', 'ad', 'cvm'];

/** Throws unless `sorted` is non-empty, finite and nondecreasing (the statistics assume all three). */
export function assertSortedFinite(sorted: ArrayLike<number>, what = 'sample'): void {
  const n = sorted.length;
  if (n === 0) throw new Error(`${what} is empty (0 values)`);
  let bad = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(sorted[i])) bad++;
  if (bad > 0) throw new Error(`${what} contains ${bad} non-finite value(s) (NaN or infinity)`);
  let unsorted = 0;
  for (let i = 1; i < n; i++) if (sorted[i] < sorted[i - 1]) unsorted++;
  if (unsorted > 0) throw new Error(`${what} is not sorted ascending (${unsorted} descent(s))`);
}

/** u_i = cdf(x_(i)); throws if the cdf returns anything outside [0, 1] (NaN included). */
export function pitValues(sorted: ArrayLike<number>, cdf: (x: number) => number, out?: Float64Array): Float64Array {
  const n = sorted.length;
  const u = out ?? new Float64Array(n);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const v = cdf(sorted[i]);
    if (!(v >= 0 && v <= 1)) bad++;
    u[i] = v;
  }
  if (bad > 0) throw new Error(`cdf returned ${bad} value(s) outside [0, 1] (or NaN)`);
  return u;
}

/** D+ = max_i (i/n - u_i), i = 1..n. */
export function ksPlusFromPit(u: ArrayLike<number>, n = u.length): number {
  let d = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = (i + 1) / n - u[i];
    if (v > d) d = v;
  }
  return d;
}

/** D- = max_i (u_i - (i-1)/n), i = 1..n. */
export function ksMinusFromPit(u: ArrayLike<number>, n = u.length): number {
  let d = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = u[i] - i / n;
    if (v > d) d = v;
  }
  return d;
}

/** Two-sided KS statistic from nondecreasing pit values (one pass for both sides). */
export function ksFromPit(u: ArrayLike<number>, n = u.length): number {
  let d = -Infinity;
  for (let i = 0; i < n; i++) {
    const ui = u[i];
    const plus = (i + 1) / n - ui;
    const minus = ui - i / n;
    if (plus > d) d = plus;
    if (minus > d) d = minus;
  }
  return d;
}

/**
 * Below this a probability is formed in logs by the family (a cdf value near the subnormal range has lost its
 * relative precision, and 0 would make log F = -infinity for a point that is merely far out).
 */
export const TINY_PROBABILITY = 1e-290;

/**
 * A^2 from log F(x_(i)) and log(1 - F(x_(i))), i = 1..n (ascending x), as scipy.stats.goodness_of_fit's 'ad'
 * (which sums dist.logcdf and dist.logsf). Finite for every point the model gives positive density, however far
 * out; infinite (as in scipy) only when F = 0 or F = 1 exactly at a data point, a point impossible under the model.
 */
export function adFromLogs(logCdf: ArrayLike<number>, logSf: ArrayLike<number>, n = logCdf.length): number {
  // A^2 is a small difference of two numbers of size n, so the sum is compensated (Neumaier 1974): plain
  // summation loses ~1e-9 relative at n = 1e5.
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const t = ((2 * i + 1) / n) * (logCdf[i] + logSf[n - 1 - i]);
    if (t === -Infinity) return Infinity; // F = 0 or F = 1 at a data point
    const sum = s + t;
    c += Math.abs(s) >= Math.abs(t) ? s - sum + t : t - sum + s;
    s = sum;
  }
  return -n - (s + c);
}

/**
 * Fills logCdf and logSf for a sorted sample whose pit values u are known: log u and log1p(-u) where those are
 * accurate, the model's own logcdf / logsf in the far lower tail and in the upper half (1 - u loses digits there).
 */
export function tailLogsInto(
  sorted: ArrayLike<number>,
  u: ArrayLike<number>,
  logcdf: ((x: number) => number) | undefined,
  logsf: ((x: number) => number) | undefined,
  logCdf: Float64Array,
  logSf: Float64Array,
  n = u.length,
): void {
  for (let i = 0; i < n; i++) {
    const ui = u[i];
    logCdf[i] = ui > TINY_PROBABILITY || !logcdf ? Math.log(ui) : logcdf(sorted[i]);
    logSf[i] = ui <= 0.5 || !logsf ? Math.log1p(-ui) : logsf(sorted[i]);
  }
}

/** W^2 from pit values. */
export function cvmFromPit(u: ArrayLike<number>, n = u.length): number {
  let s = 1 / (12 * n);
  for (let i = 0; i < n; i++) {
    const d = (2 * i + 1) / (2 * n) - u[i];
    s += d * d;
  }
  return s;
}

/** Kolmogorov-Smirnov D of a sorted sample against `cdf`, as scipy.stats.kstest. */
export function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  assertSortedFinite(sorted);
  return ksFromPit(pitValues(sorted, cdf));
}

/**
 * Anderson-Darling A^2 of a sorted sample against `cdf`, as scipy.stats.goodness_of_fit(statistic='ad'). Pass the
 * family's `logsf` and `logcdf` when it has them: scipy uses dist.logcdf and dist.logsf, and the difference shows
 * in the tails (without them a point far enough out makes A^2 infinite).
 */
export function adStatistic(
  sorted: Float64Array,
  cdf: (x: number) => number,
  logsf?: (x: number) => number,
  logcdf?: (x: number) => number,
): number {
  assertSortedFinite(sorted);
  const u = pitValues(sorted, cdf);
  const lcdf = new Float64Array(sorted.length);
  const lsf = new Float64Array(sorted.length);
  tailLogsInto(sorted, u, logcdf, logsf, lcdf, lsf);
  return adFromLogs(lcdf, lsf);
}

/** Cramér-von Mises W^2 of a sorted sample against `cdf`, as scipy.stats.cramervonmises. */
export function cvmStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  assertSortedFinite(sorted);
  return cvmFromPit(pitValues(sorted, cdf));
}

/**
 * Empirical-distribution goodness-of-fit statistics of a sample against a fully specified continuous cdf, with the
 * exact definitions scipy uses, so figures can be compared one to one:
 *   - Kolmogorov-Smirnov D = max(D+, D-)              (scipy.stats.kstest)
 *   - Anderson-Darling A^2 = -n - sum (2i-1)/n [log F(x_i) + log S(x_(n+1-i))]
 *                                                      (scipy.stats.goodness_of_fit 'ad'; Anderson & Darling 1954)
 *   - Cramér-von Mises W^2 = 1/(12n) + sum ((2i-1)/(2n) - F(x_i))^2   (scipy.stats.cramervonmises)
 *
 * Two layers: the public functions take the sorted sample and the cdf and validate their input; the `...FromPit`
 * kernels take the probability-integral transforms u_i = F(x_(i)) already computed into a (reused) buffer, so the
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
 * A^2 from pit values. `logSf`, when given, holds log(1 - F(x_(i))) computed accurately by the family (the upper
 * tail loses all digits in 1 - u when u is near 1); otherwise log1p(-u) is used. A value with F = 0 or F = 1 makes
 * A^2 infinite, as in scipy: such a point is impossible under the model.
 */
export function adFromPit(u: ArrayLike<number>, logSf?: ArrayLike<number>, n = u.length): number {
  // A^2 is a small difference of two numbers of size n, so the sum is compensated (Neumaier 1974): plain
  // summation loses ~1e-9 relative at n = 1e5.
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    const lsf = logSf ? logSf[j] : Math.log1p(-u[j]);
    const t = ((2 * i + 1) / n) * (Math.log(u[i]) + lsf);
    if (t === -Infinity) return Infinity; // F = 0 or F = 1 at a data point
    const sum = s + t;
    c += Math.abs(s) >= Math.abs(t) ? s - sum + t : t - sum + s;
    s = sum;
  }
  return -n - (s + c);
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
 * Anderson-Darling A^2 of a sorted sample against `cdf`, as scipy.stats.goodness_of_fit(statistic='ad').
 * Pass the family's `logsf` when it has one: scipy uses dist.logsf, and the difference shows in the upper tail.
 */
export function adStatistic(
  sorted: Float64Array,
  cdf: (x: number) => number,
  logsf?: (x: number) => number,
): number {
  assertSortedFinite(sorted);
  const u = pitValues(sorted, cdf);
  if (!logsf) return adFromPit(u);
  const lsf = new Float64Array(sorted.length);
  // Below the median log1p(-u) is as accurate as logsf; above it 1 - u would lose digits.
  for (let i = 0; i < sorted.length; i++) lsf[i] = u[i] <= 0.5 ? Math.log1p(-u[i]) : logsf(sorted[i]);
  return adFromPit(u, lsf);
}

/** Cramér-von Mises W^2 of a sorted sample against `cdf`, as scipy.stats.cramervonmises. */
export function cvmStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  assertSortedFinite(sorted);
  return cvmFromPit(pitValues(sorted, cdf));
}

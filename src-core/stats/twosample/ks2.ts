/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, with the statistic and p-values of scipy.stats.ks_2samp:
 *   - 'exact': the exact null distribution of D_{m,n} by lattice-path counting. For m = n the closed alternating
 *     series of Gnedenko & Korolyuk, summed Horner-style so nothing cancels; otherwise the "inside" recursion of
 *     Hodges (1958) rewritten by Viehmann (2021, arXiv:2102.08037) to carry 1 - p directly (stable for tiny p).
 *   - 'asymp': Smirnov's limit, evaluated as scipy does with the one-sample Kolmogorov distribution at
 *     n = round(mn / (m + n)).
 *   - 'auto': exact when max(m, n) <= 10000, else asymptotic.
 * Ties are handled as in scipy: the ecdfs are compared after every distinct value.
 */
import { kolmogorovSf } from '../gof/kolmogorov';
import { sortedFiniteCopy } from './validate';

export type Ks2Method = 'auto' | 'exact' | 'asymp';

export interface Ks2Options {
  alternative?: 'two-sided';
  method?: Ks2Method;
}

export interface Ks2Result {
  statistic: number;
  pValue: number;
  /** The method actually used ('auto' resolved). */
  method: 'exact' | 'asymp';
  /** Value at which the ecdfs differ most, and +1 if there ecdf(a) > ecdf(b), else -1. */
  statisticLocation: number;
  statisticSign: 1 | -1;
}

const MAX_AUTO_N = 10_000;
const INT32_MAX = 2147483647;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** P(D_{n,n} >= h/n) = 2 sum_{k>=1} (-1)^(k-1) C(2n, n-kh) / C(2n, n), nested so that no subtraction cancels. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    // ratio C(2n, n-(k+1)h) / C(2n, n-kh)
    let r = 1;
    for (let j = 0; j < h; j++) r = ((n - k * h - j) * r) / (n + k * h + j + 1);
    p = r * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D_{m,n} >= h / lcm(m, n)): the fraction of monotone lattice paths from (0,0) to (m,n) that touch or leave
 * the band |x/m - y/n| < h/lcm. A(x, y) is the probability that a uniformly random path to (x, y) has already left
 * the band (1 outside it); it is built column by column over a window sliding along the band.
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(n + 2).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    // Coming from below: (i, minj - 1) lies outside the band (probability 1) unless minj = 0 (no such point).
    let val = minj === 0 ? 0 : 1;
    const shift = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + shift] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    for (let jj = curlen; jj < lastlen; jj++) A[jj] = 1;
  }
  return A[maxj - minj - 1];
}

/** D and where it is attained, from two sorted finite samples (scipy's ecdf comparison after each value). */
export function ks2StatisticSorted(a: Float64Array, b: Float64Array): { d: number; location: number; sign: 1 | -1 } {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let maxLoc = NaN;
  let minS = Infinity;
  let minLoc = NaN;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) {
      maxS = diff;
      maxLoc = v;
    }
    if (diff < minS) {
      minS = diff;
      minLoc = v;
    }
  }
  const minAbs = Math.min(1, Math.max(0, -minS));
  return minAbs > maxS ? { d: minAbs, location: minLoc, sign: -1 } : { d: maxS, location: maxLoc, sign: 1 };
}

/**
 * D of two sorted finite samples on its lattice of multiples of 1/lcm(m, n) (as ks2Sample reports it), so that equal
 * distances compare equal whatever rounding the ecdf differences carried.
 */
export function ks2DistanceSorted(a: Float64Array, b: Float64Array): number {
  const d = ks2StatisticSorted(a, b).d;
  const lcm = (a.length / gcd(a.length, b.length)) * b.length;
  return lcm < 2 ** 52 ? roundHalfEven(d * lcm) / lcm : d;
}

/** Two-sided two-sample KS test of a against b, as scipy.stats.ks_2samp. */
export function ks2Sample(aIn: ArrayLike<number>, bIn: ArrayLike<number>, options: Ks2Options = {}): Ks2Result {
  const method = options.method ?? 'auto';
  if ((options.alternative ?? 'two-sided') !== 'two-sided') throw new Error('only the two-sided alternative is implemented');
  const a = sortedFiniteCopy(aIn, 'first sample', 1);
  const b = sortedFiniteCopy(bIn, 'second sample', 1);
  const n1 = a.length;
  const n2 = b.length;
  const stat = ks2StatisticSorted(a, b);
  let d = stat.d;
  const g = gcd(n1, n2);
  let mode: 'exact' | 'asymp' = method === 'asymp' ? 'asymp' : 'exact';
  if (method === 'auto') mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (method === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) mode = 'asymp';
  let p = NaN;
  if (mode === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) p = 1;
    else p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) mode = 'asymp';
  }
  if (mode === 'asymp') {
    const en = (n1 * n2) / (n1 + n2);
    p = kolmogorovSf(roundHalfEven(en), d);
  }
  return {
    statistic: d,
    pValue: Math.min(1, Math.max(0, p)),
    method: mode,
    statisticLocation: stat.location,
    statisticSign: stat.sign,
  };
}

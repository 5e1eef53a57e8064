/**
 * Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n for a fully specified continuous
 * cdf: P(D_n >= d). This is scipy.stats.kstwo.sf, which ks_2samp's asymptotic method evaluates at n = round(mn/(m+n))
 * and kstest uses as "the KS table". Method selection follows Simard & L'Ecuyer (2011) as scipy does:
 *   - Ruben & Gambino (1982) closed forms at the two ends (nd <= 1, nd >= n - 1);
 *   - the exact Durbin (1968) matrix in the Marsaglia, Tsang & Wang (2003) formulation where nd^2 is small;
 *   - twice the exact one-sided Smirnov tail (Birnbaum & Tingey 1951) in the upper tail, which is within rounding
 *     of the two-sided tail there (Miller 1956);
 *   - the Pelz & Good (1976) asymptotic series for large n.
 * (scipy uses Pomeranz's recursion for n <= 140, 0.754693 < nd^2 <= 4; the Durbin matrix is exact there too and small.)
 */

const TWO_POW_128 = 2 ** 128;
const TWO_POW_M128 = 2 ** -128;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI * Math.PI;
const LOG_2PI = Math.log(2 * Math.PI);
/** scipy.special.smirnov switches to an asymptotic form above this n (cephes SMIRNOV_MAX_COMPUTE_N). */
const SMIRNOV_MAX_N = 1_000_000;

/** log(n!/n^n) by Stirling's series. */
function logFactorialOverPower(n: number): number {
  const r = 1 / n;
  const r2 = r * r;
  // Stirling series for log Gamma(n+1) - n log n: 0.5 log(2 pi n) - n + 1/(12n) - 1/(360n^3) + 1/(1260n^5) - ...
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188)))));
  return 0.5 * Math.log(n) - n + 0.5 * LOG_2PI + series;
}

/** Exact one-sided Smirnov tail P(D_n^+ >= x), Birnbaum & Tingey (1951), summed in logs. */
export function smirnovSf(n: number, x: number): number {
  if (!(n >= 1) || !(x >= 0 && x <= 1)) throw new Error(`smirnovSf needs n >= 1 and 0 <= x <= 1, got n = ${n}, x = ${x}`);
  if (x === 0) return 1;
  if (x === 1) return 0;
  if (n === 1) return x;
  if (n * x <= 1) return 1 - x * Math.pow(1 + x, n - 1);
  if (-2 * n * x * x < -708) return 0;
  if (n * x >= n - 1) return Math.pow(1 - x, n);
  if (n > SMIRNOV_MAX_N) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // sf = x * sum_{j=0}^{floor(n(1-x))} C(n,j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1); all terms positive.
  const last = Math.floor(n * (1 - x));
  let logC = 0;
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logC += Math.log((n - j + 1) / j);
    const a = (n - j) / n - x;
    if (a <= 0) break; // the term with 1 - x - j/n = 0 vanishes
    const term = Math.exp(logC + (n - j) * Math.log(a) + (j - 1) * Math.log(x + j / n));
    sum += term;
    // Past the peak the terms fall geometrically; stop once the rest cannot matter.
    if (term > 0 && 4 * (last - j) * term < Number.EPSILON * sum && j > 0) break;
  }
  return Math.min(1, Math.max(0, x * sum));
}

/** Square matrix product c = a b (m x m, row-major). */
function matMul(a: Float64Array, b: Float64Array, m: number, c: Float64Array): void {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l];
      if (ail === 0) continue;
      const bo = l * m;
      const co = i * m;
      for (let j = 0; j < m; j++) c[co + j] += ail * b[bo + j];
    }
  }
}

/** P(D_n < d) exactly, by the Durbin matrix H^n (Marsaglia, Tsang & Wang 2003), with power-of-two rescaling. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H = new Float64Array(m * m);
  // invFact[j] = 1/j!
  const invFact = new Float64Array(m + 1);
  invFact[0] = 1;
  for (let j = 1; j <= m; j++) invFact[j] = invFact[j - 1] / j;
  for (let i = 0; i < m; i++) for (let j = 0; j <= Math.min(m - 1, i + 1); j++) H[i * m + j] = invFact[i - j + 1];
  for (let i = 0; i < m; i++) {
    const v = (1 - Math.pow(h, i + 1)) * invFact[i + 1];
    H[i * m] = v; // first column
    H[(m - 1) * m + (m - 1 - i)] = v; // last row, reversed
  }
  H[(m - 1) * m] = (1 - 2 * Math.pow(h, m) + Math.pow(Math.max(0, 2 * h - 1), m)) * invFact[m];

  // Binary powering; every matrix carries a base-2 exponent so nothing overflows.
  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let pExp = 0;
  let hExp = 0;
  let tmp = new Float64Array(m * m);
  let e = n;
  while (e > 0) {
    if (e & 1) {
      matMul(P, H, m, tmp);
      [P, tmp] = [tmp, P];
      pExp += hExp;
    }
    e = Math.floor(e / 2);
    if (e > 0) {
      matMul(H, H, m, tmp);
      [H, tmp] = [tmp, H];
      hExp *= 2;
      if (Math.abs(H[(k - 1) * m + (k - 1)]) > TWO_POW_128) {
        for (let i = 0; i < m * m; i++) H[i] *= TWO_POW_M128;
        hExp += 128;
      }
    }
  }
  // Multiply by n!/n^n step by step, rescaling as it shrinks.
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_POW_M128) {
      p *= TWO_POW_128;
      pExp -= 128;
    }
  }
  return Math.min(1, Math.max(0, p * Math.pow(2, pExp)));
}

/** Pelz & Good (1976) asymptotic series for P(D_n <= x), used for large n. */
export function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  const q = Math.exp(qlog);
  const pi4 = PI2 * PI2;
  const pi6 = pi4 * PI2;
  // Coefficients of the four theta-function sums (terms in (2k-1)^0, ^2, ^4, ^6).
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3a = -30 * z6 - 90 * z6 * z2;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const maxk = Math.ceil((16 * z) / Math.PI);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  // Horner in q^(8k): sum_k q^((2k-1)^2) c(2k-1) = q * sum_k q^(4k(k-1)) c, nested from the largest k.
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const qp = Math.pow(q, 8 * k);
    s0 = s0 * qp + 1;
    s1 = s1 * qp + (k1a + k1b * m2);
    s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
    s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m4 * m2);
  }
  const f = q * SQRT_2PI;
  const K0 = (s0 * f) / z;
  let K1 = (s1 * f) / (6 * z4);
  let K2 = (s2 * f) / (72 * z6 * z);
  let K3 = (s3 * f) / (6480 * z6 * z4);
  // The extra sums over k^2 exp(-k^2 pi^2 / (2 z^2)) of the second and third terms.
  const q2 = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let e2 = 0;
  let e3 = 0;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const w = k2 * Math.pow(q2, k2);
    e2 += w;
    const kpi = Math.PI * k;
    e3 += (sqrt3z + kpi) * (sqrt3z - kpi) * w;
  }
  K2 += (e2 * PI2 * SQRT_2PI) / (-36 * z2 * z);
  K3 += (e3 * PI2 * SQRT_2PI) / (216 * z6);
  const sn = Math.sqrt(n);
  K1 /= sn;
  K2 /= n;
  K3 /= n * sn;
  return K0 + K1 + K2 + K3;
}

/** scipy.stats.kstwo.sf(d, n): P(D_n >= d) for the two-sided one-sample KS statistic. */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Kolmogorov distribution needs an integer n >= 1, got ${n}`);
  if (Number.isNaN(d)) throw new Error('Kolmogorov distribution evaluated at NaN');
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const clip = (p: number) => Math.min(1, Math.max(0, p));
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // P(D_n < d) = n!/n^n (2t - 1)^n (Ruben & Gambino); a direct product while it cannot underflow.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - d, n));
  if (d >= 0.5) return clip(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 4) return clip(1 - kolmogorovCdfDurbin(n, d));
    return clip(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSf(n, d));
  if (nd2 >= 18) return 0;
  const cdf = n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4 ? kolmogorovCdfDurbin(n, d) : kolmogorovCdfPelzGood(n, d);
  return clip(1 - cdf);
}

/**
 * The critical value d with P(D_n >= d) = alpha (the 1 - alpha quantile of D_n), by bisection on the monotone
 * survival function; used for simultaneous confidence bands around an empirical cdf.
 */
export function kolmogorovCriticalValue(n: number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`significance level must be in (0, 1), got ${alpha}`);
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 200 && hi - lo > 1e-15; it++) {
    const mid = 0.5 * (lo + hi);
    if (kolmogorovSf(n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

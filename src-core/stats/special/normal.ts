/**
 * The standard normal distribution: density, cdf (accurate to relative double precision in both tails through
 * Cody's erfcx and an exactly split exp(-x^2/2)), log-cdf, and the quantile by Wichura's AS 241 (PPND16,
 * Applied Statistics 37 (1988) 477-484), about 1e-16 relative.
 */
import { erf, erfcx } from './erf';

export const LOG_SQRT_2PI = 0.91893853320467274178; // log(sqrt(2 pi))
const SQRT1_2 = Math.SQRT1_2;
const SPLIT = 0.46875 * Math.SQRT2; // |x| where erf's first interval ends

/**
 * exp(-x^2/2) with the rounding of x^2 removed: h = x rounded to 1/16, so h^2/2 is exact. The rounding error of
 * x^2 costs ~x^2/2 ulps, so below |x| = 4 (<= 8 ulps, still < 2e-15) the single exp is used for speed.
 */
function expNegHalfSquare(x: number): number {
  if (Math.abs(x) <= 4) return Math.exp(-0.5 * x * x);
  const h = Math.trunc(x * 16) / 16;
  return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (x - h) * (x + h));
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** P(Z <= x); for x < 0 this is the lower tail, relatively accurate down to the subnormal range. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) <= SPLIT) return 0.5 + 0.5 * erf(x * SQRT1_2);
  if (x < 0) {
    if (x < -38.5) return 0;
    return 0.5 * expNegHalfSquare(x) * erfcx(-x * SQRT1_2);
  }
  if (x > 8.3) return 1;
  return 1 - 0.5 * expNegHalfSquare(x) * erfcx(x * SQRT1_2);
}

/** P(Z > x) = normalCdf(-x), accurate in the upper tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** log P(Z <= x), finite for every finite x (no underflow to log 0 in the far lower tail). */
export function normalLogCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === -Infinity) return -Infinity;
  if (x < -SPLIT) return -0.5 * x * x - Math.LN2 + Math.log(erfcx(-x * SQRT1_2));
  if (x > SPLIT) return x > 38.5 ? 0 : Math.log1p(-0.5 * expNegHalfSquare(x) * erfcx(x * SQRT1_2));
  return Math.log(normalCdf(x));
}

/** log P(Z > x). */
export function normalLogSf(x: number): number {
  return normalLogCdf(-x);
}

/** Below this a tail probability is recomputed in logs (near the subnormal range it has lost relative precision). */
const TINY = 1e-290;

/**
 * Probability-integral transforms of ascending values v[from..n) under N(m, 1/inv^2) with their logs, one erfc per
 * value: u = Phi(z), logCdf = log Phi(z), logSf = log(1 - Phi(z)), each accurate in its own tail (the tail
 * probability is formed directly; logs of probabilities below 1e-290 come from normalLogCdf).
 */
export function normalPitInto(
  v: ArrayLike<number>, m: number, inv: number, from: number, n: number,
  u: Float64Array, logCdf: Float64Array, logSf: Float64Array,
): void {
  for (let i = from; i < n; i++) {
    const z = (v[i] - m) * inv;
    if (z <= 0) {
      const c = normalCdf(z);
      u[i] = c;
      logCdf[i] = c > TINY ? Math.log(c) : normalLogCdf(z);
      logSf[i] = Math.log1p(-c);
    } else {
      const q = normalCdf(-z);
      u[i] = 1 - q;
      logCdf[i] = Math.log1p(-q);
      logSf[i] = q > TINY ? Math.log(q) : normalLogCdf(-z);
    }
  }
}

// AS 241 coefficients (PPND16): central region |q| <= 0.425, then r = sqrt(-log p) <= 5, then r > 5.
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
  67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
  28729.085735721942674, 5226.495278852854561,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function horner8(c: number[], x: number): number {
  return ((((((c[7] * x + c[6]) * x + c[5]) * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x + c[0];
}

/** Tail branch of AS 241 for r = sqrt(-log(min(p, 1 - p))); returns the positive deviate. */
function tailDeviate(r: number): number {
  if (r <= 5) {
    const s = r - 1.6;
    return horner8(C, s) / horner8(D, s);
  }
  const s = r - 5;
  return horner8(E, s) / horner8(F, s);
}

/** Standard normal quantile: the z with P(Z <= z) = p. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner8(A, r)) / horner8(B, r);
  }
  const tail = q < 0 ? p : 1 - p;
  const r = Math.sqrt(-Math.log(tail));
  let z = tailDeviate(r);
  // Beyond r = 5 (tail < 1.4e-11) AS 241 is only good to ~1e-9 far out: polish with Newton on log Phi(-z) = log tail.
  if (r > 5) z = -refineLowerTail(-z, Math.log(tail));
  return q < 0 ? -z : z;
}

/** Newton steps on g(x) = log Phi(x) - logp (x far in the lower tail), g'(x) = phi(x) / Phi(x). */
function refineLowerTail(x: number, logp: number): number {
  for (let i = 0; i < 3; i++) {
    const lc = normalLogCdf(x);
    const step = (lc - logp) / Math.exp(-0.5 * x * x - LOG_SQRT_2PI - lc);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return x;
}

/** The z with P(Z > z) = p, accurate for tiny p (no 1 - p rounding). */
export function normalQuantileUpper(p: number): number {
  return -normalQuantile(p);
}

/** The z with log P(Z <= z) = logp, usable when p itself underflows. */
export function normalQuantileFromLog(logp: number): number {
  if (logp > -0.69) return normalQuantile(Math.exp(logp)); // p > ~0.5: the ordinary route is accurate
  if (logp === -Infinity) return -Infinity;
  const p = Math.exp(logp);
  if (Math.abs(p - 0.5) <= 0.425) return normalQuantile(p);
  const r = Math.sqrt(-logp);
  const z = -tailDeviate(r);
  return r > 5 ? refineLowerTail(z, logp) : z;
}

/**
 * Weibull { shape k, scale lambda } with location 0 (scipy weibull_min(c = k, scale = lambda)).
 * MLE by profiling out the scale (lambda^k = mean(x^k)); the shape solves
 *   g(k) = sum x^k log x / sum x^k - 1/k - mean(log x) = 0,
 * g strictly increasing (its derivative is a weighted variance of log x plus 1/k^2), so a bracketed Newton
 * iteration is globally convergent. Powers are formed as exp(k (log x - log max)) so nothing overflows.
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { expandPositiveBracket, safeNewton } from '../fit/roots';
import { logGamma as logGammaOf } from '../special/gamma';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  if (!(x >= 0)) return -Infinity;
  const k = p.shape;
  const z = x / p.scale;
  if (x === 0) return k === 1 ? -Math.log(p.scale) : k < 1 ? Infinity : -Infinity;
  return Math.log(k / p.scale) + (k - 1) * Math.log(z) - Math.pow(z, k);
}

/** log(1 - exp(-e^t)), exact however small e^t is: once e^t < 1e-290 it equals t - e^t / 2 to double precision. */
export function logOneMinusExpNeg(t: number): number {
  const z = Math.exp(t);
  return z < 1e-290 ? t - z / 2 : Math.log(-Math.expm1(-z));
}

/** Sums of w = exp(k (l - lmax)), w l' and w l'^2 with l' = l - lmax (shift-invariant pieces of g and g'). */
function weightedSums(logs: Float64Array, lmax: number, k: number): { s0: number; s1: number; s2: number } {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i] - lmax;
    const w = Math.exp(k * l);
    s0 += w;
    s1 += w * l;
    s2 += w * l * l;
  }
  return { s0, s1, s2 };
}

function fitStats(st: SampleStats): Params {
  const logs = st.logs;
  const lmax = Math.log(st.max);
  const meanShifted = st.logMean - lmax;
  const score = (k: number) => {
    const { s0, s1, s2 } = weightedSums(logs, lmax, k);
    const m1 = s1 / s0;
    return { f: m1 - 1 / k - meanShifted, df: s2 / s0 - m1 * m1 + 1 / (k * k) };
  };
  // Gumbel moments of log x: sd(log x) = pi / (k sqrt 6).
  const k0 = Math.PI / (Math.sqrt(6 * st.logVariance) || 1);
  const [lo, hi] = expandPositiveBracket((k) => score(k).f, k0 / 2, k0 * 2);
  const k = safeNewton(score, lo, hi, k0, { xtol: 1e-14 });
  const { s0 } = weightedSums(logs, lmax, k);
  const scale = Math.exp(lmax + Math.log(s0 / st.n) / k);
  return { shape: k, scale };
}

export const weibull: Family = {
  name: 'weibull',
  label: 'Weibull',
  word: 'Weibull',
  paramNames: ['shape', 'scale'],
  paramScaling: { shape: 'invariant', scale: 'scale' },
  paramDomain: { shape: 'positive', scale: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? -Math.expm1(-Math.pow(x / p.scale, p.shape)) : 0),
  logcdf: (x, p) => (x > 0 ? logOneMinusExpNeg(p.shape * (Math.log(x) - Math.log(p.scale))) : -Infinity),
  logsf: (x, p) => (x > 0 ? -Math.pow(x / p.scale, p.shape) : 0),
  quantile: (q, p) => p.scale * Math.pow(-Math.log1p(-q), 1 / p.shape),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = p.scale * Math.pow(-Math.log(rng.uniformOpen()), 1 / p.shape);
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    const k = p.shape;
    const logs = s.logs;
    const ls = Math.log(p.scale);
    let sumPow = 0;
    for (let i = 0; i < logs.length; i++) sumPow += Math.exp(k * (logs[i] - ls));
    return s.n * Math.log(k / p.scale) + (k - 1) * (s.sumLog - s.n * ls) - sumPow;
  },
  observedInformation(s, p) {
    // With u_i = log x_i - log lambda and z_i = (x_i / lambda)^k (derivatives of the log-likelihood above):
    const k = p.shape;
    const lam = p.scale;
    const ls = Math.log(lam);
    const logs = s.logs;
    let sz = 0;
    let szu = 0;
    let szu2 = 0;
    for (let i = 0; i < logs.length; i++) {
      const u = logs[i] - ls;
      const z = Math.exp(k * u);
      sz += z;
      szu += z * u;
      szu2 += z * u * u;
    }
    const n = s.n;
    const hkk = -n / (k * k) - szu2;
    const hkl = (sz - n) / lam + (k / lam) * szu;
    const hll = (-k / (lam * lam)) * (sz - n) - ((k * k) / (lam * lam)) * sz;
    return Float64Array.of(-hkk, -hkl, -hkl, -hll);
  },
  moments(p) {
    const g1 = Math.exp(logGammaOf(1 + 1 / p.shape));
    const g2 = Math.exp(logGammaOf(1 + 2 / p.shape));
    return { mean: p.scale * g1, variance: p.scale * p.scale * (g2 - g1 * g1) };
  },
};

/**
 * Mixture of two log-normals { w, mu1, sigma1, mu2, sigma2 }: with probability w, log X ~ N(mu1, sigma1^2), else
 * N(mu2, sigma2^2); components ordered so mu1 <= mu2. The synapse-size data of Dorkenwald et al. (2022, eLife 11:
 * e76120) look like this. Fitted by EM with several starts (lognormal-mixture-em.ts).
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { LOG_SQRT_2PI, normalCdf, normalQuantile } from '../special/normal';
import { safeNewton } from '../fit/roots';
import { fitMixtureEm, MIN_COMPONENT_SD, MIN_MIXTURE_SIZE } from './lognormal-mixture-em';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  if (!(x > 0)) return -Infinity;
  const l = Math.log(x);
  const z1 = (l - p.mu1) / p.sigma1;
  const z2 = (l - p.mu2) / p.sigma2;
  const a = Math.log(p.w) - Math.log(p.sigma1) - 0.5 * z1 * z1;
  const b = Math.log1p(-p.w) - Math.log(p.sigma2) - 0.5 * z2 * z2;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m)) - LOG_SQRT_2PI - l;
}

function logCdfScale(l: number, p: Params): number {
  return p.w * normalCdf((l - p.mu1) / p.sigma1) + (1 - p.w) * normalCdf((l - p.mu2) / p.sigma2);
}

function quantile(q: number, p: Params): number {
  if (Number.isNaN(q) || q < 0 || q > 1) return NaN;
  if (q === 0) return 0;
  if (q === 1) return Infinity;
  // The mixture quantile lies between the component quantiles (its cdf is a convex combination of theirs).
  const z = normalQuantile(q);
  const a = p.mu1 + p.sigma1 * z;
  const b = p.mu2 + p.sigma2 * z;
  if (a === b) return Math.exp(a);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const l = safeNewton(
    (t) => ({ f: logCdfScale(t, p) - q, df: Math.exp(logpdf(Math.exp(t), p) + t) }),
    lo,
    hi,
    undefined,
    { xtol: 1e-15 },
  );
  return Math.exp(l);
}

function fitStats(st: SampleStats): Params {
  if (st.n < MIN_MIXTURE_SIZE) {
    throw new Error(`a two-component mixture needs at least ${MIN_MIXTURE_SIZE} values, got ${st.n}`);
  }
  const logs = st.logs;
  const n = st.n;
  const centre = st.logMean;
  const spread = Math.sqrt(st.logVariance);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (logs[i] - centre) / spread;
  const sortedU = Float64Array.from(u).sort();
  const { state } = fitMixtureEm(u, sortedU);
  const comp1 = { mu: centre + spread * state.m1, sigma: spread * state.s1 };
  const comp2 = { mu: centre + spread * state.m2, sigma: spread * state.s2 };
  const swap = comp1.mu > comp2.mu;
  const lo = swap ? comp2 : comp1;
  const hi = swap ? comp1 : comp2;
  return { w: swap ? 1 - state.w : state.w, mu1: lo.mu, sigma1: lo.sigma, mu2: hi.mu, sigma2: hi.sigma };
}

export const lognormalMixture: Family = {
  name: 'lognormal-mixture',
  label: 'Two log-normals',
  paramNames: ['w', 'mu1', 'sigma1', 'mu2', 'sigma2'],
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? logCdfScale(Math.log(x), p) : 0),
  quantile,
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const first = rng.uniform() < p.w;
      out[i] = Math.exp(first ? p.mu1 + p.sigma1 * rng.normal() : p.mu2 + p.sigma2 * rng.normal());
    }
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  moments(p) {
    const e1 = Math.exp(p.mu1 + (p.sigma1 * p.sigma1) / 2);
    const e2 = Math.exp(p.mu2 + (p.sigma2 * p.sigma2) / 2);
    const s1 = Math.exp(2 * p.mu1 + 2 * p.sigma1 * p.sigma1);
    const s2 = Math.exp(2 * p.mu2 + 2 * p.sigma2 * p.sigma2);
    const mean = p.w * e1 + (1 - p.w) * e2;
    return { mean, variance: p.w * s1 + (1 - p.w) * s2 - mean * mean };
  },
};

export { MIN_COMPONENT_SD };

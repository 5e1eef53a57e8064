/**
 * Mixture of two log-normals { w, mu1, sigma1, mu2, sigma2 }: with probability w, log X ~ N(mu1, sigma1^2), else
 * N(mu2, sigma2^2); components ordered so mu1 <= mu2. The synapse-size data of Dorkenwald et al. (2022, eLife 11:
 * e76120) look like this. The model is constrained (each component >= max(5, 5 % of n) values' weight, sds within a
 * factor 5 of each other; see lognormal-mixture-em.ts) and fitted by EM from many deterministic starts, the best
 * polished by Newton's method (lognormal-mixture-polish.ts).
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { LOG_SQRT_2PI, normalCdf, normalLogCdf, normalQuantile } from '../special/normal';
import { safeNewton } from '../fit/roots';
import {
  emCandidates, minComponentWeight, MIN_COMPONENT_FRACTION, MIN_COMPONENT_VALUES, MIN_MIXTURE_SIZE, MIN_SD_RATIO, type MixtureState,
} from './lognormal-mixture-em';
import { polishMixture } from './lognormal-mixture-polish';
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

/** log of w Phi(z1) + (1 - w) Phi(z2) with z_k = +-(l - mu_k)/sigma_k (sign -1: the survival function). */
function logMixtureTail(l: number, p: Params, sign: 1 | -1): number {
  const a = Math.log(p.w) + normalLogCdf((sign * (l - p.mu1)) / p.sigma1);
  const b = Math.log1p(-p.w) + normalLogCdf((sign * (l - p.mu2)) / p.sigma2);
  const m = Math.max(a, b);
  if (m === -Infinity) return -Infinity;
  return Math.min(0, m + Math.log1p(Math.exp(Math.min(a, b) - m)));
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

/** The best constrained fit on standardised logs: every EM candidate polished by Newton, the highest kept. */
function fitStandardised(u: Float64Array, sortedU: Float64Array, wMin: number): MixtureState {
  const candidates = emCandidates(u, sortedU, wMin);
  let best = candidates[0];
  for (const cand of candidates) {
    const polished = polishMixture(u, cand.state, cand.ll, wMin);
    if (polished.ll > best.ll) best = polished;
  }
  return best.state;
}

function fitStats(st: SampleStats): Params {
  const n = st.n;
  if (n < MIN_MIXTURE_SIZE) {
    throw new Error(`a two-component mixture needs at least ${MIN_MIXTURE_SIZE} values, got ${n}`);
  }
  const logs = st.logs;
  const centre = st.logMean;
  const spread = Math.sqrt(st.logVariance);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (logs[i] - centre) / spread;
  const sortedU = Float64Array.from(u).sort();
  let distinct = 1;
  for (let i = 1; i < n && distinct < 3; i++) if (sortedU[i] !== sortedU[i - 1]) distinct++;
  // With two distinct values two spikes have unbounded likelihood whatever the constraints.
  if (distinct < 3) throw new Error('a two-component mixture needs at least 3 distinct values');
  const state = fitStandardised(u, sortedU, minComponentWeight(n));
  const comp1 = { mu: centre + spread * state.m1, sigma: spread * state.s1 };
  const comp2 = { mu: centre + spread * state.m2, sigma: spread * state.s2 };
  const swap = comp1.mu > comp2.mu;
  const lo = swap ? comp2 : comp1;
  const hi = swap ? comp1 : comp2;
  return { w: swap ? 1 - state.w : state.w, mu1: lo.mu, sigma1: lo.sigma, mu2: hi.mu, sigma2: hi.sigma };
}

/**
 * The constraints of the model that hold with equality at `p` for a sample of n values (an estimate on the edge of
 * the allowed space: its standard errors and Wald intervals are not meaningful there).
 */
export function activeMixtureConstraints(p: Params, n: number): string[] {
  const out: string[] = [];
  const wMin = minComponentWeight(n);
  const minSize = Math.max(MIN_COMPONENT_VALUES, MIN_COMPONENT_FRACTION * n);
  if (Math.min(p.w, 1 - p.w) <= wMin * (1 + 1e-6)) {
    out.push(`a component has the minimum size allowed (${Number((Math.min(p.w, 1 - p.w) * n).toPrecision(3))} of ${n} values; at least max(5, 5 % of n) = ${Number(minSize.toPrecision(3))})`);
  }
  const ratio = Math.min(p.sigma1, p.sigma2) / Math.max(p.sigma1, p.sigma2);
  if (ratio <= MIN_SD_RATIO * (1 + 1e-6)) out.push(`the component log-sds are at the allowed ratio bound (${MIN_SD_RATIO})`);
  return out;
}

export const lognormalMixture: Family = {
  name: 'lognormal-mixture',
  label: 'Two log-normals',
  word: 'log-normal mixture',
  paramNames: ['w', 'mu1', 'sigma1', 'mu2', 'sigma2'],
  paramScaling: { w: 'invariant', mu1: 'log-location', sigma1: 'invariant', mu2: 'log-location', sigma2: 'invariant' },
  paramDomain: { w: 'unit-interval', sigma1: 'positive', sigma2: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? logCdfScale(Math.log(x), p) : 0),
  logcdf: (x, p) => (x > 0 ? logMixtureTail(Math.log(x), p, 1) : -Infinity),
  logsf: (x, p) => (x > 0 ? logMixtureTail(Math.log(x), p, -1) : 0),
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

export { MIN_MIXTURE_SIZE, MIN_SD_RATIO, minComponentWeight };

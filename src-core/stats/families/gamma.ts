/**
 * Gamma { shape k, scale theta } with location 0 (scipy gamma(a = k, scale = theta)).
 * MLE: theta = mean / k and k solves log k - digamma(k) = s with s = log(mean) - mean(log x) > 0; the left side
 * is strictly decreasing, so a bracketed Newton iteration from Minka's (2002, "Estimating a Gamma distribution")
 * closed-form approximation converges in a few steps.
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { gammaVariate } from '../../random/samplers';
import { digamma, logGamma, trigamma } from '../special/gamma';
import { gammaP, gammaPInverse, logGammaP, logGammaQ } from '../special/incomplete-gamma';
import { expandPositiveBracket, safeNewton } from '../fit/roots';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  if (!(x >= 0)) return -Infinity;
  const k = p.shape;
  const t = p.scale;
  if (x === 0) return k === 1 ? -Math.log(t) : k < 1 ? Infinity : -Infinity;
  return (k - 1) * Math.log(x) - x / t - logGamma(k) - k * Math.log(t);
}

/** The shape solving log k - digamma(k) = s (s > 0). */
export function gammaShapeFromLogGap(s: number): number {
  if (!(s > 0)) throw new Error(`gamma shape equation needs log(mean) - mean(log) > 0, got ${s}`);
  const k0 = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
  const g = (k: number) => Math.log(k) - digamma(k) - s;
  const [lo, hi] = expandPositiveBracket(g, k0 / 2, k0 * 2);
  return safeNewton((k) => ({ f: g(k), df: 1 / k - trigamma(k) }), lo, hi, k0, { xtol: 1e-15 });
}

function fitStats(st: SampleStats): Params {
  const s = Math.log(st.mean) - st.logMean;
  const shape = gammaShapeFromLogGap(s);
  return { shape, scale: st.mean / shape };
}

export const gamma: Family = {
  name: 'gamma',
  label: 'Gamma',
  word: 'gamma',
  paramNames: ['shape', 'scale'],
  paramScaling: { shape: 'invariant', scale: 'scale' },
  paramDomain: { shape: 'positive', scale: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? gammaP(p.shape, x / p.scale) : 0),
  logcdf: (x, p) => (x > 0 ? logGammaP(p.shape, x / p.scale) : -Infinity),
  logsf: (x, p) => (x > 0 ? logGammaQ(p.shape, x / p.scale) : 0),
  quantile: (q, p) => p.scale * gammaPInverse(p.shape, q),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = p.scale * gammaVariate(rng, p.shape);
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    const k = p.shape;
    const t = p.scale;
    return (k - 1) * s.sumLog - (s.n * s.mean) / t - s.n * (logGamma(k) + k * Math.log(t));
  },
  moments: (p) => ({ mean: p.shape * p.scale, variance: p.shape * p.scale * p.scale }),
};

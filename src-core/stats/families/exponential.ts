/** Exponential { rate } with location 0 (scipy expon(scale = 1/rate)). MLE: rate = 1 / mean. */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { SampleStats } from './sample-stats';
import { logOneMinusExpNeg } from './weibull';

function logpdf(x: number, p: Params): number {
  return x >= 0 ? Math.log(p.rate) - p.rate * x : -Infinity;
}

function fitStats(s: SampleStats): Params {
  return { rate: 1 / s.mean };
}

export const exponential: Family = {
  name: 'exponential',
  label: 'Exponential',
  word: 'exponential',
  paramNames: ['rate'],
  paramScaling: { rate: 'rate' },
  paramDomain: { rate: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? -Math.expm1(-p.rate * x) : 0),
  logcdf: (x, p) => (x > 0 ? logOneMinusExpNeg(Math.log(p.rate) + Math.log(x)) : -Infinity),
  logsf: (x, p) => (x > 0 ? -p.rate * x : 0),
  quantile: (q, p) => -Math.log1p(-q) / p.rate,
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = -Math.log(rng.uniformOpen()) / p.rate;
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood: (s, p) => s.n * (Math.log(p.rate) - p.rate * s.mean),
  moments: (p) => ({ mean: 1 / p.rate, variance: 1 / (p.rate * p.rate) }),
};

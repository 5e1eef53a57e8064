/**
 * Log-normal: log(X) ~ N(mu, sigma^2). Parameters { mu, sigma } are those of the log (scipy: s = sigma,
 * scale = exp(mu), loc = 0). MLE in closed form: mu = mean(log x), sigma^2 = mean((log x - mu)^2).
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { LOG_SQRT_2PI, normalCdf, normalLogCdf, normalQuantile } from '../special/normal';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  if (!(x > 0)) return -Infinity;
  const lx = Math.log(x);
  const z = (lx - p.mu) / p.sigma;
  return -0.5 * z * z - lx - Math.log(p.sigma) - LOG_SQRT_2PI;
}

function fitStats(s: SampleStats): Params {
  return { mu: s.logMean, sigma: Math.sqrt(s.logVariance) };
}

export const lognormal: Family = {
  name: 'lognormal',
  label: 'Log-normal',
  word: 'log-normal',
  paramNames: ['mu', 'sigma'],
  paramScaling: { mu: 'log-location', sigma: 'invariant' },
  paramDomain: { sigma: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => (x > 0 ? normalCdf((Math.log(x) - p.mu) / p.sigma) : 0),
  logcdf: (x, p) => (x > 0 ? normalLogCdf((Math.log(x) - p.mu) / p.sigma) : -Infinity),
  logsf: (x, p) => (x > 0 ? normalLogCdf((p.mu - Math.log(x)) / p.sigma) : 0),
  quantile: (q, p) => Math.exp(p.mu + p.sigma * normalQuantile(q)),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.exp(p.mu + p.sigma * rng.normal());
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    // sum over i of -(l_i - mu)^2 / (2 sigma^2) - l_i - log sigma - log sqrt(2 pi), from the log moments.
    const d = s.logMean - p.mu;
    const ss = s.n * (s.logVariance + d * d);
    return -ss / (2 * p.sigma * p.sigma) - s.sumLog - s.n * (Math.log(p.sigma) + LOG_SQRT_2PI);
  },
  moments(p) {
    const s2 = p.sigma * p.sigma;
    return { mean: Math.exp(p.mu + s2 / 2), variance: Math.expm1(s2) * Math.exp(2 * p.mu + s2) };
  },
};

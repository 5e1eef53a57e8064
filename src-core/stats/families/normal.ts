/** Normal N(mu, sigma^2). MLE in closed form: the mean and the root mean squared deviation (ddof = 0, as scipy). */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { LOG_SQRT_2PI, normalCdf, normalLogCdf, normalQuantile } from '../special/normal';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  const z = (x - p.mu) / p.sigma;
  return -0.5 * z * z - Math.log(p.sigma) - LOG_SQRT_2PI;
}

function fitStats(s: SampleStats): Params {
  return { mu: s.mean, sigma: Math.sqrt(s.variance) };
}

export const normal: Family = {
  name: 'normal',
  label: 'Normal',
  word: 'normal',
  paramNames: ['mu', 'sigma'],
  paramScaling: { mu: 'scale', sigma: 'scale' },
  paramDomain: { sigma: 'positive' },
  positiveOnly: false,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf: (x, p) => normalCdf((x - p.mu) / p.sigma),
  logcdf: (x, p) => normalLogCdf((x - p.mu) / p.sigma),
  logsf: (x, p) => normalLogCdf((p.mu - x) / p.sigma),
  quantile: (q, p) => p.mu + p.sigma * normalQuantile(q),
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = p.mu + p.sigma * rng.normal();
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    const d = s.mean - p.mu;
    const ss = s.n * (s.variance + d * d);
    return -ss / (2 * p.sigma * p.sigma) - s.n * (Math.log(p.sigma) + LOG_SQRT_2PI);
  },
  moments: (p) => ({ mean: p.mu, variance: p.sigma * p.sigma }),
};

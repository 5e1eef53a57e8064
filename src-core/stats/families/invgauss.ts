/**
 * Inverse Gaussian { mu, lambda } (mean mu, shape lambda), location 0:
 *   pdf(x) = sqrt(lambda / (2 pi x^3)) exp(-lambda (x - mu)^2 / (2 mu^2 x)).
 * Mapping to scipy.stats.invgauss(m, scale = s): s = lambda and m = mu / lambda (so scipy's mean m s = mu).
 * MLE in closed form (Tweedie 1957): mu = mean(x), 1/lambda = mean(1/x) - 1/mean(x).
 * Sampling by Michael, Schucany & Haas (1976); the quantile by bracketed Newton on the cdf.
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import { LOG_SQRT_2PI, normalCdf, normalLogCdf } from '../special/normal';
import { expandPositiveBracket, safeNewton } from '../fit/roots';
import { SampleStats } from './sample-stats';

function logpdf(x: number, p: Params): number {
  if (!(x > 0)) return -Infinity;
  const d = x - p.mu;
  return 0.5 * Math.log(p.lambda) - LOG_SQRT_2PI - 1.5 * Math.log(x) - (p.lambda * d * d) / (2 * p.mu * p.mu * x);
}

function cdf(x: number, p: Params): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  const r = Math.sqrt(p.lambda / x);
  const z1 = r * (x / p.mu - 1);
  const z2 = -r * (x / p.mu + 1);
  // exp(2 lambda / mu) Phi(z2) in logs: the factor overflows long before the product does.
  return Math.min(1, normalCdf(z1) + Math.exp((2 * p.lambda) / p.mu + normalLogCdf(z2)));
}

/** log cdf = log(Phi(z1) + exp(2 lambda / mu) Phi(z2)), summed in logs (finite however small the cdf). */
function logcdf(x: number, p: Params): number {
  if (!(x > 0)) return -Infinity;
  if (x === Infinity) return 0;
  const r = Math.sqrt(p.lambda / x);
  const a = normalLogCdf(r * (x / p.mu - 1));
  const b = (2 * p.lambda) / p.mu + normalLogCdf(-r * (x / p.mu + 1));
  const m = Math.max(a, b);
  return Math.min(0, m + Math.log1p(Math.exp(Math.min(a, b) - m)));
}

function logsf(x: number, p: Params): number {
  if (!(x > 0)) return 0;
  const r = Math.sqrt(p.lambda / x);
  const z1 = r * (x / p.mu - 1);
  const z2 = -r * (x / p.mu + 1);
  // sf = Phi(-z1) - exp(2 lambda/mu) Phi(z2) = Phi(-z1) (1 - exp(2 lambda/mu + logPhi(z2) - logPhi(-z1)))
  const lead = normalLogCdf(-z1);
  return lead + Math.log1p(-Math.exp((2 * p.lambda) / p.mu + normalLogCdf(z2) - lead));
}

function quantile(q: number, p: Params): number {
  if (Number.isNaN(q) || q < 0 || q > 1) return NaN;
  if (q === 0) return 0;
  if (q === 1) return Infinity;
  const f = (x: number) => cdf(x, p) - q;
  const [lo, hi] = expandPositiveBracket(f, p.mu / 2, p.mu * 2);
  return safeNewton((x) => ({ f: f(x), df: Math.exp(logpdf(x, p)) }), lo, hi, undefined, { xtol: 1e-15 });
}

function fitStats(s: SampleStats): Params {
  const mu = s.mean;
  const inv = s.meanInverse - 1 / mu;
  return { mu, lambda: 1 / inv };
}

export const invgauss: Family = {
  name: 'invgauss',
  label: 'Inverse Gaussian',
  word: 'inverse Gaussian',
  paramNames: ['mu', 'lambda'],
  paramScaling: { mu: 'scale', lambda: 'scale' },
  paramDomain: { mu: 'positive', lambda: 'positive' },
  positiveOnly: true,
  logpdf,
  pdf: (x, p) => Math.exp(logpdf(x, p)),
  cdf,
  logcdf,
  logsf,
  quantile,
  sample(rng: Rng, n: number, p: Params): Float64Array {
    const out = new Float64Array(n);
    const { mu, lambda } = p;
    for (let i = 0; i < n; i++) {
      const v = rng.normal();
      const y = v * v;
      // The two roots multiply to mu^2; form the larger one and divide, avoiding cancellation in the smaller.
      const big = mu + (mu * mu * y) / (2 * lambda) + (mu / (2 * lambda)) * Math.sqrt(4 * mu * lambda * y + mu * mu * y * y);
      const x = (mu * mu) / big;
      out[i] = rng.uniform() <= mu / (mu + x) ? x : big;
    }
    return out;
  },
  fit: (data) => fitStats(new SampleStats(data)),
  fitStats,
  logLikelihood(s, p) {
    const { mu, lambda } = p;
    // sum (x - mu)^2 / x = n (mean - 2 mu + mu^2 mean(1/x))
    const q = s.n * (s.mean - 2 * mu + mu * mu * s.meanInverse);
    return s.n * (0.5 * Math.log(lambda) - LOG_SQRT_2PI) - 1.5 * s.sumLog - (lambda * q) / (2 * mu * mu);
  },
  moments: (p) => ({ mean: p.mu, variance: (p.mu * p.mu * p.mu) / p.lambda }),
};

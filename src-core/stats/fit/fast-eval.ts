/**
 * Monomorphic per-family loops over a sorted sample: pointwise log-densities (for the log-likelihood and Vuong's
 * test) and probability-integral transforms u_i = F(x_i) with log u_i and log(1 - u_i) (for KS/AD/CvM). They reuse
 * the sorted logs computed once per data set and evaluate each special function once per point, instead of calling the
 * generic family methods (which recompute log x and, for the upper half, a second tail function). Families
 * without a fast path fall back to the generic methods; results agree with them to rounding.
 */
import type { Family, Params } from '../family';
import type { SampleStats } from '../families/index';
import { LOG_SQRT_2PI, normalPitInto } from '../special/normal';
import { tailLogsInto, TINY_PROBABILITY } from '../gof/statistics';
import { logGamma } from '../special/gamma';
import { gammaP, gammaQ, logGammaP, logGammaQ } from '../special/incomplete-gamma';

/** out[i] = log f(sorted[i]) for i in [from, n). */
export function logpdfSorted(family: Family, p: Params, stats: SampleStats, out: Float64Array, from = 0): void {
  const x = stats.sorted;
  const n = x.length;
  switch (family.name) {
    case 'lognormal': {
      const l = stats.sortedLogs;
      const c = -Math.log(p.sigma) - LOG_SQRT_2PI;
      const inv = 1 / p.sigma;
      for (let i = from; i < n; i++) {
        const z = (l[i] - p.mu) * inv;
        out[i] = c - 0.5 * z * z - l[i];
      }
      return;
    }
    case 'normal': {
      const c = -Math.log(p.sigma) - LOG_SQRT_2PI;
      const inv = 1 / p.sigma;
      for (let i = from; i < n; i++) {
        const z = (x[i] - p.mu) * inv;
        out[i] = c - 0.5 * z * z;
      }
      return;
    }
    case 'gamma': {
      const l = stats.sortedLogs;
      const c = -logGamma(p.shape) - p.shape * Math.log(p.scale);
      const km1 = p.shape - 1;
      const inv = 1 / p.scale;
      for (let i = from; i < n; i++) out[i] = c + km1 * l[i] - x[i] * inv;
      return;
    }
    case 'weibull': {
      const l = stats.sortedLogs;
      const k = p.shape;
      const ls = Math.log(p.scale);
      const c = Math.log(k / p.scale);
      for (let i = from; i < n; i++) {
        const u = l[i] - ls;
        out[i] = c + (k - 1) * u - Math.exp(k * u);
      }
      return;
    }
    case 'exponential': {
      const c = Math.log(p.rate);
      for (let i = from; i < n; i++) out[i] = c - p.rate * x[i];
      return;
    }
    case 'loglogistic': {
      const l = stats.sortedLogs;
      const c = Math.log(p.shape);
      const ls = Math.log(p.scale);
      for (let i = from; i < n; i++) {
        const a = Math.abs(p.shape * (l[i] - ls));
        out[i] = c - a - 2 * Math.log1p(Math.exp(-a)) - l[i];
      }
      return;
    }
    default:
      for (let i = from; i < n; i++) out[i] = family.logpdf(x[i], p);
  }
}

/**
 * u[i] = F(sorted[i]), logCdf[i] = log F(sorted[i]) and logSf[i] = log(1 - F(sorted[i])) for i in [from, n), each
 * accurate in its own tail (so Anderson-Darling stays finite for a point however far out).
 */
export function pitSorted(
  family: Family, p: Params, stats: SampleStats, u: Float64Array, logCdf: Float64Array, logSf: Float64Array, from = 0,
): void {
  const x = stats.sorted;
  const n = x.length;
  switch (family.name) {
    case 'lognormal':
    case 'normal':
      normalPitInto(family.name === 'lognormal' ? stats.sortedLogs : x, p.mu, 1 / p.sigma, from, n, u, logCdf, logSf);
      return;
    case 'gamma': {
      const a = p.shape;
      const inv = 1 / p.scale;
      for (let i = from; i < n; i++) {
        const t = x[i] * inv;
        // Below a + 1 the lower series is the accurate one, above it the upper continued fraction.
        if (t < a + 1) {
          const c = gammaP(a, t);
          u[i] = c;
          logCdf[i] = c > TINY_PROBABILITY ? Math.log(c) : logGammaP(a, t);
          logSf[i] = Math.log1p(-c);
        } else {
          const q = gammaQ(a, t);
          u[i] = 1 - q;
          logCdf[i] = Math.log1p(-q);
          logSf[i] = q > TINY_PROBABILITY ? Math.log(q) : logGammaQ(a, t);
        }
      }
      return;
    }
    case 'weibull':
    case 'exponential': {
      const l = stats.sortedLogs;
      const k = family.name === 'weibull' ? p.shape : 1;
      const ls = family.name === 'weibull' ? Math.log(p.scale) : -Math.log(p.rate);
      for (let i = from; i < n; i++) {
        const t = k * (l[i] - ls);
        const z = Math.exp(t);
        const c = -Math.expm1(-z);
        u[i] = c;
        // log(1 - e^-z) = log z + log((1 - e^-z)/z) = t - z/2 + O(z^2) once c is tiny.
        logCdf[i] = c > TINY_PROBABILITY ? Math.log(c) : t - z / 2;
        logSf[i] = -z;
      }
      return;
    }
    case 'loglogistic': {
      const l = stats.sortedLogs;
      const c = p.shape;
      const ls = Math.log(p.scale);
      for (let i = from; i < n; i++) {
        const z = c * (l[i] - ls);
        // u = 1 / (1 + e^-z): log u = -log(1 + e^-z), log(1 - u) = -log(1 + e^z), both formed without overflow.
        if (z <= 0) {
          const e = Math.exp(z);
          u[i] = e / (1 + e);
          logCdf[i] = z - Math.log1p(e);
          logSf[i] = -Math.log1p(e);
        } else {
          const e = Math.exp(-z);
          u[i] = 1 / (1 + e);
          logCdf[i] = -Math.log1p(e);
          logSf[i] = -z - Math.log1p(e);
        }
      }
      return;
    }
    default: {
      const { logsf, logcdf } = family;
      for (let i = from; i < n; i++) u[i] = family.cdf(x[i], p);
      tailLogsInto(x.subarray(from), u.subarray(from), logcdf && ((v) => logcdf(v, p)), logsf && ((v) => logsf(v, p)), logCdf.subarray(from), logSf.subarray(from), n - from);
    }
  }
}

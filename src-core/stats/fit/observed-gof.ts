/**
 * Goodness-of-fit models (stats/gof GofModel) for data under a measurement limit, so the parametric bootstrap
 * simulates and refits under the same observation model as the real data (fitdistrplus and scipy's
 * goodness_of_fit do not offer this):
 *  - truncated at T: data are the recorded values; simulated sets are draws from the model conditional on x >= T;
 *    the fitted cdf is the conditional one, 1 - S(x)/S(T).
 *  - censored at L: data are all rows with the censored ones carried as L (values <= L count as censored);
 *    simulated sets replace draws below L by L; the fitted cdf has an atom F(L) at L (cdfLeft is 0 up to L), which
 *    the KS statistic treats exactly.
 */
import type { FittedCdf, GofModel } from '../gof/bootstrap';
import type { FamilyName, Params } from '../family';
import type { Rng } from '../../random/rng';
import { getFamily } from '../families/index';
import { fitObserved } from './observed';

/** The conditional model above T: F_T(x) = 1 - S(x)/S(T) for x >= T. */
function truncatedCdf(dist: FamilyName, p: Params, T: number): FittedCdf {
  const f = getFamily(dist);
  const logsf = f.logsf!;
  const lsT = logsf(T, p);
  return {
    cdf: (x) => (x <= T ? 0 : -Math.expm1(logsf(x, p) - lsT)),
    logsf: (x) => (x <= T ? 0 : logsf(x, p) - lsT),
    logcdf: (x) => (x <= T ? -Infinity : Math.log(-Math.expm1(logsf(x, p) - lsT))),
  };
}

/** The censored model: an atom F(L) at L, F above it. */
function censoredCdf(dist: FamilyName, p: Params, L: number): FittedCdf {
  const f = getFamily(dist);
  const logsf = f.logsf!;
  const logcdf = f.logcdf!;
  return {
    cdf: (x) => (x < L ? 0 : f.cdf(x, p)),
    logsf: (x) => (x < L ? 0 : logsf(x, p)),
    logcdf: (x) => (x < L ? -Infinity : logcdf(x, p)),
    cdfLeft: (x) => (x <= L ? 0 : f.cdf(x, p)),
  };
}

/**
 * GofModel for data left-truncated at `threshold`, simulating from `params` (the truncated fit of the observed data,
 * fitObserved(..., { kind: 'truncated', threshold })) and refitting every set the same way.
 */
export function truncatedGofModel(dist: FamilyName, params: Params, threshold: number): GofModel {
  const model = { kind: 'truncated' as const, threshold };
  const f = getFamily(dist);
  const lo = f.cdf(threshold, params);
  return {
    refit: (sorted) => truncatedCdf(dist, fitObserved(sorted, dist, model).params, threshold),
    sample(rng: Rng, n: number, out = new Float64Array(n)) {
      for (let i = 0; i < n; i++) out[i] = Math.max(threshold, f.quantile(lo + (1 - lo) * rng.uniform(), params));
      return out;
    },
  };
}

/**
 * GofModel for data left-censored at `limit`: the data are all rows, the censored ones given as `limit` itself
 * (values <= limit count as censored). Simulates from `params` (the censored fit of the observed data).
 */
export function censoredGofModel(dist: FamilyName, params: Params, limit: number): GofModel {
  const f = getFamily(dist);
  return {
    refit(sorted) {
      let nBelow = 0;
      while (nBelow < sorted.length && sorted[nBelow] <= limit) nBelow++;
      const fitted = fitObserved(sorted.subarray(nBelow), dist, { kind: 'censored', limit, nBelow }).params;
      return censoredCdf(dist, fitted, limit);
    },
    sample(rng: Rng, n: number, out = new Float64Array(n)) {
      const draws = f.sample(rng, n, params);
      for (let i = 0; i < n; i++) out[i] = draws[i] < limit ? limit : draws[i];
      return out;
    },
  };
}

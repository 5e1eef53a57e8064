/**
 * The observation model "complete data from a fitted family, refitted by maximum likelihood" for the bootstrap
 * goodness-of-fit test. Truncated and censored fits build their own GofModel the same way (their `sample` applies
 * the detection limit, their `refit` fits with it).
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import type { FittedCdf, GofModel } from './bootstrap';
import { normalCdf, normalLogCdf, normalLogSf, normalPitInto } from '../special/normal';

/** cdf and (when the family has them) logcdf and logsf of a family at fixed parameters. */
export function familyCdf(family: Family, params: Params): FittedCdf {
  const { logsf, logcdf } = family;
  return {
    cdf: (x) => family.cdf(x, params),
    logsf: logsf ? (x) => logsf(x, params) : undefined,
    logcdf: logcdf ? (x) => logcdf(x, params) : undefined,
  };
}

/** Draws complete samples from `family` at `params` and refits with `family.fit`. */
export function completeDataModel(family: Family, params: Params): GofModel {
  return {
    sample(rng: Rng, n: number, out?: Float64Array): Float64Array {
      const draw = family.sample(rng, n, params);
      if (!out) return draw;
      out.set(draw);
      return out;
    },
    refit: (data) => familyCdf(family, family.fit(data)),
  };
}

/**
 * The log-normal complete-data model on the log scale: the log-normal GOF test is the normal GOF test of log x
 * (KS, AD and CvM are invariant under the increasing map log), so resamples are drawn as normal logs, refitted by
 * the closed-form MLE (mean and root mean square deviation of the logs, as lognormal.fit) and evaluated with one
 * erfc per point. Same test as completeDataModel(lognormal, params), several times faster, nothing allocated per
 * resample.
 */
export function lognormalLogScaleModel(params: Params): GofModel {
  const { mu, sigma } = params;
  if (!(sigma > 0) || !Number.isFinite(mu)) throw new Error(`log-normal parameters must be finite with sigma > 0, got mu = ${mu}, sigma = ${sigma}`);
  return {
    prepare(data: Float64Array): Float64Array {
      let bad = 0;
      for (let i = 0; i < data.length; i++) if (!(data[i] > 0)) bad++;
      if (bad > 0) throw new Error(`log-normal goodness of fit needs positive values; ${bad} value(s) are zero or negative`);
      return data.map(Math.log);
    },
    sample(rng: Rng, n: number, out?: Float64Array): Float64Array {
      const o = out ?? new Float64Array(n);
      for (let i = 0; i < n; i++) o[i] = mu + sigma * rng.normal();
      return o;
    },
    refit(logs: Float64Array): FittedCdf {
      const n = logs.length;
      let s = 0;
      for (let i = 0; i < n; i++) s += logs[i];
      const m0 = s / n;
      let ss = 0;
      let corr = 0;
      for (let i = 0; i < n; i++) {
        const d = logs[i] - m0;
        ss += d * d;
        corr += d;
      }
      const m = m0 + corr / n;
      const sd = Math.sqrt((ss - (corr * corr) / n) / n);
      if (!(sd > 0)) throw new Error(`all ${n} values are equal: the log-normal fit is degenerate`);
      return normalOnLogScale(m, sd);
    },
  };
}

/** cdf of N(m, sd^2) with the fused pit/log-survival pass. */
function normalOnLogScale(m: number, sd: number): FittedCdf {
  return {
    cdf: (l) => normalCdf((l - m) / sd),
    logsf: (l) => normalLogSf((l - m) / sd),
    logcdf: (l) => normalLogCdf((l - m) / sd),
    pitInto(sorted, n, u, logCdf, logSf) {
      normalPitInto(sorted, m, 1 / sd, 0, n, u, logCdf, logSf);
    },
  };
}

/** The fastest exact observation model for complete data from `family`: the log-scale path for the log-normal. */
export function defaultGofModel(family: Family, params: Params): GofModel {
  return family.name === 'lognormal' ? lognormalLogScaleModel(params) : completeDataModel(family, params);
}

/**
 * `model` run on the data divided by `unit` (an increasing map, so the statistics are those of the data as given):
 * a fit to values near 1e-300 or 1e300 is tested with simulated sets and refits of order one. `model` must be the
 * model of the data in units (stats/fit's fitInUnits gives its parameters).
 */
export function scaledGofModel(model: GofModel, unit: number): GofModel {
  if (unit === 1) return model;
  return {
    ...model,
    prepare(data: Float64Array): Float64Array {
      const scaled = data.map((x) => x / unit);
      return model.prepare ? model.prepare(scaled) : scaled;
    },
  };
}

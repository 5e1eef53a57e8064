/**
 * The observation model "complete data from a fitted family, refitted by maximum likelihood" for the bootstrap
 * goodness-of-fit test. Truncated and censored fits build their own GofModel the same way (their `sample` applies
 * the detection limit, their `refit` fits with it).
 */
import type { Family, Params } from '../family';
import type { Rng } from '../../random/rng';
import type { FittedCdf, GofModel } from './bootstrap';

/** cdf and (when the family has it) logsf of a family at fixed parameters. */
export function familyCdf(family: Family, params: Params): FittedCdf {
  const logsf = family.logsf;
  return {
    cdf: (x) => family.cdf(x, params),
    logsf: logsf ? (x) => logsf(x, params) : undefined,
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

import type { Rng } from '../random/rng';
import type { SampleStats } from './families/sample-stats';

/**
 * The shape every distribution family implements (one file per family under families/). Parameters are plain
 * named numbers, e.g. lognormal { mu, sigma } with mu and sigma of the log, so they serialise into the history and
 * the CLI's JSON unchanged.
 */
export type Params = Record<string, number>;

export type FamilyName =
  | 'lognormal'
  | 'normal'
  | 'gamma'
  | 'weibull'
  | 'exponential'
  | 'loglogistic'
  | 'invgauss'
  | 'lognormal-mixture'
  | 'powerlaw';

/**
 * How a parameter changes when the data are multiplied by c > 0: multiplied by c ('scale'), divided by c ('rate'),
 * shifted by log c (a location of log x), or unchanged ('invariant'). Every family here is closed under scaling,
 * which is what lets fits run in rescaled units (stats/fit/units.ts).
 */
export type ParamScaling = 'scale' | 'rate' | 'log-location' | 'invariant';

export interface Family {
  name: FamilyName;
  /** Human label for tables and legends. */
  label: string;
  /** The name inside a sentence ("log-normal", "Weibull"). */
  word: string;
  /** Names of the free parameters, in a fixed order (used for covariance matrices). */
  paramNames: readonly string[];
  /** How each parameter transforms when the data are rescaled. */
  paramScaling: Readonly<Record<string, ParamScaling>>;
  /** Where each parameter may lie: positive, in (0, 1), or anywhere (names absent: anywhere). */
  paramDomain: Readonly<Record<string, 'positive' | 'unit-interval'>>;
  /** True if the support is x > 0 (then zeros and negatives are refused by the fitter). */
  positiveOnly: boolean;
  logpdf(x: number, p: Params): number;
  pdf(x: number, p: Params): number;
  cdf(x: number, p: Params): number;
  /** log cdf, accurate in the lower tail (used by left-censored fits). */
  logcdf?(x: number, p: Params): number;
  /** log of the survival function 1 - cdf, accurate in the upper tail. */
  logsf?(x: number, p: Params): number;
  quantile(q: number, p: Params): number;
  sample(rng: Rng, n: number, p: Params): Float64Array;
  /** Maximum-likelihood estimate from complete (uncensored, untruncated) data. */
  fit(data: Float64Array): Params;
  /** The same estimate from precomputed sums (shared by all families fitted to one data set). */
  fitStats?(stats: SampleStats): Params;
  /** Total log-likelihood sum(logpdf(x_i)), using precomputed sums where the family allows it. */
  logLikelihood?(stats: SampleStats, p: Params): number;
  /**
   * Observed information -d2 logL / dp dp' (row-major, paramNames order) in closed form, where that is cheaper than
   * the numerical Hessian the fitter uses otherwise.
   */
  observedInformation?(stats: SampleStats, p: Params): Float64Array;
  /** Mean and variance of the distribution (Infinity where they do not exist). */
  moments?(p: Params): { mean: number; variance: number };
}

/**
 * Fits under a measurement limit. Two observation models (Klein & Moeschberger 2003, ch. 3):
 *  - left-truncated at a known threshold T: values below T are never recorded, so each recorded value has density
 *    f(x) / S(T) and the log-likelihood is sum log f(x_i) - n log S(T);
 *  - left-censored at a limit L: nBelow rows are known only to be below L (e.g. "<0.1"), so the log-likelihood is
 *    sum log f(x_i) + nBelow log F(L).
 * Both are maximised numerically (optimize.ts) over unconstrained parameters, starting from the complete-data fit
 * of the recorded values. Supported for lognormal, gamma and Weibull (and normal, exponential).
 */
import { z } from 'zod';
import type { Family, FamilyName, Params } from '../family';
import type { Rng } from '../../random/rng';
import { getFamily, SampleStats } from '../families/index';
import { maximize } from './optimize';
import { paramTransform } from './transform';
import { fittingUnit, inUnits, paramsFromUnits } from './units';
import { SampleError, validateSample } from './validate';

export const ObservationModelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('complete') }),
  z.object({ kind: z.literal('truncated'), threshold: z.number().finite() }),
  z.object({ kind: z.literal('censored'), limit: z.number().finite(), nBelow: z.number().int().nonnegative() }),
]);
export type ObservationModel = z.infer<typeof ObservationModelSchema>;

export const OBSERVED_FAMILIES: readonly FamilyName[] = ['lognormal', 'gamma', 'weibull', 'normal', 'exponential'];

/** The observation-model log-likelihood of recorded values (as SampleStats) for parameters p. */
export function observedLogLik(family: Family, stats: SampleStats, p: Params, model: ObservationModel): number {
  let ll = family.logLikelihood ? family.logLikelihood(stats, p) : sumLogpdf(family, stats.data, p);
  if (model.kind === 'truncated') {
    if (!family.logsf) throw new Error(`${family.name} has no logsf: truncated fits are not available`);
    ll -= stats.n * family.logsf(model.threshold, p);
  } else if (model.kind === 'censored' && model.nBelow > 0) {
    if (!family.logcdf) throw new Error(`${family.name} has no logcdf: censored fits are not available`);
    ll += model.nBelow * family.logcdf(model.limit, p);
  }
  return ll;
}

function sumLogpdf(family: Family, x: Float64Array, p: Params): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += family.logpdf(x[i], p);
  return s;
}

export interface ObservedFit {
  dist: FamilyName;
  params: Params;
  /** The fit in units (units.ts): `params` of the values divided by `unit`, under `model` with its limit divided too. */
  inUnits: { params: Params; unit: number; model: ObservationModel };
  logLik: number;
  model: ObservationModel;
  nObserved: number;
  nBelow: number;
  converged: boolean;
  iterations: number;
}

/**
 * Maximum likelihood under the observation model. `values` are the recorded values (all >= the threshold/limit);
 * for a censored model the count below the limit is model.nBelow.
 */
export function fitObserved(values: ArrayLike<number>, dist: FamilyName, model: ObservationModel): ObservedFit {
  const family = getFamily(dist);
  const { values: x } = validateSample(values, family);
  const cut = model.kind === 'truncated' ? model.threshold : model.kind === 'censored' ? model.limit : -Infinity;
  let below = 0;
  for (let i = 0; i < x.length; i++) if (x[i] < cut) below++;
  if (below > 0) {
    throw new SampleError(
      'below-limit',
      below,
      `${below} recorded value${below === 1 ? ' is' : 's are'} below the ${model.kind === 'truncated' ? 'truncation threshold' : 'censoring limit'} ${cut}`,
    );
  }
  // Fitted in units (an exact power-of-two rescaling of values and limit), mapped back: scale-equivariant.
  const unit = fittingUnit(x);
  const modelU = modelInUnits(model, unit);
  const stats = new SampleStats(inUnits(x, unit));
  // Densities of x = unit y carry the Jacobian 1/unit per recorded value; probabilities F(L), S(T) none.
  const jacobian = x.length * Math.log(unit);
  const start = family.fitStats ? family.fitStats(stats) : family.fit(stats.data);
  const nBelow = model.kind === 'censored' ? model.nBelow : 0;
  const result = (pUnits: Params, llUnits: number, converged: boolean, iterations: number): ObservedFit => ({
    dist, params: paramsFromUnits(family, pUnits, unit), inUnits: { params: pUnits, unit, model: modelU },
    logLik: llUnits - jacobian, model, nObserved: x.length, nBelow, converged, iterations,
  });
  if (model.kind === 'complete' || (model.kind === 'censored' && nBelow === 0)) {
    return result(start, observedLogLik(family, stats, start, modelU), true, 0);
  }
  if (!OBSERVED_FAMILIES.includes(dist)) throw new Error(`truncated/censored fits are available for ${OBSERVED_FAMILIES.join(', ')}, not ${dist}`);
  const tr = paramTransform(family);
  const objective = (t: Float64Array) => observedLogLik(family, stats, tr.fromTheta(t), modelU);
  const res = maximize(objective, tr.toTheta(start));
  return result(tr.fromTheta(res.theta), res.value, res.converged, res.iterations);
}

/** The observation model of the values divided by `unit`. */
export function modelInUnits(model: ObservationModel, unit: number): ObservationModel {
  if (model.kind === 'truncated') return { kind: 'truncated', threshold: model.threshold / unit };
  if (model.kind === 'censored') return { kind: 'censored', limit: model.limit / unit, nBelow: model.nBelow };
  return model;
}

/**
 * One simulated data set of n rows under the observation model: truncated draws come from the conditional
 * distribution above the threshold (inverse cdf of a uniform on [F(T), 1)); censored draws are full draws of
 * which those below the limit are only counted. Returns the recorded values and the count below the limit.
 */
export function sampleObserved(
  family: Family,
  p: Params,
  model: ObservationModel,
  n: number,
  rng: Rng,
): { values: Float64Array; nBelow: number } {
  if (model.kind === 'truncated') {
    const lo = family.cdf(model.threshold, p);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.max(model.threshold, family.quantile(lo + (1 - lo) * rng.uniform(), p));
    return { values: out, nBelow: 0 };
  }
  const all = family.sample(rng, n, p);
  if (model.kind === 'complete') return { values: all, nBelow: 0 };
  let k = 0;
  for (let i = 0; i < n; i++) if (all[i] >= model.limit) all[k++] = all[i];
  return { values: all.slice(0, k), nBelow: n - k };
}

/**
 * The three-parameter (shifted) variant: X - loc follows the family, with loc < min(x) estimated too. Only on
 * explicit request: the likelihood of shifted log-normal, gamma (shape < 1) and Weibull (shape < 1) fits grows
 * without bound as loc approaches min(x) (Hill 1963; Smith 1985), so the returned point is a local maximum found
 * from a start below the data, and its likelihood is not comparable with the two-parameter fits by AIC alone.
 */
import type { FamilyName, Params } from '../family';
import { getFamily, SampleStats } from '../families/index';
import { maximize } from './optimize';
import { OBSERVED_FAMILIES } from './observed';
import { paramTransform } from './transform';
import { validateSample } from './validate';

export const SHIFTED_WARNING =
  'three-parameter (shifted) fit requested: the location is estimated, the likelihood can be unbounded as it ' +
  'approaches the smallest value (this is a local maximum), and standard errors and AIC are less reliable than ' +
  'for the default location-0 fit';

export interface ShiftedFit {
  dist: FamilyName;
  params: Params;
  loc: number;
  logLik: number;
  converged: boolean;
  warning: string;
}

/** Fits loc + family(params) by maximum likelihood, loc = min(x) - exp(eta) * range(x). */
export function fitShifted(values: ArrayLike<number>, dist: FamilyName): ShiftedFit {
  if (!OBSERVED_FAMILIES.includes(dist) || dist === 'normal') {
    throw new Error(`a shifted fit is available for lognormal, gamma, weibull and exponential, not ${dist}`);
  }
  const family = getFamily(dist);
  const { values: x } = validateSample(values, 'normal'); // any sign is allowed: the shift makes values positive
  const st = new SampleStats(x);
  const range = st.max - st.min;
  const shifted = new Float64Array(x.length);
  const locOf = (eta: number) => st.min - Math.exp(eta) * range;
  const statsAt = (loc: number) => {
    for (let i = 0; i < x.length; i++) shifted[i] = x[i] - loc;
    return new SampleStats(shifted);
  };
  const tr = paramTransform(family);
  const p = family.paramNames.length;
  const eta0 = Math.log(0.25);
  const s0 = statsAt(locOf(eta0));
  const start = family.fitStats ? family.fitStats(s0) : family.fit(s0.data);
  const theta0 = new Float64Array(p + 1);
  theta0.set(tr.toTheta(start));
  theta0[p] = eta0;
  const objective = (t: Float64Array) => {
    const s = statsAt(locOf(t[p]));
    const params = tr.fromTheta(t.subarray(0, p));
    return family.logLikelihood ? family.logLikelihood(s, params) : NaN;
  };
  const res = maximize(objective, theta0, { maxIter: 300 });
  return {
    dist,
    params: tr.fromTheta(res.theta.subarray(0, p)),
    loc: locOf(res.theta[p]),
    logLik: res.value,
    converged: res.converged,
    warning: SHIFTED_WARNING,
  };
}

/**
 * The fit report under a measurement limit (left-truncated or left-censored data), in the shape of stats/fit's
 * FitReport: each family fitted by fitObserved, criteria on the observation-model likelihood (n = every row, censored
 * ones included), observed-information standard errors of that likelihood, KS/AD/CvM of the data against the fitted
 * observation model (the same statistics the bootstrap recomputes) and Vuong's test on the per-row contributions.
 */
import type { FamilyName, Params } from '../../stats/family';
import { getFamily, SampleStats } from '../../stats/families/index';
import {
  akaikeWeights, censoredGofModel, finiteSe, fitObserved, informationCriteria, inUnits, OBSERVED_FAMILIES, observedLogLik,
  spreadFromUnits, truncatedGofModel, vuongTest, type FamilyFit, type FitReport, type ObservationModel, type ObservedFit,
  type VuongResult,
} from '../../stats/fit/index';
import { invertSpdSmall, numericHessian } from '../../stats/fit/optimize';
import { paramTransform } from '../../stats/fit/transform';
import type { GofModel } from '../../stats/gof/bootstrap';
import { observedStatistics } from '../../stats/gof/bootstrap';
import type { PreparedFitSample } from './fit-sample';

/** The bootstrap model of a fit under the observation model (complete data use stats/gof's defaultGofModel). */
export function limitGofModel(dist: FamilyName, params: Params, model: ObservationModel): GofModel {
  if (model.kind === 'truncated') return truncatedGofModel(dist, params, model.threshold);
  if (model.kind === 'censored') return censoredGofModel(dist, params, model.limit);
  throw new Error('limitGofModel is for truncated or censored data');
}

/**
 * Standard errors from the observation-model likelihood (central differences in unconstrained coordinates),
 * computed in the fit's units and mapped back; the unusable ones are named in `unavailable`.
 */
function observedSe(fit: ObservedFit, values: Float64Array, unavailable: Record<string, string>): Params {
  const family = getFamily(fit.dist);
  const { params: p, unit, model } = fit.inUnits;
  const stats = new SampleStats(inUnits(values, unit));
  const names = family.paramNames;
  const k = names.length;
  const tr = paramTransform(family);
  const theta = tr.toTheta(p);
  const h = Float64Array.from(theta, (t) => 1e-4 * Math.max(1, Math.abs(t)));
  const H = numericHessian((t) => observedLogLik(family, stats, tr.fromTheta(t), model), theta, h);
  const J = tr.jacobian(p);
  const info = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) info[i * k + j] = -H[i * k + j] / (J[i] * J[j]);
  const cov = invertSpdSmall(info, k);
  const se: Params = {};
  names.forEach((name, i) => (se[name] = cov ? Math.sqrt(cov[i * k + i]) : NaN));
  return finiteSe(family, spreadFromUnits(family, se, unit), unavailable);
}

/** Per-row log-likelihood contributions: recorded rows, then one log F(L) per censored row. */
function contributions(dist: FamilyName, sample: PreparedFitSample, p: Params): Float64Array {
  const family = getFamily(dist);
  const { values, model, nBelow } = sample;
  const out = new Float64Array(values.length + nBelow);
  const shift = model.kind === 'truncated' ? family.logsf!(model.threshold, p) : 0;
  for (let i = 0; i < values.length; i++) out[i] = family.logpdf(values[i], p) - shift;
  if (model.kind === 'censored') out.fill(family.logcdf!(model.limit, p), values.length);
  return out;
}

export function observedReport(sample: PreparedFitSample, families: readonly FamilyName[]): Omit<FitReport, 'dropped' | 'warnings'> {
  const nRows = sample.values.length + sample.nBelow;
  const fits: FamilyFit[] = [];
  const failed: { dist: FamilyName; error: string }[] = [];
  const pointwise = new Map<FamilyName, Float64Array>();
  for (const dist of families) {
    if (!OBSERVED_FAMILIES.includes(dist)) {
      failed.push({ dist, error: `fits under a ${sample.model.kind === 'truncated' ? 'truncation threshold' : 'censoring limit'} are available for ${OBSERVED_FAMILIES.join(', ')} only` });
      continue;
    }
    try {
      const fit = fitObserved(sample.values, dist, sample.model);
      if (!fit.converged) throw new Error('the maximum-likelihood search did not converge');
      const k = getFamily(dist).paramNames.length;
      const ic = informationCriteria(fit.logLik, k, nRows);
      const { observed } = observedStatistics(sample.gofData, limitGofModel(dist, fit.params, sample.model));
      pointwise.set(dist, contributions(dist, sample, fit.params));
      const unavailable: Record<string, string> = {};
      fits.push({
        dist, params: fit.params, logLik: fit.logLik, k, aic: ic.aic, aicc: ic.aicc, bic: ic.bic, deltaAic: null, akaikeWeight: null,
        se: observedSe(fit, sample.values, unavailable),
        ks: { statistic: observed.ks }, ad: { statistic: observed.ad }, cvm: { statistic: observed.cvm },
        ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
      });
    } catch (e) {
      failed.push({ dist, error: e instanceof Error ? e.message : String(e) });
    }
  }
  const weights = akaikeWeights(fits.map((f) => f.aic));
  const minAic = Math.min(...fits.map((f) => f.aic));
  fits.forEach((f, i) => {
    f.akaikeWeight = weights[i];
    f.deltaAic = f.aic - minAic;
  });
  let best: FamilyName | null = null;
  let bestAic = Infinity;
  for (const f of fits) if (f.aic < bestAic) [best, bestAic] = [f.dist, f.aic];
  const vuong: VuongResult[] = [];
  for (let i = 0; i < fits.length; i++) {
    for (let j = i + 1; j < fits.length; j++) {
      vuong.push(vuongTest(fits[i].dist, pointwise.get(fits[i].dist)!, fits[j].dist, pointwise.get(fits[j].dist)!));
    }
  }
  return { n: nRows, fits, best, failed, vuong };
}

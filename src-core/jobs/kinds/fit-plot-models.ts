/**
 * The fitted models as the plots see them. Under a measurement limit the plotted data are the recorded values,
 * so each model is drawn conditional on being recorded (above the truncation threshold or the censoring limit):
 * f(x)/S(c), (F(x) - F(c))/S(c), F^-1(F(c) + p S(c)). The power law describes only its tail and is not drawn.
 */
import type { FamilyName, Params } from '../../stats/family';
import { getFamily } from '../../stats/families/index';
import type { ObservationModel } from '../../stats/fit/index';
import { fittedFamily, type FittedDistribution } from '../../stats/plot/index';

export function plotModel(dist: FamilyName, params: Params, model: ObservationModel): FittedDistribution | null {
  if (dist === 'powerlaw') return null;
  const family = getFamily(dist);
  if (model.kind === 'complete') return fittedFamily(family, params);
  const c = model.kind === 'truncated' ? model.threshold : model.limit;
  const Fc = family.cdf(c, params);
  const Sc = 1 - Fc;
  if (!(Sc > 0)) return null;
  return {
    label: family.label,
    pdf: (x) => (x < c ? 0 : family.pdf(x, params) / Sc),
    cdf: (x) => (x <= c ? 0 : Math.min(1, Math.max(0, (family.cdf(x, params) - Fc) / Sc))),
    quantile: (p) => family.quantile(Fc + p * Sc, params),
  };
}

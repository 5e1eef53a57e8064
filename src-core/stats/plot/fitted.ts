/**
 * A fitted distribution as the plots see it: three functions of x. Plain families adapt with `fittedFamily`; a
 * truncated or mixture fit can pass its own functions, so the plots do not care how the model was obtained.
 */
import type { Family, Params } from '../family';

export interface FittedDistribution {
  /** Legend label, e.g. "Log-normal". */
  label: string;
  pdf(x: number): number;
  cdf(x: number): number;
  quantile(p: number): number;
}

export function fittedFamily(family: Family, params: Params): FittedDistribution {
  return {
    label: family.label,
    pdf: (x) => family.pdf(x, params),
    cdf: (x) => family.cdf(x, params),
    quantile: (p) => family.quantile(p, params),
  };
}

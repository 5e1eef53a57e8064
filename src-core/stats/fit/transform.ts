/**
 * Unconstrained coordinates for optimisation and numerical derivatives: identity for location parameters
 * (mu, mu1, mu2), logit for the mixture weight w, log for every other (positive) parameter.
 */
import type { Family, Params } from '../family';

export interface ParamTransform {
  toTheta(p: Params): Float64Array;
  fromTheta(t: ArrayLike<number>): Params;
  /** d param / d theta at theta, per parameter (the Jacobian is diagonal). */
  jacobian(p: Params): Float64Array;
}

type Kind = 'free' | 'log' | 'logit';

function kindOf(family: Family, name: string): Kind {
  if (name === 'w') return 'logit';
  if ((name === 'mu' || name === 'mu1' || name === 'mu2') && family.name !== 'invgauss') return 'free';
  return 'log';
}

export function paramTransform(family: Family, names: readonly string[] = family.paramNames): ParamTransform {
  const kinds = names.map((k) => kindOf(family, k));
  return {
    toTheta: (p) =>
      Float64Array.from(names, (k, i) => (kinds[i] === 'free' ? p[k] : kinds[i] === 'log' ? Math.log(p[k]) : Math.log(p[k] / (1 - p[k])))),
    fromTheta: (t) =>
      Object.fromEntries(
        names.map((k, i) => [k, kinds[i] === 'free' ? t[i] : kinds[i] === 'log' ? Math.exp(t[i]) : 1 / (1 + Math.exp(-t[i]))]),
      ),
    jacobian: (p) => Float64Array.from(names, (k, i) => (kinds[i] === 'free' ? 1 : kinds[i] === 'log' ? p[k] : p[k] * (1 - p[k]))),
  };
}

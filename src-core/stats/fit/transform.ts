/**
 * Unconstrained coordinates for optimisation and numerical derivatives, from each parameter's domain: logit for a
 * weight in (0, 1), log for a positive parameter, identity for a location.
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
  const domain = family.paramDomain[name];
  return domain === 'unit-interval' ? 'logit' : domain === 'positive' ? 'log' : 'free';
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

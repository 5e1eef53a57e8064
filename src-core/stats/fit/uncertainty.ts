/**
 * Standard errors from the observed information (the negative Hessian of the log-likelihood at the MLE), computed by
 * central differences in unconstrained coordinates and mapped back with the (diagonal) Jacobian; at the maximum
 * the gradient vanishes, so H_natural = J^-1 H_theta J^-1 exactly. Profile-likelihood intervals for the
 * log-normal in closed form (Venzon & Moolgavkar 1988 for the general method).
 */
import type { Family, Params } from '../family';
import { SampleStats } from '../families/index';
import { normalQuantile } from '../special/normal';
import { invertSpdSmall, numericHessian } from './optimize';
import { safeNewton } from './roots';
import { paramTransform } from './transform';
import { validateSample } from './validate';

export interface StandardErrors {
  /** Standard error per parameter (NaN where the information matrix is singular). */
  se: Params;
  /** Covariance matrix, row-major, in the order of `names`. */
  covariance: number[];
  names: string[];
}

/**
 * Observed-information standard errors of a complete-data fit. The power law's xmin is not a likelihood
 * parameter: its alpha gets the analytic (alpha - 1) / sqrt(n_tail); xmin gets none (absent from `se`).
 */
export function standardErrors(family: Family, stats: SampleStats, p: Params): StandardErrors {
  if (family.name === 'powerlaw') {
    let m = 0;
    for (let i = 0; i < stats.n; i++) if (stats.data[i] >= p.xmin) m++;
    const s = (p.alpha - 1) / Math.sqrt(m);
    return { se: { alpha: s }, covariance: [s * s], names: ['alpha'] };
  }
  const names = [...family.paramNames];
  const k = names.length;
  if (family.observedInformation) return fromInformation(names, family.observedInformation(stats, p));
  const tr = paramTransform(family);
  const ll = (t: Float64Array) => {
    const q = tr.fromTheta(t);
    if (family.logLikelihood) return family.logLikelihood(stats, q);
    let s = 0;
    for (let i = 0; i < stats.n; i++) s += family.logpdf(stats.data[i], q);
    return s;
  };
  const theta = tr.toTheta(p);
  const h = Float64Array.from(theta, (t) => 1e-4 * Math.max(1, Math.abs(t)));
  const H = numericHessian(ll, theta, h);
  const J = tr.jacobian(p);
  const info = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) info[i * k + j] = -H[i * k + j] / (J[i] * J[j]);
  return fromInformation(names, info);
}

function fromInformation(names: string[], info: Float64Array): StandardErrors {
  const k = names.length;
  const cov = invertSpdSmall(info, k);
  const se: Params = {};
  names.forEach((n, i) => (se[n] = cov ? Math.sqrt(cov[i * k + i]) : NaN));
  return { se, covariance: cov ? Array.from(cov) : new Array(k * k).fill(NaN), names };
}

export interface LognormalProfileCi {
  level: number;
  mu: [number, number];
  sigma: [number, number];
}

/**
 * Profile-likelihood intervals {theta : 2 (l_max - l_profile(theta)) <= chi2_1(level)} for the log-normal.
 * With m, s^2 the mean and (ddof 0) variance of the logs and c = chi2_1(level):
 *   mu:    n log(1 + (m - mu)^2 / s^2) = c, so mu = m -/+ s sqrt(expm1(c / n));
 *   sigma: n (t - 1 - log t) = c with t = s^2 / sigma^2, one root on each side of t = 1.
 */
export function lognormalProfileCi(values: ArrayLike<number>, level = 0.95): LognormalProfileCi {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const st = new SampleStats(validateSample(values, 'lognormal').values);
  const n = st.n;
  const m = st.logMean;
  const s2 = st.logVariance;
  const z = normalQuantile(0.5 + level / 2);
  const c = z * z;
  const half = Math.sqrt(s2 * Math.expm1(c / n));
  const g = (t: number) => ({ f: t - 1 - Math.log(t) - c / n, df: 1 - 1 / t });
  // t - 1 - log t is decreasing on (0, 1) and increasing on (1, inf): bracket each root.
  let lo = 0.5;
  while (g(lo).f < 0) lo /= 2;
  let hi = 2;
  while (g(hi).f < 0) hi *= 2;
  const tSmall = safeNewton(g, lo, 1);
  const tLarge = safeNewton(g, 1, hi);
  const s = Math.sqrt(s2);
  return { level, mu: [m - half, m + half], sigma: [s / Math.sqrt(tLarge), s / Math.sqrt(tSmall)] };
}

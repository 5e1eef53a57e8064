/**
 * Student's t distribution with nu > 0 degrees of freedom (not necessarily an integer: Welch's test needs
 * fractional ones). Tails through the incomplete beta function, P(|T| > t) = I_{nu / (nu + t^2)}(nu/2, 1/2); the
 * quantile by Newton steps on the cdf from the normal quantile, kept inside a bisection bracket. Checked against
 * scipy.stats.t in tests/core/stats/student-t.test.ts.
 */
import { logGamma } from './gamma';
import { betaIncReg } from './incomplete-beta';
import { normalQuantile } from './normal';

export function studentTPdf(t: number, nu: number): number {
  const logNorm = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  return Math.exp(logNorm - ((nu + 1) / 2) * Math.log1p((t * t) / nu));
}

/** P(T > t). */
export function studentTSf(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  const tail = 0.5 * betaIncReg(nu / (nu + t2), nu / 2, 0.5, t2 / (nu + t2));
  return t > 0 ? tail : 1 - tail;
}

/** P(T <= t). */
export function studentTCdf(t: number, nu: number): number {
  return studentTSf(-t, nu);
}

/** P(|T| >= |t|): the two-sided p-value of a t statistic. */
export function studentTTwoSided(t: number, nu: number): number {
  if (Number.isNaN(t) || !(nu > 0)) return NaN;
  const t2 = t * t;
  if (t2 === Infinity) return 0;
  return betaIncReg(nu / (nu + t2), nu / 2, 0.5, t2 / (nu + t2));
}

/** The t with P(T <= t) = p. Solved in the tail the probability lies in (sf(t) = min(p, 1 - p) for t >= 0), so a
 *  small p keeps its relative precision. */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p >= 0 && p <= 1) || !(nu > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p;
  const t = upperTailQuantile(q, nu);
  return p < 0.5 ? -t : t;
}

/** The t >= 0 with P(T > t) = q (0 < q < 1/2): bracket [lo, hi], then Newton steps on log sf kept inside it. */
function upperTailQuantile(q: number, nu: number): number {
  let lo = 0, hi = Math.max(1, -2 * normalQuantile(q));
  while (studentTSf(hi, nu) > q) { lo = hi; hi *= 2; }
  let t = Math.min(Math.max(-normalQuantile(q), lo), hi);
  const logQ = Math.log(q);
  for (let i = 0; i < 200; i++) {
    const sf = studentTSf(t, nu);
    if (sf > q) lo = t; else hi = t;
    // d log sf / dt = -pdf / sf: Newton on the logarithm converges in the far tail too.
    let next = t + ((Math.log(sf) - logQ) * sf) / studentTPdf(t, nu);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

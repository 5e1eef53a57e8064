/**
 * Inference on success rates: the Wilson score interval of a proportion (Wilson 1927; scipy.stats.binomtest(...)
 * .proportion_ci(method='wilson')) and Fisher's exact test of two (scipy.stats.fisher_exact, two-sided: the tables
 * with the margins observed that are no more probable than the observed one, with scipy's relative tolerance 1e-7).
 */
import { logGamma } from '../special/gamma';
import { normalQuantile } from '../special/normal';

export interface ProportionInterval { rate: number; lo: number; hi: number; successes: number; n: number; level: number }

export function wilsonInterval(successes: number, n: number, level = 0.95): ProportionInterval {
  if (!(n >= 1) || successes < 0 || successes > n) throw new RangeError(`need 0 <= successes (${successes}) <= n (${n}), n >= 1`);
  const z = normalQuantile((1 + level) / 2);
  const z2 = z * z;
  const p = successes / n;
  const centre = (successes + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((successes * (n - successes)) / n + z2 / 4);
  // At 0 or n successes the bound is exactly 0 or 1 (centre -+ half cancel there).
  const lo = successes === 0 ? 0 : Math.max(0, centre - half);
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return { rate: p, lo, hi, successes, n, level };
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Two-sided p-value of Fisher's exact test for successes kA of nA against kB of nB. */
export function fisherExact(kA: number, nA: number, kB: number, nB: number): number {
  const total = nA + nB, successes = kA + kB;
  const lo = Math.max(0, successes - nB), hi = Math.min(successes, nA);
  const logP = (x: number) => logChoose(nA, x) + logChoose(nB, successes - x) - logChoose(total, successes);
  const observed = logP(kA);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

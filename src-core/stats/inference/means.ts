/**
 * Inference on means: the t interval of one sample's mean and Welch's unequal-variance t test of two (Welch 1947;
 * scipy.stats.ttest_ind(equal_var=False)), with the confidence interval of the difference on Welch-Satterthwaite
 * degrees of freedom.
 */
import { studentTQuantile, studentTTwoSided } from '../special/student-t';

export interface MeanInterval { mean: number; lo: number; hi: number; n: number; level: number }

/** mean +- t_{(1+level)/2, n-1} sd / sqrt(n); null for fewer than two values (no spread to estimate). */
export function meanInterval(values: number[], level = 0.95): MeanInterval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = studentTQuantile((1 + level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, n, level };
}

export interface WelchResult {
  meanA: number;
  meanB: number;
  /** meanB - meanA, with its confidence interval. */
  difference: number;
  lo: number;
  hi: number;
  t: number;
  df: number;
  /** Two-sided. */
  p: number;
  nA: number;
  nB: number;
  level: number;
}

/** Welch's test of B against A (difference = mean B - mean A); null unless both samples have two values or more. */
export function welchTest(a: number[], b: number[], level = 0.95): WelchResult | null {
  const nA = a.length, nB = b.length;
  if (nA < 2 || nB < 2) return null;
  const meanA = a.reduce((s, x) => s + x, 0) / nA, meanB = b.reduce((s, x) => s + x, 0) / nB;
  const vA = a.reduce((s, x) => s + (x - meanA) ** 2, 0) / (nA - 1) / nA;
  const vB = b.reduce((s, x) => s + (x - meanB) ** 2, 0) / (nB - 1) / nB;
  const difference = meanB - meanA;
  const se = Math.sqrt(vA + vB);
  if (se === 0) {
    // Both samples constant: the difference is exact.
    return { meanA, meanB, difference, lo: difference, hi: difference, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: nA + nB - 2, p: difference === 0 ? 1 : 0, nA, nB, level };
  }
  const df = (vA + vB) ** 2 / (vA ** 2 / (nA - 1) + vB ** 2 / (nB - 1));
  const t = difference / se;
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { meanA, meanB, difference, lo: difference - half, hi: difference + half, t, df, p: studentTTwoSided(t, df), nA, nB, level };
}

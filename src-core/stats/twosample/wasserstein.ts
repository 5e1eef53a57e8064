/**
 * First Wasserstein (earth mover's) distance between two empirical distributions: the area between their ecdfs,
 * W1 = integral |F_a(x) - F_b(x)| dx (as scipy.stats.wasserstein_distance with equal weights), and the same on the
 * log scale, which compares the shapes of positive, skewed data (synaptic weights) without letting the largest
 * values dominate.
 */
import { assertFiniteSample, logsOfPositive, sortedFiniteCopy } from './validate';

/** W1 of two sorted samples: one merge pass over the pooled values. */
function w1Sorted(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = Math.min(a[0], b[0]);
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    // On [prev, v) the ecdfs are i/n1 and j/n2.
    total += Math.abs(i / n1 - j / n2) * (v - prev);
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    prev = v;
  }
  return total;
}

/** Wasserstein-1 distance between the empirical distributions of a and b. */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return w1Sorted(sortedFiniteCopy(a, 'first sample', 1), sortedFiniteCopy(b, 'second sample', 1));
}

/** Wasserstein-1 distance between the empirical distributions of log(a) and log(b); positive values only. */
export function wasserstein1Log(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertFiniteSample(a, 'first sample', 1);
  assertFiniteSample(b, 'second sample', 1);
  return w1Sorted(logsOfPositive(a, 'first sample').sort(), logsOfPositive(b, 'second sample').sort());
}

/**
 * Median in O(n) without sorting, for the bootstrap loops: Hoare's quickselect (Hoare 1961, "FIND") with a
 * median-of-three pivot, partitioning the first n entries of a reused buffer in place.
 */

/** Rearranges a[0..n) so that a[k] is the k-th smallest (0-based) and returns it. */
export function selectInPlace(a: Float64Array, k: number, n = a.length): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot, moved to a[mid]
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** numpy.median of a[0..n) (mean of the two middle values for even n); reorders the buffer. */
export function medianInPlace(a: Float64Array, n = a.length): number {
  const h = n >>> 1;
  const upper = selectInPlace(a, h, n);
  if (n % 2 === 1) return upper;
  // After selection everything below index h is <= a[h]; the lower middle is their maximum.
  let lower = a[0];
  for (let i = 1; i < h; i++) if (a[i] > lower) lower = a[i];
  return lower + (upper - lower) / 2;
}

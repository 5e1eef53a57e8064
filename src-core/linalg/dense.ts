/**
 * Dense row-major float64 kernels. Matrices are plain Float64Arrays with explicit dimensions, so they cross
 * worker and IPC boundaries without conversion. Loops are ordered i-k-j so the innermost loop walks contiguous
 * memory in both operands.
 */

/** C (m x n) = A (m x k) * B (k x n). `out` is overwritten. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out = new Float64Array(m * n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[ci + j] += aip * b[bp + j];
    }
  }
  return out;
}

/** y (m) = A (m x n) x (n). */
export function matvec(a: Float64Array, x: Float64Array, m: number, n: number, out = new Float64Array(m)): Float64Array {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const ai = i * n;
    for (let j = 0; j < n; j++) s += a[ai + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** y (n) = A^T (n x m) x (m) for A stored m x n. */
export function matTvec(a: Float64Array, x: Float64Array, m: number, n: number, out = new Float64Array(n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const ai = i * n;
    for (let j = 0; j < n; j++) out[j] += a[ai + j] * xi;
  }
  return out;
}

/** Transpose of an m x n matrix (returns n x m). */
export function transpose(a: Float64Array, m: number, n: number, out = new Float64Array(m * n)): Float64Array {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j];
  return out;
}

export function dot(x: Float64Array, y: Float64Array, n = x.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

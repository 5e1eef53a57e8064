/**
 * Batch-major matrix kernels for the recurrent-network hot loops (forward drive, backward propagation, weight
 * gradients summed over time and trials). All matrices are row-major Float64Arrays with explicit dimensions.
 * The kernels are register-blocked (several output entries per pass over an input row) because V8 does not
 * vectorise: reusing each loaded operand several times is what makes plain JavaScript approach BLAS-like speed
 * on the small matrices (N ~ 100-400, batch ~ 32) an RNN needs.
 */

/**
 * C (m x n) (+)= A (m x k) * B^T, with B stored n x k. Each output is a dot product of two contiguous rows;
 * four rows of B are consumed per pass so every loaded A entry is used four times.
 */
export function gemmNT(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate = false, aOffset = 0, outOffset = 0,
): Float64Array {
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    const ai = aOffset + i * k;
    const ci = outOffset + i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p];
        s0 += x * b[b0 + p];
        s1 += x * b[b1 + p];
        s2 += x * b[b2 + p];
        s3 += x * b[b3 + p];
      }
      if (accumulate) {
        out[ci + j] += s0; out[ci + j + 1] += s1; out[ci + j + 2] += s2; out[ci + j + 3] += s3;
      } else {
        out[ci + j] = s0; out[ci + j + 1] = s1; out[ci + j + 2] = s2; out[ci + j + 3] = s3;
      }
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      out[ci + j] = accumulate ? out[ci + j] + s : s;
    }
  }
  return out;
}

/**
 * C (m x n) (+)= A (m x k) * B (k x n). Four rows of A are processed together so each loaded row entry of B
 * updates four outputs; the inner loop walks contiguous memory in B and C.
 */
export function gemmNN(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate = false, aOffset = 0, outOffset = 0,
): Float64Array {
  if (!accumulate) out.fill(0, outOffset, outOffset + m * n);
  const m4 = m - (m % 4);
  let i = 0;
  for (; i < m4; i += 4) {
    const a0 = aOffset + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const c0 = outOffset + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) {
        const y = b[bp + j];
        out[c0 + j] += x0 * y;
        out[c1 + j] += x1 * y;
        out[c2 + j] += x2 * y;
        out[c3 + j] += x3 * y;
      }
    }
  }
  for (; i < m; i++) {
    const ai = aOffset + i * k;
    const ci = outOffset + i * n;
    for (let p = 0; p < k; p++) {
      const x = a[ai + p];
      if (x === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[ci + j] += x * b[bp + j];
    }
  }
  return out;
}

/**
 * C (m x n) (+)= A^T B with A stored rows x m and B stored rows x n: the sum over `rows` of outer products
 * a_r b_r^T. This is how weight gradients are summed over all time steps and trials in one pass. Blocks of four
 * output rows share each loaded row of B.
 */
export function gemmTN(
  a: Float64Array, b: Float64Array, rows: number, m: number, n: number,
  out: Float64Array, accumulate = false,
): Float64Array {
  if (!accumulate) out.fill(0, 0, m * n);
  const m4 = m - (m % 4);
  // Row blocks of 8 keep the four output rows hot in cache while streaming over all `rows`.
  for (let i = 0; i < m4; i += 4) {
    const c0 = i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
    for (let r = 0; r < rows; r++) {
      const ar = r * m + i;
      const x0 = a[ar], x1 = a[ar + 1], x2 = a[ar + 2], x3 = a[ar + 3];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
      const br = r * n;
      for (let j = 0; j < n; j++) {
        const y = b[br + j];
        out[c0 + j] += x0 * y;
        out[c1 + j] += x1 * y;
        out[c2 + j] += x2 * y;
        out[c3 + j] += x3 * y;
      }
    }
  }
  for (let i = m4; i < m; i++) {
    const ci = i * n;
    for (let r = 0; r < rows; r++) {
      const x = a[r * m + i];
      if (x === 0) continue;
      const br = r * n;
      for (let j = 0; j < n; j++) out[ci + j] += x * b[br + j];
    }
  }
  return out;
}

/** Column sums of a rows x n matrix, added into `out` (n). */
export function addColumnSums(a: Float64Array, rows: number, n: number, out: Float64Array, scale = 1): Float64Array {
  for (let r = 0; r < rows; r++) {
    const ar = r * n;
    for (let j = 0; j < n; j++) out[j] += scale * a[ar + j];
  }
  return out;
}

/**
 * Two matrix-vector products sharing one pass over W (n x n): s = W x and t = W y. The Lyapunov loop needs the
 * drive W h and the tangent W (f' q) at every step; reading W once halves the memory traffic.
 */
export function matvec2(w: Float64Array, x: Float64Array, y: Float64Array, n: number, s: Float64Array, t: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const wi = i * n;
    let s0 = 0, s1 = 0, t0 = 0, t1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const w0 = w[wi + j], w1 = w[wi + j + 1];
      s0 += w0 * x[j]; s1 += w1 * x[j + 1];
      t0 += w0 * y[j]; t1 += w1 * y[j + 1];
    }
    if (j < n) { s0 += w[wi + j] * x[j]; t0 += w[wi + j] * y[j]; }
    s[i] = s0 + s1;
    t[i] = t0 + t1;
  }
}

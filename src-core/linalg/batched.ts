/**
 * Batch-major matrix kernels for the recurrent-network hot loops (forward drive, backward propagation, weight
 * gradients summed over time and trials). All matrices are row-major Float64Arrays with explicit dimensions.
 * The kernels are register-blocked (several output entries per pass over an input row) because V8 does not
 * vectorise: reusing each loaded operand several times is what makes plain JavaScript approach BLAS-like speed
 * on the small matrices (N ~ 100-400, batch ~ 32) an RNN needs.
 */
import { wasmGemmNT } from './wasm-gemm';

/**
 * C (m x n) (+)= A (m x k) * B^T, with B stored n x k. Every output is a dot product of two contiguous rows. The
 * main loop computes a 2 x 4 block of outputs at once (eight accumulators in registers), so each pass over the k
 * entries loads 6 numbers for 8 multiply-adds; this is the kernel all the RNN products are routed through.
 */
export function gemmNT(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate = false, aOffset = 0, outOffset = 0,
): Float64Array {
  const simd = wasmGemmNT(a, b, m, k, n, out, accumulate, aOffset, outOffset);
  if (simd !== null) {
    // The SIMD kernel did the 2 x 4 block interior; finish the last columns and the last row here.
    const { m2, n4 } = simd;
    for (let i = 0; i < m2; i++) {
      for (let j = n4; j < n; j++) {
        const ci = outOffset + i * n + j;
        out[ci] = (accumulate ? out[ci] : 0) + rowDot(a, aOffset + i * k, b, j * k, k);
      }
    }
    for (let i = m2; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const ci = outOffset + i * n + j;
        out[ci] = (accumulate ? out[ci] : 0) + rowDot(a, aOffset + i * k, b, j * k, k);
      }
    }
    return out;
  }
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  for (let i = 0; i < m2; i += 2) {
    const a0 = aOffset + i * k, a1 = a0 + k;
    const c0 = outOffset + i * n, c1 = c0 + n;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p];
        const y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      if (accumulate) {
        out[c0 + j] += s00; out[c0 + j + 1] += s01; out[c0 + j + 2] += s02; out[c0 + j + 3] += s03;
        out[c1 + j] += s10; out[c1 + j + 1] += s11; out[c1 + j + 2] += s12; out[c1 + j + 3] += s13;
      } else {
        out[c0 + j] = s00; out[c0 + j + 1] = s01; out[c0 + j + 2] = s02; out[c0 + j + 3] = s03;
        out[c1 + j] = s10; out[c1 + j + 1] = s11; out[c1 + j + 2] = s12; out[c1 + j + 3] = s13;
      }
    }
    for (let j = n4; j < n; j++) {
      out[c0 + j] = (accumulate ? out[c0 + j] : 0) + rowDot(a, a0, b, j * k, k);
      out[c1 + j] = (accumulate ? out[c1 + j] : 0) + rowDot(a, a1, b, j * k, k);
    }
  }
  if (m2 < m) {
    const ai = aOffset + m2 * k;
    const ci = outOffset + m2 * n;
    for (let j = 0; j < n; j++) out[ci + j] = (accumulate ? out[ci + j] : 0) + rowDot(a, ai, b, j * k, k);
  }
  return out;
}

function rowDot(a: Float64Array, ao: number, b: Float64Array, bo: number, k: number): number {
  let s0 = 0, s1 = 0;
  let p = 0;
  for (; p + 1 < k; p += 2) { s0 += a[ao + p] * b[bo + p]; s1 += a[ao + p + 1] * b[bo + p + 1]; }
  if (p < k) s0 += a[ao + p] * b[bo + p];
  return s0 + s1;
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
 * a_r b_r^T. This is how weight gradients are summed over all time steps and trials in one pass. Both operands are
 * transposed first (cheap: rows * (m + n) moves) so the product runs in the fast dot-product kernel with long
 * contiguous rows.
 */
export function gemmTN(
  a: Float64Array, b: Float64Array, rows: number, m: number, n: number,
  out: Float64Array, accumulate = false,
): Float64Array {
  // Thin products (a readout with few outputs, few inputs) are cheaper without the two transposes.
  if (Math.min(m, n) < 8) return gemmTNSmall(a, b, rows, m, n, out, accumulate);
  const at = transposeInto(a, rows, m, new Float64Array(rows * m));
  const bt = transposeInto(b, rows, n, new Float64Array(rows * n));
  return gemmNT(at, bt, m, rows, n, out, accumulate);
}

function gemmTNSmall(a: Float64Array, b: Float64Array, rows: number, m: number, n: number, out: Float64Array, accumulate: boolean): Float64Array {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < m; i++) {
      const x = a[r * m + i];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += x * b[r * n + j];
    }
  }
  return out;
}

/** out (n x m) = A^T for A (m x n) row-major, blocked so both sides stay in cache. */
export function transposeInto(a: Float64Array, m: number, n: number, out: Float64Array): Float64Array {
  const BLOCK = 32;
  for (let i0 = 0; i0 < m; i0 += BLOCK) {
    const i1 = Math.min(m, i0 + BLOCK);
    for (let j0 = 0; j0 < n; j0 += BLOCK) {
      const j1 = Math.min(n, j0 + BLOCK);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * m + i] = a[i * n + j];
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
 * drive W h and the tangent W (f' q) at every step; reading W once halves the memory traffic, and taking two rows
 * at a time lets every loaded x_j and y_j serve four multiply-adds.
 */
export function matvec2(w: Float64Array, x: Float64Array, y: Float64Array, n: number, s: Float64Array, t: Float64Array): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const w0 = i * n, w1 = w0 + n;
    let s0 = 0, s1 = 0, t0 = 0, t1 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j], yj = y[j];
      const a = w[w0 + j], b = w[w1 + j];
      s0 += a * xj; t0 += a * yj;
      s1 += b * xj; t1 += b * yj;
    }
    s[i] = s0; t[i] = t0; s[i + 1] = s1; t[i + 1] = t1;
  }
  if (i < n) {
    const wi = i * n;
    let s0 = 0, t0 = 0;
    for (let j = 0; j < n; j++) { s0 += w[wi + j] * x[j]; t0 += w[wi + j] * y[j]; }
    s[i] = s0; t[i] = t0;
  }
}

/**
 * Batch-major matrix kernels for the recurrent-network hot loops (forward drive, backward propagation, weight
 * gradients summed over time and trials). All matrices are row-major Float64Arrays with explicit dimensions.
 * The kernels are register-blocked (several output entries per pass over an input row) because V8 does not
 * vectorise: reusing each loaded operand several times is what makes plain JavaScript approach BLAS-like speed
 * on the small matrices (N ~ 100-400, batch ~ 32) an RNN needs.
 */
import { wasmGemmNT } from './wasm-gemm';
import { gemmNN32, gemmNT32 } from './gemm32';
import type { Real } from './real';

export { gemmTN } from './gemm-tn';

/**
 * C (m x n) (+)= A (m x k) * B^T, with B stored n x k. Every output is a dot product of two contiguous rows; this is
 * the kernel all the RNN products are routed through. The interior runs in WebAssembly SIMD when available
 * (wasm-gemm.ts), the rest in TypeScript with the same summation order. Float32Arrays go to gemm32.ts.
 */
export function gemmNT<T extends Real>(
  a: T, b: T, m: number, k: number, n: number,
  out: T, accumulate = false, aOffset = 0, outOffset = 0,
): T {
  if (a instanceof Float32Array) {
    return gemmNT32(a, b as Float32Array, m, k, n, out as Float32Array, accumulate, aOffset, outOffset) as T;
  }
  return gemmNT64(a as Float64Array, b as Float64Array, m, k, n, out as Float64Array, accumulate, aOffset, outOffset) as T;
}

function gemmNT64(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number,
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
  // TypeScript kernel: a 1 x 4 block per pass with separate sums over even and odd positions of the shared
  // dimension, added at the end -- exactly the order of the SIMD kernel's two lanes, so both paths give bit-identical
  // results and a run does not depend on whether WebAssembly SIMD was available.
  const n4 = n - (n % 4);
  const kEven = k - (k % 2);
  for (let i = 0; i < m; i++) {
    const ai = aOffset + i * k;
    const ci = outOffset + i * n;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let e0 = 0, e1 = 0, e2 = 0, e3 = 0, o0 = 0, o1 = 0, o2 = 0, o3 = 0;
      for (let p = 0; p < kEven; p += 2) {
        const x = a[ai + p], z = a[ai + p + 1];
        e0 += x * b[b0 + p]; o0 += z * b[b0 + p + 1];
        e1 += x * b[b1 + p]; o1 += z * b[b1 + p + 1];
        e2 += x * b[b2 + p]; o2 += z * b[b2 + p + 1];
        e3 += x * b[b3 + p]; o3 += z * b[b3 + p + 1];
      }
      if (kEven < k) {
        const x = a[ai + kEven];
        e0 += x * b[b0 + kEven]; e1 += x * b[b1 + kEven]; e2 += x * b[b2 + kEven]; e3 += x * b[b3 + kEven];
      }
      if (accumulate) {
        out[ci + j] += e0 + o0; out[ci + j + 1] += e1 + o1; out[ci + j + 2] += e2 + o2; out[ci + j + 3] += e3 + o3;
      } else {
        out[ci + j] = e0 + o0; out[ci + j + 1] = e1 + o1; out[ci + j + 2] = e2 + o2; out[ci + j + 3] = e3 + o3;
      }
    }
    for (let j = n4; j < n; j++) out[ci + j] = (accumulate ? out[ci + j] : 0) + rowDot(a, ai, b, j * k, k);
  }
  return out;
}

/** Dot product with separate even and odd partial sums (the SIMD lane order). */
function rowDot(a: Float64Array, ao: number, b: Float64Array, bo: number, k: number): number {
  let s0 = 0, s1 = 0;
  let p = 0;
  for (; p + 1 < k; p += 2) { s0 += a[ao + p] * b[bo + p]; s1 += a[ao + p + 1] * b[bo + p + 1]; }
  if (p < k) s0 += a[ao + p] * b[bo + p];
  return s0 + s1;
}

/**
 * C (m x n) (+)= A (m x k) * B (k x n). Four rows of A are processed together so each loaded row entry of B
 * updates four outputs; the inner loop walks contiguous memory in B and C. Float32Arrays go to gemm32.ts.
 */
export function gemmNN<T extends Real>(
  a: T, b: T, m: number, k: number, n: number,
  out: T, accumulate = false, aOffset = 0, outOffset = 0,
): T {
  if (a instanceof Float32Array) {
    return gemmNN32(a, b as Float32Array, m, k, n, out as Float32Array, accumulate, aOffset, outOffset) as T;
  }
  return gemmNN64(a as Float64Array, b as Float64Array, m, k, n, out as Float64Array, accumulate, aOffset, outOffset) as T;
}

function gemmNN64(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number,
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

/** out (n x m) = A^T for A (m x n) row-major, blocked so both sides stay in cache. */
export function transposeInto<T extends Real>(a: Real, m: number, n: number, out: T): T {
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
export function addColumnSums<T extends Real>(a: Real, rows: number, n: number, out: T, scale = 1): T {
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
  // Even and odd columns are summed separately and added last: the lane order of the SIMD version (pinnedMatvec2).
  const nEven = n - (n % 2);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const w0 = i * n, w1 = w0 + n;
    let s0e = 0, s0o = 0, t0e = 0, t0o = 0, s1e = 0, s1o = 0, t1e = 0, t1o = 0;
    for (let j = 0; j < nEven; j += 2) {
      const xe = x[j], xo = x[j + 1], ye = y[j], yo = y[j + 1];
      const ae = w[w0 + j], ao = w[w0 + j + 1], be = w[w1 + j], bo = w[w1 + j + 1];
      s0e += ae * xe; s0o += ao * xo; t0e += ae * ye; t0o += ao * yo;
      s1e += be * xe; s1o += bo * xo; t1e += be * ye; t1o += bo * yo;
    }
    if (nEven < n) {
      const j = nEven;
      s0e += w[w0 + j] * x[j]; t0e += w[w0 + j] * y[j]; s1e += w[w1 + j] * x[j]; t1e += w[w1 + j] * y[j];
    }
    s[i] = s0e + s0o; t[i] = t0e + t0o; s[i + 1] = s1e + s1o; t[i + 1] = t1e + t1o;
  }
  if (i < n) {
    const wi = i * n;
    let s0 = 0, t0 = 0;
    for (let j = 0; j < n; j++) { s0 += w[wi + j] * x[j]; t0 += w[wi + j] * y[j]; }
    s[i] = s0; t[i] = t0;
  }
}

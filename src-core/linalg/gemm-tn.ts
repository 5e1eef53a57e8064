/**
 * C (m x n) (+)= A^T B with A stored rows x m and B stored rows x n: the sum over `rows` of outer products a_r b_r^T.
 * This is how the RNN's weight gradients are summed over all time steps and trials in one pass (rows = T * batch).
 *
 * Order of summation, shared by the WebAssembly kernel and the TypeScript one so results never depend on which ran:
 * the rows are taken in chunks of TN_CHUNK; within a chunk each output is the plain sum 0 + a_0 b_0 + a_1 b_1 + ...,
 * and the chunk's sum is then added to C. Chunking keeps the operands the kernel streams in the L2 cache (a whole
 * trajectory is several MB), and no transposes are needed.
 */
import { wasmGemmTN } from './wasm-gemm';
import { gemmTN32 } from './gemm32';
import type { Real } from './real';
import { TN_CHUNK } from './tn-chunk';

export { TN_CHUNK };

export function gemmTN<T extends Real>(a: T, b: T, rows: number, m: number, n: number, out: T, accumulate = false): T {
  if (a instanceof Float32Array) return gemmTN32(a, b as Float32Array, rows, m, n, out as Float32Array, accumulate) as T;
  return gemmTN64(a as Float64Array, b as Float64Array, rows, m, n, out as Float64Array, accumulate) as T;
}

/** The double-precision product (Float32Arrays go to gemm32.ts, which sums in the same chunks). */
function gemmTN64(a: Float64Array, b: Float64Array, rows: number, m: number, n: number, out: Float64Array, accumulate: boolean): Float64Array {
  if (!accumulate) out.fill(0, 0, m * n);
  // Thin products (a readout with few outputs, few inputs) have their own loops.
  if (Math.min(m, n) < 8) return gemmTNThin(a, b, rows, m, n, out);
  const done = wasmGemmTN(a, b, rows, m, n, out, TN_CHUNK);
  if (done === null) return tnBlock(a, b, rows, m, n, out, 0, m, 0, n);
  tnBlock(a, b, rows, m, n, out, 0, done.m4, done.n4, n);
  return tnBlock(a, b, rows, m, n, out, done.m4, m, 0, n);
}

/** Outputs i0 <= i < i1, j0 <= j < j1 in the chunked order; two rows by four columns per pass. */
function tnBlock(
  a: Float64Array, b: Float64Array, rows: number, m: number, n: number, out: Float64Array,
  i0: number, i1: number, j0: number, j1: number,
): Float64Array {
  for (let r0 = 0; r0 < rows; r0 += TN_CHUNK) {
    const r1 = Math.min(rows, r0 + TN_CHUNK);
    let i = i0;
    for (; i + 2 <= i1; i += 2) {
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (let r = r0; r < r1; r++) {
          const x0 = a[r * m + i], x1 = a[r * m + i + 1];
          const br = r * n + j;
          const y0 = b[br], y1 = b[br + 1], y2 = b[br + 2], y3 = b[br + 3];
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        }
        const c0 = i * n + j, c1 = c0 + n;
        out[c0] += s00; out[c0 + 1] += s01; out[c0 + 2] += s02; out[c0 + 3] += s03;
        out[c1] += s10; out[c1 + 1] += s11; out[c1 + 2] += s12; out[c1 + 3] += s13;
      }
      for (; j < j1; j++) for (let ii = i; ii < i + 2; ii++) out[ii * n + j] += columnDot(a, b, r0, r1, m, n, ii, j);
    }
    for (; i < i1; i++) for (let j = j0; j < j1; j++) out[i * n + j] += columnDot(a, b, r0, r1, m, n, i, j);
  }
  return out;
}

function columnDot(a: Float64Array, b: Float64Array, r0: number, r1: number, m: number, n: number, i: number, j: number): number {
  let s = 0;
  for (let r = r0; r < r1; r++) s += a[r * m + i] * b[r * n + j];
  return s;
}

/**
 * A few outputs rows (m < 8) or columns (n < 8): every output is the running sum C + a_0 b_0 + a_1 b_1 + ..., with
 * the inner loop along the long dimension so it walks contiguous memory.
 */
function gemmTNThin(a: Float64Array, b: Float64Array, rows: number, m: number, n: number, out: Float64Array): Float64Array {
  if (m <= n) {
    for (let r = 0; r < rows; r++) {
      const br = r * n;
      for (let i = 0; i < m; i++) {
        const x = a[r * m + i];
        if (x === 0) continue; // masked steps have zero output error
        const ci = i * n;
        for (let j = 0; j < n; j++) out[ci + j] += x * b[br + j];
      }
    }
    return out;
  }
  // Few columns: accumulate C^T (n rows of length m) so the inner loop runs along the rows of A.
  const ct = new Float64Array(n * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ct[j * m + i] = out[i * n + j];
  for (let r = 0; r < rows; r++) {
    const ar = r * m;
    for (let j = 0; j < n; j++) {
      const y = b[r * n + j];
      const cj = j * m;
      for (let i = 0; i < m; i++) ct[cj + i] += a[ar + i] * y;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = ct[j * m + i];
  return out;
}

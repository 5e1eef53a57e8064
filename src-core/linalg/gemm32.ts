/**
 * Single-precision products for the RNN's float32 path: C = A B^T, A B and A^T B over Float32Arrays.
 *
 * Every output is one sum in IEEE single precision, s = 0; s = s + a_p b_p for p in order (product and sum each
 * rounded to float32), then C = s or C = C + s. A^T B sums its rows in chunks of TN_CHUNK, each chunk's sum added
 * to C in turn (as gemm-tn.ts does in double). The WebAssembly kernel (wasm-gemm32.ts) computes the columns
 * 0 .. n - n % 4 with exactly these operations; the loops here compute the rest, or everything without SIMD, with
 * Math.fround after each operation (which equals the single-precision operation), so results never depend on
 * which ran.
 */
import { TN_CHUNK } from './tn-chunk';
import { wasmGemm32NN, wasmGemm32NT, wasmGemm32TN } from './wasm-gemm32';

const f = Math.fround;

/** C (m x n) (+)= A (m x k) B^T, B stored n x k. */
export function gemmNT32(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  out: Float32Array, accumulate = false, aOffset = 0, outOffset = 0,
): Float32Array {
  const from = wasmGemm32NT(a, b, m, k, n, out, accumulate, aOffset, outOffset) ?? 0;
  for (let i = 0; i < m; i++) {
    const ai = aOffset + i * k, ci = outOffset + i * n;
    for (let j = from; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s = f(s + f(a[ai + p] * b[bj + p]));
      out[ci + j] = accumulate ? f(out[ci + j] + s) : s;
    }
  }
  return out;
}

/** C (m x n) (+)= A (m x k) B, B stored k x n. */
export function gemmNN32(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  out: Float32Array, accumulate = false, aOffset = 0, outOffset = 0,
): Float32Array {
  const from = wasmGemm32NN(a, b, m, k, n, out, accumulate, aOffset, outOffset) ?? 0;
  for (let i = 0; i < m; i++) {
    const ai = aOffset + i * k, ci = outOffset + i * n;
    for (let j = from; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = f(s + f(a[ai + p] * b[p * n + j]));
      out[ci + j] = accumulate ? f(out[ci + j] + s) : s;
    }
  }
  return out;
}

/** C (m x n) (+)= A^T B, A stored rows x m, B rows x n. */
export function gemmTN32(a: Float32Array, b: Float32Array, rows: number, m: number, n: number, out: Float32Array, accumulate = false): Float32Array {
  if (!accumulate) out.fill(0, 0, m * n);
  if (n < 4 && m >= 4) {
    // Few columns (the input weights of a few inputs): the same sums as C^T = B^T A, whose long side the kernel covers.
    const ct = new Float32Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ct[j * m + i] = out[i * n + j];
    gemmTN32(b, a, rows, n, m, ct, true);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = ct[j * m + i];
    return out;
  }
  const from = wasmGemm32TN(a, b, rows, m, n, out, TN_CHUNK) ?? 0;
  for (let r0 = 0; r0 < rows; r0 += TN_CHUNK) {
    const r1 = Math.min(rows, r0 + TN_CHUNK);
    for (let i = 0; i < m; i++) {
      for (let j = from; j < n; j++) {
        let s = 0;
        for (let r = r0; r < r1; r++) s = f(s + f(a[r * m + i] * b[r * n + j]));
        out[i * n + j] = f(out[i * n + j] + s);
      }
    }
  }
  return out;
}

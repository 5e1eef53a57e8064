/**
 * Products of a large matrix with a thin block of K columns (K ~ 1..32), the hot loop of training many models that
 * share one design matrix (e.g. one linear model per candidate learning rate). Each entry of the large matrix is
 * loaded once per group of 8 columns and multiplied into 8 register accumulators, so the kernel is bound by
 * arithmetic rather than by memory bandwidth (a 141 x 20000 matrix is 22 MB, far beyond cache).
 *
 * Every output entry is summed in the same order (j = 0, 1, ..., n - 1, multiply then add) whatever K, the column's
 * position or the kernel (JavaScript or WebAssembly), so a column's result is bit-identical to computing it alone:
 * results never depend on how models were batched or where they ran.
 */
import { wasmThinBlock } from './wasm-thin-block';

/**
 * out (m x K) = A (m x n) * B (n x K); all row-major. `out` is overwritten.
 */
export function timesThinBlock(a: Float64Array, m: number, n: number, b: Float64Array, k: number, out: Float64Array = new Float64Array(m * k)): Float64Array {
  if (a.length < m * n || b.length < n * k || out.length < m * k) throw new RangeError('timesThinBlock: buffer too small for the given dimensions');
  for (let i = 0; i < m; i++) {
    const ai = i * n;
    const oi = i * k;
    let c = 0;
    for (; c + 8 <= k; c += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let j = 0, bj = c; j < n; j++, bj += k) {
        const x = a[ai + j];
        s0 += x * b[bj];
        s1 += x * b[bj + 1];
        s2 += x * b[bj + 2];
        s3 += x * b[bj + 3];
        s4 += x * b[bj + 4];
        s5 += x * b[bj + 5];
        s6 += x * b[bj + 6];
        s7 += x * b[bj + 7];
      }
      out[oi + c] = s0;
      out[oi + c + 1] = s1;
      out[oi + c + 2] = s2;
      out[oi + c + 3] = s3;
      out[oi + c + 4] = s4;
      out[oi + c + 5] = s5;
      out[oi + c + 6] = s6;
      out[oi + c + 7] = s7;
    }
    for (; c + 2 <= k; c += 2) {
      let s0 = 0, s1 = 0;
      for (let j = 0, bj = c; j < n; j++, bj += k) {
        const x = a[ai + j];
        s0 += x * b[bj];
        s1 += x * b[bj + 1];
      }
      out[oi + c] = s0;
      out[oi + c + 1] = s1;
    }
    for (; c < k; c++) {
      let s0 = 0;
      for (let j = 0, bj = c; j < n; j++, bj += k) s0 += a[ai + j] * b[bj];
      out[oi + c] = s0;
    }
  }
  return out;
}

/**
 * timesThinBlock through the WebAssembly SIMD kernel when it is available and the product is large enough to pay
 * for the copies; bit-identical either way. `a` is cached in WebAssembly memory by identity: do not modify it
 * between calls (see wasm-thin-block.ts).
 */
export function timesThinBlockFast(a: Float64Array, m: number, n: number, b: Float64Array, k: number, out: Float64Array): Float64Array {
  if (m * n * k >= 1 << 16) {
    const r = wasmThinBlock(a, m, n, b, k, out);
    if (r) return r;
  }
  return timesThinBlock(a, m, n, b, k, out);
}

/**
 * The float64 entry points of the WebAssembly SIMD kernels for the RNN hot loops (wasm-rnn-kernels.ts): packing of
 * B, the one-off products gemmNT / gemmTN use and the pinned forms the forward pass and the Lyapunov loop keep W in.
 * Instances and memories are wasm-runtime.ts's. Without WebAssembly SIMD (or when a CSP forbids compiling it) every
 * entry point returns null and callers use the TypeScript kernels, which give the same bits.
 */
import { TANH_CONSTANTS } from './wasm-tanh-kernels';
import { ensureBytes, sharedKernel, slotKernel, type Kernel } from './wasm-runtime';

export { setWasmGemmEnabled, wasmGemmAvailable } from './wasm-runtime';

/** The instance's memory as doubles, grown to at least `doubles` entries (growing invalidates older views). */
function heapOf(kern: Kernel, doubles: number): Float64Array {
  return new Float64Array(ensureBytes(kern, doubles * 8));
}

/** Writes rows 0 .. n4 - 1 of B (n x k, k even) at heap[dst] in the four-row panel layout the nt kernel reads. */
function packB(b: Float64Array, n4: number, k: number, heap: Float64Array, dst: number): void {
  let d = dst;
  for (let q = 0; q < n4; q += 4) {
    const r0 = q * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    for (let p = 0; p < k; p += 2) {
      heap[d] = b[r0 + p]; heap[d + 1] = b[r0 + p + 1];
      heap[d + 2] = b[r1 + p]; heap[d + 3] = b[r1 + p + 1];
      heap[d + 4] = b[r2 + p]; heap[d + 5] = b[r2 + p + 1];
      heap[d + 6] = b[r3 + p]; heap[d + 7] = b[r3 + p + 1];
      d += 8;
    }
  }
}

/**
 * C (m x n) (+)= A (m x k) B^T (B stored n x k) on the 2 x 4 block interior; returns the sizes it covered
 * (rows m2, columns n4) so the caller finishes the edges, or null if it did nothing.
 */
export function wasmGemmNT(
  a: Float64Array, b: Float64Array, m: number, k: number, n: number,
  out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number,
): { m2: number; n4: number } | null {
  if (k % 2 !== 0 || m < 2 || n < 4 || k < 16) return null;
  const kern = sharedKernel();
  if (kern === null) return null;
  const m2 = m - (m % 2), n4 = n - (n % 4);
  const bOff = m2 * k, cOff = bOff + n4 * k;
  const heap = heapOf(kern, cOff + m2 * n);
  heap.set(a.subarray(aOffset, aOffset + m2 * k), 0);
  packB(b, n4, k, heap, bOff);
  kern.nt(0, bOff * 8, m2, k, n, cOff * 8, 0);
  // The kernel wrote the m2 x n4 interior with row stride n; copy it out.
  for (let i = 0; i < m2; i++) {
    const src = cOff + i * n, dst = outOffset + i * n;
    if (accumulate) for (let j = 0; j < n4; j++) out[dst + j] += heap[src + j];
    else out.set(heap.subarray(src, src + n4), dst);
  }
  return { m2, n4 };
}

/**
 * C (m x n) (+)= A B^T with B (n x k) packed once into its own WebAssembly memory: the RNN multiplies by the same W
 * at every time step, so only A and C cross per call. Same results as gemmNT (bit for bit). Returns null when the
 * SIMD path does not apply (the caller then uses gemmNT); the closure returns false for shapes it does not cover.
 */
export function pinnedGemmNT(b: Float64Array, n: number, k: number, maxRows: number, slot: string):
  ((a: Float64Array, m: number, out: Float64Array, accumulate: boolean, aOffset: number, outOffset: number) => boolean) | null {
  if (k % 2 !== 0 || n < 4 || n % 4 !== 0 || k < 16 || maxRows < 2) return null;
  const kern = slotKernel(slot);
  if (kern === null) return null;
  const aOff = n * k, cOff = aOff + maxRows * k;
  const heap = heapOf(kern, cOff + maxRows * n);
  packB(b, n, k, heap, 0);
  return (a, m, out, accumulate, aOffset, outOffset) => {
    if (m > maxRows || m < 2 || m % 2 !== 0) return false;
    heap.set(a.subarray(aOffset, aOffset + m * k), aOff);
    kern.nt(aOff * 8, 0, m, k, n, cOff * 8, 0);
    if (accumulate) for (let q = 0; q < m * n; q++) out[outOffset + q] += heap[cOff + q];
    else out.set(heap.subarray(cOff, cOff + m * n), outOffset);
    return true;
  };
}

/**
 * s = W x and t = W y with W (n x n) packed once into its own WebAssembly memory (the Lyapunov loop multiplies by
 * the same W thousands of times): the nt kernel with A = [x; y]. Rows of W beyond the last multiple of four are
 * summed here in the same order. Bit-identical to matvec2; null if SIMD is unavailable or disabled, or n is odd.
 */
export function pinnedMatvec2(w: Float64Array, n: number, slot = 'matvec2'): ((x: Float64Array, y: Float64Array, s: Float64Array, t: Float64Array) => void) | null {
  if (n % 2 !== 0 || n < 2) return null;
  const kern = slotKernel(slot);
  if (kern === null) return null;
  const n4 = n - (n % 4);
  const xOff = n4 * n, yOff = xOff + n, sOff = yOff + n, tOff = sOff + n;
  const heap = heapOf(kern, tOff + n);
  packB(w, n4, n, heap, 0);
  return (x, y, s, t) => {
    heap.set(x.subarray(0, n), xOff);
    heap.set(y.subarray(0, n), yOff);
    if (n4 > 0) kern.nt(xOff * 8, 0, 2, n, n, sOff * 8, 0);
    s.set(heap.subarray(sOff, sOff + n4));
    t.set(heap.subarray(tOff, tOff + n4));
    for (let i = n4; i < n; i++) {
      let se = 0, so = 0, te = 0, to = 0;
      const wi = i * n;
      for (let j = 0; j < n; j += 2) {
        se += w[wi + j] * x[j]; so += w[wi + j + 1] * x[j + 1];
        te += w[wi + j] * y[j]; to += w[wi + j + 1] * y[j + 1];
      }
      s[i] = se + so; t[i] = te + to;
    }
  };
}

/**
 * C (m x n) += A^T B (A rows x m, B rows x n) on the 4 x 4 block interior, summed in chunks of `chunk` rows (each
 * chunk's sum added to C in turn, the order gemm-tn.ts's TypeScript kernel uses). Returns the interior it covered
 * (m4, n4) so the caller finishes the edges, or null if it did nothing.
 */
export function wasmGemmTN(a: Float64Array, b: Float64Array, rows: number, m: number, n: number, out: Float64Array, chunk: number):
  { m4: number; n4: number } | null {
  if (m < 4 || n < 4) return null;
  const kern = sharedKernel();
  if (kern === null) return null;
  const aOff = m * n, bOff = aOff + chunk * m;
  const heap = heapOf(kern, bOff + chunk * n);
  heap.set(out.subarray(0, m * n), 0);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const r1 = Math.min(rows, r0 + chunk);
    heap.set(a.subarray(r0 * m, r1 * m), aOff);
    heap.set(b.subarray(r0 * n, r1 * n), bOff);
    kern.tn(aOff * 8, bOff * 8, r1 - r0, m, n, 0);
  }
  out.set(heap.subarray(0, m * n));
  return { m4: m - (m % 4), n4: n - (n % 4) };
}

/**
 * B (n x k) packed into a slot's memory plus `scratch` doubles of room, for loops that keep their per-step vectors
 * in WebAssembly memory instead of copying them in and out. Offsets are in doubles; regions start at `base`.
 * `heap` stays valid until the slot is pinned again.
 */
export interface Workspace {
  heap: Float64Array;
  base: number;
  /** C (m x n) = A (m x k) B^T; m even. */
  nt(aOff: number, m: number, cOff: number): void;
  /** h = tanh(src), fp = 1 - h^2 (rnn/fast-tanh.ts's bits); len even. */
  tanhfp(srcOff: number, hOff: number, fpOff: number, len: number): void;
  /** Sets keep = 1 - alpha and alpha for vstep. */
  setLeak(keep: number, alpha: number): void;
  /** Voltage-form step over rows x n: pre = keep prev + alpha (drive + bias), h = tanh(pre), fp = 1 - h^2; n even. */
  vstep(driveOff: number, prevOff: number, biasOff: number, preOff: number, hOff: number, fpOff: number, rows: number, n: number): void;
}

/** A workspace, or null when SIMD is unavailable or disabled or the shape is not covered (n a multiple of 4, k even). */
export function pinWorkspace(b: Float64Array, n: number, k: number, scratch: number, slot: string): Workspace | null {
  if (k % 2 !== 0 || n < 4 || n % 4 !== 0 || k < 2) return null;
  const kern = slotKernel(slot);
  if (kern === null) return null;
  // Memory: packed B, then keep and alpha and the tanh constants, then the caller's regions.
  const consts = n * k + (n * k) % 2; // regions stay 16-byte aligned
  const base = consts + 2 + TANH_CONSTANTS.length;
  const heap = heapOf(kern, base + scratch);
  packB(b, n, k, heap, 0);
  heap.set(TANH_CONSTANTS, consts + 2);
  const c8 = consts * 8;
  return {
    heap, base,
    nt: (aOff, m, cOff) => kern.nt(aOff * 8, 0, m, k, n, cOff * 8, 0),
    tanhfp: (srcOff, hOff, fpOff, len) => kern.tanhfp(srcOff * 8, hOff * 8, fpOff * 8, len, c8),
    setLeak: (keep, alpha) => { heap[consts] = keep; heap[consts + 1] = alpha; },
    vstep: (driveOff, prevOff, biasOff, preOff, hOff, fpOff, rows, width) =>
      kern.vstep(driveOff * 8, prevOff * 8, biasOff * 8, preOff * 8, hOff * 8, fpOff * 8, rows, width, c8),
  };
}

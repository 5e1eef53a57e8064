/**
 * The float32 entry points of the WebAssembly SIMD kernels (wasm-f32-gemm.ts, wasm-f32-steps.ts): the one-off
 * products gemm32.ts routes through, and a pinned workspace the RNN's single-precision fast paths keep their
 * matrices and per-step vectors in. Each product covers the columns 0 .. n - n % 4 and returns that count, or null
 * when it did nothing (no SIMD, disabled, or too small); the caller sums the remaining columns in the same order.
 */
import { ensureBytes, privateKernel, sharedKernel, slotKernel, type Kernel } from './wasm-runtime';
import { tanh32Constants, TANH32_TABLE_OFFSET } from './wasm-f32-steps';
import { TN_CHUNK } from './tn-chunk';

/** The instance's memory as floats, grown to at least `floats` entries (growing invalidates older views). */
function floatsOf(kern: Kernel, floats: number): Float32Array {
  return new Float32Array(ensureBytes(kern, floats * 4));
}

/**
 * Writes B^T for B (n x k, rows 0 .. n4 - 1) at heap[dst] in panels of eight columns of B^T (rows of B): panel c
 * holds, for p = 0 .. k - 1, b[8c][p], ..., b[8c + 7][p] (zeros past n4). The gemm32 kernel reads it with
 * jScale = 4 k bytes and qStep = 32 bytes. Returns the floats written.
 */
export function packTransposed(b: Float32Array | Float64Array, n4: number, k: number, heap: Float32Array, dst: number): number {
  const panels = Math.ceil(n4 / 8);
  for (let c = 0; c < panels; c++) {
    const panel = dst + 8 * k * c;
    // along B's rows (contiguous reads), each into its lane of the panel
    for (let jj = 0; jj < 8; jj++) {
      const j = 8 * c + jj;
      if (j < n4) for (let p = 0, row = j * k; p < k; p++) heap[panel + 8 * p + jj] = b[row + p];
      else for (let p = 0; p < k; p++) heap[panel + 8 * p + jj] = 0;
    }
  }
  return panels * 8 * k;
}

/**
 * packTransposed of B = A^T for A (k x n4, row-major) without forming A^T: panel c holds, for p = 0 .. k - 1,
 * a[p][8c], ..., a[p][8c + 7] (zeros past n4), read along A's rows. Returns the floats written.
 */
export function packTransposeOf(a: Float32Array | Float64Array, k: number, n4: number, heap: Float32Array, dst: number): number {
  const panels = Math.ceil(n4 / 8);
  let d = dst;
  for (let c = 0; c < panels; c++) {
    const j0 = 8 * c, full = j0 + 8 <= n4;
    for (let p = 0; p < k; p++) {
      const row = p * n4 + j0;
      if (full) {
        heap[d] = a[row]; heap[d + 1] = a[row + 1]; heap[d + 2] = a[row + 2]; heap[d + 3] = a[row + 3];
        heap[d + 4] = a[row + 4]; heap[d + 5] = a[row + 5]; heap[d + 6] = a[row + 6]; heap[d + 7] = a[row + 7];
        d += 8;
      } else {
        for (let jj = 0; jj < 8; jj++) heap[d++] = j0 + jj < n4 ? a[row + jj] : 0;
      }
    }
  }
  return panels * 8 * k;
}

/** C (m x n) (+)= A (m x k) B^T, B stored n x k. */
export function wasmGemm32NT(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  out: Float32Array, accumulate: boolean, aOffset: number, outOffset: number,
): number | null {
  const n4 = n - (n % 4);
  if (n4 === 0 || m === 0 || k === 0) return null;
  const kern = sharedKernel();
  if (kern === null) return null;
  const pOff = m * k, cOff = pOff + Math.ceil(n4 / 8) * 8 * k;
  const heap = floatsOf(kern, cOff + m * n4);
  heap.set(a.subarray(aOffset, aOffset + m * k), 0);
  packTransposed(b, n4, k, heap, pOff);
  if (accumulate) for (let i = 0; i < m; i++) heap.set(out.subarray(outOffset + i * n, outOffset + i * n + n4), cOff + i * n4);
  kern.gemm32(0, 4 * k, 4, 4 * pOff, 4 * k, 32, m, k, n4, 4 * cOff, 4 * n4, accumulate ? 1 : 0);
  for (let i = 0; i < m; i++) out.set(heap.subarray(cOff + i * n4, cOff + (i + 1) * n4), outOffset + i * n);
  return n4;
}

/** C (m x n) (+)= A (m x k) B, B stored k x n. */
export function wasmGemm32NN(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  out: Float32Array, accumulate: boolean, aOffset: number, outOffset: number,
): number | null {
  const n4 = n - (n % 4);
  if (n4 === 0 || m === 0 || k === 0) return null;
  const kern = sharedKernel();
  if (kern === null) return null;
  const bOff = m * k, cOff = bOff + k * n;
  const heap = floatsOf(kern, cOff + m * n);
  heap.set(a.subarray(aOffset, aOffset + m * k), 0);
  heap.set(b.subarray(0, k * n), bOff);
  if (accumulate) heap.set(out.subarray(outOffset, outOffset + m * n), cOff);
  kern.gemm32(0, 4 * k, 4, 4 * bOff, 4, 4 * n, m, k, n4, 4 * cOff, 4 * n, accumulate ? 1 : 0);
  for (let i = 0; i < m; i++) out.set(heap.subarray(cOff + i * n, cOff + i * n + n4), outOffset + i * n);
  return n4;
}

/**
 * C (m x n) += A^T B (A rows x m, B rows x n), the rows summed in chunks of `chunk`: each chunk's sum is added to C
 * in turn (gemm32.ts's order).
 */
export function wasmGemm32TN(a: Float32Array, b: Float32Array, rows: number, m: number, n: number, out: Float32Array, chunk: number): number | null {
  const n4 = n - (n % 4);
  if (n4 === 0 || m === 0) return null;
  const kern = sharedKernel();
  if (kern === null) return null;
  const aOff = m * n, bOff = aOff + chunk * m;
  const heap = floatsOf(kern, bOff + chunk * n);
  heap.set(out.subarray(0, m * n), 0);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const r1 = Math.min(rows, r0 + chunk);
    heap.set(a.subarray(r0 * m, r1 * m), aOff);
    heap.set(b.subarray(r0 * n, r1 * n), bOff);
    kern.gemm32(4 * aOff, 4, 4 * m, 4 * bOff, 4, 4 * n, m, r1 - r0, n4, 0, 4 * n, 1);
  }
  for (let i = 0; i < m; i++) out.set(heap.subarray(i * n, i * n + n4), i * n);
  return n4;
}

/**
 * A slot's memory for a loop that keeps its matrices and vectors in WebAssembly memory (offsets in floats from
 * `base`; `heap` stays valid until the slot is pinned again). The products are gemm32 with explicit layouts.
 */
export interface Workspace32 {
  heap: Float32Array;
  base: number;
  /** C (m x n, row stride n) (+)= A (m x k, row stride k) times the panels at qOff (packTransposed of an n x k B). */
  ntPacked(aOff: number, m: number, k: number, qOff: number, n: number, cOff: number, accumulate: boolean): void;
  /** C (m x n) (+)= A (m x k) B with B (k x n) row-major at bOff. */
  nn(aOff: number, m: number, k: number, bOff: number, n: number, cOff: number, accumulate: boolean): void;
  /**
   * C (m x n) += A^T B over `rows` rows (A rows x m at aOff, B rows x n at bOff, n a multiple of 4) in chunks of
   * TN_CHUNK rows, each chunk's sum added to C in turn: gemmTN32's order. `aStep` 0 reuses the same A rows for
   * every chunk (a vector of ones).
   */
  tn(aOff: number, bOff: number, rows: number, m: number, n: number, cOff: number, aStep?: number): void;
  /** Sets keep = 1 - alpha and alpha for the steps. */
  setLeak(keep: number, alpha: number): void;
  vstep(driveOff: number, prevOff: number, biasOff: number, preOff: number, hOff: number, fpOff: number, rows: number, n: number): void;
  /** One BPTT step (bstep32) over rows x n, with the output errors dy (rows x nOut) through V (nOut x n). */
  bstep(dyOff: number, vOff: number, nOut: number, backOff: number, carryOff: number, fpOff: number, nextOff: number, zOff: number,
    rows: number, n: number): void;
  leak(prevOff: number, srcOff: number, outOff: number, blocks: number, len: number): void;
  /** y = h V^T + c (readout32): h floats at hOff; v, c and y doubles at the float offsets vOff, cOff, yOff (even). */
  readout(hOff: number, vOff: number, cOff: number, yOff: number, rows: number, n: number, nOut: number): void;
  /**
   * out (rows x n) = dy F (dy rows x nOut, F nOut x n, n a multiple of 4), times fp elementwise when fpOff is not
   * null (signal32): the sums of nn for a few outputs.
   */
  signal(dyOff: number, fOff: number, fpOff: number | null, outOff: number, rows: number, n: number, nOut: number): void;
  /** The doubles at float offset `off` (even) as a view of the heap. */
  doubles(off: number, length: number): Float64Array;
}

/** A workspace with `scratch` floats of room, or null when SIMD is unavailable or disabled. */
export function pinWorkspace32(scratch: number, slot: string): Workspace32 | null {
  const kern = slotKernel(slot);
  return kern === null ? null : workspaceOn(kern, scratch);
}

function workspaceOn(kern: Kernel, scratch: number): Workspace32 {
  const table = tanh32Constants();
  const constBytes = TANH32_TABLE_OFFSET + table.length * 4;
  const base = constBytes / 4;
  const heap = floatsOf(kern, base + scratch);
  const doubles = new Float64Array(heap.buffer, 0, 4);
  doubles[2] = 1; doubles[3] = 1;
  heap.set(table, TANH32_TABLE_OFFSET / 4);
  const b = (floats: number) => 4 * floats;
  return {
    heap, base,
    ntPacked: (aOff, m, k, qOff, n, cOff, accumulate) =>
      kern.gemm32(b(aOff), b(k), 4, b(qOff), b(k), 32, m, k, n, b(cOff), b(n), accumulate ? 1 : 0),
    nn: (aOff, m, k, bOff, n, cOff, accumulate) => kern.gemm32(b(aOff), b(k), 4, b(bOff), 4, b(n), m, k, n, b(cOff), b(n), accumulate ? 1 : 0),
    tn: (aOff, bOff, rows, m, n, cOff, aStep = m) => {
      for (let r0 = 0; r0 < rows; r0 += TN_CHUNK) {
        kern.gemm32(b(aOff + r0 * aStep), 4, b(m), b(bOff + r0 * n), 4, b(n), m, Math.min(TN_CHUNK, rows - r0), n, b(cOff), b(n), 1);
      }
    },
    setLeak: (keep, alpha) => { doubles[0] = keep; doubles[1] = alpha; },
    vstep: (driveOff, prevOff, biasOff, preOff, hOff, fpOff, rows, n) =>
      kern.vstep32(b(driveOff), b(prevOff), b(biasOff), b(preOff), b(hOff), b(fpOff), rows, n, 0),
    bstep: (dyOff, vOff, nOut, backOff, carryOff, fpOff, nextOff, zOff, rows, n) =>
      kern.bstep32(b(dyOff), b(vOff), nOut, b(backOff), b(carryOff), b(fpOff), b(nextOff), b(zOff), rows, n, 0),
    leak: (prevOff, srcOff, outOff, blocks, len) => kern.leak32(b(prevOff), b(srcOff), b(outOff), blocks, len, 0),
    readout: (hOff, vOff, cOff, yOff, rows, n, nOut) => kern.readout32(b(hOff), b(vOff), b(cOff), b(yOff), rows, n, nOut),
    signal: (dyOff, fOff, fpOff, outOff, rows, n, nOut) =>
      kern.signal32(b(dyOff), b(fOff), b(fpOff ?? 0), b(outOff), rows, n, nOut, fpOff === null ? 0 : 1),
    doubles: (off, length) => new Float64Array(heap.buffer, b(off), length),
  };
}

/**
 * A workspace holding named regions of the given sizes (floats), laid out one after another from `base`, each
 * starting on 16 bytes (so any region can hold doubles), so a fast path declares its memory as a table. Null as for
 * pinWorkspace32.
 */
export function pinRegions<K extends string>(sizes: Record<K, number>, slot: string): { ws: Workspace32; at: Record<K, number> } | null {
  const ws = pinWorkspace32(regionsFloats(sizes), slot);
  return ws === null ? null : { ws, at: layOut(ws.base, sizes).at };
}

/** As pinRegions, on an instance of the caller's own (privateKernel) instead of a slot. */
export function ownRegions<K extends string>(sizes: Record<K, number>): { ws: Workspace32; at: Record<K, number> } | null {
  const kern = privateKernel();
  if (kern === null) return null;
  const ws = workspaceOn(kern, regionsFloats(sizes));
  return { ws, at: layOut(ws.base, sizes).at };
}

const aligned = (floats: number) => Math.ceil(floats / 4) * 4;

/** Floats the regions take, each rounded up to 16 bytes. */
export function regionsFloats(sizes: Record<string, number>): number {
  return Object.values(sizes).reduce((total, floats) => total + aligned(floats), 0);
}

/** The regions' offsets laid out one after another from `start` (each on 16 bytes), and where they end. */
export function layOut<K extends string>(start: number, sizes: Record<K, number>): { at: Record<K, number>; end: number } {
  const at = {} as Record<K, number>;
  let next = start;
  for (const key of Object.keys(sizes) as K[]) { at[key] = next; next += aligned(sizes[key]); }
  return { at, end: next };
}

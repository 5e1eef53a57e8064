/**
 * What the float32 fast paths of the rules (bptt-simd.ts, eprop-simd.ts) share: the input-side weight gradients as
 * single-precision products over all rows of a workspace, in exactly gemmTN32's order (shared.ts's productTN and
 * weightedRowSums on a float32 trajectory), so the fast paths' gradients equal the generic ones bit for bit.
 */
import { addColumnSums } from '../../linalg/batched';
import { layOut, pinRegions, regionsFloats, type Workspace32 } from '../../linalg/wasm-gemm32';
import { wasmKernelsEnabled } from '../../linalg/wasm-runtime';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';

/** Floats the regions of `inputSideGradients32` need: dW, and dU^T with db. */
export function gradientRegionSizes(n: number, nIn: number): { dw: number; dxw: number } {
  return { dw: n * n, dxw: (nIn + 1) * n };
}

/** The working regions of BPTT's fast path (bptt-simd.ts), besides the trajectory's rates and f'. */
export function bpttRegions32(n: number, nIn: number, nOut: number, steps: number, batch: number) {
  const rows = steps * batch, bn = batch * n;
  return {
    w: Math.ceil(n / 8) * 8 * n, v: nOut * n, dy: rows * nOut, xw: rows * (nIn + 1), z: rows * n,
    back: bn, carry: bn, next: bn, dv: nOut * n, ...gradientRegionSizes(n, nIn),
  };
}

/** The working regions of e-prop's fast path (eprop-simd.ts), besides the trajectory's rates and f'. */
export function epropRegions32(n: number, nIn: number, nOut: number, steps: number, batch: number) {
  const rows = steps * batch, bn = batch * n;
  return {
    f: nOut * n, dy: rows * nOut, psi: rows * n, eps: rows * n, zero: bn, traces: rows * (nIn + 1), dv: nOut * n,
    ...gradientRegionSizes(n, nIn),
  };
}

/** Floats a resident trajectory keeps free for the rules (the larger of the two fast paths' regions). */
export function ruleRoom32(n: number, nIn: number, nOut: number, steps: number, batch: number): number {
  return Math.max(regionsFloats(bpttRegions32(n, nIn, nOut, steps, batch)), regionsFloats(epropRegions32(n, nIn, nOut, steps, batch)));
}

/**
 * A rule's working regions and where the trajectory's rates h_0 .. h_T (`h`) and f' (`fp`) are: in the trajectory's
 * own memory when it is resident (nothing copied), else in the slot's workspace, copied in. Null without SIMD.
 */
export function ruleMemory32<K extends string>(traj: Trajectory, n: number, sizes: Record<K, number>, slot: string):
  { ws: Workspace32; at: Record<K, number>; h: number; fp: number } | null {
  const resident = traj.resident;
  if (resident && wasmKernelsEnabled()) {
    const { at, end } = layOut(resident.at.room, sizes);
    if (end <= resident.at.room + resident.roomFloats) return { ws: resident.ws, at, h: resident.at.h, fp: resident.at.fp };
  }
  const rows = traj.steps * traj.batch, bn = traj.batch * n;
  const pinned = pinRegions({ ...sizes, rates: rows * n + bn, derivative: rows * n }, slot);
  if (pinned === null) return null;
  const { ws, at } = pinned;
  ws.heap.set(traj.h.subarray(0, rows * n + bn), at.rates);
  ws.heap.set(traj.fp, at.derivative);
  return { ws, at, h: at.rates, fp: at.derivative };
}

/**
 * dW = Z^T A, and dU with db from one product: for the inputs-and-weights matrix XW (rows x (nIn + 1): each row the
 * inputs X_r, then the bias weight w_r, 1 for BPTT or e-prop's bias trace), XW^T Z holds dU^T in its first nIn rows
 * and sum_r w_r Z_r in the last (for one input, a full block of the kernel instead of three thin products). Every
 * output is the same chunked single-precision sum as gemmTN32's (shared.ts's productTN and weightedRowSums), so the
 * gradients equal the generic path's bit for bit. Z, A (rows x n) and XW are in the workspace; `at` holds the regions
 * of gradientRegionSizes.
 */
export function inputSideGradients32(
  ws: Workspace32, at: { dw: number; dxw: number }, zOff: number, aOff: number, xwOff: number, rows: number, n: number, nIn: number,
  grads: RnnParams,
): void {
  const { heap } = ws;
  heap.fill(0, at.dw, at.dw + n * n);
  heap.fill(0, at.dxw, at.dxw + (nIn + 1) * n);
  ws.tn(zOff, aOff, rows, n, n, at.dw);
  grads.w.set(heap.subarray(at.dw, at.dw + n * n));
  ws.tn(xwOff, zOff, rows, nIn + 1, n, at.dxw);
  for (let i = 0; i < n; i++) for (let j = 0; j < nIn; j++) grads.u[i * nIn + j] = heap[at.dxw + j * n + i];
  for (let j = 0; j < n; j++) grads.b[j] += heap[at.dxw + nIn * n + j];
}

/**
 * The readout gradients (shared.ts's readoutGradients) with the rates already in the workspace: dV = e^T h_{1..T}
 * as a single-precision product over all rows (gemmTN32's chunks), dc = sum_t e_t in double. `dyOff` holds the float
 * output errors (rows x nOut), `hOff` the rates h_1 .. h_T (rows x n), `dvOff` nOut x n floats of room.
 */
export function readoutGradients32(
  ws: Workspace32, dyOff: number, hOff: number, dvOff: number, dy: Float64Array, rows: number, n: number, nOut: number, grads: RnnParams,
): void {
  const { heap } = ws;
  heap.fill(0, dvOff, dvOff + nOut * n);
  ws.tn(dyOff, hOff, rows, nOut, n, dvOff);
  grads.v.set(heap.subarray(dvOff, dvOff + nOut * n));
  addColumnSums(dy, rows, nOut, grads.c);
}

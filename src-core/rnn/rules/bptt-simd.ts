/**
 * bptt.ts's voltage-form BPTT for a float32 trajectory with everything in one WebAssembly workspace (the trajectory's
 * own memory when it is resident, so nothing is copied in; simd32.ts's ruleMemory32): W^T packed once, per step one
 * product carry W and one pass for the output errors through V, delta and Z (bstep32), then dW, dU, db and the
 * readout's dV as products over all rows without copying Z out. Every operation is the generic path's in the same
 * order (gemm32's sums, the elementwise step in double rounded on the store), so the gradients are bit-identical to
 * it; the tests compare both.
 */
import { packTransposeOf } from '../../linalg/wasm-gemm32';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import { bpttRegions32, inputSideGradients32, readoutGradients32, ruleMemory32 } from './simd32';

/**
 * Fills every gradient but x0's; returns Z_1 and delta_1 (for the initial-state gradient), or null when the SIMD
 * path does not apply (n not a multiple of 4, or no WebAssembly SIMD). W^T is packed straight from W.
 */
export function bpttVoltage32(
  model: RnnModel, traj: Trajectory, x: Float64Array, dy: Float64Array, recurrent: boolean, grads: RnnParams,
): { z1: Float32Array; carry: Float32Array } | null {
  const { n, nIn, nOut } = model.shape;
  const { alpha } = model.config;
  const { steps, batch } = traj;
  if (n % 4 !== 0) return null;
  const bn = batch * n, rows = steps * batch;
  const memory = ruleMemory32(traj, n, bpttRegions32(n, nIn, nOut, steps, batch), 'rnn-bptt32');
  if (memory === null) return null;
  const { ws, at, h, fp } = memory;
  const { heap } = ws;
  packTransposeOf(model.params.w, n, n, heap, at.w);
  heap.set(model.params.v, at.v);
  heap.set(dy, at.dy);
  // inputs and the bias weight 1, row by row (inputSideGradients32's XW)
  for (let r = 0, q = at.xw; r < rows; r++) {
    for (let j = 0; j < nIn; j++) heap[q++] = x[r * nIn + j];
    heap[q++] = 1;
  }
  heap.fill(0, at.back, at.back + bn);
  heap.fill(0, at.carry, at.carry + bn);
  ws.setLeak(1 - alpha, alpha);
  let carry = at.carry, next = at.next;
  for (let t = steps; t >= 1; t--) {
    const off = (t - 1) * bn;
    if (t < steps && recurrent) ws.ntPacked(carry, batch, n, at.w, n, at.back, false);
    ws.bstep(at.dy + (t - 1) * batch * nOut, at.v, nOut, at.back, carry, fp + off, next, at.z + off, batch, n);
    const swap = carry; carry = next; next = swap;
  }
  inputSideGradients32(ws, at, at.z, h, at.xw, rows, n, nIn, grads);
  readoutGradients32(ws, at.dy, h + bn, at.dv, dy, rows, n, nOut, grads);
  return { z1: heap.slice(at.z, at.z + bn), carry: heap.slice(carry, carry + bn) };
}

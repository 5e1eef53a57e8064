/**
 * The voltage-form tanh steps of forward.ts with the state in WebAssembly memory, one per precision. Every
 * operation is the generic loop's in the same order, so the trajectory is bit-identical to it (the tests compare
 * both); each returns false when its SIMD path does not apply, and forward.ts then runs the generic loop.
 */
import { gemmNT } from '../linalg/batched';
import { pinWorkspace } from '../linalg/wasm-gemm';
import { packTransposed, pinRegions } from '../linalg/wasm-gemm32';
import type { Trajectory } from './forward';
import type { RnnModel } from './init';

/**
 * Float64: per step one SIMD product h_{t-1} W^T, the input drive added by the same TypeScript kernel as the
 * generic loop, and one SIMD pass for pre, h and f'; `readout` after every step.
 */
export function voltageTanhSteps(
  model: RnnModel, x: Float64Array, traj: Trajectory, readout: (model: RnnModel, traj: Trajectory, t: number) => void,
): boolean {
  const { n, nIn } = model.shape;
  const { w, u, b } = model.params;
  const { alpha } = model.config;
  const { steps, batch } = traj;
  const pre = traj.pre as Float64Array, h = traj.h as Float64Array, fp = traj.fp as Float64Array;
  const bn = batch * n;
  const ws = pinWorkspace(w, n, n, 5 * bn + n, 'rnn-forward');
  if (ws === null) return false;
  const { heap } = ws;
  // Regions: A = h_{t-1} (rewritten with h_t by the step), C = drive, two alternating pre blocks, f', bias.
  const aOff = ws.base, cOff = aOff + bn, preOffs = [cOff + bn, cOff + 2 * bn], fpOff = cOff + 3 * bn, biasOff = cOff + 4 * bn;
  heap.set(h.subarray(0, bn), aOff);
  heap.set(traj.pre0, preOffs[0]);
  heap.set(b.subarray(0, n), biasOff);
  ws.setLeak(1 - alpha, alpha);
  for (let t = 1; t <= steps; t++) {
    ws.nt(aOff, batch, cOff);
    if (nIn > 0) gemmNT(x, u, batch, nIn, n, heap, true, (t - 1) * batch * nIn, cOff);
    const prevOff = preOffs[(t + 1) % 2], curOff = preOffs[t % 2];
    ws.vstep(cOff, prevOff, biasOff, curOff, aOff, fpOff, batch, n);
    pre.set(heap.subarray(curOff, curOff + bn), (t - 1) * bn);
    h.set(heap.subarray(aOff, aOff + bn), t * bn);
    fp.set(heap.subarray(fpOff, fpOff + bn), (t - 1) * bn);
    readout(model, traj, t);
  }
  return true;
}

/**
 * Float32: W and U packed once, the whole trajectory kept in the workspace and copied out at the end; per step the
 * recurrent and input products (gemm32) and one pass for pre, h = tanh32(pre) and f'; then the readout y = V h + c of
 * all steps in double (readout32, forward.ts's readoutFromFloats). Needs n a multiple of 4.
 */
export function voltageTanhSteps32(model: RnnModel, x: Float64Array, traj: Trajectory): boolean {
  const { n, nIn, nOut } = model.shape;
  const { w, u, b, v, c } = model.params;
  const { alpha } = model.config;
  const { steps, batch } = traj;
  if (n % 4 !== 0) return false;
  const rows = steps * batch;
  const pre = traj.pre as Float32Array, h = traj.h as Float32Array, fp = traj.fp as Float32Array;
  const bn = batch * n, xn = batch * nIn;
  const panels = (k: number) => Math.ceil(n / 8) * 8 * k;
  const pinned = pinRegions({
    w: panels(n), u: panels(nIn), bias: n, x: steps * xn, h: (steps + 1) * bn, pre0: bn, pre: steps * bn, fp: steps * bn, drive: bn,
    v: 2 * nOut * n, c: 2 * nOut, y: 2 * rows * nOut,
  }, 'rnn-forward32');
  if (pinned === null) return false;
  const { ws, at } = pinned;
  const { heap } = ws;
  const { w: wOff, u: uOff, bias: biasOff, x: xOff, h: hOff, pre0: pre0Off, pre: preOff, fp: fpOff, drive: driveOff } = at;
  packTransposed(w, n, n, heap, wOff);
  if (nIn > 0) packTransposed(u, n, nIn, heap, uOff);
  heap.set(b, biasOff);
  heap.set(x, xOff);
  heap.set(h.subarray(0, bn), hOff);
  heap.set(traj.pre0, pre0Off);
  ws.setLeak(1 - alpha, alpha);
  for (let t = 1; t <= steps; t++) {
    ws.ntPacked(hOff + (t - 1) * bn, batch, n, wOff, n, driveOff, false);
    if (nIn > 0) ws.ntPacked(xOff + (t - 1) * xn, batch, nIn, uOff, n, driveOff, true);
    const prevOff = t === 1 ? pre0Off : preOff + (t - 2) * bn;
    ws.vstep(driveOff, prevOff, biasOff, preOff + (t - 1) * bn, hOff + t * bn, fpOff + (t - 1) * bn, batch, n);
  }
  ws.doubles(at.v, nOut * n).set(v);
  ws.doubles(at.c, nOut).set(c);
  ws.readout(hOff + bn, at.v, at.c, at.y, rows, n, nOut);
  traj.y.set(ws.doubles(at.y, rows * nOut));
  h.set(heap.subarray(hOff + bn, hOff + (steps + 1) * bn), bn);
  pre.set(heap.subarray(preOff, preOff + steps * bn));
  fp.set(heap.subarray(fpOff, fpOff + steps * bn));
  return true;
}

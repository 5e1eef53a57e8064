/**
 * The voltage-form tanh steps of forward.ts with the state in WebAssembly memory, one per precision (float32: the
 * whole trajectory lives there, `ResidentTrajectory32`). Every
 * operation is the generic loop's in the same order, so the trajectory is bit-identical to it (the tests compare
 * both); each returns false when its SIMD path does not apply, and forward.ts then runs the generic loop.
 */
import { gemmNT } from '../linalg/batched';
import { pinWorkspace } from '../linalg/wasm-gemm';
import { ownRegions, packTransposed, pinRegions, type Workspace32 } from '../linalg/wasm-gemm32';
import { wasmKernelsEnabled } from '../linalg/wasm-runtime';
import { ruleRoom32 } from './rules/simd32';
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
 * A float32 trajectory that lives in WebAssembly memory of its own: `pre`, `h`, `fp` and `pre0` are views of it, so
 * the forward pass writes them in place and the rules' fast paths (rules/simd32.ts) compute on them in the same
 * memory, without copying the trajectory out and back in. `room` is where a rule lays out its working regions
 * (`roomFloats` of them, enough for every rule's fast path). The memory never grows after it is made, so the views
 * stay valid; a trajectory handed to `forward` as `reuse` lends its memory to the next pass. Only passes that are
 * handed a trajectory to reuse (a training loop) get one: fresh WebAssembly memory costs a page fault per 4 KiB on
 * first touch (measured: about 40 ms for the 8 MB of an N = 200, T = 100, B = 32 pass, three times what fresh arrays
 * cost), paid once per loop; a one-off pass borrows a slot's memory and copies the trajectory out (`resident` false).
 */
export interface ResidentTrajectory32 {
  ws: Workspace32;
  at: Record<'w' | 'u' | 'bias' | 'x' | 'h' | 'pre0' | 'pre' | 'fp' | 'drive' | 'v' | 'c' | 'y' | 'room', number>;
  roomFloats: number;
  /** The sizes it was made for. */
  key: string;
  /** False for a slot's memory, which the next pass overwrites. */
  resident: boolean;
}

/**
 * The memory and array views of a float32 pass of this model's sizes: reuse's when it is resident with the same
 * sizes, memory of its own when a trajectory to reuse is given, else the slot's. Null when the fast path does not
 * apply (n not a multiple of 4, or no WebAssembly SIMD).
 */
export function trajectoryMemory32(model: RnnModel, steps: number, batch: number, reuse?: Trajectory): {
  memory: ResidentTrajectory32; pre: Float32Array; h: Float32Array; fp: Float32Array; pre0: Float32Array;
} | null {
  const { n, nIn, nOut } = model.shape;
  if (n % 4 !== 0 || !wasmKernelsEnabled()) return null;
  const key = `${n} ${nIn} ${nOut} ${steps} ${batch}`;
  const rows = steps * batch, bn = batch * n;
  let memory = reuse?.resident?.key === key ? reuse.resident : null;
  if (memory === null) {
    const panels = (k: number) => Math.ceil(n / 8) * 8 * k;
    const resident = reuse !== undefined;
    const roomFloats = resident ? ruleRoom32(n, nIn, nOut, steps, batch) : 0;
    const sizes = {
      w: panels(n), u: panels(nIn), bias: n, x: rows * nIn, h: (steps + 1) * bn, pre0: bn, pre: rows * n, fp: rows * n, drive: bn,
      v: 2 * nOut * n, c: 2 * nOut, y: 2 * rows * nOut, room: roomFloats,
    };
    const regions = resident ? ownRegions(sizes) : pinRegions(sizes, 'rnn-forward32');
    if (regions === null) return null;
    memory = { ws: regions.ws, at: regions.at, roomFloats, key, resident };
  }
  const { heap } = memory.ws, { at } = memory;
  const view = (off: number, floats: number) => heap.subarray(off, off + floats);
  return { memory, pre: view(at.pre, rows * n), h: view(at.h, (steps + 1) * bn), fp: view(at.fp, rows * n), pre0: view(at.pre0, bn) };
}

/**
 * Float32 on a trajectory's memory (h_0 and pre0 already written there): W and U packed once, per step the recurrent and
 * input products (gemm32) and one pass for pre, h = tanh32(pre) and f', all in place; then the readout y = V h + c
 * of all steps in double (readout32, forward.ts's readoutFromFloats). Needs n a multiple of 4.
 */
export function voltageTanhSteps32(model: RnnModel, x: Float64Array, traj: Trajectory, memory: ResidentTrajectory32): void {
  const { n, nIn, nOut } = model.shape;
  const { w, u, b, v, c } = model.params;
  const { alpha } = model.config;
  const { steps, batch } = traj;
  const rows = steps * batch, bn = batch * n, xn = batch * nIn;
  const { ws, at } = memory;
  const { heap } = ws;
  const { w: wOff, u: uOff, bias: biasOff, x: xOff, h: hOff, pre0: pre0Off, pre: preOff, fp: fpOff, drive: driveOff } = at;
  packTransposed(w, n, n, heap, wOff);
  if (nIn > 0) packTransposed(u, n, nIn, heap, uOff);
  heap.set(b, biasOff);
  heap.set(x, xOff);
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
}

/**
 * The one shared forward pass over a batch of trials. It stores everything the gradient estimators need (the
 * pre-activations and the rates at every step) so BPTT, e-prop and RFLO are interchangeable consumers of the same
 * trajectory.
 *
 * Layout (batch-major): step t (1..T) of trial b, unit i lives at ((t-1) * B + b) * N + i in `pre`; rates h_0..h_T at
 * (t * B + b) * N + i in `h` (h_0 first, so h[0..T-1] are the presynaptic rates h_{t-1} of steps 1..T in one block).
 */
import { gemmNT } from '../linalg/batched';
import { pinnedGemmNT, pinWorkspace } from '../linalg/wasm-gemm';
import { activateWithDerivative, applyActivation } from './activation';
import type { RnnModel } from './init';

export interface Trajectory {
  steps: number;
  batch: number;
  /** Pre-activations: a_t (voltage form) or u_t = W h_{t-1} + U x_t + b (rate form), T x B x N. */
  pre: Float64Array;
  /** Rates h_0 .. h_T, (T + 1) x B x N. */
  h: Float64Array;
  /** f'(pre_t), T x B x N: computed once here from the activation values, used by every rule. */
  fp: Float64Array;
  /** Outputs y_t = V h_t + c, T x B x nOut. */
  y: Float64Array;
  /** The initial pre-activation a_0 (voltage form; equals x0) for every trial, B x N. */
  pre0: Float64Array;
}

/** Runs the network on inputs x (T x B x nIn). */
export function forward(model: RnnModel, x: Float64Array, steps: number, batch: number): Trajectory {
  const { n, nIn, nOut } = model.shape;
  const { w, u, b, x0 } = model.params;
  const { alpha, activation, form } = model.config;
  if (x.length !== steps * batch * nIn) throw new RangeError(`input has ${x.length} entries, expected T*B*nIn = ${steps * batch * nIn}`);
  const bn = batch * n;
  const pre = new Float64Array(steps * bn);
  const h = new Float64Array((steps + 1) * bn);
  const y = new Float64Array(steps * batch * nOut);
  const fp = new Float64Array(steps * bn);
  const pre0 = new Float64Array(bn);
  const drive = new Float64Array(bn);
  for (let r = 0; r < batch; r++) pre0.set(x0, r * n);
  if (form === 'voltage') applyActivation(activation, pre0, h, bn);
  else h.set(pre0);
  const keep = 1 - alpha;
  const traj: Trajectory = { steps, batch, pre, h, fp, y, pre0 };
  if (form === 'voltage' && activation === 'tanh' && batch % 2 === 0 && voltageTanhSteps(model, x, traj)) return traj;
  // W stays in WebAssembly memory for the whole pass when the SIMD path applies.
  const recurrent = pinnedGemmNT(w, n, n, batch, 'rnn-forward');
  for (let t = 1; t <= steps; t++) {
    const hPrevOff = (t - 1) * bn;
    // drive = h_{t-1} W^T + x_t U^T + b  (one row per trial)
    if (!recurrent || !recurrent(h, batch, drive, false, hPrevOff, 0)) gemmNT(h, w, batch, n, n, drive, false, hPrevOff, 0);
    if (nIn > 0) gemmNT(x, u, batch, nIn, n, drive, true, (t - 1) * batch * nIn, 0);
    const preOff = (t - 1) * bn;
    const hOff = t * bn;
    if (form === 'voltage') {
      const prevPre = t === 1 ? pre0 : pre;
      const prevOff = t === 1 ? 0 : (t - 2) * bn;
      for (let r = 0; r < batch; r++) {
        const ro = r * n;
        for (let i = 0; i < n; i++) {
          pre[preOff + ro + i] = keep * prevPre[prevOff + ro + i] + alpha * (drive[ro + i] + b[i]);
        }
      }
      activateWithDerivative(activation, pre, h, fp, bn, preOff, hOff, preOff);
    } else {
      for (let r = 0; r < batch; r++) {
        const ro = r * n;
        for (let i = 0; i < n; i++) pre[preOff + ro + i] = drive[ro + i] + b[i];
      }
      activateWithDerivative(activation, pre, drive, fp, bn, preOff, 0, preOff);
      for (let q = 0; q < bn; q++) h[hOff + q] = keep * h[hPrevOff + q] + alpha * drive[q];
    }
    readout(model, traj, t);
  }
  return traj;
}

/** y_t = V h_t + c */
function readout(model: RnnModel, traj: Trajectory, t: number): void {
  const { n, nOut } = model.shape;
  const { v, c } = model.params;
  const { batch, h, y } = traj;
  const yOff = (t - 1) * batch * nOut;
  gemmNT(h, v, batch, n, nOut, y, false, t * batch * n, yOff);
  for (let r = 0; r < batch; r++) for (let o = 0; o < nOut; o++) y[yOff + r * nOut + o] += c[o];
}

/**
 * The voltage-form tanh steps with the state in WebAssembly memory: per step one SIMD product h_{t-1} W^T, the
 * input drive added by the same TypeScript kernel as above, and one SIMD pass for pre, h and f'. Every operation is
 * the TypeScript path's in the same order, so the trajectory is bit-identical. False if the SIMD path does not apply.
 */
function voltageTanhSteps(model: RnnModel, x: Float64Array, traj: Trajectory): boolean {
  const { n, nIn } = model.shape;
  const { w, u, b } = model.params;
  const { alpha } = model.config;
  const { steps, batch, pre, h, fp, pre0 } = traj;
  const bn = batch * n;
  const ws = pinWorkspace(w, n, n, 5 * bn + n, 'rnn-forward');
  if (ws === null) return false;
  const { heap } = ws;
  // Regions: A = h_{t-1} (rewritten with h_t by the step), C = drive, two alternating pre blocks, f', bias.
  const aOff = ws.base, cOff = aOff + bn, preOffs = [cOff + bn, cOff + 2 * bn], fpOff = cOff + 3 * bn, biasOff = cOff + 4 * bn;
  heap.set(h.subarray(0, bn), aOff);
  heap.set(pre0, preOffs[0]);
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

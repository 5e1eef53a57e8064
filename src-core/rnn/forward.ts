/**
 * The one shared forward pass over a batch of trials. It stores everything the gradient estimators need (the
 * pre-activations and the rates at every step) so BPTT, e-prop and RFLO are interchangeable consumers of the same
 * trajectory.
 *
 * Layout (batch-major): step t (1..T) of trial b, unit i lives at ((t-1) * B + b) * N + i in `pre`; rates h_0..h_T at
 * (t * B + b) * N + i in `h` (h_0 first, so h[0..T-1] are the presynaptic rates h_{t-1} of steps 1..T in one block).
 *
 * Precision (`model.config.precision`): in 'float32' the trajectory arrays are Float32Arrays, the weights are
 * rounded to float32, the products are single precision (linalg/gemm32.ts) and tanh is `tanh32`; the elementwise
 * steps below run in double on the stored floats and are rounded when stored. The readout y (and so the loss) is
 * computed in double from the stored rates in both precisions.
 */
import { gemmNT } from '../linalg/batched';
import { inPrecision, realArray, type Precision, type Real } from '../linalg/real';
import { pinnedGemmNT } from '../linalg/wasm-gemm';
import { activateWithDerivative, applyActivation } from './activation';
import { trajectoryMemory32, voltageTanhSteps, voltageTanhSteps32, type ResidentTrajectory32 } from './forward-simd';
import type { RnnModel } from './init';

export interface Trajectory {
  steps: number;
  batch: number;
  /** The arithmetic of the pass; the arrays below are Float32Arrays for 'float32'. */
  precision: Precision;
  /** Pre-activations: a_t (voltage form) or u_t = W h_{t-1} + U x_t + b (rate form), T x B x N. */
  pre: Real;
  /** Rates h_0 .. h_T, (T + 1) x B x N. */
  h: Real;
  /** f'(pre_t), T x B x N: computed once here from the activation values, used by every rule. */
  fp: Real;
  /** Outputs y_t = V h_t + c, T x B x nOut (double in both precisions). */
  y: Float64Array;
  /** The initial pre-activation a_0 (voltage form; equals x0) for every trial, B x N. */
  pre0: Real;
  /**
   * Float32 voltage-form tanh with SIMD, computed with a trajectory to reuse: the WebAssembly memory pre, h, fp and
   * pre0 are views of (forward-simd.ts).
   */
  resident?: ResidentTrajectory32;
}

/**
 * Runs the network on inputs x (T x B x nIn). `reuse`, a trajectory the caller no longer needs, lends its arrays
 * when they have the sizes and precision of this pass (a training loop then allocates nothing per iteration: fresh
 * multi-megabyte arrays cost more than the arithmetic on them). Every entry is overwritten, so the result does not
 * depend on what they held.
 */
export function forward(model: RnnModel, x: Float64Array, steps: number, batch: number, reuse?: Trajectory): Trajectory {
  const { n, nIn, nOut } = model.shape;
  const { alpha, activation, form, precision } = model.config;
  if (x.length !== steps * batch * nIn) throw new RangeError(`input has ${x.length} entries, expected T*B*nIn = ${steps * batch * nIn}`);
  const bn = batch * n;
  const fits = reuse !== undefined && reuse.precision === precision && reuse.steps === steps && reuse.batch === batch
    && reuse.h.length === (steps + 1) * bn && reuse.y.length === steps * batch * nOut;
  // Float32 voltage-form tanh: the pass runs in WebAssembly memory, which a trajectory passed in loops lives in.
  const fast = precision === 'float32' && form === 'voltage' && activation === 'tanh' ? trajectoryMemory32(model, steps, batch, reuse) : null;
  const own = fast?.memory.resident ? fast : null;
  const pre = own?.pre ?? (fits ? reuse.pre : realArray(precision, steps * bn));
  const h = own?.h ?? (fits ? reuse.h : realArray(precision, (steps + 1) * bn));
  const y = fits ? reuse.y : new Float64Array(steps * batch * nOut);
  const fp = own?.fp ?? (fits ? reuse.fp : realArray(precision, steps * bn));
  const pre0 = own?.pre0 ?? (fits ? reuse.pre0 : realArray(precision, bn));
  for (let r = 0; r < batch; r++) pre0.set(model.params.x0, r * n);
  if (form === 'voltage') applyActivation(activation, pre0, h, bn);
  else h.set(pre0);
  const traj: Trajectory = { steps, batch, precision, pre, h, fp, y, pre0, ...(own ? { resident: own.memory } : {}) };
  if (fast) {
    if (!own) { fast.pre0.set(pre0); fast.h.set(h.subarray(0, bn)); }
    voltageTanhSteps32(model, x, traj, fast.memory);
    if (!own) { h.set(fast.h.subarray(bn), bn); pre.set(fast.pre); fp.set(fast.fp); }
    return traj;
  }
  if (form === 'voltage' && activation === 'tanh' && precision === 'float64' && batch % 2 === 0 && voltageTanhSteps(model, x, traj, readout)) return traj;
  const w = inPrecision(model.params.w, precision), u = inPrecision(model.params.u, precision);
  const b = inPrecision(model.params.b, precision), xs = inPrecision(x, precision);
  const drive = realArray(precision, bn);
  const keep = 1 - alpha;
  // W stays in WebAssembly memory for the whole pass when the SIMD path applies.
  const recurrent = precision === 'float64' ? pinnedGemmNT(model.params.w, n, n, batch, 'rnn-forward') : null;
  for (let t = 1; t <= steps; t++) {
    const hPrevOff = (t - 1) * bn;
    // drive = h_{t-1} W^T + x_t U^T + b  (one row per trial)
    if (!recurrent || !recurrent(h as Float64Array, batch, drive as Float64Array, false, hPrevOff, 0)) gemmNT(h, w, batch, n, n, drive, false, hPrevOff, 0);
    if (nIn > 0) gemmNT(xs, u, batch, nIn, n, drive, true, (t - 1) * batch * nIn, 0);
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
    if (precision === 'float64') readout(model, traj, t);
  }
  return precision === 'float64' ? traj : readoutFromFloats(model, traj);
}

/** y_t = V h_t + c */
function readout(model: RnnModel, traj: Trajectory, t: number): void {
  const { n, nOut } = model.shape;
  const { v, c } = model.params;
  const { batch, h, y } = traj;
  const yOff = (t - 1) * batch * nOut;
  gemmNT(h as Float64Array, v, batch, n, nOut, y, false, t * batch * n, yOff);
  for (let r = 0; r < batch; r++) for (let o = 0; o < nOut; o++) y[yOff + r * nOut + o] += c[o];
}

/**
 * y_t = V h_t + c for all steps of a float32 trajectory, in double (V and c are the float64 weights): four partial
 * sums over the units (i mod 4), added as (s0 + s1) + (s2 + s3), then c (readout32 in wasm-f32-steps.ts is its SIMD
 * twin). Double keeps the loss free of single-precision rounding.
 */
function readoutFromFloats(model: RnnModel, traj: Trajectory): Trajectory {
  const { n, nOut } = model.shape;
  const { v, c } = model.params;
  const { h, y, steps, batch } = traj;
  const n4 = n - (n % 4);
  for (let r = 0; r < steps * batch; r++) {
    const hr = (r + batch) * n;
    for (let o = 0; o < nOut; o++) {
      const vo = o * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let i = 0;
      for (; i < n4; i += 4) {
        s0 += h[hr + i] * v[vo + i]; s1 += h[hr + i + 1] * v[vo + i + 1];
        s2 += h[hr + i + 2] * v[vo + i + 2]; s3 += h[hr + i + 3] * v[vo + i + 3];
      }
      for (; i < n; i++) s0 += h[hr + i] * v[vo + i];
      y[r * nOut + o] = (s0 + s1) + (s2 + s3) + c[o];
    }
  }
  return traj;
}

/**
 * Backpropagation through time, exact, over the shared forward trajectory. Voltage form (science note):
 *   delta_t = f'(a_t) (V^T e_t + alpha W^T delta_{t+1}) + (1 - alpha) delta_{t+1},   Z_t = alpha delta_t.
 * Rate form: g_t = dLoss/dh_t = V^T e_t + (1 - alpha) g_{t+1} + W^T Z_{t+1},   Z_t = alpha f'(u_t) g_t.
 * With `recurrentBackprop: false` the W^T term is dropped: that truncated gradient is exactly what e-prop with
 * symmetric feedback computes (Bellec et al. 2020), which the tests use to verify e-prop.
 * With `modprop` the recurrent path is approximated as in ModProp (Liu et al. 2022): f' on that path becomes the
 * constant mu and W becomes its cell-type block means W-bar (see modprop.ts).
 */
import { gemmNN, gemmNT, transposeInto } from '../../linalg/batched';
import { inPrecision, realArray, scratchArray, type Real } from '../../linalg/real';
import { pinnedGemmNT } from '../../linalg/wasm-gemm';
import { activationDerivative } from '../activation';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';
import { bpttVoltage32 } from './bptt-simd';
import { checkBatchMatches, inputSideGradients, newGradients, readoutGradients } from './shared';

export interface BpttOptions {
  /** Keep the alpha W^T delta_{t+1} term (true = exact BPTT). */
  recurrentBackprop?: boolean;
  /** ModProp's approximation of the recurrent path: constant gain mu and block-mean weights wBar (n x n). */
  modprop?: { mu: number; wBar: Float64Array };
}

export function bpttGradient(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array, options: BpttOptions = {}): RnnParams {
  checkBatchMatches(model, traj, batch, dy);
  const recurrent = options.recurrentBackprop ?? true;
  const { n, nOut } = model.shape;
  const { alpha, form } = model.config;
  const { w, v } = model.params;
  const { steps, batch: nb, precision } = traj;
  const bn = nb * n;
  const keep = 1 - alpha;
  const modprop = options.modprop;
  if (precision === 'float32' && form === 'voltage' && !modprop) {
    const grads = newGradients(model);
    const fast = bpttVoltage32(model, traj, batch.x, dy, recurrent, grads);
    if (fast !== null) {
      if (model.config.learnInitialState) initialStateGradient(model, traj, fast.z1, fast.carry, grads.x0);
      return grads;
    }
  }
  const dyP = inPrecision(dy, precision), vP = inPrecision(v, precision);
  // `carry` is delta_{t+1} (voltage) or g_{t+1} (rate): the adjoint of the state passed back one step.
  // W^T once, so that "W^T delta" for every trial is a row-times-row product (the fast kernel): (delta W) = delta (W^T)^T.
  const wt = transposeInto(modprop ? modprop.wBar : w, n, n, realArray(precision, n * n));
  const pinned = wt instanceof Float64Array ? pinnedGemmNT(wt, n, n, nb, 'rnn-bptt') : null;
  const backThroughW = (src: Real, srcOff: number, dst: Real) => {
    if (!pinned || !pinned(src as Float64Array, nb, dst as Float64Array, false, srcOff, 0)) gemmNT(src, wt, nb, n, n, dst, false, srcOff, 0);
  };
  // Working arrays, every entry written before it is read (carry starts at zero).
  const z = scratchArray('bptt-z', precision, steps * bn);
  const fp = traj.fp; // f'(pre_t) for all steps, from the forward pass
  const fromOutput = scratchArray('bptt-from-output', precision, bn);
  const fromRecurrent = scratchArray('bptt-from-recurrent', precision, bn);
  let carry = scratchArray('bptt-carry', precision, bn).fill(0);
  let next = scratchArray('bptt-next', precision, bn);
  for (let t = steps; t >= 1; t--) {
    const off = (t - 1) * bn;
    gemmNN(dyP, vP, nb, nOut, n, fromOutput, false, (t - 1) * nb * nOut, 0);
    const haveNext = t < steps && recurrent;
    if (form === 'voltage') {
      if (haveNext) backThroughW(carry, 0, fromRecurrent);
      for (let q = 0; q < bn; q++) {
        const back = haveNext ? alpha * fromRecurrent[q] : 0;
        const delta = modprop
          ? fp[off + q] * fromOutput[q] + modprop.mu * back + keep * carry[q]
          : fp[off + q] * (fromOutput[q] + back) + keep * carry[q];
        next[q] = delta;
        z[off + q] = alpha * delta;
      }
    } else {
      // W^T Z_{t+1}: Z_{t+1} sits in z one block further on.
      if (haveNext && !modprop) backThroughW(z, t * bn, fromRecurrent);
      // ModProp: W-bar^T (alpha mu g_{t+1}) in place of W^T (alpha f'(u_{t+1}) g_{t+1}).
      if (haveNext && modprop) backThroughW(carry, 0, fromRecurrent);
      const recurrentScale = modprop ? alpha * modprop.mu : 1;
      for (let q = 0; q < bn; q++) {
        const g = fromOutput[q] + keep * carry[q] + (haveNext ? recurrentScale * fromRecurrent[q] : 0);
        next[q] = g;
        z[off + q] = alpha * fp[off + q] * g;
      }
    }
    const swap = carry; carry = next; next = swap;
  }
  const grads = newGradients(model);
  inputSideGradients(model, traj, batch.x, z, grads);
  readoutGradients(model, traj, dy, grads);
  if (model.config.learnInitialState && !modprop) initialStateGradient(model, traj, z, carry, grads.x0);
  return grads;
}

/** dLoss/dx0 summed over trials; x0 is a_0 (voltage) or h_0 (rate). `carry` is delta_1 or g_1. */
function initialStateGradient(model: RnnModel, traj: Trajectory, z: Real, carry: Real, out: Float64Array): void {
  const { n } = model.shape;
  const { alpha, activation, form } = model.config;
  const nb = traj.batch;
  const bn = nb * n;
  const { precision } = traj;
  // W^T Z_1 = alpha W^T delta_1 (voltage)
  const back = gemmNN(z, inPrecision(model.params.w, precision), nb, n, n, realArray(precision, bn));
  const fp0 = realArray(precision, bn);
  if (form === 'voltage') activationDerivative(activation, traj.pre0, fp0, bn);
  for (let r = 0; r < nb; r++) {
    for (let i = 0; i < n; i++) {
      const q = r * n + i;
      out[i] += form === 'voltage' ? fp0[q] * back[q] + (1 - alpha) * carry[q] : back[q] + (1 - alpha) * carry[q];
    }
  }
}

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
import { pinnedGemmNT } from '../../linalg/wasm-gemm';
import { activationDerivative } from '../activation';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';
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
  const { steps, batch: nb } = traj;
  const bn = nb * n;
  const keep = 1 - alpha;
  const z = new Float64Array(steps * bn);
  const fp = traj.fp; // f'(pre_t) for all steps, from the forward pass
  const fromOutput = new Float64Array(bn);
  const fromRecurrent = new Float64Array(bn);
  // `carry` is delta_{t+1} (voltage) or g_{t+1} (rate): the adjoint of the state passed back one step.
  // W^T once, so that "W^T delta" for every trial is a row-times-row product (the fast kernel): (delta W) = delta (W^T)^T.
  const modprop = options.modprop;
  const wt = transposeInto(modprop ? modprop.wBar : w, n, n, new Float64Array(n * n));
  const pinned = pinnedGemmNT(wt, n, n, nb, 'rnn-bptt');
  const backThroughW = (src: Float64Array, srcOff: number, dst: Float64Array) => {
    if (!pinned || !pinned(src, nb, dst, false, srcOff, 0)) gemmNT(src, wt, nb, n, n, dst, false, srcOff, 0);
  };
  let carry = new Float64Array(bn);
  let next = new Float64Array(bn);
  for (let t = steps; t >= 1; t--) {
    const off = (t - 1) * bn;
    gemmNN(dy, v, nb, nOut, n, fromOutput, false, (t - 1) * nb * nOut, 0);
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
function initialStateGradient(model: RnnModel, traj: Trajectory, z: Float64Array, carry: Float64Array, out: Float64Array): void {
  const { n } = model.shape;
  const { alpha, activation, form } = model.config;
  const nb = traj.batch;
  const bn = nb * n;
  const back = gemmNN(z, model.params.w, nb, n, n, new Float64Array(bn)); // W^T Z_1 = alpha W^T delta_1 (voltage)
  const fp0 = new Float64Array(bn);
  if (form === 'voltage') activationDerivative(activation, traj.pre0, fp0, bn);
  for (let r = 0; r < nb; r++) {
    for (let i = 0; i < n; i++) {
      const q = r * n + i;
      out[i] += form === 'voltage' ? fp0[q] * back[q] + (1 - alpha) * carry[q] : back[q] + (1 - alpha) * carry[q];
    }
  }
}

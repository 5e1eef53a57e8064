/**
 * RFLO, random-feedback local online learning (Murray 2019, eLife 8:e43299). The trace of synapse (i, j) low-pass
 * filters the product of postsynaptic gain and presynaptic rate,
 *   p_t,ij = (1 - alpha) p_{t-1},ij + alpha f'(pre_t,i) h_{t-1},j   (q_t,ij likewise with x_t,j; the bias with 1),
 * and the update is sum_t (F^T e_t)_i p_t,ij with a fixed random feedback F (or F = V).
 *
 * Storing p (B x N x N per step) is wasteful. Exchanging the two sums gives the same number exactly:
 *   sum_t L_t,i p_t,ij = sum_s alpha f'(pre_s,i) Lbar_s,i h_{s-1},j,   Lbar_s = L_s + (1 - alpha) Lbar_{s+1},
 * i.e. a backward low-pass filter of the learning signal and one sum of outer products. The tests check this
 * against the literal per-synapse traces.
 *
 * On the rate form (Murray's model) this is also exactly e-prop's eligibility trace. On the voltage form it is
 * Murray's approximation (f' inside the filter rather than after it, as in e-prop).
 */
import { realLike } from '../../linalg/real';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';
import { checkBatchMatches, inputSideGradients, learningSignals, newGradients, readoutGradients } from './shared';

export function rfloGradient(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array, feedback: Float64Array): RnnParams {
  checkBatchMatches(model, traj, batch, dy);
  const { n } = model.shape;
  const { alpha } = model.config;
  const { steps, batch: nb } = traj;
  const bn = nb * n;
  const keep = 1 - alpha;
  // Z_s = alpha f'(pre_s) ⊙ Lbar_s, built in place on the learning signals from the last step backwards.
  const z = learningSignals(model, traj, dy, feedback);
  const fp = traj.fp; // f'(pre_t) for all steps, from the forward pass
  const filtered = realLike(z, bn);
  for (let t = steps; t >= 1; t--) {
    const off = (t - 1) * bn;
    for (let q = 0; q < bn; q++) {
      filtered[q] = z[off + q] + keep * filtered[q];
      z[off + q] = alpha * fp[off + q] * filtered[q];
    }
  }
  const grads = newGradients(model);
  inputSideGradients(model, traj, batch.x, z, grads);
  readoutGradients(model, traj, dy, grads);
  return grads;
}

/**
 * e-prop (Bellec et al. 2020, Nat. Commun. 11:3625) for the voltage-form rate network. Per presynaptic unit i the
 * eligibility vector is a low-pass filter of its rate, eps_i^t = (1 - alpha) eps_i^{t-1} + alpha h_i^{t-1} (x_i^t for
 * inputs, 1 for the bias), the eligibility trace is e_ji^t = f'(a_j^t) eps_i^t, the learning signal is
 * L_j^t = sum_k F_kj e_k^t with F = V (symmetric feedback) or a fixed random matrix, and the update is
 * sum_t L_j^t e_ji^t. Because the filter does not depend on the postsynaptic unit, the N x N traces never need to be
 * stored: the update is one sum of outer products (L ⊙ f')_t^T eps_t, computed online in the forward direction.
 *
 * For the rate form, e-prop's eligibility trace is RFLO's trace (Murray 2019): see rflo.ts, which this delegates to.
 */
import { inPrecision, scratchArray } from '../../linalg/real';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';
import { epropVoltage32 } from './eprop-simd';
import { rfloGradient } from './rflo';
import { checkBatchMatches, learningSignals, newGradients, productTN, readoutGradients, weightedRowSums } from './shared';

export function epropGradient(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array, feedback: Float64Array): RnnParams {
  if (model.config.form === 'rate') return rfloGradient(model, traj, batch, dy, feedback);
  checkBatchMatches(model, traj, batch, dy);
  if (traj.precision === 'float32') {
    const grads = newGradients(model);
    if (epropVoltage32(model, traj, batch.x, dy, feedback, grads)) return grads;
  }
  const { n, nIn } = model.shape;
  const { alpha } = model.config;
  const { steps, batch: nb } = traj;
  const bn = nb * n;
  const keep = 1 - alpha;
  // psi_t = L_t ⊙ f'(a_t), overwritten in place on the learning signals.
  const psi = learningSignals(model, traj, dy, feedback);
  const fp = traj.fp; // f'(pre_t) for all steps, from the forward pass
  const eps = scratchArray('eprop-eps', traj.precision, steps * bn); // every entry written before it is read
  const epsX = scratchArray('eprop-eps-x', traj.precision, steps * nb * nIn);
  const x = inPrecision(batch.x, traj.precision);
  const grads = newGradients(model);
  const rows = steps * nb;
  // The bias's eligibility trace, one weight per row of psi.
  const biasTrace = scratchArray('eprop-bias-trace', traj.precision, rows);
  let epsBias = 0;
  for (let t = 1; t <= steps; t++) {
    const off = (t - 1) * bn;
    const prevOff = (t - 2) * bn;
    for (let q = 0; q < bn; q++) eps[off + q] = (t > 1 ? keep * eps[prevOff + q] : 0) + alpha * traj.h[off + q];
    const xo = (t - 1) * nb * nIn;
    for (let q = 0; q < nb * nIn; q++) epsX[xo + q] = (t > 1 ? keep * epsX[xo - nb * nIn + q] : 0) + alpha * x[xo + q];
    epsBias = keep * epsBias + alpha;
    for (let q = 0; q < bn; q++) psi[off + q] *= fp[off + q];
    biasTrace.fill(epsBias, (t - 1) * nb, t * nb);
  }
  weightedRowSums(psi, biasTrace, rows, n, grads.b);
  productTN(psi, eps, rows, n, n, grads.w);
  if (nIn > 0) productTN(psi, epsX, rows, n, nIn, grads.u);
  readoutGradients(model, traj, dy, grads);
  return grads;
}

/**
 * Pieces every gradient estimator shares. All rules end in the same place: a "drive adjoint" Z_t = dLoss/d(drive_t)
 * (exact for BPTT, approximated by eligibility traces and a learning signal for the local rules), where
 * drive_t = W h_{t-1} + U x_t + b. The weight gradients are then sums over time and trials of outer products,
 * computed in one pass each: dW = sum_t Z_t^T h_{t-1}, dU = sum_t Z_t^T x_t, db = sum_t Z_t.
 */
import { addColumnSums, gemmNN, gemmTN } from '../../linalg/batched';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import { zeroParams, type RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';

/** Fills dW, dU, db of `grads` from the drive adjoint Z (T x B x N). */
export function inputSideGradients(model: RnnModel, traj: Trajectory, x: Float64Array, z: Float64Array, grads: RnnParams): void {
  const { n, nIn } = model.shape;
  const rows = traj.steps * traj.batch;
  // h holds h_0..h_T; its first T*B rows are exactly the presynaptic rates h_{t-1} of steps 1..T.
  gemmTN(z, traj.h, rows, n, n, grads.w);
  if (nIn > 0) gemmTN(z, x, rows, n, nIn, grads.u);
  addColumnSums(z, rows, n, grads.b);
}

/** Exact readout gradients dV = sum_t e_t^T h_t, dc = sum_t e_t (the readout is local, so every rule uses them). */
export function readoutGradients(model: RnnModel, traj: Trajectory, dy: Float64Array, grads: RnnParams): void {
  const { n, nOut } = model.shape;
  const rows = traj.steps * traj.batch;
  gemmTN(dy, traj.h.subarray(traj.batch * n), rows, nOut, n, grads.v);
  addColumnSums(dy, rows, nOut, grads.c);
}

/** Learning signals L_t = e_t F for all steps (T x B x N), with F (nOut x N) = V (symmetric) or random feedback. */
export function learningSignals(model: RnnModel, traj: Trajectory, dy: Float64Array, feedback: Float64Array): Float64Array {
  const { n, nOut } = model.shape;
  const rows = traj.steps * traj.batch;
  return gemmNN(dy, feedback, rows, nOut, n, new Float64Array(rows * n));
}

export function newGradients(model: RnnModel): RnnParams {
  return zeroParams(model.shape);
}

export function checkBatchMatches(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array): void {
  if (batch.steps !== traj.steps || batch.batch !== traj.batch) throw new RangeError('batch and trajectory sizes differ');
  if (batch.nIn !== model.shape.nIn || batch.nOut !== model.shape.nOut) throw new RangeError('task and model sizes differ');
  if (dy.length !== traj.steps * traj.batch * model.shape.nOut) throw new RangeError('output error has the wrong size');
}

/**
 * Pieces every gradient estimator shares. All rules end in the same place: a "drive adjoint" Z_t = dLoss/d(drive_t)
 * (exact for BPTT, approximated by eligibility traces and a learning signal for the local rules), where
 * drive_t = W h_{t-1} + U x_t + b. The weight gradients are then sums over time and trials of outer products,
 * computed in one pass each: dW = sum_t Z_t^T h_{t-1}, dU = sum_t Z_t^T x_t, db = sum_t Z_t.
 *
 * Precision: a rule works in the precision of the trajectory (`traj.precision`): its working arrays are made by
 * `realArray`, weights and output errors enter through `inPrecision`, and the products of a float32 trajectory are
 * single precision, the bias sums too (as products with a vector of ones or of weights, gemm32's chunked order).
 * The gradients it returns are float64 arrays either way (the optimiser and weights are float64).
 */
import { addColumnSums, gemmNN, gemmTN } from '../../linalg/batched';
import { inPrecision, scratchArray, type Real } from '../../linalg/real';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import { zeroParams, type RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';

/** Fills dW, dU, db of `grads` from the drive adjoint Z (T x B x N). */
export function inputSideGradients(model: RnnModel, traj: Trajectory, x: Float64Array, z: Real, grads: RnnParams): void {
  const { n, nIn } = model.shape;
  const rows = traj.steps * traj.batch;
  // h holds h_0..h_T; its first T*B rows are exactly the presynaptic rates h_{t-1} of steps 1..T.
  productTN(z, traj.h, rows, n, n, grads.w);
  if (nIn > 0) productTN(z, inPrecision(x, traj.precision), rows, n, nIn, grads.u);
  weightedRowSums(z, null, rows, n, grads.b);
}

/**
 * out (n) += sum_r weight_r a_r over the rows of a (rows x n); weights null means all 1. Double: running sums row
 * after row (addColumnSums); single: the product weights^T a (gemm32), each sum added to out once.
 */
export function weightedRowSums(a: Real, weights: Real | null, rows: number, n: number, out: Float64Array): void {
  if (a instanceof Float32Array) {
    const w = weights === null ? new Float32Array(rows).fill(1) : weights as Float32Array;
    const sums = gemmTN(w, a, rows, 1, n, new Float32Array(n));
    for (let j = 0; j < n; j++) out[j] += sums[j];
  } else if (weights === null) {
    addColumnSums(a, rows, n, out);
  } else {
    for (let r = 0; r < rows; r++) addColumnSums(a.subarray(r * n, (r + 1) * n), 1, n, out, weights[r]);
  }
}

/** Exact readout gradients dV = sum_t e_t^T h_t, dc = sum_t e_t (the readout is local, so every rule uses them). */
export function readoutGradients(model: RnnModel, traj: Trajectory, dy: Float64Array, grads: RnnParams): void {
  const { n, nOut } = model.shape;
  const rows = traj.steps * traj.batch;
  productTN(inPrecision(dy, traj.precision), traj.h.subarray(traj.batch * n), rows, nOut, n, grads.v);
  addColumnSums(dy, rows, nOut, grads.c);
}

/**
 * Learning signals L_t = e_t F for all steps (T x B x N), with F (nOut x N) = V (symmetric) or random feedback. The
 * array is scratch (linalg/real.ts): the caller's to overwrite, valid until the next call.
 */
export function learningSignals(model: RnnModel, traj: Trajectory, dy: Float64Array, feedback: Float64Array): Real {
  const { n, nOut } = model.shape;
  const rows = traj.steps * traj.batch;
  const { precision } = traj;
  const out = scratchArray('learning-signals', precision, rows * n);
  return gemmNN(inPrecision(dy, precision), inPrecision(feedback, precision), rows, nOut, n, out);
}

/** out (m x n, float64) = A^T B over `rows` rows, computed in the operands' precision. */
export function productTN(a: Real, b: Real, rows: number, m: number, n: number, out: Float64Array): void {
  if (a instanceof Float32Array) out.set(gemmTN(a, b as Float32Array, rows, m, n, new Float32Array(m * n)));
  else gemmTN(a, b as Float64Array, rows, m, n, out);
}

export function newGradients(model: RnnModel): RnnParams {
  return zeroParams(model.shape);
}

export function checkBatchMatches(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array): void {
  if (batch.steps !== traj.steps || batch.batch !== traj.batch) throw new RangeError('batch and trajectory sizes differ');
  if (batch.nIn !== model.shape.nIn || batch.nOut !== model.shape.nOut) throw new RangeError('task and model sizes differ');
  if (dy.length !== traj.steps * traj.batch * model.shape.nOut) throw new RangeError('output error has the wrong size');
}

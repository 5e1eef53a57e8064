/**
 * Masked losses over a batch and their output errors e_t = dLoss/dy_t (the signal every rule starts from).
 * Loss = sum_{t,b} mask_tb l(y_tb, target_tb) / sum_{t,b} mask_tb, with l = mean squared error over outputs or
 * softmax cross-entropy against a one-hot target.
 */
import type { TaskBatch } from './tasks/types';

export interface LossResult {
  loss: number;
  /** dLoss/dy, T x B x nOut. */
  dy: Float64Array;
  /** Fraction of scored steps answered correctly, or null if the task has no notion of accuracy. */
  accuracy: number | null;
}

export function evaluateLoss(y: Float64Array, batch: TaskBatch): LossResult {
  const { steps, nOut, mask, target } = batch;
  const rows = steps * batch.batch;
  if (y.length !== rows * nOut) throw new RangeError('output and target sizes differ');
  let maskSum = 0;
  for (let r = 0; r < rows; r++) maskSum += mask[r];
  if (!(maskSum > 0)) throw new Error('loss mask is empty: no step of the batch is scored');
  const dy = new Float64Array(rows * nOut);
  let total = 0;
  if (batch.loss === 'mse') {
    for (let r = 0; r < rows; r++) {
      const m = mask[r];
      if (m === 0) continue;
      const scale = m / (maskSum * nOut);
      for (let o = 0; o < nOut; o++) {
        const d = y[r * nOut + o] - target[r * nOut + o];
        total += scale * d * d;
        dy[r * nOut + o] = 2 * scale * d;
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const m = mask[r];
      if (m === 0) continue;
      const ro = r * nOut;
      let max = -Infinity;
      for (let o = 0; o < nOut; o++) if (y[ro + o] > max) max = y[ro + o];
      let z = 0;
      for (let o = 0; o < nOut; o++) z += Math.exp(y[ro + o] - max);
      const logZ = max + Math.log(z);
      const scale = m / maskSum;
      for (let o = 0; o < nOut; o++) {
        const p = Math.exp(y[ro + o] - logZ);
        total -= scale * target[ro + o] * (y[ro + o] - logZ);
        dy[ro + o] = scale * (p - target[ro + o]);
      }
    }
  }
  if (!Number.isFinite(total)) throw new Error('loss is not finite: the network diverged (lower the learning rate or the gain)');
  return { loss: total, dy, accuracy: accuracyOf(y, batch) };
}

function accuracyOf(y: Float64Array, batch: TaskBatch): number | null {
  if (batch.accuracy === null) return null;
  const { nOut, target, scoreMask } = batch;
  const rows = batch.steps * batch.batch;
  let scored = 0, correct = 0;
  for (let r = 0; r < rows; r++) {
    if (scoreMask[r] === 0) continue;
    scored++;
    const ro = r * nOut;
    if (batch.accuracy === 'sign') {
      let ok = true;
      for (let o = 0; o < nOut; o++) if (Math.sign(y[ro + o]) !== Math.sign(target[ro + o])) ok = false;
      if (ok) correct++;
    } else {
      let best = 0, bestT = 0;
      for (let o = 1; o < nOut; o++) {
        if (y[ro + o] > y[ro + best]) best = o;
        if (target[ro + o] > target[ro + bestT]) bestT = o;
      }
      if (best === bestT) correct++;
    }
  }
  return scored > 0 ? correct / scored : null;
}

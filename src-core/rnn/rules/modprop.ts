/**
 * ModProp (Liu, Smith, Mihalas, Shea-Brown & Sümbül 2022, "Biologically-plausible backpropagation through arbitrary
 * timespans via local neuromodulators", NeurIPS): credit is carried back through time by cell-type-specific
 * modulatory signals instead of the exact synapse-specific recurrent Jacobian. Concretely this is BPTT whose
 * recurrent path uses a constant activation gain mu (~0.2-0.25 for ReLU) instead of f'(a_t) and the cell-type block
 * means W-bar instead of W. Cell types are Dale's excitatory / inhibitory populations, so the model must use Dale's law.
 */
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { TaskBatch } from '../tasks/types';
import { bpttGradient } from './bptt';

/** W-bar: every entry replaced by the mean of its (postsynaptic type, presynaptic type) block. */
export function blockMeans(w: Float64Array, n: number, types: Int8Array): Float64Array {
  const sums = new Map<string, { s: number; c: number }>();
  const key = (i: number, j: number) => `${types[i]},${types[j]}`;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = key(i, j);
      const e = sums.get(k) ?? { s: 0, c: 0 };
      e.s += w[i * n + j]; e.c += 1;
      sums.set(k, e);
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const e = sums.get(key(i, j))!;
      out[i * n + j] = e.s / e.c;
    }
  }
  return out;
}

export function modpropGradient(model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array, mu: number): RnnParams {
  if (model.columnSigns === null) {
    throw new Error("ModProp needs cell types: enable Dale's law (model.daleExcitatoryFraction)");
  }
  const wBar = blockMeans(model.params.w, model.shape.n, model.columnSigns);
  return bpttGradient(model, traj, batch, dy, { modprop: { mu, wBar } });
}

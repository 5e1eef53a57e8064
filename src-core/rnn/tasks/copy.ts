/**
 * Delayed copy (memory) task: a stream of random +-1 bits arrives on one input; the output must reproduce the bit
 * seen `delay` steps earlier. Steps before the first answer is defined are not scored.
 */
import type { Rng } from '../../random/rng';
import { emptyBatch, type Task } from './types';

export interface CopyConfig { delay: number; duration: number }

export function copyTask(config: CopyConfig): Task {
  const { delay, duration } = config;
  if (delay >= duration) throw new RangeError(`copy task: delay (${delay}) must be shorter than the trial (${duration})`);
  return {
    name: 'copy', nIn: 1, nOut: 1, steps: duration,
    sample(rng: Rng, batch) {
      const b = emptyBatch(duration, batch, 1, 1, 'mse', 'sign');
      for (let q = 0; q < duration * batch; q++) b.x[q] = rng.uniform() < 0.5 ? -1 : 1;
      for (let t = delay; t < duration; t++) {
        for (let r = 0; r < batch; r++) {
          b.target[t * batch + r] = b.x[(t - delay) * batch + r];
          b.mask[t * batch + r] = 1;
          b.scoreMask[t * batch + r] = 1;
        }
      }
      return b;
    },
  };
}

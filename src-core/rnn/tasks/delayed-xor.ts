/**
 * Delayed XOR (after the flossing demo of Engelken 2023): two +-1 bits arrive one after the other on two input
 * channels (each for `pulse` steps); after `delay` silent steps the output must report XOR (+1 if the bits differ,
 * -1 if equal) during a `response` window. Only the response window is scored. Trials are balanced over the four
 * bit combinations in random order.
 */
import type { Rng } from '../../random/rng';
import { emptyBatch, type Task } from './types';

export interface DelayedXorConfig { delay: number; pulse: number; response: number }

export function delayedXorTask(config: DelayedXorConfig): Task {
  const { delay, pulse, response } = config;
  const steps = 2 * pulse + delay + response;
  return {
    name: 'delayed-xor', nIn: 2, nOut: 1, steps,
    sample(rng: Rng, batch) {
      const b = emptyBatch(steps, batch, 2, 1, 'mse', 'sign');
      const offset = rng.int(4);
      for (let r = 0; r < batch; r++) {
        const combo = (r + offset) % 4;
        const first = combo & 1 ? 1 : -1;
        const second = combo & 2 ? 1 : -1;
        for (let t = 0; t < pulse; t++) {
          b.x[(t * batch + r) * 2] = first;
          b.x[((t + pulse) * batch + r) * 2 + 1] = second;
        }
        const answer = first !== second ? 1 : -1;
        for (let t = steps - response; t < steps; t++) {
          b.target[t * batch + r] = answer;
          b.mask[t * batch + r] = 1;
          b.scoreMask[t * batch + r] = 1;
        }
      }
      return b;
    },
  };
}

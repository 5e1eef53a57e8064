/**
 * Pattern generation (RFLO's demo, Murray 2019): after a one-step cue the network must produce a fixed sum of
 * sines whose slowest component has the given period. The pattern depends only on the configuration, never on the
 * seed, so runs with different seeds learn the same target.
 */
import { emptyBatch, type Task } from './types';

export interface SumOfSinesConfig { period: number; duration: number; components: number }

/** Target value at step t: sum_k (1/k) sin(2 pi k t / period + phi_k), scaled to a peak of about 1. */
export function sumOfSinesTarget(config: SumOfSinesConfig): Float64Array {
  const out = new Float64Array(config.duration);
  let peak = 0;
  for (let t = 0; t < config.duration; t++) {
    let s = 0;
    // Harmonics 1..K with decaying amplitudes and fixed, irregular phases (golden-angle spacing).
    for (let k = 1; k <= config.components; k++) s += Math.sin((2 * Math.PI * k * t) / config.period + 2.39996 * k) / k;
    out[t] = s;
    peak = Math.max(peak, Math.abs(s));
  }
  for (let t = 0; t < out.length; t++) out[t] /= peak || 1;
  return out;
}

export function sumOfSinesTask(config: SumOfSinesConfig): Task {
  if (config.period < 2) throw new RangeError('sum-of-sines period must be at least 2 steps');
  const pattern = sumOfSinesTarget(config);
  const steps = config.duration;
  return {
    name: 'sum-of-sines', nIn: 1, nOut: 1, steps,
    sample(_rng, batch) {
      const b = emptyBatch(steps, batch, 1, 1, 'mse', null);
      for (let r = 0; r < batch; r++) b.x[r] = 1; // cue at the first step
      for (let t = 0; t < steps; t++) {
        for (let r = 0; r < batch; r++) {
          b.target[t * batch + r] = pattern[t];
          b.mask[t * batch + r] = 1;
        }
      }
      return b;
    },
  };
}

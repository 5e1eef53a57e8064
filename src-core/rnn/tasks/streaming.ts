/**
 * Engelken's streaming bit tasks (Engelken 2023, gradient flossing; code github.com/RainerEngelken/GradientFlossing,
 * GradientFlossing_XOR.jl): a continuous stream of random bits x_t in {0, 1} (times `amplitude`) on one input, and
 * a binary target at every step once it is defined:
 *   streaming-xor   y*_t = x_{t-d} XOR x_{t-2d}   (his "delayed XOR", task -1), scored from t = 2d on;
 *   streaming-copy  y*_t = x_{t-d}                 (his copy task, task 0), scored from t = d on.
 * His readout is one logit under binary cross-entropy; here two outputs under softmax cross-entropy, the same loss
 * in the logit difference. Unlike the single-trial delayed-xor task, the network must keep track of a moving window
 * of the stream: every step brings a new bit to remember and an old one to forget. Steps are counted from 0 here and
 * the first scored step is the first whose bits are both in the stream (his indexing starts one step earlier).
 */
import type { Rng } from '../../random/rng';
import { emptyBatch, type Task } from './types';

export interface StreamingConfig {
  delay: number;
  /** Steps per trial (the length of the stream). */
  duration: number;
  /** Input value of a 1 bit (Engelken's sigma, 1). */
  amplitude: number;
}

export function streamingTask(kind: 'streaming-xor' | 'streaming-copy', config: StreamingConfig): Task {
  const { delay, duration, amplitude } = config;
  const span = kind === 'streaming-xor' ? 2 * delay : delay;
  if (span >= duration) {
    throw new RangeError(`${kind}: the stream (${duration} steps) must be longer than ${kind === 'streaming-xor' ? 'twice the delay' : 'the delay'} (${span} steps)`);
  }
  return {
    name: kind, nIn: 1, nOut: 2, steps: duration,
    sample(rng: Rng, batch) {
      const b = emptyBatch(duration, batch, 1, 2, 'cross-entropy', 'argmax');
      const bits = new Uint8Array(duration * batch);
      for (let q = 0; q < bits.length; q++) {
        bits[q] = rng.uniform() < 0.5 ? 1 : 0;
        b.x[q] = bits[q] * amplitude;
      }
      for (let t = span; t < duration; t++) {
        for (let r = 0; r < batch; r++) {
          const back = bits[(t - delay) * batch + r];
          const answer = kind === 'streaming-xor' ? back ^ bits[(t - 2 * delay) * batch + r] : back;
          const row = t * batch + r;
          b.target[row * 2 + answer] = 1;
          b.mask[row] = 1;
          b.scoreMask[row] = 1;
        }
      }
      return b;
    },
  };
}

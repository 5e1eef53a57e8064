/**
 * Delayed match-to-sample (neurogym DelayMatchSample): a sample stimulus, a delay, a test stimulus; answer whether
 * test matches sample. Stimuli are one of two directions on a ring, encoded as (cos theta, sin theta) plus noise.
 * Inputs: fixation, cos, sin. Outputs (cross-entropy): fixate, match, non-match.
 */
import type { Rng } from '../../random/rng';
import { layoutPeriods, period } from './periods';
import { emptyBatch, type Task } from './types';

export interface MatchToSampleConfig {
  dtMs: number; fixationMs: number; sampleMs: number; delayMs: number; testMs: number; decisionMs: number; noiseStd: number;
}

export function matchToSampleTask(config: MatchToSampleConfig): Task {
  const { periods, steps } = layoutPeriods(config.dtMs, [
    ['fixation', config.fixationMs], ['sample', config.sampleMs], ['delay', config.delayMs],
    ['test', config.testMs], ['decision', config.decisionMs],
  ]);
  const sample = period(periods, 'sample');
  const test = period(periods, 'test');
  const decision = period(periods, 'decision');
  return {
    name: 'delayed-match-to-sample', nIn: 3, nOut: 3, steps,
    sample(rng: Rng, batch) {
      const b = emptyBatch(steps, batch, 3, 3, 'cross-entropy', 'argmax');
      for (let r = 0; r < batch; r++) {
        const first = rng.int(2);
        const match = rng.int(2) === 0;
        const second = match ? first : 1 - first;
        for (let t = 0; t < steps; t++) {
          const row = t * batch + r;
          const inDecision = t >= decision.start;
          b.x[row * 3] = inDecision ? 0 : 1;
          const shown = t >= sample.start && t < sample.end ? first : t >= test.start && t < test.end ? second : -1;
          if (shown >= 0) {
            const theta = shown * Math.PI;
            b.x[row * 3 + 1] = Math.cos(theta) + config.noiseStd * rng.normal();
            b.x[row * 3 + 2] = Math.sin(theta) + config.noiseStd * rng.normal();
          }
          b.target[row * 3 + (inDecision ? (match ? 1 : 2) : 0)] = 1;
          b.mask[row] = 1;
          b.scoreMask[row] = inDecision ? 1 : 0;
        }
      }
      return b;
    },
  };
}

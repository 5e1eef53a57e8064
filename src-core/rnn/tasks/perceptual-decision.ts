/**
 * Perceptual decision making (neurogym PerceptualDecisionMaking; after Britten et al. 1992): two noisy evidence
 * channels whose means differ by the signed coherence; hold fixation, then choose the stronger one.
 * Inputs: fixation cue, evidence 1, evidence 2. Outputs (cross-entropy): fixate, choice 1, choice 2.
 */
import type { Rng } from '../../random/rng';
import { layoutPeriods, period } from './periods';
import { emptyBatch, type Task } from './types';

export interface PerceptualDecisionConfig {
  dtMs: number; fixationMs: number; stimulusMs: number; decisionMs: number; coherences: number[]; noiseStd: number;
}

export function perceptualDecisionTask(config: PerceptualDecisionConfig): Task {
  const { periods, steps } = layoutPeriods(config.dtMs, [
    ['fixation', config.fixationMs], ['stimulus', config.stimulusMs], ['decision', config.decisionMs],
  ]);
  const stim = period(periods, 'stimulus');
  const decision = period(periods, 'decision');
  return {
    name: 'perceptual-decision', nIn: 3, nOut: 3, steps,
    sample(rng: Rng, batch) {
      const b = emptyBatch(steps, batch, 3, 3, 'cross-entropy', 'argmax');
      for (let r = 0; r < batch; r++) {
        const choice = rng.int(2);
        const coh = config.coherences[rng.int(config.coherences.length)];
        for (let t = 0; t < steps; t++) {
          const row = t * batch + r;
          const inDecision = t >= decision.start;
          b.x[row * 3] = inDecision ? 0 : 1;
          if (t >= stim.start && t < stim.end) {
            const signed = choice === 0 ? coh : -coh;
            b.x[row * 3 + 1] = 0.5 * (1 + signed) + config.noiseStd * rng.normal();
            b.x[row * 3 + 2] = 0.5 * (1 - signed) + config.noiseStd * rng.normal();
          }
          b.target[row * 3 + (inDecision ? 1 + choice : 0)] = 1;
          b.mask[row] = 1;
          b.scoreMask[row] = inDecision ? 1 : 0;
        }
      }
      return b;
    },
  };
}

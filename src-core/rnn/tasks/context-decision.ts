/**
 * Context-dependent decision making (neurogym ContextDecisionMaking; Mante et al. 2013): two modalities carry
 * independent evidence; a context cue says which one to report after a delay.
 * Inputs: fixation, modality 1 (two channels), modality 2 (two channels), context (two channels, one-hot).
 * Outputs (cross-entropy): fixate, choice 1, choice 2.
 */
import type { Rng } from '../../random/rng';
import { layoutPeriods, period } from './periods';
import { emptyBatch, type Task } from './types';

export interface ContextDecisionConfig {
  dtMs: number; fixationMs: number; stimulusMs: number; delayMs: number; decisionMs: number; coherences: number[]; noiseStd: number;
}

const N_IN = 7;

export function contextDecisionTask(config: ContextDecisionConfig): Task {
  const { periods, steps } = layoutPeriods(config.dtMs, [
    ['fixation', config.fixationMs], ['stimulus', config.stimulusMs], ['delay', config.delayMs], ['decision', config.decisionMs],
  ]);
  const stim = period(periods, 'stimulus');
  const decision = period(periods, 'decision');
  return {
    name: 'context-decision', nIn: N_IN, nOut: 3, steps,
    sample(rng: Rng, batch) {
      const b = emptyBatch(steps, batch, N_IN, 3, 'cross-entropy', 'argmax');
      for (let r = 0; r < batch; r++) {
        const context = rng.int(2);
        const choices = [rng.int(2), rng.int(2)];
        const cohs = [0, 1].map(() => config.coherences[rng.int(config.coherences.length)]);
        const answer = choices[context];
        for (let t = 0; t < steps; t++) {
          const row = (t * batch + r) * N_IN;
          const inDecision = t >= decision.start;
          b.x[row] = inDecision ? 0 : 1;
          b.x[row + 5 + context] = 1;
          if (t >= stim.start && t < stim.end) {
            for (let m = 0; m < 2; m++) {
              const signed = choices[m] === 0 ? cohs[m] : -cohs[m];
              b.x[row + 1 + 2 * m] = 0.5 * (1 + signed) + config.noiseStd * rng.normal();
              b.x[row + 2 + 2 * m] = 0.5 * (1 - signed) + config.noiseStd * rng.normal();
            }
          }
          b.target[(t * batch + r) * 3 + (inDecision ? 1 + answer : 0)] = 1;
          b.mask[t * batch + r] = 1;
          b.scoreMask[t * batch + r] = inDecision ? 1 : 0;
        }
      }
      return b;
    },
  };
}

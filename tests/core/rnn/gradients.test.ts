import { describe, expect, it } from 'vitest';
import { forward } from '@core/rnn/forward';
import { evaluateLoss } from '@core/rnn/loss';
import { bpttGradient } from '@core/rnn/rules/bptt';
import type { RnnModel } from '@core/rnn/init';
import type { TaskBatch } from '@core/rnn/tasks/types';
import { finiteDifferenceGradient, maxRelativeError, randomBatch, smallModel } from './helpers';

function lossOf(model: RnnModel, batch: TaskBatch): number {
  return evaluateLoss(forward(model, batch.x, batch.steps, batch.batch).y, batch).loss;
}

describe('BPTT matches central finite differences in float64', () => {
  const cases = [
    { form: 'voltage', activation: 'tanh', alpha: 1, loss: 'mse' },
    { form: 'voltage', activation: 'tanh', alpha: 0.3, loss: 'cross-entropy' },
    { form: 'voltage', activation: 'retanh', alpha: 0.5, loss: 'mse' },
    { form: 'voltage', activation: 'relu', alpha: 0.2, loss: 'mse' },
    { form: 'rate', activation: 'tanh', alpha: 0.4, loss: 'mse' },
    { form: 'rate', activation: 'tanh', alpha: 1, loss: 'cross-entropy' },
  ] as const;
  for (const c of cases) {
    it(`${c.form} ${c.activation} alpha=${c.alpha} ${c.loss}`, () => {
      const model = smallModel({ form: c.form, activation: c.activation, alpha: c.alpha, learnInitialState: true });
      const batch = randomBatch(9, 3, 2, 2, c.loss);
      const traj = forward(model, batch.x, batch.steps, batch.batch);
      const { dy } = evaluateLoss(traj.y, batch);
      const analytic = bpttGradient(model, traj, batch, dy);
      const numeric = finiteDifferenceGradient(model.params, () => lossOf(model, batch));
      expect(maxRelativeError(analytic, numeric)).toBeLessThan(1e-6);
    });
  }
});
